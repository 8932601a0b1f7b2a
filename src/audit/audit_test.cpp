#include "audit/audit.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace agentlift::audit {
namespace {

model::Agent agent(const std::string& name, std::optional<std::vector<std::string>> tools = {}) {
  model::Agent out;
  out.name = name;
  out.builtin_tools = std::move(tools);
  return out;
}

model::Project project_of(std::vector<model::Agent> agents) {
  model::Project project;
  project.root = "/work/folder";
  project.agents = std::move(agents);
  return project;
}

const UsedFeature* find_feature(const std::vector<UsedFeature>& used, Feature feature) {
  for (const UsedFeature& item : used) {
    if (item.feature == feature) return &item;
  }
  return nullptr;
}

model::McpServer server(const std::string& name) {
  model::McpServer out;
  out.name = name;
  out.transport = model::McpTransport::url;
  out.url = "https://example.com/" + name;
  return out;
}

// A team that uses every feature, for the matrix and rendering tests.
model::Project full_team() {
  model::Agent lead = agent("lead", std::vector<std::string>{"read", "bash", "web_search"});
  model::set_policy(lead.builtin_tool_policies, "bash", model::ToolPolicy::ask);
  lead.subagents = {"helper"};
  lead.skills.push_back({"style", {}, {}, "", nullptr, false});
  lead.mcp_servers.push_back(server("docs"));
  lead.knowledge_files.push_back({"knowledge/a.md", {}});
  return project_of({lead, agent("helper", std::vector<std::string>{})});
}

TEST(Audit, ReadDoesNotCountAsSandbox) {
  const auto used = detect_features(project_of({agent("a", std::vector<std::string>{"read"})}));
  EXPECT_EQ(find_feature(used, Feature::builtin_sandbox), nullptr);
  EXPECT_EQ(find_feature(used, Feature::builtin_web), nullptr);
}

TEST(Audit, UnsetToolsMeanEveryBuiltin) {
  const auto used = detect_features(project_of({agent("a")}));
  ASSERT_NE(find_feature(used, Feature::builtin_sandbox), nullptr);
  EXPECT_EQ(find_feature(used, Feature::builtin_sandbox)->evidence,
            "uses bash, edit, glob, grep, write");
  ASSERT_NE(find_feature(used, Feature::builtin_web), nullptr);
  EXPECT_EQ(find_feature(used, Feature::builtin_web)->evidence, "uses web_fetch, web_search");
}

TEST(Audit, SandboxEvidenceIsSortedAndUniqueAcrossAgents) {
  const auto used =
      detect_features(project_of({agent("a", std::vector<std::string>{"write", "grep"}),
                                  agent("b", std::vector<std::string>{"grep", "bash"})}));
  ASSERT_NE(find_feature(used, Feature::builtin_sandbox), nullptr);
  EXPECT_EQ(find_feature(used, Feature::builtin_sandbox)->evidence, "uses bash, grep, write");
}

TEST(Audit, PlainAgentUsesOnlyTheAlwaysOnFeatures) {
  const auto used = detect_features(project_of({agent("a", std::vector<std::string>{})}));
  ASSERT_EQ(used.size(), 3u);
  EXPECT_EQ(used[0].feature, Feature::hosted_runtime);
  EXPECT_EQ(used[1].feature, Feature::deploy_versioning);
  EXPECT_EQ(used[2].feature, Feature::streaming);
}

TEST(Audit, ProjectWithoutAgentsUsesNothingAndRatesNoTarget) {
  const Report report = build_report(project_of({}), {"bedrock"});
  EXPECT_TRUE(report.features.empty());
  EXPECT_TRUE(report.targets.empty());
}

TEST(Audit, AskEvidenceNamesBuiltinAndMcpToolsSorted) {
  model::Agent b = agent("b", std::vector<std::string>{});
  model::McpServer tickets = server("tickets");
  model::set_policy(tickets.tool_policies, "close", model::ToolPolicy::ask);
  model::set_policy(tickets.tool_policies, "list", model::ToolPolicy::allow);
  b.mcp_servers.push_back(tickets);
  model::Agent a = agent("a", std::vector<std::string>{"bash"});
  model::set_policy(a.builtin_tool_policies, "bash", model::ToolPolicy::ask);
  const auto used = detect_features(project_of({b, a}));
  ASSERT_NE(find_feature(used, Feature::tool_approval), nullptr);
  EXPECT_EQ(find_feature(used, Feature::tool_approval)->evidence,
            ":ask on a:bash, b:tickets.close");
}

TEST(Audit, AllowPolicyIsNotAnApprovalGate) {
  model::Agent a = agent("a", std::vector<std::string>{"bash"});
  model::set_policy(a.builtin_tool_policies, "bash", model::ToolPolicy::allow);
  EXPECT_EQ(find_feature(detect_features(project_of({a})), Feature::tool_approval), nullptr);
}

TEST(Audit, SkillsAndServersAreListedSortedOnce) {
  model::Agent a = agent("a", std::vector<std::string>{});
  a.skills.push_back({"zeta", {}, {}, "", nullptr, true});
  a.skills.push_back({"alpha", {}, {}, "", nullptr, false});
  a.mcp_servers.push_back(server("wiki"));
  model::Agent b = agent("b", std::vector<std::string>{});
  b.skills.push_back({"zeta", {}, {}, "", nullptr, true});
  model::McpServer local;
  local.name = "local";  // stdio counts too: the feature is "uses MCP servers"
  b.mcp_servers.push_back(local);
  const auto used = detect_features(project_of({a, b}));
  EXPECT_EQ(find_feature(used, Feature::skills)->evidence, "alpha, zeta");
  EXPECT_EQ(find_feature(used, Feature::remote_mcp)->evidence, "local, wiki");
}

TEST(Audit, SubagentEvidenceNamesEachCoordinator) {
  model::Agent lead = agent("lead", std::vector<std::string>{});
  lead.subagents = {"a", "b"};
  model::Agent boss = agent("boss", std::vector<std::string>{});
  boss.subagents = {"c"};
  const auto used = detect_features(project_of({lead, boss, agent("a", {})}));
  ASSERT_NE(find_feature(used, Feature::subagents), nullptr);
  EXPECT_EQ(find_feature(used, Feature::subagents)->evidence, "lead -> a, b; boss -> c");
}

TEST(Audit, KnowledgeCountsFilesAcrossAgents) {
  model::Agent a = agent("a", std::vector<std::string>{});
  a.knowledge_files = {{"knowledge/x.md", {}}, {"knowledge/y.md", {}}};
  model::Agent b = agent("b", std::vector<std::string>{});
  b.knowledge_files = {{"knowledge/z.md", {}}};
  EXPECT_EQ(find_feature(detect_features(project_of({a, b})), Feature::knowledge)->evidence,
            "3 file(s)");
}

TEST(Audit, FeaturesFollowTheFixedOrder) {
  const auto used = detect_features(full_team());
  ASSERT_EQ(used.size(), std::size(k_features));
  for (std::size_t i = 0; i < used.size(); ++i) EXPECT_EQ(used[i].feature, k_features[i]);
}

TEST(Audit, EveryNonNativeCellExplainsItself) {
  for (Target target : k_targets) {
    for (Feature feature : k_features) {
      const Capability& cell = capability(target, feature);
      if (cell.tier != Tier::native) {
        EXPECT_FALSE(cell.reason.empty()) << target_id(target) << "/" << feature_id(feature);
      }
    }
  }
}

TEST(Audit, AnthropicIsNativeEverywhere) {
  for (Feature feature : k_features) {
    EXPECT_EQ(capability(Target::anthropic, feature).tier, Tier::native) << feature_id(feature);
  }
}

TEST(Audit, MatrixTiersMatchTheContract) {
  using enum Tier;
  const Tier expected[][4] = {
      {native, native, native, degraded},            // hosted_runtime
      {native, emulated, degraded, degraded},        // builtin_sandbox
      {native, degraded, emulated, emulated},        // builtin_web
      {native, unsupported, unsupported, degraded},  // tool_approval
      {native, emulated, emulated, native},          // skills
      {native, native, native, native},              // remote_mcp
      {native, emulated, emulated, emulated},        // subagents
      {native, emulated, emulated, native},          // knowledge
      {native, native, native, degraded},            // deploy_versioning
      {native, native, native, native},              // streaming
  };
  for (std::size_t f = 0; f < std::size(k_features); ++f) {
    for (std::size_t t = 0; t < std::size(k_targets); ++t) {
      EXPECT_EQ(capability(k_targets[t], k_features[f]).tier, expected[f][t])
          << target_id(k_targets[t]) << "/" << feature_id(k_features[f]);
    }
  }
}

TEST(Audit, BedrockTextsTreatTheHarnessAsGenerallyAvailable) {
  for (Feature feature : k_features) {
    const Capability& cell = capability(Target::bedrock, feature);
    EXPECT_EQ(cell.reason.find("preview"), std::string_view::npos) << feature_id(feature);
  }
  const std::string_view web = capability(Target::bedrock, Feature::builtin_web).reason;
  EXPECT_NE(web.find("agentcore_browser"), std::string_view::npos);
  EXPECT_NE(web.find("planned"), std::string_view::npos);
  const std::string_view sandbox = capability(Target::bedrock, Feature::builtin_sandbox).reason;
  EXPECT_NE(sandbox.find("natively"), std::string_view::npos);
  EXPECT_NE(sandbox.find("planned"), std::string_view::npos);
}

TEST(Audit, TargetListIsSplitTrimmedAndLowerCased) {
  EXPECT_EQ(parse_target_list(" Bedrock, ,OPENAI ,,google"),
            (std::vector<std::string>{"bedrock", "openai", "google"}));
  EXPECT_EQ(parse_target_list(k_default_targets),
            (std::vector<std::string>{"anthropic", "bedrock", "google", "openai"}));
  EXPECT_TRUE(parse_target_list(" , ").empty());
}

TEST(Audit, UnknownTargetIsReportedWithoutRows) {
  const Report report = build_report(full_team(), {"azure", "bedrock"});
  ASSERT_EQ(report.targets.size(), 2u);
  EXPECT_EQ(report.targets[0].name, "azure");
  EXPECT_FALSE(report.targets[0].target.has_value());
  EXPECT_TRUE(report.targets[0].rows.empty());
  EXPECT_EQ(report.targets[1].target, Target::bedrock);
}

TEST(Audit, SummaryCountsOnlyTheFeaturesInUse) {
  const Report report =
      build_report(project_of({agent("a", std::vector<std::string>{"read"})}), {"openai"});
  // hosted_runtime and deploy_versioning degrade on OpenAI; streaming is native.
  EXPECT_EQ(report.targets[0].counts(), (TierCounts{1, 0, 2, 0}));
}

TEST(Audit, VerdictRanksUnsupportedAboveDegradedAboveEmulated) {
  const Report report = build_report(full_team(), {"anthropic", "bedrock", "google", "openai"});
  EXPECT_EQ(report.targets[0].verdict(), Verdict::clean);
  EXPECT_EQ(report.targets[1].verdict(), Verdict::lossy);
  EXPECT_EQ(report.targets[2].verdict(), Verdict::lossy);
  EXPECT_EQ(report.targets[3].verdict(), Verdict::degraded);
  // Emulation keeps the meaning, so a folder that is only emulated still moves cleanly.
  model::Agent a = agent("a", std::vector<std::string>{});
  a.skills.push_back({"style", {}, {}, "", nullptr, false});
  EXPECT_EQ(build_report(project_of({a}), {"bedrock"}).targets[0].verdict(), Verdict::clean);
}

TEST(AuditText, GroupsRowsByTierWithGlyphsAndExplainsNonNative) {
  const std::string text = render_text(build_report(full_team(), {"bedrock", "anthropic"}));
  EXPECT_EQ(text.rfind("Portability audit: /work/folder\nAgents: lead, helper\n", 0), 0u) << text;
  EXPECT_NE(text.find("== Amazon Bedrock AgentCore (Harness and Runtime) ==   "
                      "[4 native, 4 emulated, 1 degraded, 1 unsupported]\n  native:\n    + "),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("  unsupported:\n    x " + std::string(feature_label(Feature::tool_approval)) +
                "\n        reason: neither AgentCore"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("        fix:    enforce the approval"), std::string::npos);
  // Native rows carry no explanation, not even Anthropic's reference note.
  EXPECT_EQ(text.find("the reference target"), std::string::npos);
  EXPECT_NE(text.find("== Anthropic (Managed Agents) ==   [10 native]\n"), std::string::npos);
  EXPECT_NE(
      text.find("  Amazon Bedrock AgentCore (Harness and Runtime): 1 unsupported, 1 degraded\n"
                "  Anthropic (Managed Agents): moves over cleanly\n"),
      std::string::npos)
      << text;
}

TEST(AuditText, EmulatedRowWithoutFixPrintsNoFixLine) {
  model::Agent a = agent("a", std::vector<std::string>{});
  a.skills.push_back({"style", {}, {}, "", nullptr, false});
  const std::string text = render_text(build_report(project_of({a}), {"google"}));
  const std::size_t skills = text.find("~ " + std::string(feature_label(Feature::skills)));
  ASSERT_NE(skills, std::string::npos) << text;
  EXPECT_EQ(text.find("fix:", skills), std::string::npos) << text;
  EXPECT_NE(text.find("Google Vertex AI Agent Engine (ADK): moves over cleanly"),
            std::string::npos);
}

TEST(AuditText, UnknownTargetGetsOneLineAndNoVerdict) {
  const std::string text = render_text(build_report(full_team(), {"azure"}));
  EXPECT_NE(text.find("== azure ==   (unknown target)\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("  azure:"), std::string::npos) << text;
}

TEST(AuditText, DegradedVerdictSaysNothingIsLost) {
  const std::string text =
      render_text(build_report(project_of({agent("a", std::vector<std::string>{})}), {"openai"}));
  EXPECT_NE(text.find("OpenAI (Agent Builder and Agents SDK): 2 feature(s) degraded, nothing lost"),
            std::string::npos)
      << text;
}

TEST(AuditJson, ShapeIsStable) {
  const Json out = to_json(build_report(full_team(), {"openai", "azure"}));
  EXPECT_EQ(out["root"], "/work/folder");
  EXPECT_EQ(out["agents"], Json::parse(R"(["lead", "helper"])"));
  ASSERT_EQ(out["features"].size(), 10u);
  EXPECT_EQ(out["features"][1]["feature"], "builtin_sandbox");
  EXPECT_EQ(out["features"][1]["evidence"], "uses bash");
  EXPECT_TRUE(out["features"][1]["label"].is_string());

  const Json& openai = out["targets"][0];
  EXPECT_EQ(openai["target"], "openai");
  EXPECT_EQ(openai["known"], true);
  EXPECT_EQ(openai["title"], "OpenAI (Agent Builder and Agents SDK)");
  ASSERT_EQ(openai["features"].size(), 10u);
  EXPECT_EQ(openai["features"][0]["feature"], "hosted_runtime");
  EXPECT_EQ(openai["features"][0]["tier"], "degraded");
  EXPECT_FALSE(openai["features"][0]["reason"].get<std::string>().empty());
  EXPECT_FALSE(openai["features"][0]["fix"].get<std::string>().empty());
  EXPECT_EQ(openai["summary"],
            Json::parse(R"({"native": 4, "emulated": 2, "degraded": 4, "unsupported": 0})"));
  EXPECT_EQ(openai["verdict"], "degraded");

  const Json& azure = out["targets"][1];
  EXPECT_EQ(azure["target"], "azure");
  EXPECT_EQ(azure["known"], false);
  EXPECT_TRUE(azure["title"].is_null());
  EXPECT_TRUE(azure["features"].empty());
  EXPECT_TRUE(azure["summary"].is_null());
  EXPECT_TRUE(azure["verdict"].is_null());
}

}  // namespace
}  // namespace agentlift::audit
