// The text of an imported agent folder (see import_folder_text.hpp).

#include "targets/bedrock/import_folder_text.hpp"

#include <algorithm>
#include <cstdio>

#include "base/utf8.hpp"
#include "plan/identifiers.hpp"
#include "plan/knowledge_inline.hpp"

namespace agentlift::bedrock {
namespace {

constexpr std::size_t k_folder_name_max = 100;
constexpr std::size_t k_segment_max = 255;

bool is_plain_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

void append_escape(std::string& out, char32_t cp) {
  char buffer[12];
  std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(cp));
  out += buffer;
}

// YAML 1.1's printable set minus its line breaks (U+0085, U+2028, U+2029),
// which a double-quoted scalar would fold.
bool needs_escape(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0)) return true;
  return cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += yaml_quoted(items[i]);
  }
  return out + "]";
}

bool has_knowledge_extension(std::string_view path) {
  const std::string lower = utf8::ascii_lower(path);
  for (std::string_view ext : {".md", ".txt", ".json", ".csv"}) {
    if (lower.size() > ext.size() && lower.ends_with(ext)) return true;
  }
  return false;
}

bool is_knowledge_relpath(const std::string& relpath) {
  constexpr std::string_view k_prefix = "knowledge/";
  if (!relpath.starts_with(k_prefix)) return false;
  const std::string rest = relpath.substr(k_prefix.size());
  for (const char c : rest) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return is_safe_relative_path(rest) && has_knowledge_extension(rest);
}

// The blocks after the header at `at`, or nullopt when they do not parse.
std::optional<std::vector<KnowledgeFileText>> parse_blocks(const std::string& text,
                                                           std::size_t at) {
  constexpr std::string_view k_open = "\n## ";
  constexpr std::string_view k_fence = "\n\n```\n";
  constexpr std::string_view k_close = "\n```\n";
  std::vector<KnowledgeFileText> files;
  while (at < text.size()) {
    if (text.compare(at, k_open.size(), k_open) != 0) return std::nullopt;
    const std::size_t name_start = at + k_open.size();
    const std::size_t fence = text.find(k_fence, name_start);
    if (fence == std::string::npos) return std::nullopt;
    std::string relpath = text.substr(name_start, fence - name_start);
    if (relpath.find('\n') != std::string::npos) return std::nullopt;
    const std::size_t content_start = fence + k_fence.size();
    // The content ends at the first closing fence followed by the end or the
    // next block.
    std::size_t close = text.find(k_close, content_start);
    while (close != std::string::npos) {
      const std::size_t after = close + k_close.size();
      if (after == text.size() || text.compare(after, k_open.size(), k_open) == 0) break;
      close = text.find(k_close, close + 1);
    }
    if (close == std::string::npos) return std::nullopt;
    files.push_back({std::move(relpath), text.substr(content_start, close - content_start)});
    at = close + k_close.size();
  }
  return files;
}

bool re_inlines_exactly(const SplitInstruction& split, const std::string& instruction) {
  if (split.knowledge.empty()) return false;
  long long budget = static_cast<long long>(plan::k_instruction_limit) -
                     static_cast<long long>(utf8::length(split.system)) -
                     static_cast<long long>(plan::k_instruction_reserve);
  const std::string* previous = nullptr;
  for (const KnowledgeFileText& file : split.knowledge) {
    if (!is_knowledge_relpath(file.relpath)) return false;
    if (previous != nullptr && !(*previous < file.relpath)) return false;  // parse sorts them
    if (file.content.find('\r') != std::string::npos) return false;        // parse normalizes
    budget -=
        static_cast<long long>(utf8::length(plan::knowledge_block(file.relpath, file.content)));
    if (budget < 0) return false;
    previous = &file.relpath;
  }
  return inline_knowledge_text(split) == instruction;
}

}  // namespace

std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t cp = utf8::next(text, pos);
    if (cp == U'"') {
      out += "\\\"";
    } else if (cp == U'\\') {
      out += "\\\\";
    } else if (cp == U'\n') {
      out += "\\n";
    } else if (cp == U'\t') {
      out += "\\t";
    } else if (needs_escape(cp)) {
      append_escape(out, cp);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out + "\"";
}

std::string agent_markdown(const AgentMarkdown& agent) {
  std::string out = "---\nname: " + yaml_quoted(agent.name) + "\n";
  if (agent.description.is_string()) {
    out += "description: " + yaml_quoted(agent.description.get<std::string>()) + "\n";
  }
  if (!agent.model.empty()) out += "model: " + yaml_quoted(agent.model) + "\n";
  if (agent.tools) out += "tools: " + yaml_list(*agent.tools) + "\n";
  if (!agent.skills.empty()) out += "skills: " + yaml_list(agent.skills) + "\n";
  return out + "---\n" + agent.system + "\n";
}

std::string inline_knowledge_text(const SplitInstruction& split) {
  std::string out = split.system + plan::k_knowledge_header;
  for (const KnowledgeFileText& file : split.knowledge) {
    out += plan::knowledge_block(file.relpath, file.content);
  }
  return out;
}

std::optional<SplitInstruction> split_knowledge(const std::string& instruction) {
  const std::string header = plan::k_knowledge_header;
  for (std::size_t at = instruction.find(header); at != std::string::npos;
       at = instruction.find(header, at + 1)) {
    SplitInstruction split;
    split.system = instruction.substr(0, at);
    if (utf8::strip(split.system) != split.system) continue;  // parse strips the prompt
    auto blocks = parse_blocks(instruction, at + header.size());
    if (!blocks) continue;
    split.knowledge = std::move(*blocks);
    if (re_inlines_exactly(split, instruction)) return split;
  }
  return std::nullopt;
}

std::string safe_folder_name(const std::string& name, const std::string& fallback) {
  const bool plain = !name.empty() && name.size() <= k_folder_name_max && name != "shared" &&
                     name != "." && name != ".." && name.front() != '.' && name.front() != '-' &&
                     std::all_of(name.begin(), name.end(), is_plain_name_char);
  if (plain) return name;
  std::string out = plan::safe_ident(name).substr(0, k_folder_name_max);
  if (out.empty() || std::all_of(out.begin(), out.end(), [](char c) { return c == '_'; })) {
    out = fallback;
  }
  return out == "shared" ? "shared_" : out;
}

bool is_safe_relative_path(const std::string& path) {
  if (path.empty()) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string_view segment = std::string_view(path).substr(
        start, slash == std::string::npos ? path.npos : slash - start);
    if (segment.empty() || segment == "." || segment == ".." || segment.size() > k_segment_max ||
        segment.find('\\') != std::string_view::npos ||
        segment.find('\0') != std::string_view::npos) {
      return false;
    }
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

}  // namespace agentlift::bedrock
