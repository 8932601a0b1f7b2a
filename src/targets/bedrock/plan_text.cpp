#include "targets/bedrock/plan_text.hpp"

#include "base/utf8.hpp"
#include "model/diagnostic_text.hpp"
#include "targets/bedrock/lowering.hpp"

namespace agentlift::bedrock {
namespace {

std::string describe_auth(const model::StringPairs& auth) {
  if (auth.empty()) return "";
  std::vector<std::string> names;
  for (const auto& [header, env] : auth) names.push_back(env);
  return "  auth from " + join(names);
}

std::string env_section(const std::vector<std::string>& names) {
  if (names.empty()) return "";
  std::string out = "\nEnv vars the deploy fills from your environment (MCP auth):\n";
  for (const std::string& name : names) out += "  - " + name + "\n";
  return out;
}

std::string footer(const model::Diagnostics& diagnostics, bool deployable,
                   const model::TextStyle& style) {
  std::string out;
  if (!diagnostics.items().empty()) out += "\n" + model::render_diagnostics(diagnostics, style);
  out += deployable ? "\nDeployable: " + model::paint(style, model::Color::green, "yes") + "\n"
                    : "\nDeployable: " + model::paint(style, model::Color::red, "no") +
                          " (fix the errors above)\n";
  return out;
}

}  // namespace

std::string render_text(const HarnessPlan& plan, const model::TextStyle& style) {
  std::string out = "AgentCore Harness " + plan.harness_name + "  (region " + plan.region + ")\n";
  if (!plan.auto_reason.empty()) out += "  mode: harness, because " + plan.auto_reason + "\n";
  if (!plan.bedrock_model.empty()) {
    out += "  model: " + plan.folder_model + " -> " + plan.bedrock_model + "\n";
  }
  if (!plan.instruction.empty()) {
    out += "  instruction: " + std::to_string(utf8::length(plan.instruction)) + " characters\n";
  }
  for (const HarnessMcpTool& tool : plan.mcp) {
    out += "  mcp: " + tool.server + " = " + tool.url + describe_auth(tool.auth_env_vars) + "\n";
  }
  for (const HarnessSkill& skill : plan.skills) {
    out += "  skill: " + skill.name + "  (" + skill.content_hash.substr(0, 12) + ", " +
           std::to_string(skill.files.size()) + " file(s))\n";
  }
  if (!plan.builtin_tool_types.empty()) {
    out += "  tool types: " + join(plan.builtin_tool_types) + "\n";
  }
  out += env_section(plan.env_var_names);
  out += "\nSpec hash: " + plan.spec_hash().substr(0, 12) + "\n";
  return out + footer(plan.diagnostics, plan.deployable(), style);
}

std::string render_text(const RuntimePlan& plan, const model::TextStyle& style) {
  std::string out = "AgentCore Runtime " + plan.display_name + "  (root " + plan.root_agent +
                    ", region " + plan.region + ")\n";
  if (!plan.auto_reason.empty()) out += "  mode: runtime, because " + plan.auto_reason + "\n";
  out += "Agents: " + std::to_string(plan.agents.size()) + "\n";
  for (const AgentNode& node : plan.agents) {
    out += "  - " + node.name + "  [" + node.folder_model + " -> " + node.bedrock_model + "]";
    if (node.is_coordinator()) out += "  delegates to " + join(node.sub_agents);
    out += "\n";
    for (const McpRecipe& recipe : node.mcp) {
      out += "      mcp: " + recipe.server + " = " + recipe.url + " [" +
             (recipe.tool_filter ? join(*recipe.tool_filter, "/") : std::string("all tools")) +
             "]" + describe_auth(recipe.auth_env_vars) + "\n";
    }
    if (!node.skills.empty()) out += "      skills: " + join(node.skills) + "\n";
  }
  if (!plan.skill_bundles.empty()) {
    out += "Skill bundles: " + std::to_string(plan.skill_bundles.size()) + "\n";
    for (const SkillBundle& bundle : plan.skill_bundles) {
      out += "  - " + bundle.name + "  (" + bundle.content_hash.substr(0, 12) + ", " +
             std::to_string(bundle.files.size()) + " file(s))  used by " + join(bundle.used_by) +
             "\n";
    }
  }
  out += env_section(plan.env_var_names);
  out += "\nRequirements: " + join(plan.requirements) + "\n";
  out += "Spec hash: " + plan.spec_hash().substr(0, 12) + "\n";
  return out + footer(plan.diagnostics, plan.deployable(), style);
}

std::string render_text(const Plan& plan, const model::TextStyle& style) {
  return plan.mode == Mode::harness ? render_text(plan.harness, style)
                                    : render_text(plan.runtime, style);
}

}  // namespace agentlift::bedrock
