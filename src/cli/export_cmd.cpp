// `agentlift export bedrock-strands <path> [--out DIR]`: the Runtime package
// without container files, printed or written. Unsupported pieces are left out
// (with warnings), so a partial folder still exports; no network, no lockfile.

#include <ostream>

#include "base/errors.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/package_writer.hpp"
#include "targets/bedrock/strands_codegen.hpp"

namespace agentlift::cli {
namespace {

struct ExportCommand {
  std::string format;
  FolderOptions folder;
  std::string region = bedrock::k_default_runtime_region;
  std::string out;
};

int run_export(const ExportCommand& options, Io& io) {
  if (options.format != "bedrock-strands") {
    throw UsageError("export format '" + options.format + "' is not supported yet",
                     "use 'agentlift export bedrock-strands <path>'");
  }
  const parse::ParseResult parsed = load_project(options.folder);
  bedrock::PlanOptions plan_options;
  plan_options.mode = bedrock::Mode::runtime;
  plan_options.region = options.region;
  plan_options.skip_unsupported = true;
  const bedrock::Plan plan = bedrock::build_plan(parsed.project, parsed.diagnostics, plan_options);
  bedrock::PackageOptions package;
  package.container_files = false;
  package.project_path = options.folder.path;
  const emit::GeneratedFiles files = bedrock::generate_runtime_package(plan.runtime, package);
  if (options.out.empty()) {
    for (const emit::GeneratedFile& file : files) {
      io.out << "# ===== " << file.path << " =====\n";
      if (file.copy_from) {
        io.out << "# (copied from " << file.copy_from->string() << ")\n";
      } else {
        io.out << file.contents;
        if (!file.contents.empty() && file.contents.back() != '\n') io.out << "\n";
      }
    }
    return k_exit_ok;
  }
  write_into(options.out, files);
  io.out << "Wrote " << files.size() << " file(s) to " << options.out << ":\n";
  for (const emit::GeneratedFile& file : files) io.out << "  " << file.path << "\n";
  return k_exit_ok;
}

}  // namespace

void register_export(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<ExportCommand>();
  CLI::App* command = app.add_subcommand("export", "Write a folder's generated package offline");
  command->add_option("format", options->format, "What to export: bedrock-strands")->required();
  add_folder_options(*command, options->folder);
  command->add_option("--bedrock-region", options->region, "AWS region of the models")
      ->capture_default_str();
  command->add_option("--out", options->out,
                      "Write the files into this folder instead of printing");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_export(*options, io); }; });
}

}  // namespace agentlift::cli
