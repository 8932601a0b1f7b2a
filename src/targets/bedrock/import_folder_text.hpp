#pragma once
// The text pieces of an imported agent folder: YAML scalars that read back as
// the same string, the agent.md, and the split of an instruction back into the
// prompt and the knowledge/ files our deploy inlined (plan/knowledge_inline).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"

namespace agentlift::bedrock {

// A YAML double-quoted scalar that parses back as exactly `text` (line breaks,
// quotes, backslashes, control and non-printable characters escaped).
std::string yaml_quoted(std::string_view text);

struct AgentMarkdown {
  std::string name;
  Json description;   // a string or null
  std::string model;  // "" = no model: key
  std::optional<std::vector<std::string>> tools;
  std::vector<std::string> skills;  // empty = no skills: key
  std::string system;
};

// "---\n<frontmatter>\n---\n<system>\n".
std::string agent_markdown(const AgentMarkdown& agent);

struct KnowledgeFileText {
  std::string relpath;  // "knowledge/..."
  std::string content;
};

struct SplitInstruction {
  std::string system;
  std::vector<KnowledgeFileText> knowledge;
};

// The prompt and knowledge files that re-inline to exactly `instruction`, or
// nullopt when it has no knowledge section that does.
std::optional<SplitInstruction> split_knowledge(const std::string& instruction);

// What plan::inline_knowledge gives for `system` and these files (all fitting).
std::string inline_knowledge_text(const SplitInstruction& split);

// A folder name for a remote name: `name` itself when it is plain
// ([A-Za-z0-9][A-Za-z0-9._-]*, at most 100 bytes, not "shared"), else its ASCII
// identifier; never empty, ".", ".." or "shared".
std::string safe_folder_name(const std::string& name, const std::string& fallback);

// True when every '/'-separated segment of `path` is non-empty, not "." or
// "..", has no backslash or NUL and is at most 255 bytes.
bool is_safe_relative_path(const std::string& path);

}  // namespace agentlift::bedrock
