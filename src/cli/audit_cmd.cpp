// placeholder until the audit module lands
#include "cli/commands.hpp"
namespace agentlift::cli {
void register_audit(CLI::App&, CommandSlot&) {}
}  // namespace agentlift::cli
