// `agentlift doctor`: the checks a deploy depends on, run before it (the seed's
// two gates). Gate B: IAM credentials, the execution role, the bucket, the
// region's AgentCore control plane, and for a Runtime the build tools and the
// role's trust policy. Gate A, only with --probe-model: one Converse call that
// shows whether the account may use the model. Exit 0 when no check failed.

#include <ostream>

#include "base/json.hpp"
#include "cli/aws_access.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/deploy_support.hpp"
#include "cli/doctor_probes.hpp"

namespace agentlift::cli {
namespace {

using bedrock::Check;
using bedrock::Mode;
using bedrock::Verdict;

struct DoctorCommand {
  std::string path;  // optional: the folder a deploy would use
  std::string model = parse::k_default_model;
  BedrockOptions bedrock;
  AwsOptions aws;
  std::string probe_model;
  std::string role_arn;
  std::string s3_bucket;
  std::string artifact = "code";
  bool json = false;
};

// What the checks depend on: from the folder's plan when --path is given,
// else from the flags.
struct Target {
  Mode mode = Mode::harness;
  std::string region;
  std::optional<bool> needs_bucket;  // nullopt: unknown without a folder
  std::string bucket_use;            // why the bucket is needed
};

Target target_of(const DoctorCommand& options, bedrock::RuntimeArtifact artifact) {
  Target target;
  const bedrock::PlanOptions plan_opts = plan_options(options.bedrock);
  if (options.path.empty()) {
    target.mode = plan_opts.mode == Mode::runtime ? Mode::runtime : Mode::harness;
    target.region = !plan_opts.region.empty()      ? plan_opts.region
                    : target.mode == Mode::runtime ? bedrock::k_default_runtime_region
                                                   : bedrock::k_default_harness_region;
  } else {
    FolderOptions folder;
    folder.path = options.path;
    folder.model = options.model;
    const parse::ParseResult parsed = load_project(folder);
    const bedrock::Plan plan = bedrock::build_plan(parsed.project, parsed.diagnostics, plan_opts);
    target.mode = plan.mode;
    target.region = plan.region();
    target.needs_bucket = plan.mode == Mode::harness ? !plan.harness.skills.empty()
                                                     : artifact == bedrock::RuntimeArtifact::code;
  }
  target.bucket_use = target.mode == Mode::harness ? "the harness's skills are uploaded to it"
                                                   : "the code zip is uploaded to it";
  return target;
}

Check skipped(const std::string& id, const std::string& title, const std::string& why) {
  return Check{id, title, Verdict::skipped, why, {}};
}

bedrock::DoctorReport run_checks(const DoctorCommand& options, const Target& target,
                                 bedrock::RuntimeArtifact artifact, Io& io) {
  const std::filesystem::path folder = options.path.empty() ? "." : options.path;
  const plan::Environment environment = environment_with_dotenv(folder);
  const std::string role =
      setting(options.role_arn, environment, "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN");
  const std::string bucket = setting(options.s3_bucket, environment, "AGENTLIFT_BEDROCK_S3_BUCKET");

  AwsOptions aws = options.aws;
  aws.region = target.region;
  AwsAccess access(aws, io.err, environment);
  cloud::AwsSession& session = access.session();

  bedrock::DoctorReport report;
  const Check credentials = probe_credentials(session);
  report.checks.push_back(credentials);
  const bool signed_in = credentials.verdict == Verdict::ok;
  const std::string needs_credentials = "needs working AWS credentials";

  const Check role_check = bedrock::execution_role_check(role);
  report.checks.push_back(role_check);

  if (target.needs_bucket == false) {
    report.checks.push_back(bedrock::bucket_not_needed(
        target.mode == Mode::harness ? "the folder has no skills" : "a container needs no bucket"));
  } else if (bucket.empty()) {
    report.checks.push_back(target.needs_bucket.value_or(false)
                                ? bedrock::bucket_missing(target.bucket_use)
                                : bedrock::bucket_not_needed("no bucket set (and no --path to "
                                                             "tell whether one is needed)"));
  } else if (!signed_in) {
    report.checks.push_back(skipped("s3_bucket", "S3 bucket", needs_credentials));
  } else {
    report.checks.push_back(probe_bucket(session, bucket));
  }

  report.checks.push_back(signed_in ? probe_control_plane(session, target.mode)
                                    : skipped("region", "Region", needs_credentials));
  report.checks.push_back(bedrock::build_tools_check(
      target.mode, artifact,
      target.mode == Mode::runtime ? detect_build_tools(environment) : bedrock::BuildTools{}));

  if (role_check.verdict != Verdict::ok) {
    report.checks.push_back(bedrock::trust_skipped("needs a well-formed execution role ARN"));
  } else if (!signed_in) {
    report.checks.push_back(bedrock::trust_skipped(needs_credentials));
  } else {
    report.checks.push_back(probe_role_trust(session, role));
  }

  if (options.probe_model.empty()) {
    report.checks.push_back(bedrock::model_not_probed());
  } else if (!signed_in) {
    report.checks.push_back(skipped("model_access", "Model access", needs_credentials));
  } else {
    report.checks.push_back(probe_model(session, options.probe_model));
  }
  return report;
}

int run_doctor(const DoctorCommand& options, Io& io) {
  require_bedrock_target(options.bedrock.target);
  const auto artifact = options.artifact == "container" ? bedrock::RuntimeArtifact::container
                                                        : bedrock::RuntimeArtifact::code;
  const Target target = target_of(options, artifact);
  const bedrock::DoctorReport report = run_checks(options, target, artifact, io);
  if (options.json) {
    Json out = report.to_json();
    out["mode"] = target.mode == Mode::runtime ? "runtime" : "harness";
    out["region"] = target.region;
    io.out << json::pretty(out) << "\n";
  } else {
    io.out << "agentlift doctor: AgentCore "
           << (target.mode == Mode::runtime ? "Runtime" : "Harness") << " in " << target.region
           << "\n\n"
           << report.to_text();
  }
  return report.passed() ? k_exit_ok : k_exit_failed;
}

}  // namespace

void register_doctor(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<DoctorCommand>();
  CLI::App* command = app.add_subcommand(
      "doctor",
      "Check AWS access and the deploy prerequisites (credentials, role, bucket, "
      "region, build tools, model access)");
  command->add_option("--path", options->path,
                      "Project folder to check for (its mode, region, skills and models)");
  command->add_option("--model", options->model, "Model for agents that name none")
      ->capture_default_str();
  add_bedrock_options(*command, options->bedrock);
  add_aws_options(*command, options->aws, /*with_region=*/false);
  command->add_option("--probe-model", options->probe_model,
                      "Send one one-token Converse call to this model id (Gate A)");
  command->add_option("--role-arn", options->role_arn,
                      "Execution role (default: AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN)");
  command->add_option("--s3-bucket", options->s3_bucket,
                      "Bucket for skills or code zips (default: AGENTLIFT_BEDROCK_S3_BUCKET)");
  command->add_option("--artifact", options->artifact, "Runtime artifact: code or container")
      ->check(CLI::IsMember({"code", "container"}))
      ->capture_default_str();
  command->add_flag("--json", options->json, "Print the checks as JSON");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_doctor(*options, io); }; });
}

}  // namespace agentlift::cli
