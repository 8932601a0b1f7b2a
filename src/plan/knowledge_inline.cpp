#include "plan/knowledge_inline.hpp"

#include "base/files.hpp"
#include "base/utf8.hpp"

namespace agentlift::plan {

std::string knowledge_block(const std::string& relpath, const std::string& content) {
  return "\n## " + relpath + "\n\n```\n" + content + "\n```\n";
}

std::string inline_knowledge(const model::Agent& agent, const KnowledgeCodes& codes,
                             model::Diagnostics& diagnostics) {
  std::string out = agent.system;
  if (agent.knowledge_files.empty() || agent.knowledge_mode == "skip") return out;
  out += k_knowledge_header;
  const std::size_t system_length = utf8::length(agent.system);
  long long budget = static_cast<long long>(k_instruction_limit) -
                     static_cast<long long>(system_length) -
                     static_cast<long long>(k_instruction_reserve);
  // A code point takes at most 4 bytes, so reading 4x the limit (plus slack)
  // always shows whether a file overflows, without loading a huge file whole.
  const std::size_t read_cap = 4 * k_instruction_limit + 64;
  std::size_t added = 0;
  for (const model::KnowledgeFile& file : agent.knowledge_files) {
    bool truncated = false;
    const files::ReadResult read = files::read_prefix(file.path, read_cap, truncated);
    if (read.status != files::ReadResult::Status::ok) {
      diagnostics.error("file.unreadable",
                        file.relpath + ": cannot read the knowledge file (" +
                            (read.error.empty() ? std::string("not a regular file") : read.error) +
                            "); fix its permissions or remove it",
                        agent.name);
      continue;
    }
    const std::string content = utf8::normalize_newlines(utf8::decode_replacing(read.bytes));
    const std::string block = knowledge_block(file.relpath, content);
    const auto length = static_cast<long long>(utf8::length(block));
    if (truncated || length > budget) {
      diagnostics.warning(codes.truncated,
                          "knowledge files do not fit the instruction budget; " +
                              std::to_string(agent.knowledge_files.size() - added) +
                              " file(s) from " + file.relpath +
                              " on were left out (use a skill for large reference sets)",
                          agent.name);
      break;
    }
    out += block;
    budget -= length;
    ++added;
  }
  if (added > 0) {
    diagnostics.info(codes.inlined,
                     "inlined " + std::to_string(added) + " knowledge file(s) into the instruction",
                     agent.name);
  }
  return out;
}

}  // namespace agentlift::plan
