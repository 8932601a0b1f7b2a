#include <gtest/gtest.h>

#include "base/json.hpp"
#include "support/cli_runner.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::cli {
namespace {

using testing::run_cli;
using testing::TempFolder;

constexpr const char* k_secret = "sk-live-DO-NOT-LEAK-4242";

void write_secret_team(const TempFolder& t) {
  t.write(".managed-agents/lead/agent.md",
          "---\nsubagents: [api]\ndescription: Lead.\n---\nCoordinate.\n");
  t.write(".managed-agents/api/agent.md", "---\ntools: [read]\n---\nCall the API.\n");
  t.write(".managed-agents/api/mcp.json",
          std::string(R"({"mcpServers": {"secure": {"url": "https://secure.example.com/mcp",
             "headers": {"Authorization": "Bearer )") +
              k_secret + R"(", "X-Key": "${API_KEY}"}, "env": {"TOKEN": ")" + k_secret +
              R"("}}}})");
}

TEST(Cli, PlanJsonIsDeterministicAndExitsZeroWhenDeployable) {
  TempFolder t;
  write_secret_team(t);
  const auto first = run_cli({"plan", t.path().string(), "--json"});
  const auto second = run_cli({"plan", t.path().string(), "--json"});
  EXPECT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  const Json plan = Json::parse(first.out);
  EXPECT_EQ(plan["root_agent"], "lead");
  EXPECT_EQ(plan["env_var_names"],
            Json::parse(R"(["AGENTLIFT_MCP_SECURE_AUTHORIZATION", "AGENTLIFT_MCP_SECURE_X_KEY"])"));
}

TEST(Cli, SecretsNeverReachAnyOutput) {
  TempFolder t;
  write_secret_team(t);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"plan", t.path().string(), "--json"},
        {"plan", t.path().string()},
        {"plan", t.path().string(), "--mode", "harness", "--json"},
        {"plan", t.path().string(), "--mode", "harness"},
        {"validate", t.path().string()},
        {"validate", t.path().string(), "--json"},
        {"audit", t.path().string()}}) {
    const auto result = run_cli(args);
    EXPECT_EQ(result.out.find(k_secret), std::string::npos) << args[0];
    EXPECT_EQ(result.err.find(k_secret), std::string::npos) << args[0];
  }
}

TEST(Cli, NotDeployableExitsOne) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "---\nskills: [missing]\n---\nx\n");
  const auto result = run_cli({"plan", t.path().string()});
  EXPECT_EQ(result.code, 1);
  EXPECT_NE(result.out.find("skill.missing"), std::string::npos);
  EXPECT_NE(result.out.find("Deployable: no"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_cli({}).code, 2);
  EXPECT_EQ(run_cli({"plan"}).code, 2);
  EXPECT_EQ(run_cli({"plan", ".", "--mode", "sideways"}).code, 2);
  EXPECT_EQ(run_cli({"frobnicate"}).code, 2);
}

TEST(Cli, OtherTargetsAreNotSupportedYet) {
  TempFolder t;
  t.write("agent.md", "x\n");
  for (const char* target : {"anthropic", "google"}) {
    const auto result = run_cli({"plan", t.path().string(), "--target", target});
    EXPECT_EQ(result.code, 2);
    EXPECT_NE(result.err.find("not supported yet"), std::string::npos);
  }
}

TEST(Cli, VersionAndHelpExitZero) {
  const auto version = run_cli({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_EQ(version.out.rfind("agentlift ", 0), 0u);
  EXPECT_EQ(run_cli({"--help"}).code, 0);
  EXPECT_EQ(run_cli({"plan", "--help"}).code, 0);
}

TEST(Cli, ValidateReportsFileAndLineOfBrokenYaml) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "---\nname: a\ntools: [read\n---\nbody\n");
  const auto result = run_cli({"validate", t.path().string()});
  EXPECT_EQ(result.code, 1);
  EXPECT_NE(result.out.find(".managed-agents/a/agent.md:"), std::string::npos) << result.out;
}

TEST(Cli, PlanTextShowsTheHarness) {
  TempFolder t;
  t.write(".managed-agents/solo/agent.md", "---\ntools: [read, web_search]\n---\nHi.\n");
  const auto result = run_cli({"plan", t.path().string()});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_NE(result.out.find("AgentCore Harness agentlift_solo"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("agentcore_browser"), std::string::npos);
}

TEST(Cli, ColourOnlyWhenTheTerminalAllowsIt) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "---\nskills: [missing]\n---\nx\n");
  EXPECT_EQ(run_cli({"plan", t.path().string()}).out.find('\033'), std::string::npos);
  std::ostringstream out, err;
  Io io{out, err, /*color=*/true};
  run({"plan", t.path().string()}, io);
  EXPECT_NE(out.str().find("\033[31m"), std::string::npos);
}

}  // namespace
}  // namespace agentlift::cli
