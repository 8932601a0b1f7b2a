#pragma once
// Splits an agent.md / SKILL.md into its YAML frontmatter and body, with the
// exact rules of the folder contract (reference-spec §2.2): the text must start
// with "---"; the first later line whose stripped value is "---" closes the block;
// the body is what follows, leading newlines removed.

#include <optional>
#include <string>
#include <string_view>

#include "base/json.hpp"
#include "parse/yaml_value.hpp"

namespace agentlift::parse {

struct Frontmatter {
  enum class Status { absent, unclosed, parsed, invalid_yaml, not_a_mapping };
  Status status = Status::absent;
  Json fields = Json::object();  // always an object; {} unless status == parsed
  std::string body;
  std::optional<YamlError> error;  // for invalid_yaml; `line` is the file's line
};

Frontmatter split_frontmatter(std::string_view text, const YamlLimits& limits = {});

}  // namespace agentlift::parse
