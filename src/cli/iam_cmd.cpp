// `agentlift iam <path>`: the IAM documents the folder's deploy needs (the
// execution role's policy and trust policy, and the deploying caller's policy)
// and the `aws iam` commands that apply them. The policies come from the plan
// (targets/bedrock/iam_policy); the only network call is STS
// GetCallerIdentity, and only when --account-id is not given.

#include <ostream>

#include "base/errors.hpp"
#include "base/json.hpp"
#include "cli/aws_access.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/deploy_support.hpp"
#include "cloud/sts_client.hpp"
#include "targets/bedrock/iam_policy.hpp"

namespace agentlift::cli {
namespace {

struct IamCommand {
  FolderOptions folder;
  BedrockOptions bedrock;
  AwsOptions aws;
  std::string account_id;
  std::string role_arn;
  std::string s3_bucket;
  std::string artifact = "code";
  bool json = false;
};

// --account-id, else the account of the credentials at hand (STS). Without
// either it is a usage error: a guessed "*" would make the trust policy's
// aws:SourceAccount condition meaningless.
std::string account_id_of(const IamCommand& options, const plan::Environment& environment,
                          const std::string& region, Io& io) {
  if (!options.account_id.empty()) return options.account_id;
  AwsOptions aws = options.aws;
  aws.region = region;
  try {
    AwsAccess access(aws, io.err, environment);
    cloud::AwsSession& session = access.session();
    return cloud::StsClient(session.client(cloud::AwsService::sts)).get_caller_identity().account;
  } catch (const Error& error) {
    throw UsageError(std::string("the policies need the AWS account id, and asking STS for it "
                                 "failed: ") +
                         error.what(),
                     "pass --account-id 123456789012 (no network call is made then)");
  }
}

std::string role_commands(const bedrock::IamInputs& in) {
  const std::string name = in.role_name;
  return "aws iam create-role --role-name " + name +
         " --assume-role-policy-document file://trust-policy.json\n"
         "aws iam put-role-policy --role-name " +
         name +
         " --policy-name agentlift-execution --policy-document "
         "file://execution-policy.json\n"
         "# the identity that deploys (a user here; put-role-policy for a role):\n"
         "aws iam put-user-policy --user-name <you> --policy-name agentlift-deploy "
         "--policy-document file://deployer-policy.json\n";
}

int run_iam(const IamCommand& options, Io& io) {
  require_bedrock_target(options.bedrock.target);
  const parse::ParseResult parsed = load_project(options.folder);
  const bedrock::Plan plan =
      bedrock::build_plan(parsed.project, parsed.diagnostics, plan_options(options.bedrock));
  const plan::Environment environment = environment_with_dotenv(parsed.project.root);

  bedrock::IamSettings settings;
  settings.artifact = options.artifact == "container" ? bedrock::RuntimeArtifact::container
                                                      : bedrock::RuntimeArtifact::code;
  settings.role_arn =
      setting(options.role_arn, environment, "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN");
  settings.s3_bucket = setting(options.s3_bucket, environment, "AGENTLIFT_BEDROCK_S3_BUCKET");
  settings.account_id = account_id_of(options, environment, plan.region(), io);
  const bedrock::IamInputs in = bedrock::iam_inputs(plan, settings);

  std::vector<std::string> warnings;
  if (in.needs_bucket && in.bucket.empty()) {
    warnings.push_back(std::string("no bucket is set (--s3-bucket or AGENTLIFT_BEDROCK_S3_BUCKET): "
                                   "the policies say ") +
                       bedrock::k_bucket_placeholder + "; replace it with yours");
  }
  const Json execution = bedrock::execution_role_policy(in);
  const Json trust = bedrock::trust_policy(in);
  const Json deployer = bedrock::deployer_policy(in);
  const std::string mode = plan.mode == bedrock::Mode::runtime ? "runtime" : "harness";

  if (options.json) {
    Json out{{"mode", mode},
             {"region", in.region},
             {"account_id", in.account_id},
             {"role_name", in.role_name},
             {"role_arn", in.role_arn},
             {"execution_role_policy", execution},
             {"trust_policy", trust},
             {"deployer_policy", deployer}};
    Json list = Json::array();
    for (const auto& warning : warnings) list.push_back(warning);
    out["warnings"] = std::move(list);
    io.out << json::pretty(out) << "\n";
    return k_exit_ok;
  }
  for (const auto& warning : warnings) io.err << "warning: " << warning << "\n";
  io.out << "IAM for the AgentCore " << (mode == "runtime" ? "Runtime" : "Harness") << " in "
         << in.region << " (account " << in.account_id << ", role " << in.role_arn << ")\n\n"
         << "== Execution role policy (execution-policy.json) ==\n"
         << json::pretty(execution) << "\n\n"
         << "== Execution role trust policy (trust-policy.json) ==\n"
         << json::pretty(trust) << "\n\n"
         << "== Deployer policy, for the identity that runs 'agentlift deploy' "
            "(deployer-policy.json) ==\n"
         << json::pretty(deployer) << "\n\n"
         << "== Apply them ==\n"
         << role_commands(in);
  return k_exit_ok;
}

}  // namespace

void register_iam(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<IamCommand>();
  CLI::App* command =
      app.add_subcommand("iam", "Print the least-privilege IAM policies a folder's deploy needs");
  add_folder_options(*command, options->folder);
  add_bedrock_options(*command, options->bedrock);
  add_aws_options(*command, options->aws, /*with_region=*/false);
  command->add_option("--account-id", options->account_id,
                      "AWS account id (default: the account of your credentials, via STS)");
  command->add_option("--role-arn", options->role_arn,
                      "Execution role (default: AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN, else "
                      "role/agentlift-<name>)");
  command->add_option("--s3-bucket", options->s3_bucket,
                      "Bucket for skills or code zips (default: AGENTLIFT_BEDROCK_S3_BUCKET)");
  command->add_option("--artifact", options->artifact, "Runtime artifact: code or container")
      ->check(CLI::IsMember({"code", "container"}))
      ->capture_default_str();
  command->add_flag("--json", options->json, "Print the three documents as one JSON object");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_iam(*options, io); }; });
}

}  // namespace agentlift::cli
