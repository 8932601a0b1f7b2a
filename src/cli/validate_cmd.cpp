// `agentlift validate <path>`: read the folder and report every problem, with
// the verdict of the plan it would deploy as.

#include <ostream>

#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "model/diagnostic_text.hpp"

namespace agentlift::cli {
namespace {

struct ValidateCommand {
  FolderOptions folder;
  BedrockOptions bedrock;
  bool json = false;
};

int run_validate(const ValidateCommand& options, Io& io) {
  require_bedrock_target(options.bedrock.target);
  const parse::ParseResult parsed = load_project(options.folder);
  const bedrock::Plan plan =
      bedrock::build_plan(parsed.project, parsed.diagnostics, plan_options(options.bedrock));
  const model::Diagnostics& diagnostics =
      plan.mode == bedrock::Mode::harness ? plan.harness.diagnostics : plan.runtime.diagnostics;
  if (options.json) {
    Json out = Json::object();
    out["root"] = parsed.project.root.string();
    out["layout"] = model::layout_name(parsed.project.layout);
    Json agents = Json::array();
    for (const model::Agent& agent : parsed.project.agents) agents.push_back(agent.name);
    out["agents"] = std::move(agents);
    out["mode"] = plan.mode == bedrock::Mode::harness ? "harness" : "runtime";
    out["region"] = plan.region();
    out["diagnostics"] = diagnostics.to_json();
    out["deployable"] = plan.deployable();
    io.out << json::pretty(out) << "\n";
  } else {
    io.out << "Project: " << parsed.project.root.string() << "  ("
           << model::layout_name(parsed.project.layout) << ")\n";
    io.out << "Agents: ";
    if (parsed.project.agents.empty()) io.out << "(none)";
    for (std::size_t i = 0; i < parsed.project.agents.size(); ++i) {
      io.out << (i ? ", " : "") << parsed.project.agents[i].name;
    }
    io.out << "\nTarget: bedrock " << (plan.mode == bedrock::Mode::harness ? "harness" : "runtime")
           << " in " << plan.region() << "\n";
    if (!diagnostics.items().empty())
      io.out << "\n" << model::render_diagnostics(diagnostics, model::TextStyle{io.color});
    io.out << (plan.deployable() ? "\nValid: yes\n" : "\nValid: no (fix the errors above)\n");
  }
  return plan.deployable() ? k_exit_ok : k_exit_failed;
}

}  // namespace

void register_validate(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<ValidateCommand>();
  CLI::App* command = app.add_subcommand("validate", "Check a folder and report every problem");
  add_folder_options(*command, options->folder);
  add_bedrock_options(*command, options->bedrock);
  command->add_flag("--json", options->json, "Print the result as JSON");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_validate(*options, io); }; });
}

}  // namespace agentlift::cli
