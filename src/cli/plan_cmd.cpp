// `agentlift plan <path>`: the dry run. Pure: reads the folder, prints the plan.

#include <ostream>

#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "targets/bedrock/plan_text.hpp"

namespace agentlift::cli {
namespace {

struct PlanCommand {
  FolderOptions folder;
  BedrockOptions bedrock;
  bool json = false;
};

int run_plan(const PlanCommand& options, Io& io) {
  require_bedrock_target(options.bedrock.target);
  const parse::ParseResult parsed = load_project(options.folder);
  const bedrock::Plan plan =
      bedrock::build_plan(parsed.project, parsed.diagnostics, plan_options(options.bedrock));
  if (options.json) {
    io.out << json::pretty(plan.to_json()) << "\n";
  } else {
    io.out << "Project: " << parsed.project.root.string() << "  ("
           << model::layout_name(parsed.project.layout) << ")\n"
           << bedrock::render_text(plan, model::TextStyle{io.color});
  }
  return plan.deployable() ? k_exit_ok : k_exit_failed;
}

}  // namespace

void register_plan(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<PlanCommand>();
  CLI::App* command = app.add_subcommand("plan", "Show what a deploy would create (no network)");
  add_folder_options(*command, options->folder);
  add_bedrock_options(*command, options->bedrock);
  command->add_flag("--json", options->json, "Print the plan as JSON");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_plan(*options, io); }; });
}

}  // namespace agentlift::cli
