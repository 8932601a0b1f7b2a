// Mode selection (reference-spec §5.1): the lightest primitive that keeps the
// folder's meaning. Only delegation or a roster needs the Runtime.

#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

ModeChoice select_mode(const model::Project& project) {
  for (const model::Agent& agent : project.agents) {
    if (agent.is_coordinator()) {
      return {Mode::runtime,
              "the folder has subagents; a harness runs one agent, so the Runtime (Strands "
              "agents-as-tools) keeps the delegation"};
    }
  }
  if (project.agents.size() > 1) {
    return {Mode::runtime, "the folder has " + std::to_string(project.agents.size()) +
                               " agents; a harness runs one, so the Runtime holds them all"};
  }
  return {Mode::harness,
          "a single agent (skills via S3, remote MCP as tools) fits the config-only harness: no "
          "container, IAM only"};
}

Plan build_plan(const model::Project& project, const model::Diagnostics& parse_diagnostics,
                const PlanOptions& options) {
  Plan plan;
  std::string reason;
  plan.mode = options.mode;
  if (options.mode == Mode::auto_select) {
    ModeChoice choice = select_mode(project);
    plan.mode = choice.mode;
    reason = std::move(choice.reason);
  }
  if (plan.mode == Mode::harness) {
    const std::string region = options.region.empty() ? k_default_harness_region : options.region;
    plan.harness = build_harness_plan(project, parse_diagnostics, region, options.skip_unsupported);
    plan.harness.auto_reason = reason;
  } else {
    const std::string region = options.region.empty() ? k_default_runtime_region : options.region;
    plan.runtime = build_runtime_plan(project, parse_diagnostics, region, options.skip_unsupported);
    plan.runtime.auto_reason = reason;
  }
  return plan;
}

bool Plan::deployable() const {
  return mode == Mode::harness ? harness.deployable() : runtime.deployable();
}

const std::string& Plan::region() const {
  return mode == Mode::harness ? harness.region : runtime.region;
}

Json Plan::to_json() const { return mode == Mode::harness ? harness.to_json() : runtime.to_json(); }

}  // namespace agentlift::bedrock
