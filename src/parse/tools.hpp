#pragma once
// Tool tokens: "name", "name:ask", "name:allow" (split at the last ':'), and the
// mapping of frontmatter built-in tool names to their canonical spelling.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/project.hpp"

namespace agentlift::parse {

struct ToolToken {
  std::string name;
  std::optional<model::ToolPolicy> policy;
};
ToolToken split_policy(std::string_view token);

// "multiedit" -> "edit", "WebFetch" -> "web_fetch"; nullopt when unmapped.
std::optional<std::string> map_builtin_tool(std::string_view name);

struct BuiltinTools {
  std::vector<std::string> names;
  model::PolicyMap policies;
};
// Resolves the `tools:` entries of one agent (already stringified).
BuiltinTools resolve_builtin_tools(const std::vector<std::string>& entries,
                                   const std::string& agent, model::Diagnostics& diagnostics);

}  // namespace agentlift::parse
