// `agentlift deploy <path>`: a live Harness deploy (cli/harness_deploy.cpp), or
// with --build-only the Runtime package written to <path>/.agentlift-build/bedrock/
// (no network, no lockfile). The live Runtime deploy comes next.

#include <ostream>

#include "base/errors.hpp"
#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/harness_deploy.hpp"
#include "cli/package_writer.hpp"
#include "targets/bedrock/plan_text.hpp"
#include "targets/bedrock/strands_codegen.hpp"

namespace agentlift::cli {
namespace {

struct DeployCommand {
  FolderOptions folder;
  BedrockOptions bedrock;
  bool build_only = false;
  std::string base_image = bedrock::k_default_base_image;
  bool json = false;
  HarnessDeployOptions live;
  int timeout_seconds = 600;
};

int run_deploy(const DeployCommand& options, Io& io) {
  require_bedrock_target(options.bedrock.target);
  const parse::ParseResult parsed = load_project(options.folder);
  const bedrock::Plan plan =
      bedrock::build_plan(parsed.project, parsed.diagnostics, plan_options(options.bedrock));
  if (!options.build_only) {
    if (plan.mode != bedrock::Mode::harness) {
      throw UsageError("live Runtime deploys are not available in this version of agentlift yet",
                       "use 'agentlift deploy <path> --build-only' to write the Runtime package");
    }
    if (!plan.deployable()) {
      io.out << bedrock::render_text(plan, model::TextStyle{io.color})
             << "\nNot deploying: fix the errors above (or try --mode runtime).\n";
      return k_exit_failed;
    }
    HarnessDeployOptions live = options.live;
    live.json = options.json;
    live.timeout = std::chrono::seconds(options.timeout_seconds);
    return deploy_harness(parsed, plan, live, io);
  }
  if (plan.mode == bedrock::Mode::harness) {
    throw UsageError(
        "--build-only writes a Runtime package, but this folder plans to a harness "
        "(configuration only, nothing to build)",
        "add --mode runtime to package the agent for the Runtime instead");
  }
  if (!plan.deployable()) {
    io.out << bedrock::render_text(plan.runtime, model::TextStyle{io.color})
           << "\nNot building: fix the errors above (or pass --skip-unsupported to leave "
              "unsupported pieces out).\n";
    return k_exit_failed;
  }
  bedrock::PackageOptions package;
  package.base_image = options.base_image;
  package.project_path = options.folder.path;
  const emit::GeneratedFiles files = bedrock::generate_runtime_package(plan.runtime, package);
  const std::filesystem::path dir = parsed.project.root / ".agentlift-build" / "bedrock";
  replace_folder(dir, files);
  if (options.json) {
    Json out = Json::object();
    out["build_dir"] = dir.string();
    out["spec_hash"] = plan.runtime.spec_hash();
    Json paths = Json::array();
    for (const emit::GeneratedFile& file : files) paths.push_back(file.path);
    out["files"] = std::move(paths);
    io.out << json::pretty(out) << "\n";
  } else {
    io.out << "Built the AgentCore Runtime package (no deploy): " << dir.string() << "  ("
           << files.size() << " files)\n"
           << "  next: read " << (dir / "NOTES.txt").string()
           << " to build and push the image or zip the code\n";
  }
  return k_exit_ok;
}

}  // namespace

void register_deploy(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<DeployCommand>();
  CLI::App* command = app.add_subcommand(
      "deploy", "Deploy a folder: a Harness live, or a Runtime package with --build-only");
  add_folder_options(*command, options->folder);
  add_bedrock_options(*command, options->bedrock);
  add_aws_options(*command, options->live.aws, /*with_region=*/false);
  command->add_option(
      "--role-arn", options->live.role_arn,
      "Execution role of the harness (default: AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN)");
  command->add_option("--s3-bucket", options->live.s3_bucket,
                      "Bucket for skill files (default: AGENTLIFT_BEDROCK_S3_BUCKET)");
  command->add_flag("--yes,-y", options->live.yes, "Deploy without asking");
  command
      ->add_option("--timeout", options->timeout_seconds,
                   "Seconds to wait for the harness to become READY")
      ->capture_default_str();
  command->add_flag("--build-only", options->build_only,
                    "Write the Runtime package to <path>/.agentlift-build/bedrock/ and stop");
  command
      ->add_option("--base-image", options->base_image,
                   "Base image of the generated Dockerfile (e.g. a registry mirror's)")
      ->capture_default_str();
  command->add_flag("--json", options->json, "Print the result as JSON");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_deploy(*options, io); }; });
}

}  // namespace agentlift::cli
