#pragma once
// Skills: folders holding a SKILL.md directly under <base>/skills/ and
// <base>/.claude/skills/. Discovery lists their files; hashing is a separate
// pass so it can stream every file through SHA-256 on all cores.

#include <cstdint>
#include <vector>

#include "model/project.hpp"
#include "parse/folder.hpp"
#include "parse/yaml_value.hpp"

namespace agentlift::parse {

struct SkillOptions {
  std::uintmax_t max_bytes;  // cap for SKILL.md (read for its description)
  YamlLimits yaml;
  bool shared;
  std::string where;
};

// Ordered name -> skill; a later .claude/skills entry with the same name replaces
// the earlier one in place. content_hash is left empty (see SkillHasher).
std::vector<model::Skill> discover_skills(Folder& folder, const fs::path& base,
                                          const SkillOptions& options);

// The content hash of one skill (reference-spec §2.4). Returns false with `error`
// naming the file if one cannot be read.
bool hash_skill(const model::Skill& skill, std::string& hash, std::string& error);

}  // namespace agentlift::parse
