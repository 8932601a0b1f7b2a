// `agentlift diff`: not built yet (placeholder registered so the command
// list is stable while it is written).

#include "base/errors.hpp"
#include "cli/commands.hpp"

namespace agentlift::cli {

void register_diff(CLI::App& app, CommandSlot& slot) {
  CLI::App* command = app.add_subcommand("diff", "Show what a deploy would change");
  command->allow_extras();
  command->callback([&slot] {
    slot = [](Io&) -> int { throw Error("'agentlift diff' is not available yet"); };
  });
}

}  // namespace agentlift::cli
