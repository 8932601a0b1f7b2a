#pragma once
// The two Bedrock AgentCore plans: plain data computed from a model::Project.
// to_json() gives `plan --json` (the compatibility contract: same keys, order
// and values as agentlift 0.8); hashable() is what spec_hash covers.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "model/diagnostic.hpp"
#include "model/project.hpp"

namespace agentlift::bedrock {

inline constexpr const char* k_default_harness_region = "us-west-2";
inline constexpr const char* k_default_runtime_region = "eu-north-1";

enum class Mode { auto_select, harness, runtime };

struct PlanOptions {
  Mode mode = Mode::auto_select;
  std::string region;  // empty: the mode's default
  bool skip_unsupported = false;
};

// ---- Harness (managed, config only, one agent) ---------------------------------

struct HarnessMcpTool {
  std::string server;
  std::string url;
  model::StringPairs auth_env_vars;  // header -> env var name, headers sorted
  // header -> value as written in mcp.json ("Bearer ${TOKEN}"), for the deploy's
  // value resolution; not part of the plan JSON. May be a literal secret: never print.
  model::StringPairs header_templates;
};

struct HarnessSkill {
  std::string name;
  std::string content_hash;
  std::vector<model::SkillFile> files;  // for upload; not part of the plan JSON
  std::filesystem::path source_dir;     // where the files are read from; not in the JSON
};

struct HarnessPlan {
  std::string agent_name;  // the root agent's name; sent as a harness env var, not hashed
  std::string harness_name;
  std::string display_name;
  std::string region;
  std::string folder_model;
  std::string bedrock_model;
  std::string instruction;
  Json description;
  std::vector<HarnessMcpTool> mcp;
  std::vector<std::string> builtin_tool_types;
  std::vector<std::string> allowed_tools;  // always empty: see harness_plan.cpp
  std::vector<HarnessSkill> skills;
  std::vector<std::string> env_var_names;
  model::Diagnostics diagnostics;
  std::string auto_reason;  // set when --mode auto chose this plan

  bool deployable() const { return diagnostics.ok(); }
  Json hashable() const;
  std::string spec_hash() const;
  Json to_json() const;
};

// ---- Runtime (hosted code: a generated Strands package) -------------------------

struct McpRecipe {
  std::string server;
  std::string url;
  std::optional<std::vector<std::string>> tool_filter;  // nullopt: all tools
  model::StringPairs auth_env_vars;
};

struct AgentNode {
  std::string name;
  std::string safe_name;
  std::string folder_model;
  std::string bedrock_model;
  std::string instruction;
  Json description;
  std::vector<McpRecipe> mcp;
  std::vector<std::string> skills;
  std::vector<std::string> sub_agents;
  bool sandbox_tools = false;  // runs bash/read/... on the AgentCore Code Interpreter
  bool web_tools = false;      // runs web_fetch/web_search on the AgentCore Browser

  bool is_coordinator() const { return !sub_agents.empty(); }
};

struct SkillBundle {
  std::string name;
  std::string content_hash;
  std::filesystem::path source_dir;  // where the files are copied from; not in the JSON
  std::vector<model::SkillFile> files;
  std::vector<std::string> used_by;
};

// Version of the generated Strands package's shape. It is part of the runtime
// spec hash (decisions.md #16): a change to the generated code means a new hash,
// so a deploy notices it.
inline constexpr const char* k_strands_generator = "agentlift-strands/1";

struct RuntimePlan {
  std::string display_name;
  std::string root_agent;
  std::string region;
  std::vector<AgentNode> agents;  // leaves first, then coordinators
  std::vector<SkillBundle> skill_bundles;
  std::vector<std::string> requirements;
  std::vector<std::string> env_var_names;
  model::Diagnostics diagnostics;
  std::string auto_reason;

  bool deployable() const { return diagnostics.ok(); }
  Json hashable() const;
  std::string spec_hash() const;
  Json to_json() const;
};

// ---- Building ----------------------------------------------------------------------

struct ModeChoice {
  Mode mode;           // harness or runtime
  std::string reason;  // why auto chose it
};
ModeChoice select_mode(const model::Project& project);

// `parse_diagnostics` lead the plan's diagnostics, as in 0.8.
HarnessPlan build_harness_plan(const model::Project& project,
                               const model::Diagnostics& parse_diagnostics,
                               const std::string& region, bool skip_unsupported);
RuntimePlan build_runtime_plan(const model::Project& project,
                               const model::Diagnostics& parse_diagnostics,
                               const std::string& region, bool skip_unsupported);

// The plan for `options` (mode auto resolved per select_mode).
struct Plan {
  Mode mode;  // harness or runtime
  HarnessPlan harness;
  RuntimePlan runtime;

  bool deployable() const;
  const std::string& region() const;
  Json to_json() const;
};
Plan build_plan(const model::Project& project, const model::Diagnostics& parse_diagnostics,
                const PlanOptions& options);

}  // namespace agentlift::bedrock
