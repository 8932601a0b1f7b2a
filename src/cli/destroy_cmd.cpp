// `agentlift destroy`: not built yet (placeholder registered so the command
// list is stable while it is written).

#include "base/errors.hpp"
#include "cli/commands.hpp"

namespace agentlift::cli {

void register_destroy(CLI::App& app, CommandSlot& slot) {
  CLI::App* command = app.add_subcommand("destroy", "Delete what agentlift deployed from a folder");
  command->allow_extras();
  command->callback([&slot] {
    slot = [](Io&) -> int { throw Error("'agentlift destroy' is not available yet"); };
  });
}

}  // namespace agentlift::cli
