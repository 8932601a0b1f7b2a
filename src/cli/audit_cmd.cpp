// `agentlift audit <path>`: how portable the folder is to each provider. Pure:
// reads the folder, prints the report; no target's planner is involved.

#include <ostream>

#include "audit/audit.hpp"
#include "base/errors.hpp"
#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "model/diagnostic_text.hpp"

namespace agentlift::cli {
namespace {

struct AuditCommand {
  FolderOptions folder;
  std::string targets = audit::k_default_targets;
  bool json = false;
};

int run_audit(const AuditCommand& options, Io& io) {
  const std::vector<std::string> targets = audit::parse_target_list(options.targets);
  if (targets.empty()) {
    throw UsageError(
        "--targets names no target",
        std::string("pass a comma-separated list such as ") + audit::k_default_targets);
  }
  const parse::ParseResult parsed = load_project(options.folder);
  const bool has_agents = !parsed.project.agents.empty();
  // Without agents the report is empty but keeps its shape, so scripts reading
  // the JSON need no special case (the exit code says it failed).
  const audit::Report report = audit::build_report(parsed.project, targets);
  if (options.json) {
    Json out = audit::to_json(report);
    out["diagnostics"] = parsed.diagnostics.to_json();
    io.out << json::pretty(out) << "\n";
  } else {
    // Shown first: a folder with errors is audited as far as it parsed.
    if (!parsed.diagnostics.items().empty()) {
      io.out << model::render_diagnostics(parsed.diagnostics, model::TextStyle{io.color}) << "\n";
    }
    if (has_agents) {
      io.out << audit::render_text(report);
    } else {
      io.out << "No agents found to audit in " << parsed.project.root.string() << ".\n";
    }
  }
  return has_agents ? k_exit_ok : k_exit_failed;
}

}  // namespace

void register_audit(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<AuditCommand>();
  CLI::App* command =
      app.add_subcommand("audit", "Rate how well the folder carries over to each provider");
  add_folder_options(*command, options->folder);
  command
      ->add_option("--targets", options->targets,
                   "Comma-separated providers to rate (unknown names are reported, not rejected)")
      ->capture_default_str();
  command->add_flag("--json", options->json, "Print the report as JSON");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_audit(*options, io); }; });
}

}  // namespace agentlift::cli
