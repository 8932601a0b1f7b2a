// The generated package stays valid Python whatever the folder holds.

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"
#include "support/python_checks.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

TEST(GeneratedPython, HostileFolderTextStillCompiles) {
  testing::TempFolder t;
  const std::string prompt = std::string(
                                 "Ends with quotes and odd bytes: \\ \"\"\" ''' \r\n\t \x01 "
                                 "caf\xC3\xA9 \xF0\x9F\x98\x80 ") +
                             std::string(1, '\0') + " \"";
  t.write(".managed-agents/lead/agent.md",
          "---\nname: l\xC3\xA9\xC3\xA1\"d\ndescription: \"it's \\\"quoted\\\" \\\\ and \\u2028\"\n"
          "subagents: [\"class\", \"1st-helper\"]\n---\n" +
              prompt);
  t.write(".managed-agents/class/agent.md",
          "---\ndescription: 42\ntools: [bash]\n---\nA keyword name.\n");
  t.write(".managed-agents/first/agent.md", "---\nname: 1st-helper\n---\nStarts with a digit.\n");
  t.write(".managed-agents/first/mcp.json",
          R"({"mcpServers": {"we'ird srv": {"url": "https://x.example/mcp?a='1'&b=\"2\"",
              "allowedTools": ["it's", "a\\b"], "headers": {"X-Key'": "${KEY}"}}}})");
  t.write(".managed-agents/first/skills/s'kill/SKILL.md", "---\ndescription: d\n---\nbody\n");
  const auto result = testing::run_cli({"deploy", t.path().string(), "--build-only"});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(testing::check_python_package(t.path() / ".agentlift-build" / "bedrock"), "ok\n");
}

TEST(GeneratedPython, ManyAgentsWithoutCoordinatorAreAllRendered) {
  testing::TempFolder t;
  for (const char* name : {"alpha", "beta", "gamma"}) {
    t.write(std::string(".managed-agents/") + name + "/agent.md",
            std::string("I am ") + name + ".\n");
  }
  const auto result = testing::run_cli({"export", "bedrock-strands", t.path().string()});
  ASSERT_EQ(result.code, 0);
  for (const char* builder : {"def _build_alpha(", "def _build_beta(", "def _build_gamma("}) {
    EXPECT_NE(result.out.find(builder), std::string::npos) << builder;
  }
}

}  // namespace
}  // namespace agentlift
