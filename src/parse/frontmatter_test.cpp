#include "parse/frontmatter.hpp"

#include <gtest/gtest.h>

namespace agentlift::parse {
namespace {

using Status = Frontmatter::Status;

TEST(Frontmatter, NoFenceMeansNoFrontmatter) {
  const Frontmatter fm = split_frontmatter("hello\n---\nx: 1\n---\n");
  EXPECT_EQ(fm.status, Status::absent);
  EXPECT_EQ(fm.body, "hello\n---\nx: 1\n---\n");
}

TEST(Frontmatter, UnclosedFenceMeansNoFrontmatter) {
  const Frontmatter fm = split_frontmatter("---\nname: x\nbody\n");
  EXPECT_EQ(fm.status, Status::unclosed);
  EXPECT_TRUE(fm.fields.empty());
  EXPECT_EQ(fm.body, "---\nname: x\nbody\n");
}

TEST(Frontmatter, ClosingFenceMayBeIndentedAndBodyLosesLeadingNewlines) {
  const Frontmatter fm = split_frontmatter("--- # note\nname: x\n   ---  \n\n\nbody\n");
  EXPECT_EQ(fm.status, Status::parsed);
  EXPECT_EQ(fm.fields["name"], Json("x"));
  EXPECT_EQ(fm.body, "body");
}

TEST(Frontmatter, InvalidYamlReportsTheFileLine) {
  const Frontmatter fm = split_frontmatter("---\nname: ok\ntools: [read\n---\nbody");
  EXPECT_EQ(fm.status, Status::invalid_yaml);
  ASSERT_TRUE(fm.error);
  EXPECT_GE(fm.error->line, 3u);
  EXPECT_EQ(fm.body, "body");
}

TEST(Frontmatter, NonMappingIsIgnored) {
  const Frontmatter fm = split_frontmatter("---\n- a\n- b\n---\nbody");
  EXPECT_EQ(fm.status, Status::not_a_mapping);
  EXPECT_TRUE(fm.fields.empty());
}

TEST(Frontmatter, BomHidesTheFence) {
  EXPECT_EQ(split_frontmatter("\xEF\xBB\xBF---\nname: x\n---\nbody").status, Status::absent);
}

TEST(Frontmatter, EmptyBlockIsAnEmptyMapping) {
  const Frontmatter fm = split_frontmatter("---\n---\nbody");
  EXPECT_EQ(fm.status, Status::parsed);
  EXPECT_TRUE(fm.fields.is_object());
}

}  // namespace
}  // namespace agentlift::parse
