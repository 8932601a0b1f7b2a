#include "targets/bedrock/harness_drift.hpp"

#include <gtest/gtest.h>

#include "base/secret.hpp"
#include "parse/project_parser.hpp"
#include "targets/bedrock/harness_request.hpp"
#include "targets/bedrock/skill_upload_plan.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-harness";
constexpr const char* k_canary = "canary-drift-secret-41";

HarnessPlan example_plan() {
  const parse::ParseResult parsed = parse::parse_project(
      std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "examples" / "single-agent");
  return build_harness_plan(parsed.project, parsed.diagnostics, "us-west-2", false);
}

// What GetHarness answers for a harness created from `plan` with a real header
// value: the create body plus what AWS adds.
Json live_harness(const HarnessPlan& plan) {
  HarnessRequestInputs inputs;
  inputs.execution_role_arn = k_role;
  for (const auto& header : harness_auth_headers(plan)) {
    inputs.mcp_auth.add(header.env_var, Secret(std::string("Bearer ") + k_canary), {});
  }
  for (const HarnessSkill& skill : plan.skills) {
    inputs.skill_uris[skill.name] = skill_s3_uri("bkt", plan.harness_name, skill.name);
  }
  Json live = create_harness_body(plan, inputs, harness_client_token(plan.spec_hash()));
  live.erase("clientToken");
  live["harnessId"] = plan.harness_name + "-AbCdEf1234";
  live["status"] = "READY";
  live["harnessVersion"] = "1";
  live["allowedTools"] = Json::array({"*"});
  live["truncation"] = {{"strategy", "sliding_window"}};
  live["environment"] = {{"agentCoreRuntimeEnvironment", {{"agentRuntimeId", "x"}}}};
  return live;
}

std::vector<std::string> fields(const Drift& drift) {
  std::vector<std::string> out;
  for (const FieldDrift& item : drift) out.push_back(item.field);
  return out;
}

TEST(HarnessDrift, TheDesiredBodyHasPlaceholdersForHeaderValuesAndNoClientToken) {
  const HarnessPlan plan = example_plan();
  ASSERT_TRUE(plan.deployable());
  const Json body = desired_harness_body(plan, k_role, "bkt");
  EXPECT_FALSE(body.contains("clientToken"));
  EXPECT_EQ(body["executionRoleArn"], k_role);
  const std::string text = body.dump();
  EXPECT_NE(text.find(k_header_value_placeholder), std::string::npos);
  EXPECT_EQ(body["skills"][0]["s3"]["uri"],
            "s3://bkt/agentlift-skills/" + plan.harness_name + "/refund-policy/");
  EXPECT_FALSE(desired_harness_body(plan, "", "").contains("executionRoleArn"));
}

TEST(HarnessDrift, AHarnessDeployedFromThePlanHasNoDriftWhateverItsHeaderValues) {
  const HarnessPlan plan = example_plan();
  EXPECT_EQ(harness_drift(desired_harness_body(plan, k_role, "bkt"), live_harness(plan)), Drift{});
  // Without a known role the role is not compared.
  Json live = live_harness(plan);
  live["executionRoleArn"] = "arn:aws:iam::123456789012:role/other";
  EXPECT_EQ(harness_drift(desired_harness_body(plan, "", "bkt"), live), Drift{});
  EXPECT_EQ(fields(harness_drift(desired_harness_body(plan, k_role, "bkt"), live)),
            std::vector<std::string>{"executionRoleArn"});
}

TEST(HarnessDrift, ListsEachChangedFieldAndNeverAHeaderValue) {
  const HarnessPlan plan = example_plan();
  Json live = live_harness(plan);
  live["model"]["bedrockModelConfig"]["modelId"] = "us.amazon.nova-pro-v1:0";
  live["systemPrompt"] = Json::array({{{"text", "Be brief."}}});
  Json& orders = live["tools"][0];
  ASSERT_EQ(orders["name"], "orders");
  orders["config"]["remoteMcp"]["url"] = "https://elsewhere.example.com/mcp";
  orders["config"]["remoteMcp"]["headers"]["X-Extra"] = k_canary;
  live["tools"].push_back({{"type", "agentcore_code_interpreter"}});
  live["skills"] = Json::array();
  live["allowedTools"] = Json::array({"@builtin"});

  const Drift drift = harness_drift(desired_harness_body(plan, k_role, "bkt"), live);
  EXPECT_EQ(fields(drift), (std::vector<std::string>{
                               "model.bedrockModelConfig.modelId",
                               "systemPrompt",
                               "tools[orders].url",
                               "tools[orders].headerNames",
                               "tools[agentcore_code_interpreter]",
                               "skills",
                               "allowedTools",
                           }));
  EXPECT_EQ(drift[0].live, "us.amazon.nova-pro-v1:0");
  EXPECT_EQ(drift[0].planned, plan.bedrock_model);
  EXPECT_EQ(drift[3].planned, R"(["Authorization"])");
  EXPECT_EQ(drift[3].live, R"(["Authorization","X-Extra"])");
  EXPECT_EQ(drift[4].planned, "(none)");
  for (const FieldDrift& item : drift) {
    EXPECT_EQ(item.planned.find(k_canary), std::string::npos) << item.field;
    EXPECT_EQ(item.live.find(k_canary), std::string::npos) << item.field;
  }
}

TEST(HarnessDrift, AbsentListsMeanAwsDefaults) {
  const Json created = {{"harnessName", "h"},
                        {"model", {{"bedrockModelConfig", {{"modelId", "m"}}}}}};
  const Json live = {{"harnessName", "h"},
                     {"model", {{"bedrockModelConfig", {{"modelId", "m"}}}}},
                     {"systemPrompt", Json::array()},
                     {"tools", Json::array()},
                     {"skills", Json::array()},
                     {"allowedTools", Json::array({"*"})}};
  EXPECT_EQ(harness_drift(created, live), Drift{});
  // A malformed live reply is drift, not a crash.
  EXPECT_FALSE(harness_drift(created, Json("not an object")).empty());
}

TEST(FieldDrift, LongValuesAreCutWithTheirLength) {
  EXPECT_EQ(drift_value_text(Json()), "(none)");
  EXPECT_EQ(drift_value_text("short"), "short");
  const std::string text = drift_value_text(std::string(200, 'x'));
  EXPECT_NE(text.find("(200 chars)"), std::string::npos);
  EXPECT_LT(text.size(), 100u);
  EXPECT_EQ(drift_value_text(Json::array({1, 2})), "[1,2]");
}

TEST(FieldDrift, LongValuesWithTheSameBeginningAreShownFromTheirFirstDifference) {
  const std::string base(300, 'a');  // the shared " " makes 23 a + 1 space of context
  const FieldDrift drift = make_drift("systemPrompt", Json::array({{{"text", base + " one"}}}),
                                      Json::array({{{"text", base + " two"}}}));
  EXPECT_EQ(drift.planned, "…" + std::string(23, 'a') + " one\"}]");
  EXPECT_EQ(drift.live, "…" + std::string(23, 'a') + " two\"}]");
  // Short values and absent ones are shown whole.
  EXPECT_EQ(make_drift("f", "abc", "abd"), (FieldDrift{"f", "abc", "abd"}));
  EXPECT_EQ(make_drift("f", Json(), "x"), (FieldDrift{"f", "(none)", "x"}));
  // A multi-byte character is never split.
  std::string accents(40, 'x');
  for (int i = 0; i < 20; ++i) accents += "é";
  accents += "y";  // the difference starts 24 bytes after the middle of an "é"
  std::string twelve;
  for (int i = 0; i < 12; ++i) twelve += "é";
  EXPECT_EQ(make_drift("f", accents + "1", accents + "2").planned, "…" + twelve + "y1");
}

}  // namespace
}  // namespace agentlift::bedrock
