// The managed Harness plan (reference-spec §5.3, with decisions.md #15: the
// Harness is generally available, so there is no standing preview notice and the
// region warning fires only outside the Harness region list).

#include <algorithm>
#include <set>

#include "base/utf8.hpp"
#include "plan/identifiers.hpp"
#include "plan/knowledge_inline.hpp"
#include "plan/model_ids.hpp"
#include "targets/bedrock/lowering.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {
namespace {

// AgentCore Harness regions (aws-wire.md §0, AgentCore dev guide after GA).
constexpr const char* k_harness_regions[] = {
    "us-east-1",      "us-east-2",      "us-west-2",      "eu-central-1",
    "eu-west-1",      "eu-west-2",      "eu-west-3",      "eu-north-1",
    "ap-south-1",     "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
    "ap-northeast-2", "ca-central-1",   "sa-east-1",      "us-gov-west-1"};

constexpr std::size_t k_harness_name_max = 40;

const model::Agent& root_agent(const model::Project& project) {
  for (const model::Agent& agent : project.agents) {
    if (agent.is_coordinator()) return agent;
  }
  return project.agents.front();
}

// ^[a-zA-Z][a-zA-Z0-9_]{0,39}$
std::string harness_name_for(const std::string& agent) {
  std::string name = "agentlift_" + plan::safe_ident(agent);
  const char first = name[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) name = "h_" + name;
  return name.substr(0, k_harness_name_max);
}

std::string python_list_repr(const std::vector<std::string>& items) {
  Json list = Json::array();
  for (const std::string& item : items) list.push_back(item);
  return json::python_str(list);
}

std::vector<std::string> builtin_tool_types(const model::Agent& agent,
                                            model::Diagnostics& diagnostics) {
  if (!agent.builtin_tools) {
    diagnostics.info("bedrock.harness.builtin_default",
                     "no 'tools:' list, so the harness keeps its base shell and file tools; "
                     "list web_search/web_fetch in 'tools:' to add the AgentCore Browser",
                     agent.name);
    return {};
  }
  const BuiltinGroups groups = builtin_groups(agent);
  const std::vector<std::string>& web = groups.web;
  const std::vector<std::string>& sandbox = groups.sandbox;
  std::vector<std::string> types;
  if (!web.empty()) types.push_back("agentcore_browser");
  if (!sandbox.empty()) {
    diagnostics.info("bedrock.harness.builtin_native",
                     "built-in tool(s) " + join(sandbox) +
                         " are served by the harness's own shell and file tools; nothing to add",
                     agent.name);
  }
  if (!web.empty()) {
    diagnostics.info("bedrock.harness.builtin_mapped",
                     "built-in web tool(s) " + join(web) +
                         " map to the agentcore_browser tool (web_search only approximately)",
                     agent.name);
  }
  const std::vector<std::string> asks = ask_tools(agent.builtin_tool_policies);
  if (!asks.empty()) {
    diagnostics.warning("bedrock.tool_approval.unsupported",
                        "the harness has no approval prompt, so ':ask' on built-in " + join(asks) +
                            " is not enforced",
                        agent.name);
  }
  return types;
}

}  // namespace

HarnessPlan build_harness_plan(const model::Project& project,
                               const model::Diagnostics& parse_diagnostics,
                               const std::string& region, bool skip_unsupported) {
  HarnessPlan plan;
  plan.region = region;
  model::Diagnostics& diagnostics = plan.diagnostics;
  diagnostics.append(parse_diagnostics);

  if (std::find(std::begin(k_harness_regions), std::end(k_harness_regions), region) ==
      std::end(k_harness_regions)) {
    diagnostics.warning("bedrock.harness.region_preview",
                        "region '" + region +
                            "' is not on the AgentCore Harness region list; the deploy may be "
                            "refused there. Pick another with --bedrock-region");
  }

  if (project.agents.empty()) {
    diagnostics.error("bedrock.project.empty", "there are no agents to deploy");
    plan.harness_name = "agentlift";
    plan.display_name = "agentlift";
    plan.description = "";
    return plan;
  }

  const model::Agent& root = root_agent(project);
  if (root.is_coordinator()) {
    const std::string message =
        "agent '" + root.name + "' has subagents " + python_list_repr(root.subagents) +
        ", but a harness runs exactly one agent and cannot delegate. Use --mode runtime "
        "(or --mode auto)";
    if (skip_unsupported) {
      diagnostics.warning("bedrock.harness.subagents_skipped",
                          message + "; deploying '" + root.name + "' alone", root.name);
    } else {
      diagnostics.error("bedrock.harness.subagents_unsupported", message, root.name);
    }
  }

  std::vector<std::string> others;
  for (const model::Agent& agent : project.agents) {
    if (agent.name != root.name) others.push_back(agent.name);
  }
  if (!others.empty()) {
    const std::string message = "the folder has " + std::to_string(project.agents.size()) +
                                " agents (" + join(others) + " besides '" + root.name +
                                "'), but a harness runs one. Use --mode runtime for the "
                                "whole team (or --mode auto)";
    if (skip_unsupported) {
      diagnostics.warning("bedrock.harness.multi_agent_skipped",
                          message + "; deploying '" + root.name + "' only", root.name);
    } else {
      diagnostics.error("bedrock.harness.multi_agent_unsupported", message, root.name);
    }
  }

  std::vector<std::string> skill_names;
  for (const model::Skill& skill : root.skills) {
    plan.skills.push_back({skill.name, skill.content_hash, skill.files, skill.source_dir});
    skill_names.push_back(skill.name);
  }
  if (!skill_names.empty()) {
    diagnostics.info("bedrock.harness.skills_via_s3",
                     "skill(s) " + join(skill_names) +
                         " are uploaded to the deploy bucket ($AGENTLIFT_BEDROCK_S3_BUCKET) and "
                         "attached by S3 URI; the execution role needs s3:ListBucket and "
                         "s3:GetObject on it",
                     root.name);
  }

  std::set<std::string> env_vars;
  for (LoweredServer& lowered :
       lower_mcp_servers(root, "the AgentCore Harness", skip_unsupported, env_vars, diagnostics,
                         /*warn_unenforced_filter=*/true)) {
    plan.mcp.push_back({lowered.server->name, lowered.server->url.value_or(""),
                        std::move(lowered.auth_env_vars), lowered.server->headers});
  }
  plan.builtin_tool_types = builtin_tool_types(root, diagnostics);
  // allowed_tools stays empty on purpose: a restrictive allowlist on the harness
  // hides remote MCP tools entirely (observed live by 0.8), so narrowing is
  // reported per server (tool_filter_unenforced) instead of half-applied here.

  plan.folder_model = root.model.empty() ? plan::k_bedrock_default_model : root.model;
  plan.bedrock_model =
      plan::resolve_bedrock_model(plan.folder_model, region, root.name, diagnostics);

  plan.instruction = build_instruction(root, diagnostics);

  plan.agent_name = root.name;
  plan.harness_name = harness_name_for(root.name);
  plan.display_name = "agentlift-" + plan::safe_ident(root.name);
  plan.description = json::truthy(root.description) ? root.description : Json(root.name);
  plan.env_var_names.assign(env_vars.begin(), env_vars.end());
  return plan;
}

}  // namespace agentlift::bedrock
