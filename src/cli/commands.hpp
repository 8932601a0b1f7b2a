#pragma once
// Each subcommand registers itself on the CLI11 app; when CLI11 picks it, its
// callback stores the function that run() then calls.

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/io.hpp"

namespace agentlift::cli {

using CommandSlot = std::function<int(Io&)>;

void register_validate(CLI::App& app, CommandSlot& slot);
void register_plan(CLI::App& app, CommandSlot& slot);
void register_audit(CLI::App& app, CommandSlot& slot);
void register_deploy(CLI::App& app, CommandSlot& slot);
void register_export(CLI::App& app, CommandSlot& slot);
void register_whoami(CLI::App& app, CommandSlot& slot);
void register_run(CLI::App& app, CommandSlot& slot);
void register_status(CLI::App& app, CommandSlot& slot);
void register_diff(CLI::App& app, CommandSlot& slot);
void register_iam(CLI::App& app, CommandSlot& slot);
void register_import(CLI::App& app, CommandSlot& slot);
void register_destroy(CLI::App& app, CommandSlot& slot);
void register_doctor(CLI::App& app, CommandSlot& slot);

}  // namespace agentlift::cli
