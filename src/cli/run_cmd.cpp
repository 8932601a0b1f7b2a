// `agentlift run`: not built yet (placeholder registered so the command
// list is stable while it is written).

#include "base/errors.hpp"
#include "cli/commands.hpp"

namespace agentlift::cli {

void register_run(CLI::App& app, CommandSlot& slot) {
  CLI::App* command = app.add_subcommand("run", "Invoke a deployed agent (harness or runtime) with a task");
  command->allow_extras();
  command->callback([&slot] {
    slot = [](Io&) -> int { throw Error("'agentlift run' is not available yet"); };
  });
}

}  // namespace agentlift::cli
