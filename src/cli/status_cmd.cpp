// `agentlift status`: not built yet (placeholder registered so the command
// list is stable while it is written).

#include "base/errors.hpp"
#include "cli/commands.hpp"

namespace agentlift::cli {

void register_status(CLI::App& app, CommandSlot& slot) {
  CLI::App* command = app.add_subcommand("status", "Show what is deployed from a folder and whether it drifted");
  command->allow_extras();
  command->callback([&slot] {
    slot = [](Io&) -> int { throw Error("'agentlift status' is not available yet"); };
  });
}

}  // namespace agentlift::cli
