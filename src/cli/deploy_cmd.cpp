// `agentlift deploy <path>`: a live Harness deploy (cli/harness_deploy.cpp), a
// live Runtime deploy (cli/runtime_deploy.cpp: a code zip in S3 by default, or
// a container image), or with --build-only the Runtime package written to
// <path>/.agentlift-build/bedrock/ (no network, no lockfile).

#include <ostream>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/harness_deploy.hpp"
#include "cli/package_writer.hpp"
#include "cli/runtime_deploy.hpp"
#include "targets/bedrock/plan_text.hpp"
#include "targets/bedrock/strands_codegen.hpp"

namespace agentlift::cli {
namespace {

struct DeployCommand {
  FolderOptions folder;
  BedrockOptions bedrock;
  bool build_only = false;
  bool json = false;
  int timeout_seconds = 600;
  // The live deploys' settings; aws, role_arn, s3_bucket, yes, base_image and
  // project_path are shared with the harness deploy.
  RuntimeDeployOptions live;
  std::vector<std::string> runtime_flags_given;  // e.g. "--artifact", for a harness warning
};

constexpr const char* k_runtime_only_flags[] = {"--artifact",  "--python",  "--code-deps",
                                                "--wheel-dir", "--builder", "--base-image"};

int deploy_live_harness(const parse::ParseResult& parsed, const bedrock::Plan& plan,
                        const DeployCommand& options, Io& io) {
  if (!plan.deployable()) {
    io.out << bedrock::render_text(plan, model::TextStyle{io.color})
           << "\nNot deploying: fix the errors above (or try --mode runtime).\n";
    return k_exit_failed;
  }
  for (const std::string& flag : options.runtime_flags_given) {
    io.err << "warning: " << flag
           << " applies to a Runtime; this folder deploys as a Harness, so it is ignored\n";
  }
  HarnessDeployOptions live;
  live.aws = options.live.aws;
  live.role_arn = options.live.role_arn;
  live.s3_bucket = options.live.s3_bucket;
  live.yes = options.live.yes;
  live.json = options.json;
  live.timeout = std::chrono::seconds(options.timeout_seconds);
  return deploy_harness(parsed, plan, live, io);
}

int deploy_live_runtime(const parse::ParseResult& parsed, const bedrock::Plan& plan,
                        const DeployCommand& options, Io& io) {
  if (!plan.deployable()) {
    io.out << bedrock::render_text(plan.runtime, model::TextStyle{io.color})
           << "\nNot deploying: fix the errors above (or pass --skip-unsupported to leave "
              "unsupported pieces out).\n";
    return k_exit_failed;
  }
  RuntimeDeployOptions live = options.live;
  live.json = options.json;
  live.timeout = std::chrono::seconds(options.timeout_seconds);
  live.project_path = options.folder.path;
  return deploy_runtime(parsed, plan, live, io);
}

int build_only(const parse::ParseResult& parsed, const bedrock::Plan& plan,
               const DeployCommand& options, Io& io) {
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
  if (!options.live.base_image.empty()) package.base_image = options.live.base_image;
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

int run_deploy(const DeployCommand& options, Io& io) {
  require_bedrock_target(options.bedrock.target);
  const parse::ParseResult parsed = load_project(options.folder);
  const bedrock::Plan plan =
      bedrock::build_plan(parsed.project, parsed.diagnostics, plan_options(options.bedrock));
  if (options.build_only) return build_only(parsed, plan, options, io);
  if (plan.mode == bedrock::Mode::harness) return deploy_live_harness(parsed, plan, options, io);
  return deploy_live_runtime(parsed, plan, options, io);
}

void add_runtime_options(CLI::App& command, RuntimeDeployOptions& live) {
  command
      .add_option("--artifact", live.artifact,
                  "Runtime artifact: code (a zip in S3, no Docker) or container (an ECR image)")
      ->check(CLI::IsMember({"code", "container"}))
      ->capture_default_str();
  command
      .add_option("--python", live.python_version,
                  "Python version of a code artifact (3.10 to 3.14)")
      ->capture_default_str();
  command
      .add_option("--code-deps", live.code_deps,
                  "Python dependencies in the code zip: install (pip or uv, for linux/arm64) or "
                  "none (the zip will not start on AWS; for tests and demos)")
      ->check(CLI::IsMember({"install", "none"}))
      ->capture_default_str();
  command.add_option("--wheel-dir", live.wheel_dir,
                     "Install the code zip's dependencies offline from this folder of wheels");
  command
      .add_option("--builder", live.builder,
                  "Image builder of a container artifact: docker, podman or buildah")
      ->check(CLI::IsMember({"docker", "podman", "buildah"}))
      ->capture_default_str();
  command.add_option("--base-image", live.base_image,
                     "Base image of the generated Dockerfile (default " +
                         std::string(bedrock::k_default_base_image) + ", e.g. a mirror's)");
}

}  // namespace

void register_deploy(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<DeployCommand>();
  CLI::App* command = app.add_subcommand(
      "deploy", "Deploy a folder live: a Harness, or a Runtime (code zip or container)");
  add_folder_options(*command, options->folder);
  add_bedrock_options(*command, options->bedrock);
  add_aws_options(*command, options->live.aws, /*with_region=*/false);
  command->add_option("--role-arn", options->live.role_arn,
                      "Execution role (default: AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN)");
  command->add_option(
      "--s3-bucket", options->live.s3_bucket,
      "Bucket for skill files and code zips (default: AGENTLIFT_BEDROCK_S3_BUCKET)");
  command->add_flag("--yes,-y", options->live.yes, "Deploy without asking");
  command
      ->add_option("--timeout", options->timeout_seconds,
                   "Seconds to wait for the harness or runtime to become READY")
      ->capture_default_str();
  command->add_flag("--build-only", options->build_only,
                    "Write the Runtime package to <path>/.agentlift-build/bedrock/ and stop");
  add_runtime_options(*command, options->live);
  command->add_flag("--json", options->json, "Print the result as JSON");
  command->callback([options, command, &slot] {
    for (const char* flag : k_runtime_only_flags) {
      if (command->count(flag) > 0) options->runtime_flags_given.push_back(flag);
    }
    slot = [options](Io& io) { return run_deploy(*options, io); };
  });
}

}  // namespace agentlift::cli
