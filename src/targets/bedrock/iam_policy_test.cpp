#include "targets/bedrock/iam_policy.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"
#include "parse/project_parser.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_account = "123456789012";

// One agent with a skill and the web tools (a harness with agentcore_browser).
void write_scout(const testing::TempFolder& folder) {
  folder.write(".managed-agents/scout/agent.md",
               "---\ndescription: Scout\nmodel: claude-sonnet-4-5\n"
               "tools: [read, web_fetch]\nskills: [notes]\n---\nFind things.\n");
  folder.write(".managed-agents/scout/skills/notes/SKILL.md",
               "---\nname: notes\ndescription: Notes\n---\nTake notes.\n");
}

// A coordinator and a specialist that runs shell tools (a runtime).
void write_team(const testing::TempFolder& folder) {
  folder.write(".managed-agents/lead/agent.md",
               "---\ndescription: Lead\nmodel: claude-opus-4-6\nsubagents: [coder]\n---\nLead.\n");
  folder.write(".managed-agents/coder/agent.md",
               "---\ndescription: Coder\nmodel: claude-haiku-4-5\ntools: [bash, read]\n---\n"
               "Code.\n");
}

Plan plan_of(const testing::TempFolder& folder, Mode mode, const std::string& region) {
  const parse::ParseResult parsed = parse::parse_project(folder.path());
  PlanOptions options;
  options.mode = mode;
  options.region = region;
  return build_plan(parsed.project, parsed.diagnostics, options);
}

IamInputs inputs_for(const Plan& plan, std::string bucket = "my-skills",
                     RuntimeArtifact artifact = RuntimeArtifact::code) {
  IamSettings settings;
  settings.account_id = k_account;
  settings.s3_bucket = std::move(bucket);
  settings.artifact = artifact;
  return iam_inputs(plan, settings);
}

// Every Resource of every statement, flattened.
std::vector<std::string> resources_of(const Json& policy) {
  std::vector<std::string> out;
  for (const Json& statement : policy["Statement"]) {
    const Json& resource = statement["Resource"];
    if (resource.is_string()) {
      out.push_back(resource);
    } else {
      for (const Json& item : resource) out.push_back(item);
    }
  }
  return out;
}

const Json* statement_named(const Json& policy, const std::string& sid) {
  for (const Json& statement : policy["Statement"]) {
    if (statement["Sid"] == sid) return &statement;
  }
  return nullptr;
}

// "*" stands alone only for the actions without resource-level permissions.
void expect_wildcards_only_where_unavoidable(const Json& policy) {
  for (const Json& statement : policy["Statement"]) {
    const std::string sid = statement["Sid"];
    const Json& resource = statement["Resource"];
    if (resource == "*") {
      EXPECT_TRUE(sid == "Traces" || sid == "Metrics" || sid == "EcrToken" || sid == "EcrLogin")
          << sid;
    }
  }
}

// Parses like `aws iam put-role-policy --policy-document` would read it.
void expect_valid_document(const Json& policy) {
  const Json reparsed = Json::parse(policy.dump(), nullptr, false);
  ASSERT_FALSE(reparsed.is_discarded());
  EXPECT_EQ(reparsed["Version"], "2012-10-17");
  ASSERT_TRUE(reparsed["Statement"].is_array());
  for (const Json& statement : reparsed["Statement"]) {
    EXPECT_EQ(statement["Effect"], "Allow");
    EXPECT_TRUE(statement.contains("Action"));
  }
}

TEST(IamPolicy, HarnessInUsWest2NamesTheProfileTheModelTheBucketPrefixAndTheBrowser) {
  testing::TempFolder folder;
  write_scout(folder);
  const Plan plan = plan_of(folder, Mode::auto_select, "us-west-2");
  ASSERT_EQ(plan.mode, Mode::harness);
  const IamInputs in = inputs_for(plan);
  EXPECT_EQ(in.model_ids, std::vector<std::string>{"us.anthropic.claude-sonnet-4-5-20250929-v1:0"});
  EXPECT_TRUE(in.needs_bucket);
  EXPECT_TRUE(in.uses_browser);

  const Json role = execution_role_policy(in);
  expect_valid_document(role);
  expect_wildcards_only_where_unavoidable(role);
  const Json* models = statement_named(role, "InvokeModels");
  ASSERT_NE(models, nullptr);
  EXPECT_EQ((*models)["Action"],
            Json::array({"bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"}));
  EXPECT_EQ((*models)["Resource"],
            Json::array({"arn:aws:bedrock:us-west-2:123456789012:inference-profile/"
                         "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                         "arn:aws:bedrock:*::foundation-model/"
                         "anthropic.claude-sonnet-4-5-20250929-v1:0"}));
  const std::string prefix = "agentlift-skills/" + plan.harness.harness_name + "/*";
  ASSERT_NE(statement_named(role, "ReadSkills"), nullptr);
  EXPECT_EQ((*statement_named(role, "ReadSkills"))["Resource"], "arn:aws:s3:::my-skills/" + prefix);
  EXPECT_EQ((*statement_named(role, "ListSkills"))["Condition"]["StringLike"]["s3:prefix"], prefix);
  ASSERT_NE(statement_named(role, "Browser"), nullptr);
  EXPECT_EQ((*statement_named(role, "Browser"))["Resource"],
            "arn:aws:bedrock-agentcore:us-west-2:aws:browser/aws.browser.v1");
  EXPECT_EQ(statement_named(role, "CodeInterpreter"), nullptr);
  EXPECT_EQ(statement_named(role, "PullImage"), nullptr);

  const Json deployer = deployer_policy(in);
  expect_valid_document(deployer);
  expect_wildcards_only_where_unavoidable(deployer);
  const Json* manage = statement_named(deployer, "ManageHarness");
  ASSERT_NE(manage, nullptr);
  EXPECT_EQ((*manage)["Resource"], "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/" +
                                       plan.harness.harness_name + "-*");
  const Json* pass = statement_named(deployer, "PassExecutionRole");
  ASSERT_NE(pass, nullptr);
  EXPECT_EQ((*pass)["Resource"], "arn:aws:iam::123456789012:role/" + in.role_name);
  EXPECT_EQ(in.role_name.rfind("agentlift-", 0), 0u);
  EXPECT_EQ(in.role_name.find('_'), std::string::npos);
  EXPECT_EQ((*pass)["Condition"]["StringEquals"]["iam:PassedToService"],
            "bedrock-agentcore.amazonaws.com");
  EXPECT_EQ((*statement_named(deployer, "Objects"))["Action"],
            Json::array({"s3:PutObject", "s3:GetObject", "s3:DeleteObject"}));
}

TEST(IamPolicy, TrustPolicyUsesSourceAccountAndNeverSourceArn) {
  testing::TempFolder folder;
  write_scout(folder);
  const Json trust = trust_policy(inputs_for(plan_of(folder, Mode::harness, "us-west-2")));
  expect_valid_document(trust);
  const Json& statement = trust["Statement"][0];
  EXPECT_EQ(statement["Principal"]["Service"], "bedrock-agentcore.amazonaws.com");
  EXPECT_EQ(statement["Action"], "sts:AssumeRole");
  EXPECT_EQ(statement["Condition"]["StringEquals"]["aws:SourceAccount"], k_account);
  EXPECT_EQ(trust.dump().find("SourceArn"), std::string::npos);
}

TEST(IamPolicy, ContainerRuntimeInEuNorth1PullsFromItsRepositoryAndUsesTheCodeInterpreter) {
  testing::TempFolder folder;
  write_team(folder);
  const Plan plan = plan_of(folder, Mode::auto_select, "");
  ASSERT_EQ(plan.mode, Mode::runtime);
  ASSERT_EQ(plan.region(), "eu-north-1");
  const IamInputs in = inputs_for(plan, "", RuntimeArtifact::container);
  EXPECT_FALSE(in.needs_bucket);
  EXPECT_TRUE(in.uses_code_interpreter);
  EXPECT_EQ(in.model_ids, (std::vector<std::string>{"eu.anthropic.claude-haiku-4-5-20251001-v1:0",
                                                    "eu.anthropic.claude-opus-4-6-v1"}));

  const Json role = execution_role_policy(in);
  expect_valid_document(role);
  expect_wildcards_only_where_unavoidable(role);
  const std::vector<std::string> resources = resources_of(role);
  for (const char* expected :
       {"arn:aws:bedrock:eu-north-1:123456789012:inference-profile/eu.anthropic.claude-opus-4-6-v1",
        "arn:aws:bedrock:*::foundation-model/anthropic.claude-opus-4-6-v1",
        "arn:aws:bedrock:eu-north-1:123456789012:inference-profile/"
        "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
        "arn:aws:ecr:eu-north-1:123456789012:repository/agentlift/",
        "arn:aws:bedrock-agentcore:eu-north-1:aws:code-interpreter/aws.codeinterpreter.v1"}) {
    bool found = false;
    for (const auto& resource : resources) found = found || resource.rfind(expected, 0) == 0;
    EXPECT_TRUE(found) << expected;
  }
  EXPECT_EQ((*statement_named(role, "PullImage"))["Resource"],
            "arn:aws:ecr:eu-north-1:123456789012:repository/agentlift/" + in.resource_name);
  EXPECT_EQ((*statement_named(role, "WriteLogs"))["Resource"],
            "arn:aws:logs:eu-north-1:123456789012:log-group:/aws/bedrock-agentcore/runtimes/" +
                in.resource_name + "-*");
  EXPECT_EQ(statement_named(role, "ReadSkills"), nullptr);

  const Json deployer = deployer_policy(in);
  expect_wildcards_only_where_unavoidable(deployer);
  EXPECT_NE(statement_named(deployer, "PushImage"), nullptr);
  EXPECT_EQ(statement_named(deployer, "Objects"), nullptr);
  EXPECT_EQ((*statement_named(deployer, "ManageRuntime"))["Resource"],
            "arn:aws:bedrock-agentcore:eu-north-1:123456789012:runtime/" + in.resource_name + "-*");
}

TEST(IamPolicy, CodeRuntimeReadsAndWritesItsZipPrefix) {
  testing::TempFolder folder;
  write_team(folder);
  const IamInputs in = inputs_for(plan_of(folder, Mode::runtime, "eu-north-1"), "code-bucket");
  const Json deployer = deployer_policy(in);
  EXPECT_EQ((*statement_named(deployer, "Objects"))["Resource"],
            "arn:aws:s3:::code-bucket/agentlift-code/" + in.resource_name + "/*");
  EXPECT_EQ(statement_named(deployer, "PushImage"), nullptr);
  EXPECT_EQ(statement_named(execution_role_policy(in), "PullImage"), nullptr);
}

TEST(IamPolicy, AMissingBucketBecomesAPlaceholder) {
  testing::TempFolder folder;
  write_scout(folder);
  const IamInputs in = inputs_for(plan_of(folder, Mode::harness, "us-west-2"), "");
  EXPECT_NE(execution_role_policy(in).dump().find("arn:aws:s3:::YOUR-BUCKET/"), std::string::npos);
}

TEST(IamPolicy, ModelArnsForEachKindOfModelId) {
  EXPECT_EQ(
      model_resource_arns("amazon.nova-pro-v1:0", "aws", "us-east-1", k_account),
      std::vector<std::string>{"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0"});
  EXPECT_EQ(
      model_resource_arns("global.anthropic.claude-x", "aws", "sa-east-1", k_account),
      (std::vector<std::string>{
          "arn:aws:bedrock:sa-east-1:123456789012:inference-profile/global.anthropic.claude-x",
          "arn:aws:bedrock:*::foundation-model/anthropic.claude-x",
          "arn:aws:bedrock:::foundation-model/anthropic.claude-x"}));
  const std::string arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x";
  EXPECT_EQ(model_resource_arns(arn, "aws", "us-east-1", k_account), std::vector<std::string>{arn});
  EXPECT_EQ(
      model_resource_arns("us-gov.anthropic.c", "aws-us-gov", "us-gov-west-1", k_account)[0],
      "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.c");
}

TEST(IamPolicy, RejectsABadAccountIdOrRoleArn) {
  testing::TempFolder folder;
  write_scout(folder);
  const Plan plan = plan_of(folder, Mode::harness, "us-west-2");
  IamSettings settings;
  settings.account_id = "12345";
  EXPECT_THROW(iam_inputs(plan, settings), UsageError);
  settings.account_id = k_account;
  settings.role_arn = "arn:aws:iam::123456789012:user/alice";
  EXPECT_THROW(iam_inputs(plan, settings), UsageError);
  settings.role_arn = "arn:aws:iam::123456789012:role/team/agentlift-exec";
  const IamInputs in = iam_inputs(plan, settings);
  EXPECT_EQ(in.role_name, "agentlift-exec");
  EXPECT_EQ(in.role_arn, settings.role_arn);
}

}  // namespace
}  // namespace agentlift::bedrock
