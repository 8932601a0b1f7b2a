#include "parse/tools.hpp"

#include <algorithm>
#include <utility>

#include "base/utf8.hpp"

namespace agentlift::parse {

ToolToken split_policy(std::string_view token) {
  const std::string_view whole = utf8::strip(token);
  const std::size_t colon = whole.rfind(':');
  if (colon != std::string_view::npos) {
    const std::string suffix = utf8::ascii_lower(utf8::strip(whole.substr(colon + 1)));
    if (suffix == "ask" || suffix == "allow") {
      return {std::string(utf8::strip(whole.substr(0, colon))),
              suffix == "ask" ? model::ToolPolicy::ask : model::ToolPolicy::allow};
    }
  }
  return {std::string(whole), std::nullopt};
}

std::optional<std::string> map_builtin_tool(std::string_view name) {
  static const std::pair<const char*, const char*> k_map[] = {
      {"read", "read"},
      {"glob", "glob"},
      {"grep", "grep"},
      {"bash", "bash"},
      {"edit", "edit"},
      {"multiedit", "edit"},
      {"write", "write"},
      {"webfetch", "web_fetch"},
      {"web_fetch", "web_fetch"},
      {"websearch", "web_search"},
      {"web_search", "web_search"},
  };
  for (const auto& [from, to] : k_map) {
    if (name == from) return std::string(to);
  }
  return std::nullopt;
}

BuiltinTools resolve_builtin_tools(const std::vector<std::string>& entries,
                                   const std::string& agent, model::Diagnostics& diagnostics) {
  BuiltinTools out;
  for (const std::string& entry : entries) {
    const ToolToken token = split_policy(entry);
    const std::string key = utf8::ascii_lower(token.name);
    if (key.rfind("mcp__", 0) == 0) continue;  // MCP tools come from mcp.json, not here
    const std::optional<std::string> mapped = map_builtin_tool(key);
    if (!mapped) {
      diagnostics.warning("tools.unmapped",
                          "tool '" + token.name +
                              "' is not a built-in tool agentlift knows; it was dropped "
                              "(built-ins: bash, read, write, edit, glob, grep, web_fetch, "
                              "web_search)",
                          agent);
      continue;
    }
    if (std::find(out.names.begin(), out.names.end(), *mapped) == out.names.end()) {
      out.names.push_back(*mapped);
    }
    if (token.policy) model::set_policy(out.policies, *mapped, *token.policy);
  }
  return out;
}

}  // namespace agentlift::parse
