// `agentlift deploy <path> --build-only`: writes the Runtime package to
// <path>/.agentlift-build/bedrock/. No network, no lockfile. (Live deploys
// arrive with the AWS layer.)

#include <ostream>

#include "base/errors.hpp"
#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
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
};

int run_deploy(const DeployCommand& options, Io& io) {
  require_bedrock_target(options.bedrock.target);
  if (!options.build_only) {
    throw UsageError("live deploys are not available in this version of agentlift yet",
                     "use 'agentlift deploy <path> --build-only' to write the Runtime package, "
                     "or 'agentlift plan <path>' to see what a deploy would create");
  }
  const parse::ParseResult parsed = load_project(options.folder);
  const bedrock::Plan plan =
      bedrock::build_plan(parsed.project, parsed.diagnostics, plan_options(options.bedrock));
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
  CLI::App* command = app.add_subcommand("deploy", "Deploy a folder (for now: --build-only)");
  add_folder_options(*command, options->folder);
  add_bedrock_options(*command, options->bedrock);
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
