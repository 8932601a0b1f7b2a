// `agentlift doctor`: not built yet (placeholder registered so the command
// list is stable while it is written).

#include "base/errors.hpp"
#include "cli/commands.hpp"

namespace agentlift::cli {

void register_doctor(CLI::App& app, CommandSlot& slot) {
  CLI::App* command = app.add_subcommand("doctor", "Check AWS access and the deploy prerequisites");
  command->allow_extras();
  command->callback([&slot] {
    slot = [](Io&) -> int { throw Error("'agentlift doctor' is not available yet"); };
  });
}

}  // namespace agentlift::cli
