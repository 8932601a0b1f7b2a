#include "parse/skill_hasher.hpp"

#include <gtest/gtest.h>

#include "support/temp_folder.hpp"

namespace agentlift::parse {
namespace {

model::Skill skill_in(const testing::TempFolder& t, const std::string& name,
                      const std::vector<std::string>& files) {
  model::Skill skill;
  skill.name = name;
  skill.source_dir = t.path() / name;
  for (const std::string& file : files) skill.files.push_back({name + "/" + file});
  return skill;
}

TEST(SkillHasher, HashesEachFolderOnceInSubmissionOrder) {
  testing::TempFolder t;
  t.write("b/SKILL.md", "b");
  t.write("a/SKILL.md", "a");
  SkillHasher hasher(2);
  hasher.submit(skill_in(t, "b", {"SKILL.md"}));
  hasher.submit(skill_in(t, "a", {"SKILL.md"}));
  hasher.submit(skill_in(t, "b", {"SKILL.md"}));
  const auto results = hasher.finish();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].first, t.path() / "b");
  EXPECT_EQ(results[1].first, t.path() / "a");
  EXPECT_EQ(results[0].second.hash.size(), 64u);
  EXPECT_NE(results[0].second.hash, results[1].second.hash);
}

TEST(SkillHasher, ReportsAFileThatCannotBeRead) {
  testing::TempFolder t;
  t.write("s/SKILL.md", "s");
  SkillHasher hasher(1);
  hasher.submit(skill_in(t, "s", {"SKILL.md", "gone.md"}));
  const auto results = hasher.finish();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_NE(results[0].second.error.find("s/gone.md"), std::string::npos);
}

}  // namespace
}  // namespace agentlift::parse
