#pragma once
// Folds an agent's knowledge/ files into its instruction (reference-spec §3.3):
// a "# Reference material" section with one fenced block per file, within a
// budget of 100000 code points minus the prompt minus 200.

#include <string>

#include "model/diagnostic.hpp"
#include "model/project.hpp"

namespace agentlift::plan {

inline constexpr std::size_t k_instruction_limit = 100'000;
inline constexpr std::size_t k_instruction_reserve = 200;  // kept free of knowledge
inline constexpr const char* k_knowledge_header =
    "\n\n# Reference material (bundled from knowledge/)\n";

// One file's block: "\n## <relpath>\n\n```\n<content>\n```\n".
std::string knowledge_block(const std::string& relpath, const std::string& content);

struct KnowledgeCodes {
  const char* truncated;  // e.g. "bedrock.knowledge.truncated"
  const char* inlined;    // e.g. "bedrock.knowledge.inlined"
};

std::string inline_knowledge(const model::Agent& agent, const KnowledgeCodes& codes,
                             model::Diagnostics& diagnostics);

}  // namespace agentlift::plan
