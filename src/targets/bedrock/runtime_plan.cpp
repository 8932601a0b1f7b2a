// The hosted Runtime plan (reference-spec §5.5): every agent becomes a Strands
// agent in one package; coordinators call their subagents as tools.

#include <algorithm>
#include <map>
#include <set>

#include "base/utf8.hpp"
#include "plan/identifiers.hpp"
#include "plan/knowledge_inline.hpp"
#include "plan/model_ids.hpp"
#include "targets/bedrock/lowering.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {
namespace {

constexpr std::size_t k_max_sub_agents = 50;

// Pins per strands-api.md §13: the floors of every API the generated package
// uses, and the majors it was written against.
std::vector<std::string> runtime_requirements(bool sandbox, bool web) {
  std::vector<std::string> out = {"strands-agents>=1.36,<2", "bedrock-agentcore>=1.9.1,<2",
                                  "mcp>=1.24,<2", "boto3>=1.40"};
  if (sandbox || web) out.push_back("strands-agents-tools>=0.8.1,<1");
  if (web) {
    out.push_back("playwright>=1.42,<2");
    out.push_back("nest-asyncio>=1.5,<2");
  }
  return out;
}

// Built-ins run on AgentCore's own tools through strands-agents-tools: the
// sandbox set on the Code Interpreter, the web set on the Browser.
BuiltinGroups map_builtin_tools(const model::Agent& agent, model::Diagnostics& diagnostics) {
  const BuiltinGroups groups = builtin_groups(agent);
  if (!groups.web.empty()) {
    diagnostics.info("bedrock.builtin.web_mapped",
                     "built-in web tool(s) " + join(groups.web) +
                         " run on the AgentCore Browser (tool 'browser'; web_search is "
                         "approximate: a browser, not a search API)",
                     agent.name);
  }
  if (!groups.sandbox.empty()) {
    diagnostics.info("bedrock.builtin.sandbox_mapped",
                     "built-in tool(s) " + join(groups.sandbox) +
                         " run in the AgentCore Code Interpreter (tool 'code_interpreter': "
                         "shell and files in a sandbox session, not the container's own disk)",
                     agent.name);
  }
  const std::vector<std::string> asks = ask_tools(agent.builtin_tool_policies);
  if (!asks.empty()) {
    diagnostics.warning("bedrock.tool_approval.unsupported",
                        "the Runtime has no approval prompt, so ':ask' on built-in " + join(asks) +
                            " is not enforced",
                        agent.name);
  }
  return groups;
}

std::vector<std::string> valid_sub_agents(const model::Project& project, const model::Agent& agent,
                                          model::Diagnostics& diagnostics) {
  std::vector<std::string> subs;
  if (agent.subagents.empty()) return subs;
  if (agent.subagents.size() > k_max_sub_agents) {
    diagnostics.error("bedrock.subagents.too_many",
                      std::to_string(agent.subagents.size()) + " subagents exceed the limit of " +
                          std::to_string(k_max_sub_agents),
                      agent.name);
  }
  for (const std::string& sub : agent.subagents) {
    const model::Agent* target = project.find_agent(sub);
    if (!target) {
      diagnostics.error(
          "bedrock.subagent.missing",
          "subagent '" + sub + "' is not an agent in this folder; check the name in 'subagents:'",
          agent.name);
      continue;
    }
    if (target->is_coordinator()) {
      diagnostics.error("bedrock.subagent.depth",
                        "subagent '" + sub +
                            "' has subagents of its own; the Runtime supports one level "
                            "(a coordinator and its specialists)",
                        agent.name);
      continue;
    }
    subs.push_back(sub);
  }
  return subs;
}

std::vector<SkillBundle> collect_bundles(const model::Project& project,
                                         model::Diagnostics& diagnostics) {
  std::map<std::string, SkillBundle> bundles;  // sorted by name
  for (const model::Agent& agent : project.agents) {
    for (const model::Skill& skill : agent.skills) {
      auto found = bundles.find(skill.name);
      if (found == bundles.end()) {
        bundles.emplace(
            skill.name,
            SkillBundle{
                skill.name, skill.content_hash, skill.source_dir, skill.files, {agent.name}});
        continue;
      }
      SkillBundle& bundle = found->second;
      if (bundle.content_hash != skill.content_hash) {
        diagnostics.error("bedrock.skill.name_collision",
                          "two different skills are named '" + skill.name +
                              "'; the Runtime package holds one skills/" + skill.name +
                              "/ folder, so rename one of them",
                          agent.name);
      } else if (std::find(bundle.used_by.begin(), bundle.used_by.end(), agent.name) ==
                 bundle.used_by.end()) {
        bundle.used_by.push_back(agent.name);
      }
    }
  }
  std::vector<SkillBundle> out;
  for (auto& [name, bundle] : bundles) out.push_back(std::move(bundle));
  return out;
}

// decisions.md #3: two agents may never share a resource name.
void check_safe_names(const std::vector<AgentNode>& nodes, model::Diagnostics& diagnostics) {
  std::map<std::string, std::string> seen;
  for (const AgentNode& node : nodes) {
    auto [it, inserted] = seen.emplace(node.safe_name, node.name);
    if (!inserted && it->second != node.name) {
      diagnostics.error("bedrock.agent.name_collision",
                        "agents '" + it->second + "' and '" + node.name +
                            "' both become the identifier '" + node.safe_name +
                            "'; rename one so their letters and digits differ",
                        node.name);
    }
  }
}

}  // namespace

RuntimePlan build_runtime_plan(const model::Project& project,
                               const model::Diagnostics& parse_diagnostics,
                               const std::string& region, bool skip_unsupported) {
  RuntimePlan plan;
  plan.region = region;
  plan.requirements = runtime_requirements(false, false);
  model::Diagnostics& diagnostics = plan.diagnostics;
  diagnostics.append(parse_diagnostics);

  if (project.agents.empty()) {
    diagnostics.error("bedrock.project.empty", "there are no agents to deploy");
    plan.display_name = "agentlift";
    return plan;
  }

  const model::Agent* root = &project.agents.front();
  for (const model::Agent& agent : project.agents) {
    if (agent.is_coordinator()) {
      root = &agent;
      break;
    }
  }

  plan.skill_bundles = collect_bundles(project, diagnostics);

  std::vector<AgentNode> nodes;
  std::set<std::string> env_vars;
  for (const model::Agent& agent : project.agents) {
    AgentNode node;
    for (LoweredServer& lowered :
         lower_mcp_servers(agent, "AgentCore Runtime", skip_unsupported, env_vars, diagnostics,
                           /*warn_unenforced_filter=*/false)) {
      node.mcp.push_back({lowered.server->name, lowered.server->url.value_or(""),
                          lowered.server->allowed_tools, std::move(lowered.auth_env_vars)});
    }
    const BuiltinGroups builtins = map_builtin_tools(agent, diagnostics);
    node.sandbox_tools = !builtins.sandbox.empty();
    node.web_tools = !builtins.web.empty();
    node.folder_model = agent.model.empty() ? plan::k_bedrock_default_model : agent.model;
    node.bedrock_model =
        plan::resolve_bedrock_model(node.folder_model, region, agent.name, diagnostics);
    node.sub_agents = valid_sub_agents(project, agent, diagnostics);
    node.instruction = build_instruction(agent, diagnostics);
    node.name = agent.name;
    node.safe_name = plan::safe_ident(agent.name);
    node.description = json::truthy(agent.description) ? agent.description : Json(agent.name);
    for (const model::Skill& skill : agent.skills) node.skills.push_back(skill.name);
    nodes.push_back(std::move(node));
  }
  check_safe_names(nodes, diagnostics);

  for (const AgentNode& node : nodes) {
    if (!node.is_coordinator()) plan.agents.push_back(node);
  }
  for (const AgentNode& node : nodes) {
    if (node.is_coordinator()) plan.agents.push_back(node);
  }
  bool any_sandbox = false, any_web = false;
  for (const AgentNode& node : plan.agents) {
    any_sandbox = any_sandbox || node.sandbox_tools;
    any_web = any_web || node.web_tools;
  }
  plan.requirements = runtime_requirements(any_sandbox, any_web);
  plan.display_name = "agentlift-" + plan::safe_ident(root->name);
  plan.root_agent = root->name;
  plan.env_var_names.assign(env_vars.begin(), env_vars.end());
  return plan;
}

}  // namespace agentlift::bedrock
