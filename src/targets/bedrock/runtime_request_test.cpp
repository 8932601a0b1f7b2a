#include "targets/bedrock/runtime_request.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"
#include "parse/project_parser.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-runtime";
constexpr const char* k_canary = "canary-runtime-secret-42";

parse::ParseResult team_project(bool with_auth = false) {
  parse::ParseResult parsed =
      parse::parse_project(std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "examples/team");
  if (with_auth) {
    // The docs server gets an Authorization header from ${DOCS_TOKEN}.
    for (model::Agent& agent : parsed.project.agents) {
      for (model::McpServer& server : agent.mcp_servers) {
        server.headers = {{"Authorization", "Bearer ${DOCS_TOKEN}"}};
      }
    }
  }
  return parsed;
}

RuntimePlan team_plan() {
  const parse::ParseResult parsed = team_project();
  return build_runtime_plan(parsed.project, parsed.diagnostics, "eu-north-1", false);
}

RuntimeRequestInputs code_inputs() {
  RuntimeRequestInputs inputs;
  inputs.execution_role_arn = k_role;
  inputs.artifact =
      CodeArtifact{"my-bucket", "agentlift-code/agentlift_lead/abc.zip", "PYTHON_3_12", "main.py"};
  return inputs;
}

TEST(RuntimeRequest, CreateBodyForACodeArtifactIsExact) {
  const RuntimePlan plan = team_plan();
  const Json body =
      create_runtime_body(plan, code_inputs(), runtime_client_token(plan.spec_hash()));
  const Json expected = Json::parse(R"({
    "agentRuntimeName": "agentlift_lead",
    "agentRuntimeArtifact": {"codeConfiguration": {
        "code": {"s3": {"bucket": "my-bucket", "prefix": "agentlift-code/agentlift_lead/abc.zip"}},
        "runtime": "PYTHON_3_12", "entryPoint": ["main.py"]}},
    "roleArn": "arn:aws:iam::123456789012:role/agentlift-runtime",
    "networkConfiguration": {"networkMode": "PUBLIC"},
    "protocolConfiguration": {"serverProtocol": "HTTP"},
    "clientToken": "agentlift-)" + plan.spec_hash().substr(0, 24) +
                                    R"("})");
  EXPECT_EQ(body.dump(), expected.dump());
}

TEST(RuntimeRequest, CreateBodyForAContainerArtifactNamesTheImage) {
  const RuntimePlan plan = team_plan();
  RuntimeRequestInputs inputs = code_inputs();
  const std::string image =
      "123456789012.dkr.ecr.eu-north-1.amazonaws.com/agentlift/agentlift_lead:2c36cafca3b4";
  inputs.artifact = ContainerArtifact{image};
  const Json body = create_runtime_body(plan, inputs, "agentlift-0123456789abcdef01234567");
  EXPECT_EQ(body["agentRuntimeArtifact"].dump(),
            Json({{"containerConfiguration", {{"containerUri", image}}}}).dump());
  EXPECT_FALSE(body.contains("environmentVariables"));
  EXPECT_FALSE(body.contains("authorizerConfiguration"));
}

TEST(RuntimeRequest, UpdateBodyIsTheFullConfigurationWithoutNameOrToken) {
  const RuntimePlan plan = team_plan();
  const Json body = update_runtime_body(plan, code_inputs());
  const Json expected = Json::parse(R"({
    "agentRuntimeArtifact": {"codeConfiguration": {
        "code": {"s3": {"bucket": "my-bucket", "prefix": "agentlift-code/agentlift_lead/abc.zip"}},
        "runtime": "PYTHON_3_12", "entryPoint": ["main.py"]}},
    "roleArn": "arn:aws:iam::123456789012:role/agentlift-runtime",
    "networkConfiguration": {"networkMode": "PUBLIC"},
    "protocolConfiguration": {"serverProtocol": "HTTP"},
    "environmentVariables": {}})");
  EXPECT_EQ(body.dump(), expected.dump());
}

TEST(RuntimeRequest, McpAuthValuesBecomeEnvironmentVariables) {
  const parse::ParseResult parsed = team_project(/*with_auth=*/true);
  const RuntimePlan plan =
      build_runtime_plan(parsed.project, parsed.diagnostics, "eu-north-1", false);
  ASSERT_EQ(plan.env_var_names, std::vector<std::string>{"AGENTLIFT_MCP_DOCS_AUTHORIZATION"});
  const std::vector<plan::McpAuthHeader> headers = runtime_auth_headers(plan, parsed.project);
  ASSERT_FALSE(headers.empty());
  EXPECT_EQ(headers[0].env_var, "AGENTLIFT_MCP_DOCS_AUTHORIZATION");
  EXPECT_EQ(headers[0].value_template, "Bearer ${DOCS_TOKEN}");
  RuntimeRequestInputs inputs = code_inputs();
  inputs.mcp_auth = plan::resolve_mcp_auth_values(headers, {{"DOCS_TOKEN", k_canary}});
  const Json body = create_runtime_body(plan, inputs, "agentlift-0123456789abcdef01234567");
  EXPECT_EQ(body["environmentVariables"].dump(),
            Json({{"AGENTLIFT_MCP_DOCS_AUTHORIZATION", std::string("Bearer ") + k_canary}}).dump());

  // Without a resolved value: an error naming the variable only.
  try {
    create_runtime_body(plan, code_inputs(), "agentlift-0123456789abcdef01234567");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("AGENTLIFT_MCP_DOCS_AUTHORIZATION"),
              std::string::npos);
    EXPECT_EQ(std::string(error.what()).find(k_canary), std::string::npos);
  }
}

TEST(RuntimeRequest, AnEmptyRoleIsRefused) {
  RuntimeRequestInputs inputs = code_inputs();
  inputs.execution_role_arn.clear();
  EXPECT_THROW(update_runtime_body(team_plan(), inputs), UsageError);
}

TEST(RuntimeRequest, NamesAndKeys) {
  const RuntimePlan plan = team_plan();
  EXPECT_EQ(agent_runtime_name(plan), "agentlift_lead");
  EXPECT_EQ(runtime_ecr_repository(plan), "agentlift/agentlift_lead");
  EXPECT_EQ(code_object_key("agentlift_lead", "ab12"), "agentlift-code/agentlift_lead/ab12.zip");
  EXPECT_EQ(runtime_client_token("0123456789abcdef0123456789abcdef"),
            "agentlift-0123456789abcdef01234567");
  EXPECT_EQ(python_runtime_id("3.12"), "PYTHON_3_12");
  EXPECT_EQ(python_runtime_id("3.13"), "PYTHON_3_13");
  EXPECT_THROW(python_runtime_id("2.7"), UsageError);
  EXPECT_THROW(python_runtime_id("3.12; rm"), UsageError);
}

TEST(RuntimeRequest, ANameAwsWouldRefuseIsAnError) {
  RuntimePlan plan = team_plan();
  plan.display_name = "agentlift-" + std::string(60, 'x');
  EXPECT_THROW(agent_runtime_name(plan), Error);
}

}  // namespace
}  // namespace agentlift::bedrock
