#include "parse/project_parser.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "support/temp_folder.hpp"

namespace agentlift::parse {
namespace {

using testing::TempFolder;
namespace fs = std::filesystem;

bool has_code(const model::Diagnostics& diagnostics, const std::string& code) {
  for (const model::Diagnostic& d : diagnostics.items()) {
    if (d.code == code) return true;
  }
  return false;
}

std::string messages(const model::Diagnostics& diagnostics) {
  std::string out;
  for (const model::Diagnostic& d : diagnostics.items()) out += d.code + ": " + d.message + "\n";
  return out;
}

TEST(ProjectParser, ReadsManagedAgentsLayoutWithSharedPools) {
  TempFolder t;
  t.write(".managed-agents/shared/skills/cite/SKILL.md", "---\ndescription: cite\n---\nbody\n");
  t.write(".managed-agents/shared/mcp.json",
          R"({"mcpServers": {"docs": {"url": "https://d/mcp"}}})");
  t.write(".managed-agents/lead/agent.md",
          "---\nname: lead\nsubagents: [helper]\nskills: [shared/cite]\nmcp: [docs]\n---\nLead.\n");
  t.write(".managed-agents/helper/agent.md", "---\ntools: [read, bash:ask]\n---\nHelp.\n");
  t.write(".managed-agents/helper/skills/local/SKILL.md", "local\n");
  const ParseResult result = parse_project(t.path());
  EXPECT_TRUE(result.diagnostics.ok()) << messages(result.diagnostics);
  EXPECT_EQ(result.project.layout, model::Layout::managed_agents);
  ASSERT_EQ(result.project.agents.size(), 2u);
  const model::Agent& helper = result.project.agents[0];
  EXPECT_EQ(helper.name, "helper");
  ASSERT_EQ(helper.skills.size(), 1u);
  EXPECT_EQ(helper.skills[0].content_hash.size(), 64u);
  const model::Agent& lead = result.project.agents[1];
  EXPECT_EQ(lead.subagents, std::vector<std::string>{"helper"});
  ASSERT_EQ(lead.skills.size(), 1u);
  EXPECT_TRUE(lead.skills[0].shared);
  ASSERT_EQ(lead.mcp_servers.size(), 1u);
  EXPECT_EQ(lead.mcp_servers[0].name, "docs");
}

TEST(ProjectParser, SkillHashCoversArcnamesAndBytesInOrder) {
  TempFolder t;
  t.write("agent.md", "---\nname: solo\n---\nx\n");
  t.write("skills/s/SKILL.md", "abc");
  t.write("skills/s/.hidden", "");
  const ParseResult result = parse_project(t.path());
  ASSERT_EQ(result.project.agents[0].skills.size(), 1u);
  // python: sha256(b"s/.hidden\0\0s/SKILL.md\0abc\0").hexdigest()
  EXPECT_EQ(result.project.agents[0].skills[0].content_hash,
            "fc5fb4a14ce5b0a8e0d0aec9a1c5e12dbea2d3fa3b0825271ddaa289c40dd19b");
}

TEST(ProjectParser, NeverReadsOutsideTheManagedAgentsFolder) {
  TempFolder t;
  t.write("CLAUDE.md", "---\nname: repo\n---\nSECRET_MARKER_DO_NOT_LEAK\n");
  t.write(".claude/agents/reviewer.md", "---\nname: reviewer\n---\nLEAK\n");
  t.write(".claude/skills/repo-skill/SKILL.md", "LEAK\n");
  t.write(".mcp.json", R"({"mcpServers": {"leak": {"url": "https://leak"}}})");
  t.write("skills/repo-skill/SKILL.md", "LEAK\n");
  t.write(".managed-agents/alpha/agent.md", "---\ntools: [read]\n---\nAlpha.\n");
  t.write(".managed-agents/alpha/skills/a-skill/SKILL.md", "a\n");
  t.write(".managed-agents/beta/agent.md", "Beta.\n");
  const ParseResult result = parse_project(t.path());
  ASSERT_EQ(result.project.agents.size(), 2u);
  for (const model::Agent& agent : result.project.agents) {
    EXPECT_EQ(agent.system.find("LEAK"), std::string::npos);
    EXPECT_TRUE(agent.mcp_servers.empty());
    for (const model::Skill& skill : agent.skills) EXPECT_EQ(skill.name, "a-skill");
  }
  EXPECT_TRUE(result.project.agents[1].skills.empty());  // beta cannot see alpha's skill
}

TEST(ProjectParser, SingleAgentFolderIsNamedAfterTheFolder) {
  TempFolder t;
  const fs::path dir = t.path() / "my-agent";
  t.write("my-agent/CLAUDE.md", "Just a prompt.\n");
  const ParseResult result = parse_project(dir.string() + "/");
  ASSERT_EQ(result.project.agents.size(), 1u);
  EXPECT_EQ(result.project.agents[0].name, "my-agent");
  EXPECT_EQ(result.project.layout, model::Layout::single);
}

TEST(ProjectParser, MissingProjectIsAnError) {
  TempFolder t;
  const ParseResult result = parse_project(t.path());
  EXPECT_TRUE(has_code(result.diagnostics, "project.not_found"));
}

TEST(ProjectParser, ScalarListsAreOneElementListsWithAWarning) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "---\ntools: read\nsubagents: b\n---\nx\n");
  t.write(".managed-agents/b/agent.md", "y\n");
  const ParseResult result = parse_project(t.path());
  const model::Agent& a = result.project.agents[0];
  EXPECT_EQ(*a.builtin_tools, std::vector<std::string>{"read"});
  EXPECT_EQ(a.subagents, std::vector<std::string>{"b"});
  EXPECT_TRUE(has_code(result.diagnostics, "frontmatter.scalar_as_list"));
  EXPECT_TRUE(result.diagnostics.ok());
}

TEST(ProjectParser, DuplicateAgentNamesAreAnError) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "---\nname: same\n---\nx\n");
  t.write(".managed-agents/b/agent.md", "---\nname: same\n---\ny\n");
  EXPECT_TRUE(has_code(parse_project(t.path()).diagnostics, "project.duplicate_agent"));
}

struct BadInput {
  const char* label;
  std::string agent_md;
  const char* code;
  const char* location;  // expected at the start of the message
};

class BadAgentFile : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadAgentFile, BecomesADiagnosticNamingFileAndLine) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", GetParam().agent_md);
  const ParseResult result = parse_project(t.path());
  ASSERT_TRUE(has_code(result.diagnostics, GetParam().code)) << messages(result.diagnostics);
  EXPECT_FALSE(result.diagnostics.ok());
  bool located = false;
  for (const model::Diagnostic& d : result.diagnostics.items()) {
    if (d.message.rfind(GetParam().location, 0) == 0) located = true;
  }
  EXPECT_TRUE(located) << messages(result.diagnostics);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadAgentFile,
    ::testing::Values(
        BadInput{"malformed_yaml", "---\nname: x\ntools: [read\n---\nbody\n",
                 "frontmatter.invalid_yaml", ".managed-agents/a/agent.md:"},
        BadInput{"invalid_utf8", "---\nname: x\n---\nbad \xFF byte\n", "file.invalid_utf8",
                 ".managed-agents/a/agent.md:4:"},
        BadInput{
            "alias_bomb",
            "---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\nx\n",
            "frontmatter.invalid_yaml", ".managed-agents/a/agent.md:"},
        BadInput{"deep_nesting", "---\nname: " + std::string(5000, '[') + "\n---\nx\n",
                 "frontmatter.invalid_yaml", ".managed-agents/a/agent.md:"}),
    [](const auto& info) { return std::string(info.param.label); });

TEST(ProjectParser, CrlfAndBomAreReadAsTheContractSays) {
  TempFolder t;
  t.write(".managed-agents/crlf/agent.md", "---\r\nname: crlf\r\n---\r\nline one\r\nline two\r\n");
  t.write(".managed-agents/bom/agent.md", "\xEF\xBB\xBF---\nname: hidden\n---\nbody\n");
  const ParseResult result = parse_project(t.path());
  EXPECT_TRUE(result.diagnostics.ok()) << messages(result.diagnostics);
  ASSERT_EQ(result.project.agents.size(), 2u);
  EXPECT_EQ(result.project.agents[0].name, "bom");  // the BOM hides the frontmatter
  EXPECT_EQ(result.project.agents[1].name, "crlf");
  EXPECT_EQ(result.project.agents[1].system, "line one\nline two");
}

TEST(ProjectParser, OversizedAgentFileIsAnError) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", std::string(2048, 'x'));
  ParseOptions options;
  options.max_file_bytes = 1024;
  const ParseResult result = parse_project(t.path(), options);
  EXPECT_TRUE(has_code(result.diagnostics, "file.too_large")) << messages(result.diagnostics);
}

TEST(ProjectParser, DirectoryWhereAFileBelongsIsAnError) {
  TempFolder t;
  fs::create_directories(t.path() / ".managed-agents" / "a" / "agent.md");
  t.write(".managed-agents/b/agent.md", "ok\n");
  fs::create_directories(t.path() / ".managed-agents" / "b" / "mcp.json");
  const ParseResult result = parse_project(t.path());
  EXPECT_TRUE(has_code(result.diagnostics, "file.not_regular")) << messages(result.diagnostics);
}

TEST(ProjectParser, UnreadableFileIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempFolder t;
  const fs::path file = t.write(".managed-agents/a/agent.md", "x\n");
  ::chmod(file.c_str(), 0);
  EXPECT_TRUE(has_code(parse_project(t.path()).diagnostics, "file.unreadable"));
}

TEST(ProjectParser, UnreadableKnowledgeOrSkillFileIsAnError) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "x\n");
  // A FIFO cannot be read as a regular file; it must not block the parser either.
  fs::create_directories(t.path() / ".managed-agents/a/skills/s");
  t.write(".managed-agents/a/skills/s/SKILL.md", "s\n");
  ::mkfifo((t.path() / ".managed-agents/a/skills/s/pipe").c_str(), 0644);
  const ParseResult result = parse_project(t.path());
  EXPECT_TRUE(has_code(result.diagnostics, "file.not_regular")) << messages(result.diagnostics);
}

TEST(ProjectParser, SymlinkOutOfTheProjectIsNeverFollowed) {
  TempFolder outside;
  outside.write("secret.txt", "TOP SECRET");
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "x\n");
  t.write(".managed-agents/a/skills/s/SKILL.md", "s\n");
  fs::create_symlink(outside.path() / "secret.txt", t.path() / ".managed-agents/a/skills/s/leak");
  fs::create_directories(t.path() / ".managed-agents/a/knowledge");
  fs::create_symlink(outside.path() / "secret.txt",
                     t.path() / ".managed-agents/a/knowledge/leak.md");
  const ParseResult result = parse_project(t.path());
  EXPECT_TRUE(has_code(result.diagnostics, "file.symlink_outside")) << messages(result.diagnostics);
  const model::Agent& agent = result.project.agents[0];
  EXPECT_EQ(agent.skills[0].files.size(), 1u);
  EXPECT_TRUE(agent.knowledge_files.empty());
}

TEST(ProjectParser, SymlinkLoopDoesNotHang) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "x\n");
  fs::create_directories(t.path() / ".managed-agents/a/skills/s");
  t.write(".managed-agents/a/skills/s/SKILL.md", "s\n");
  fs::create_symlink("loop1", t.path() / ".managed-agents/a/skills/s/loop2");
  fs::create_symlink("loop2", t.path() / ".managed-agents/a/skills/s/loop1");
  fs::create_directory_symlink("..", t.path() / ".managed-agents/a/skills/s/up");
  const ParseResult result = parse_project(t.path());
  EXPECT_TRUE(has_code(result.diagnostics, "file.broken_symlink")) << messages(result.diagnostics);
}

TEST(ProjectParser, SymlinkInsideTheFolderIsFollowedForFiles) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "x\n");
  t.write(".managed-agents/a/skills/s/SKILL.md", "s\n");
  fs::create_symlink("SKILL.md", t.path() / ".managed-agents/a/skills/s/alias.md");
  const ParseResult result = parse_project(t.path());
  EXPECT_TRUE(result.diagnostics.ok()) << messages(result.diagnostics);
  EXPECT_EQ(result.project.agents[0].skills[0].files.size(), 2u);
}

}  // namespace
}  // namespace agentlift::parse
