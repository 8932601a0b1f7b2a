// `agentlift import`: not built yet (placeholder registered so the command
// list is stable while it is written).

#include "base/errors.hpp"
#include "cli/commands.hpp"

namespace agentlift::cli {

void register_import(CLI::App& app, CommandSlot& slot) {
  CLI::App* command = app.add_subcommand("import", "Read a live harness back into a .managed-agents/ folder");
  command->allow_extras();
  command->callback([&slot] {
    slot = [](Io&) -> int { throw Error("'agentlift import' is not available yet"); };
  });
}

}  // namespace agentlift::cli
