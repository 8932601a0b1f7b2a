#pragma once
// Loads YAML into JSON values with the YAML 1.1 scalar rules PyYAML's safe_load
// applies (yes/no/on/off booleans, 0x/0o/0b and sexagesimal numbers, ~ for null),
// because the folder contract was defined by a Python parser. Aliases are expanded
// under a node budget, so an alias bomb becomes an error instead of a hang.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.hpp"

namespace agentlift::parse {

struct YamlLimits {
  std::size_t max_nodes = 100'000;  // after alias expansion
  std::size_t max_depth = 64;
};

struct YamlError {
  std::size_t line = 1;  // 1-based, within the loaded text
  std::string message;
};

struct YamlLoad {
  Json value;  // null for an empty document
  std::optional<YamlError> error;
};

YamlLoad load_yaml(std::string_view text, const YamlLimits& limits = {});

// The value a plain (unquoted) scalar resolves to under YAML 1.1.
Json resolve_plain_scalar(const std::string& text);

}  // namespace agentlift::parse
