// The live harness against the plan's CreateHarness body (see harness_drift.hpp).

#include "targets/bedrock/harness_drift.hpp"

#include <algorithm>

#include "base/secret.hpp"
#include "targets/bedrock/harness_request.hpp"
#include "targets/bedrock/skill_upload_plan.hpp"

namespace agentlift::bedrock {
namespace {

// Stands in for the role when the caller has none, so create_harness_body can
// be reused; removed again before comparing.
constexpr const char* k_placeholder_role = "arn:aws:iam::000000000000:role/agentlift-placeholder";

Json member_or(const Json& object, const char* key, Json fallback) {
  if (!object.is_object()) return fallback;
  const auto found = object.find(key);
  return found == object.end() || found->is_null() ? fallback : *found;
}

// A tool reduced to what the plan decides: type, MCP url, MCP header names.
Json comparable_tool(const Json& tool) {
  Json out = Json::object();
  out["type"] = member_or(tool, "type", nullptr);
  const Json remote = member_or(member_or(tool, "config", Json::object()), "remoteMcp", nullptr);
  if (remote.is_object()) {
    out["url"] = member_or(remote, "url", nullptr);
    Json names = Json::array();
    const Json headers = member_or(remote, "headers", Json::object());
    if (headers.is_object()) {
      for (const auto& [name, value] : headers.items()) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    out["headerNames"] = std::move(names);
  }
  return out;
}

// Tools keyed by name (AWS names an unnamed tool after its type).
Json comparable_tools(const Json& tools) {
  Json out = Json::object();
  if (!tools.is_array()) return out;
  for (const Json& tool : tools) {
    Json name = member_or(tool, "name", member_or(tool, "type", "?"));
    out[name.is_string() ? name.get<std::string>() : name.dump()] = comparable_tool(tool);
  }
  return out;
}

void compare(const std::string& path, const Json& planned, const Json& live, Drift& out,
             bool keyed_by_name = false) {
  if (planned == live) return;
  if (planned.is_object() && live.is_object()) {
    auto child = [&](const std::string& key) {
      return keyed_by_name ? path + "[" + key + "]" : path + "." + key;
    };
    for (const auto& [key, value] : planned.items()) {
      const auto other = live.find(key);
      compare(child(key), value, other == live.end() ? Json() : *other, out);
    }
    for (const auto& [key, value] : live.items()) {
      if (!planned.contains(key)) compare(child(key), Json(), value, out);
    }
    return;
  }
  out.push_back(make_drift(path, planned, live));
}

}  // namespace

Json desired_harness_body(const HarnessPlan& plan, const std::string& execution_role_arn,
                          const std::string& skill_bucket) {
  HarnessRequestInputs inputs;
  inputs.execution_role_arn = execution_role_arn.empty() ? k_placeholder_role : execution_role_arn;
  for (const plan::McpAuthHeader& header : harness_auth_headers(plan)) {
    if (inputs.mcp_auth.find(header.env_var) == nullptr) {
      inputs.mcp_auth.add(header.env_var, Secret(k_header_value_placeholder), {});
    }
  }
  for (const HarnessSkill& skill : plan.skills) {
    inputs.skill_uris[skill.name] = skill_s3_uri(skill_bucket.empty() ? "<bucket>" : skill_bucket,
                                                 plan.harness_name, skill.name);
  }
  Json body = create_harness_body(plan, inputs, harness_client_token(plan.spec_hash()));
  body.erase("clientToken");
  if (execution_role_arn.empty()) body.erase("executionRoleArn");
  return body;
}

Json comparable_harness(const Json& harness) {
  Json out = Json::object();
  out["harnessName"] = member_or(harness, "harnessName", nullptr);
  out["executionRoleArn"] = member_or(harness, "executionRoleArn", nullptr);
  out["model"] = member_or(harness, "model", nullptr);
  out["systemPrompt"] = member_or(harness, "systemPrompt", Json::array());
  out["tools"] = comparable_tools(member_or(harness, "tools", Json::array()));
  out["skills"] = member_or(harness, "skills", Json::array());
  out["allowedTools"] = member_or(harness, "allowedTools", Json::array({"*"}));
  return out;
}

Drift harness_drift(const Json& desired_body, const Json& live) {
  const Json planned = comparable_harness(desired_body);
  const Json deployed = comparable_harness(live);
  Drift out;
  for (const auto& [key, value] : planned.items()) {
    if (key == "executionRoleArn" && value.is_null()) continue;
    compare(key, value, deployed[key], out, key == "tools");
  }
  return out;
}

}  // namespace agentlift::bedrock
