// `agentlift iam`: not built yet (placeholder registered so the command
// list is stable while it is written).

#include "base/errors.hpp"
#include "cli/commands.hpp"

namespace agentlift::cli {

void register_iam(CLI::App& app, CommandSlot& slot) {
  CLI::App* command = app.add_subcommand("iam", "Print the IAM policies a folder's deploy needs");
  command->allow_extras();
  command->callback([&slot] {
    slot = [](Io&) -> int { throw Error("'agentlift iam' is not available yet"); };
  });
}

}  // namespace agentlift::cli
