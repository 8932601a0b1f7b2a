#include "cli/run.hpp"

#include <ostream>

#include "base/errors.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"

namespace agentlift::cli {
namespace {

void print_error(Io& io, const std::string& message, const std::string& hint) {
  io.err << "error: " << message << "\n";
  if (!hint.empty()) io.err << "hint: " << hint << "\n";
}

}  // namespace

int run(const std::vector<std::string>& args, Io& io) {
  CLI::App app{"agentlift: compile a .managed-agents/ folder for Amazon Bedrock AgentCore",
               "agentlift"};
  app.set_version_flag("--version", std::string("agentlift ") + AGENTLIFT_VERSION);
  app.require_subcommand(1);
  CommandSlot slot;
  register_validate(app, slot);
  register_plan(app, slot);
  register_audit(app, slot);
  register_deploy(app, slot);
  register_export(app, slot);
  register_whoami(app, slot);
  register_run(app, slot);
  register_status(app, slot);
  register_diff(app, slot);
  register_iam(app, slot);
  register_import(app, slot);
  register_destroy(app, slot);
  register_doctor(app, slot);

  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return k_exit_ok;
  } catch (const CLI::CallForAllHelp&) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return k_exit_ok;
  } catch (const CLI::CallForVersion&) {
    io.out << app.version() << "\n";
    return k_exit_ok;
  } catch (const CLI::ParseError& e) {
    print_error(io, e.what(), "run 'agentlift --help' (or 'agentlift <command> --help')");
    return k_exit_usage;
  }
  try {
    return slot ? slot(io) : k_exit_usage;
  } catch (const UsageError& e) {
    print_error(io, e.what(), e.hint());
    return k_exit_usage;
  } catch (const Error& e) {
    print_error(io, e.what(), e.hint());
    return k_exit_failed;
  } catch (const std::exception& e) {
    print_error(io, std::string("unexpected failure: ") + e.what(),
                "this is a bug in agentlift; please report it with the command you ran");
    return k_exit_failed;
  }
}

}  // namespace agentlift::cli
