#include "cli/common.hpp"

#include "base/errors.hpp"

namespace agentlift::cli {

void add_folder_options(CLI::App& command, FolderOptions& options) {
  command
      .add_option("path", options.path, "Project folder (.managed-agents/ inside) or agent folder")
      ->required();
  command.add_option("--model", options.model, "Model for agents that name none")
      ->capture_default_str();
  command
      .add_option("--max-file-size", options.max_file_size,
                  "Largest agent.md, SKILL.md or mcp.json accepted, in bytes")
      ->capture_default_str();
}

parse::ParseResult load_project(const FolderOptions& options) {
  parse::ParseOptions parse_options;
  parse_options.default_model = options.model;
  parse_options.max_file_bytes = options.max_file_size;
  return parse::parse_project(options.path, parse_options);
}

void add_bedrock_options(CLI::App& command, BedrockOptions& options) {
  command.add_option("--target", options.target, "Deploy target")
      ->check(CLI::IsMember({"bedrock", "anthropic", "google"}))
      ->capture_default_str();
  command.add_option("--mode", options.mode, "AgentCore primitive: auto, harness or runtime")
      ->check(CLI::IsMember({"auto", "harness", "runtime"}))
      ->capture_default_str();
  command.add_option("--bedrock-region", options.region,
                     "AWS region (default: us-west-2 for a harness, eu-north-1 for a runtime)");
  command.add_flag("--skip-unsupported", options.skip_unsupported,
                   "Leave out unsupported pieces (with a warning) instead of failing");
}

bedrock::PlanOptions plan_options(const BedrockOptions& options) {
  bedrock::PlanOptions out;
  out.mode = options.mode == "harness"   ? bedrock::Mode::harness
             : options.mode == "runtime" ? bedrock::Mode::runtime
                                         : bedrock::Mode::auto_select;
  out.region = options.region;
  out.skip_unsupported = options.skip_unsupported;
  return out;
}

void require_bedrock_target(const std::string& target) {
  if (target != "bedrock") {
    throw UsageError("target '" + target + "' is not supported yet",
                     "use --target bedrock (Amazon Bedrock AgentCore), the default");
  }
}

}  // namespace agentlift::cli
