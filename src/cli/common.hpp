#pragma once
// What several subcommands share: folder options, loading a project, and the
// --target check.

#include <string>

#include <CLI/CLI.hpp>

#include "cli/io.hpp"
#include "parse/project_parser.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failed = 1;
inline constexpr int k_exit_usage = 2;

struct FolderOptions {
  std::string path;
  std::string model = parse::k_default_model;
  std::uintmax_t max_file_size = 10u << 20;
};
void add_folder_options(CLI::App& command, FolderOptions& options);
parse::ParseResult load_project(const FolderOptions& options);

struct BedrockOptions {
  std::string target = "bedrock";
  std::string mode = "auto";
  std::string region;
  bool skip_unsupported = false;
};
void add_bedrock_options(CLI::App& command, BedrockOptions& options);
bedrock::PlanOptions plan_options(const BedrockOptions& options);
// Fails with a UsageError for targets that do not exist yet.
void require_bedrock_target(const std::string& target);

}  // namespace agentlift::cli
