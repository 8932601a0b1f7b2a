#pragma once
// Reading list-valued settings (frontmatter `tools:`/`skills:`/`mcp:`/`subagents:`
// and mcp.json `allowedTools`). A lone scalar means a one-element list, with a
// warning (0.8 iterated its characters; decisions.md #2).

#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "model/diagnostic.hpp"

namespace agentlift::parse {

struct ListSetting {
  std::string key;    // as the user wrote it, for messages
  std::string file;   // display path, for messages
  std::string where;  // the agent the setting belongs to
};

// Each element stringified as Python's str() would. nullopt if the value is not
// usable as a list (reported as an error).
std::optional<std::vector<std::string>> read_string_list(const Json& value,
                                                         const ListSetting& setting,
                                                         model::Diagnostics& diagnostics);

}  // namespace agentlift::parse
