// JSON forms of the Bedrock plans. Key order is the contract (agentlift 0.8's
// to_dict); spec_hash is the canonical hash of hashable().

#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {
namespace {

Json string_list(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const std::string& item : items) out.push_back(item);
  return out;
}

Json string_map(const model::StringPairs& pairs) {
  Json out = Json::object();
  for (const auto& [key, value] : pairs) out[key] = value;
  return out;
}

}  // namespace

Json HarnessPlan::hashable() const {
  Json out = Json::object();
  out["harness_name"] = harness_name;
  out["display_name"] = display_name;
  out["bedrock_model"] = bedrock_model;
  out["instruction"] = instruction;
  out["description"] = description;
  Json tools = Json::array();
  for (const HarnessMcpTool& tool : mcp) {
    Json item = Json::object();
    item["server"] = tool.server;
    item["url"] = tool.url;
    item["auth_env_vars"] = string_map(tool.auth_env_vars);
    tools.push_back(std::move(item));
  }
  out["mcp"] = std::move(tools);
  out["builtin_tool_types"] = string_list(builtin_tool_types);
  out["allowed_tools"] = string_list(allowed_tools);
  Json skill_list = Json::array();
  for (const HarnessSkill& skill : skills) {
    Json item = Json::object();
    item["name"] = skill.name;
    item["content_hash"] = skill.content_hash;
    skill_list.push_back(std::move(item));
  }
  out["skills"] = std::move(skill_list);
  out["env_var_names"] = string_list(env_var_names);
  return out;
}

std::string HarnessPlan::spec_hash() const { return json::canonical_hash(hashable()); }

Json HarnessPlan::to_json() const {
  Json out = hashable();
  const std::string hash = json::canonical_hash(out);
  out["region"] = region;
  out["mode"] = "harness";
  out["spec_hash"] = hash;
  out["live_verified"] = true;
  out["diagnostics"] = diagnostics.to_json();
  out["deployable"] = deployable();
  return out;
}

Json RuntimePlan::hashable() const {
  Json out = Json::object();
  out["display_name"] = display_name;
  out["root_agent"] = root_agent;
  Json nodes = Json::array();
  for (const AgentNode& node : agents) {
    Json item = Json::object();
    item["name"] = node.name;
    item["safe_name"] = node.safe_name;
    item["folder_model"] = node.folder_model;
    item["bedrock_model"] = node.bedrock_model;
    item["instruction"] = node.instruction;
    item["description"] = node.description;
    Json recipes = Json::array();
    for (const McpRecipe& recipe : node.mcp) {
      Json r = Json::object();
      r["server"] = recipe.server;
      r["url"] = recipe.url;
      r["tool_filter"] = recipe.tool_filter ? string_list(*recipe.tool_filter) : Json();
      r["auth_env_vars"] = string_map(recipe.auth_env_vars);
      recipes.push_back(std::move(r));
    }
    item["mcp"] = std::move(recipes);
    item["skills"] = string_list(node.skills);
    item["sub_agents"] = string_list(node.sub_agents);
    nodes.push_back(std::move(item));
  }
  out["agents"] = std::move(nodes);
  Json bundles = Json::array();
  for (const SkillBundle& bundle : skill_bundles) {
    Json item = Json::object();
    item["name"] = bundle.name;
    item["content_hash"] = bundle.content_hash;
    Json files = Json::array();
    for (const model::SkillFile& file : bundle.files) files.push_back(file.arcname);
    item["files"] = std::move(files);
    item["used_by"] = string_list(bundle.used_by);
    bundles.push_back(std::move(item));
  }
  out["skill_bundles"] = std::move(bundles);
  out["requirements"] = string_list(requirements);
  out["env_var_names"] = string_list(env_var_names);
  out["generator"] = k_strands_generator;
  return out;
}

std::string RuntimePlan::spec_hash() const { return json::canonical_hash(hashable()); }

Json RuntimePlan::to_json() const {
  Json out = hashable();
  const std::string hash = json::canonical_hash(out);
  out["region"] = region;
  out["spec_hash"] = hash;
  out["diagnostics"] = diagnostics.to_json();
  out["deployable"] = deployable();
  return out;
}

}  // namespace agentlift::bedrock
