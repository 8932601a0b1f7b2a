#include "targets/bedrock/iam_policy.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "base/errors.hpp"
#include "cloud/partitions.hpp"
#include "plan/identifiers.hpp"
#include "targets/bedrock/skill_upload_plan.hpp"

// Where the action names come from (AWS documentation, read 2026-12):
//  [runtime-permissions]  AgentCore dev guide "IAM Permissions for AgentCore
//      Runtime": the execution role's ECR pull (ecr:BatchGetImage,
//      ecr:GetDownloadUrlForLayer, ecr:GetAuthorizationToken), CloudWatch Logs
//      (logs:CreateLogGroup, logs:DescribeLogStreams, logs:DescribeLogGroups,
//      logs:CreateLogStream, logs:PutLogEvents under /aws/bedrock-agentcore/runtimes/),
//      X-Ray (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules,
//      GetSamplingTargets), cloudwatch:PutMetricData with the namespace
//      condition "bedrock-agentcore", and the trust policy on
//      bedrock-agentcore.amazonaws.com with aws:SourceAccount.
//  [harness-security]  dev guide "Security and access controls" (harness):
//      harness APIs need the harness action and its AgentRuntime twin on the
//      harness ARN (InvokeHarness + InvokeAgentRuntime, UpdateHarness +
//      UpdateAgentRuntime, DeleteHarness + DeleteAgentRuntime, …).
//  [agentcore-cli]  aws/agentcore-cli PERMISSIONS.md (harness management):
//      CreateHarness, GetHarness, UpdateHarness, DeleteHarness, ListHarnesses,
//      InvokeHarness.
//  [browser]  dev guide "Browser: resource and session management":
//      StartBrowserSession, GetBrowserSession, StopBrowserSession,
//      UpdateBrowserStream, ConnectBrowserAutomationStream.
//      The AWS-managed browser's id is aws.browser.v1 (dev guide "Browser");
//      its ARN is written like the code interpreter's system ARN below.
//  [code-interpreter]  dev guide "Code Interpreter: resource and session
//      management" (IAM permissions: StartCodeInterpreterSession,
//      InvokeCodeInterpreter, GetCodeInterpreterSession,
//      StopCodeInterpreterSession) and "Resource management" (system ARN
//      arn:aws:bedrock-agentcore:<region>:aws:code-interpreter/aws.codeinterpreter.v1).
//  [bedrock-inference-profiles]  Bedrock user guide "Prerequisites for
//      inference profiles": bedrock:InvokeModel* on inference-profile and
//      foundation-model ARNs.
//  [seed]  deploy-bedrock.md: bedrock:InvokeModel + InvokeModelWithResponseStream,
//      s3:ListBucket + s3:GetObject on the skills bucket, ECR pull incl.
//      ecr:BatchCheckLayerAvailability, no aws:SourceArn in the trust policy.
//  [aws-wire §0 gotcha 7]  CreateAgentRuntime with a code zip: the caller needs
//      s3:GetObject on the zip.

namespace agentlift::bedrock {
namespace {

constexpr const char* k_version = "2012-10-17";
constexpr const char* k_agentcore_principal = "bedrock-agentcore.amazonaws.com";

// Geography prefixes of Bedrock system inference profiles ("eu.anthropic.…").
bool is_profile_prefix(const std::string& prefix) {
  static const std::set<std::string> k_prefixes{"us", "us-gov", "eu", "apac",
                                                "jp", "au",     "ca", "global"};
  return k_prefixes.contains(prefix);
}

Json strings(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(item);
  return out;
}

Json statement(const std::string& sid, const std::vector<std::string>& actions,
               const std::vector<std::string>& resources, Json condition = nullptr) {
  Json out{{"Sid", sid}, {"Effect", "Allow"}};
  out["Action"] = strings(actions);
  out["Resource"] = resources.size() == 1 ? Json(resources.front()) : strings(resources);
  if (!condition.is_null()) out["Condition"] = std::move(condition);
  return out;
}

Json document(Json statements) { return Json{{"Version", k_version}, {"Statement", statements}}; }

std::string arn(const IamInputs& in, const std::string& service, const std::string& region,
                const std::string& account, const std::string& resource) {
  return "arn:" + in.partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

std::string agentcore_arn(const IamInputs& in, const std::string& resource) {
  return arn(in, "bedrock-agentcore", in.region, in.account_id, resource);
}

std::string bucket_name(const IamInputs& in) {
  return in.bucket.empty() ? k_bucket_placeholder : in.bucket;
}

std::string bucket_arn(const IamInputs& in) {
  return "arn:" + in.partition + ":s3:::" + bucket_name(in);
}

// The key prefix agentlift writes under: skills of this harness, or code zips
// of this runtime.
std::string object_prefix(const IamInputs& in) {
  if (in.mode == Mode::harness) return std::string(k_skill_key_root) + "/" + in.resource_name + "/";
  return std::string(k_code_key_root) + "/" + in.resource_name + "/";
}

// The resource a deploy manages: harness/<name>-<10 random>, runtime/<name>-<10 random>.
std::string managed_resource_arn(const IamInputs& in) {
  return agentcore_arn(
      in, (in.mode == Mode::harness ? "harness/" : "runtime/") + in.resource_name + "-*");
}

std::string log_group_prefix(const IamInputs& in) {
  // A runtime's log group carries its id (<name>-<suffix>); a harness's
  // underlying runtime has a name AWS picks.
  return "/aws/bedrock-agentcore/runtimes/" +
         (in.mode == Mode::runtime ? in.resource_name + "-*" : std::string("*"));
}

void add_model_statements(const IamInputs& in, Json& statements) {
  std::vector<std::string> resources;
  for (const auto& model : in.model_ids) {
    for (auto& resource : model_resource_arns(model, in.partition, in.region, in.account_id)) {
      if (std::find(resources.begin(), resources.end(), resource) == resources.end())
        resources.push_back(std::move(resource));
    }
  }
  // [seed] [bedrock-inference-profiles]
  statements.push_back(statement(
      "InvokeModels", {"bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"}, resources));
}

void add_observability_statements(const IamInputs& in, Json& statements) {
  // [runtime-permissions]
  const std::string logs = "log-group:" + log_group_prefix(in);
  statements.push_back(statement("WriteLogs", {"logs:CreateLogGroup", "logs:DescribeLogStreams"},
                                 {arn(in, "logs", in.region, in.account_id, logs)}));
  statements.push_back(statement("DescribeLogGroups", {"logs:DescribeLogGroups"},
                                 {arn(in, "logs", in.region, in.account_id, "log-group:*")}));
  statements.push_back(
      statement("WriteLogEvents", {"logs:CreateLogStream", "logs:PutLogEvents"},
                {arn(in, "logs", in.region, in.account_id, logs + ":log-stream:*")}));
  // X-Ray and PutMetricData have no resource-level permissions: "*" is the only form.
  statements.push_back(statement("Traces",
                                 {"xray:PutTraceSegments", "xray:PutTelemetryRecords",
                                  "xray:GetSamplingRules", "xray:GetSamplingTargets"},
                                 {"*"}));
  statements.push_back(
      statement("Metrics", {"cloudwatch:PutMetricData"}, {"*"},
                Json{{"StringEquals", {{"cloudwatch:namespace", "bedrock-agentcore"}}}}));
}

void add_tool_statements(const IamInputs& in, Json& statements) {
  // The AWS-managed built-in tools ("aws.browser.v1", "aws.codeinterpreter.v1"),
  // owned by the account "aws".
  if (in.uses_browser) {
    // [browser]
    statements.push_back(
        statement("Browser",
                  {"bedrock-agentcore:StartBrowserSession", "bedrock-agentcore:GetBrowserSession",
                   "bedrock-agentcore:StopBrowserSession", "bedrock-agentcore:UpdateBrowserStream",
                   "bedrock-agentcore:ConnectBrowserAutomationStream"},
                  {arn(in, "bedrock-agentcore", in.region, "aws", "browser/aws.browser.v1")}));
  }
  if (in.uses_code_interpreter) {
    // [code-interpreter]
    statements.push_back(statement(
        "CodeInterpreter",
        {"bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter",
         "bedrock-agentcore:GetCodeInterpreterSession",
         "bedrock-agentcore:StopCodeInterpreterSession"},
        {arn(in, "bedrock-agentcore", in.region, "aws",
             "code-interpreter/aws.codeinterpreter.v1")}));
  }
}

}  // namespace

std::vector<std::string> model_resource_arns(const std::string& model_id,
                                             const std::string& partition,
                                             const std::string& region,
                                             const std::string& account_id) {
  if (model_id.rfind("arn:", 0) == 0) return {model_id};
  const std::string base = "arn:" + partition + ":bedrock:";
  const auto dot = model_id.find('.');
  const std::string prefix = dot == std::string::npos ? "" : model_id.substr(0, dot);
  // A profile id has a geography, a provider and a model: "eu.anthropic.claude-…".
  const bool profile =
      is_profile_prefix(prefix) && model_id.find('.', dot + 1) != std::string::npos;
  if (!profile) return {base + region + "::foundation-model/" + model_id};
  const std::string model = model_id.substr(dot + 1);
  std::vector<std::string> out{base + region + ":" + account_id + ":inference-profile/" + model_id,
                               base + "*::foundation-model/" + model};
  if (prefix == "global") out.push_back(base + "::foundation-model/" + model);
  return out;
}

IamInputs iam_inputs(const Plan& plan, const IamSettings& settings) {
  static const std::regex k_account("[0-9]{12}");
  if (!std::regex_match(settings.account_id, k_account)) {
    throw UsageError("'" + settings.account_id + "' is not an AWS account id (12 digits)",
                     "pass --account-id 123456789012");
  }
  IamInputs in;
  in.mode = plan.mode;
  in.region = plan.region();
  in.partition = std::string(cloud::endpoints::partition_for_region(in.region).id);
  in.account_id = settings.account_id;
  in.bucket = settings.s3_bucket;
  in.artifact = settings.artifact;
  std::set<std::string> models;
  if (plan.mode == Mode::harness) {
    const HarnessPlan& harness = plan.harness;
    in.resource_name = harness.harness_name;
    models.insert(harness.bedrock_model);
    in.needs_bucket = !harness.skills.empty();
    in.uses_browser =
        std::find(harness.builtin_tool_types.begin(), harness.builtin_tool_types.end(),
                  "agentcore_browser") != harness.builtin_tool_types.end();
  } else {
    const RuntimePlan& runtime = plan.runtime;
    in.resource_name = plan::safe_ident(runtime.display_name);
    for (const AgentNode& node : runtime.agents) {
      models.insert(node.bedrock_model);
      in.uses_browser = in.uses_browser || node.web_tools;
      in.uses_code_interpreter = in.uses_code_interpreter || node.sandbox_tools;
    }
    in.needs_bucket = settings.artifact == RuntimeArtifact::code;
    if (settings.artifact == RuntimeArtifact::container)
      in.ecr_repository = "agentlift/" + in.resource_name;
  }
  models.erase("");
  in.model_ids.assign(models.begin(), models.end());
  if (settings.role_arn.empty()) {
    // "agentlift_lead" -> "agentlift-lead", "support" -> "agentlift-support".
    std::string name = in.resource_name;
    std::replace(name.begin(), name.end(), '_', '-');
    in.role_name = name.rfind("agentlift-", 0) == 0 ? name : "agentlift-" + name;
    in.role_arn = "arn:" + in.partition + ":iam::" + in.account_id + ":role/" + in.role_name;
  } else {
    static const std::regex k_role("arn:aws(-[^:]+)?:iam::[0-9]{12}:role/(.+/)?([^/]+)");
    std::smatch match;
    if (!std::regex_match(settings.role_arn, match, k_role)) {
      throw UsageError("'" + settings.role_arn + "' is not an IAM role ARN",
                       "pass --role-arn arn:aws:iam::<account>:role/<name>");
    }
    in.role_arn = settings.role_arn;
    in.role_name = match[3].str();
  }
  return in;
}

Json execution_role_policy(const IamInputs& in) {
  Json statements = Json::array();
  add_model_statements(in, statements);
  if (in.mode == Mode::harness && in.needs_bucket) {
    // [seed] the harness fetches its skill bundles from S3 at invoke time.
    statements.push_back(statement("ReadSkills", {"s3:GetObject"},
                                   {bucket_arn(in) + "/" + object_prefix(in) + "*"}));
    statements.push_back(statement("ListSkills", {"s3:ListBucket"}, {bucket_arn(in)},
                                   Json{{"StringLike", {{"s3:prefix", object_prefix(in) + "*"}}}}));
  }
  if (in.mode == Mode::runtime && in.artifact == RuntimeArtifact::container) {
    // [runtime-permissions] [seed]
    statements.push_back(statement(
        "PullImage",
        {"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"},
        {arn(in, "ecr", in.region, in.account_id, "repository/" + in.ecr_repository)}));
    statements.push_back(statement("EcrToken", {"ecr:GetAuthorizationToken"}, {"*"}));
  }
  add_tool_statements(in, statements);
  add_observability_statements(in, statements);
  return document(std::move(statements));
}

Json trust_policy(const IamInputs& in) {
  // [runtime-permissions] [seed]: aws:SourceAccount only. An aws:SourceArn lock
  // fails at create time, before the resource's ARN exists.
  Json trust{{"Sid", "AgentCoreAssumeRole"},
             {"Effect", "Allow"},
             {"Principal", {{"Service", k_agentcore_principal}}},
             {"Action", "sts:AssumeRole"},
             {"Condition", {{"StringEquals", {{"aws:SourceAccount", in.account_id}}}}}};
  return document(Json::array({trust}));
}

Json deployer_policy(const IamInputs& in) {
  Json statements = Json::array();
  const std::string managed = managed_resource_arn(in);
  // Creating and listing act before a resource ARN exists: scoped to the
  // account and region.
  const std::string account_scope = agentcore_arn(in, "*");
  if (in.mode == Mode::harness) {
    // [agentcore-cli] + [harness-security] (each harness action with its AgentRuntime twin)
    statements.push_back(
        statement("CreateHarness",
                  {"bedrock-agentcore:CreateHarness", "bedrock-agentcore:CreateAgentRuntime",
                   "bedrock-agentcore:ListHarnesses", "bedrock-agentcore:ListAgentRuntimes"},
                  {account_scope}));
    statements.push_back(
        statement("ManageHarness",
                  {"bedrock-agentcore:GetHarness", "bedrock-agentcore:GetAgentRuntime",
                   "bedrock-agentcore:UpdateHarness", "bedrock-agentcore:UpdateAgentRuntime",
                   "bedrock-agentcore:DeleteHarness", "bedrock-agentcore:DeleteAgentRuntime",
                   "bedrock-agentcore:InvokeHarness", "bedrock-agentcore:InvokeAgentRuntime"},
                  {managed}));
  } else {
    statements.push_back(
        statement("CreateRuntime",
                  {"bedrock-agentcore:CreateAgentRuntime", "bedrock-agentcore:ListAgentRuntimes"},
                  {account_scope}));
    statements.push_back(
        statement("ManageRuntime",
                  {"bedrock-agentcore:GetAgentRuntime", "bedrock-agentcore:UpdateAgentRuntime",
                   "bedrock-agentcore:DeleteAgentRuntime", "bedrock-agentcore:InvokeAgentRuntime"},
                  {managed}));
  }
  statements.push_back(
      statement("PassExecutionRole", {"iam:PassRole"}, {in.role_arn},
                Json{{"StringEquals", {{"iam:PassedToService", k_agentcore_principal}}}}));
  if (in.needs_bucket) {
    // Skill files (harness) or the code zip (runtime; CreateAgentRuntime reads
    // it with the caller's permission, [aws-wire §0 gotcha 7]).
    statements.push_back(statement("Objects", {"s3:PutObject", "s3:GetObject", "s3:DeleteObject"},
                                   {bucket_arn(in) + "/" + object_prefix(in) + "*"}));
    statements.push_back(statement("ListObjects", {"s3:ListBucket"}, {bucket_arn(in)},
                                   Json{{"StringLike", {{"s3:prefix", object_prefix(in) + "*"}}}}));
  }
  if (in.mode == Mode::runtime && in.artifact == RuntimeArtifact::container) {
    // The ECR user guide's push permissions, plus create/describe for the repository.
    statements.push_back(statement(
        "PushImage",
        {"ecr:CreateRepository", "ecr:DescribeRepositories", "ecr:BatchCheckLayerAvailability",
         "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
         "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
        {arn(in, "ecr", in.region, in.account_id, "repository/" + in.ecr_repository)}));
    statements.push_back(statement("EcrLogin", {"ecr:GetAuthorizationToken"}, {"*"}));
  }
  return document(std::move(statements));
}

}  // namespace agentlift::bedrock
