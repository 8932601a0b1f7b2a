#include "parse/skills.hpp"

#include <algorithm>

#include "base/files.hpp"
#include "base/sha256.hpp"
#include "parse/frontmatter.hpp"

namespace agentlift::parse {
namespace {

void sha_sink(void* context, const char* data, std::size_t size) {
  static_cast<Sha256*>(context)->update(std::string_view(data, size));
}

}  // namespace

std::vector<model::Skill> discover_skills(Folder& folder, const fs::path& base,
                                          const SkillOptions& options) {
  std::vector<model::Skill> found;
  for (const fs::path& sub : {fs::path("skills"), fs::path(".claude") / "skills"}) {
    const fs::path root = base / sub;
    if (!folder.is_directory(root)) continue;
    for (const std::string& entry : folder.list(root)) {
      const fs::path dir = root / entry;
      if (!folder.is_directory(dir)) continue;
      const fs::path skill_md = dir / "SKILL.md";
      const Folder::Kind kind = folder.kind(skill_md);
      if (kind == Folder::Kind::missing) continue;
      if (kind != Folder::Kind::file) {
        folder.diagnostics().error(
            "file.not_regular",
            folder.display(skill_md) + ": expected a file here; rename or remove it",
            options.where);
        continue;
      }
      model::Skill skill;
      skill.name = entry;
      skill.source_dir = dir;
      skill.shared = options.shared;
      for (const std::string& rel : folder.walk_files(dir)) {
        skill.files.push_back({entry + "/" + rel});
      }
      bool truncated = false;
      const auto text =
          folder.read_text_replacing(skill_md, options.max_bytes, truncated, options.where);
      if (truncated) {
        folder.diagnostics().error("file.too_large",
                                   folder.display(skill_md) +
                                       ": SKILL.md is too large; move bulk content into other "
                                       "files of the skill (or raise --max-file-size)",
                                   options.where);
      } else if (text) {
        const Frontmatter fm = split_frontmatter(*text, options.yaml);
        if (fm.status == Frontmatter::Status::invalid_yaml) {
          folder.diagnostics().error("frontmatter.invalid_yaml",
                                     folder.display(skill_md) + ":" +
                                         std::to_string(fm.error->line) +
                                         ": invalid YAML frontmatter (" + fm.error->message +
                                         "); fix it or remove the --- block",
                                     options.where);
        }
        if (fm.fields.contains("description")) skill.description = fm.fields.at("description");
      }
      auto same = std::find_if(found.begin(), found.end(),
                               [&](const model::Skill& s) { return s.name == entry; });
      if (same != found.end()) {
        *same = std::move(skill);
      } else {
        found.push_back(std::move(skill));
      }
    }
  }
  return found;
}

bool hash_skill(const model::Skill& skill, std::string& hash, std::string& error) {
  Sha256 sha;
  static const char k_zero = '\0';
  for (const model::SkillFile& file : skill.files) {
    sha.update(file.arcname);
    sha.update(std::string_view(&k_zero, 1));
    std::string why;
    if (!files::stream(skill.path_of(file), sha_sink, &sha, why)) {
      error = file.arcname + ": " + why;
      return false;
    }
    sha.update(std::string_view(&k_zero, 1));
  }
  hash = sha.hex_digest();
  return true;
}

}  // namespace agentlift::parse
