#pragma once
// The parsed folder: plain, copyable data. Entities refer to each other by name;
// agents carry copies of the skills and MCP servers their references resolved to.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json.hpp"

namespace agentlift::model {

enum class ToolPolicy { ask, allow };
const char* policy_name(ToolPolicy policy);

// Insertion-ordered name -> policy map (a later policy for a name overwrites the
// earlier one in place, as a Python dict does).
using PolicyMap = std::vector<std::pair<std::string, ToolPolicy>>;
void set_policy(PolicyMap& policies, const std::string& name, ToolPolicy policy);

using StringPairs = std::vector<std::pair<std::string, std::string>>;

// Only the archive name is stored: large folders hold tens of thousands of skill
// files, and a std::filesystem::path per file cost more memory than the rest of
// the plan. Skill::path_of() rebuilds the file's path when it is read.
struct SkillFile {
  std::string arcname;  // "<skill>/<relative path with forward slashes>"
  bool operator==(const SkillFile&) const = default;
};

struct Skill {
  std::string name;  // the skill directory's name
  std::filesystem::path source_dir;
  std::vector<SkillFile> files;  // sorted by arcname
  std::string content_hash;      // SHA-256 hex over (arcname, 0, bytes, 0)...
  Json description;              // SKILL.md frontmatter description, null if absent
  bool shared = false;

  std::filesystem::path path_of(const SkillFile& file) const {
    return source_dir / std::string_view(file.arcname).substr(name.size() + 1);
  }
  bool operator==(const Skill&) const = default;
};

enum class McpTransport { url, stdio };

struct McpServer {
  std::string name;
  McpTransport transport = McpTransport::stdio;
  std::optional<std::string> url;
  std::optional<std::string> command;
  std::vector<std::string> args;
  std::optional<std::vector<std::string>> allowed_tools;  // nullopt = all tools
  PolicyMap tool_policies;
  bool shared = false;
  bool has_inline_auth = false;
  StringPairs headers;  // values may be templates such as "Bearer ${TOKEN}"
  StringPairs env;
  bool operator==(const McpServer&) const = default;
};

struct KnowledgeFile {
  std::string relpath;  // "knowledge/<...>" relative to the agent folder
  std::filesystem::path path;
  bool operator==(const KnowledgeFile&) const = default;
};

struct Agent {
  std::string name;
  std::string system;  // the prompt body, stripped
  std::string model;
  Json description;  // passed through from YAML as-is; null when absent
  std::optional<std::vector<std::string>> builtin_tools;  // nullopt = all built-ins
  PolicyMap builtin_tool_policies;
  std::vector<Skill> skills;
  std::vector<McpServer> mcp_servers;
  std::vector<std::string> subagents;
  std::vector<KnowledgeFile> knowledge_files;
  std::string knowledge_mode = "inline";
  std::filesystem::path source_dir;

  bool is_coordinator() const { return !subagents.empty(); }
  bool operator==(const Agent&) const = default;
};

enum class Layout { managed_agents, single };
const char* layout_name(Layout layout);  // ".managed-agents" | "single"

struct Project {
  std::filesystem::path root;
  Layout layout = Layout::single;
  std::vector<Agent> agents;

  // First agent with this name (names are unique in a deployable project).
  const Agent* find_agent(const std::string& name) const;
};

// The built-in tools a folder may enable, in their canonical spelling.
inline constexpr const char* k_builtin_tools[] = {"bash", "edit", "read",      "write",
                                                  "glob", "grep", "web_fetch", "web_search"};

}  // namespace agentlift::model
