// CreateAgentRuntime / UpdateAgentRuntime bodies and the names a runtime
// deploy derives from the plan (see runtime_request.hpp).

#include "targets/bedrock/runtime_request.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "base/errors.hpp"
#include "plan/identifiers.hpp"
#include "targets/bedrock/harness_request.hpp"

namespace agentlift::bedrock {
namespace {

Json artifact_json(const RuntimeArtifact& artifact) {
  if (const auto* code = std::get_if<CodeArtifact>(&artifact)) {
    Json s3 = Json::object();
    s3["bucket"] = code->bucket;
    s3["prefix"] = code->key;
    Json configuration = Json::object();
    configuration["code"] = {{"s3", std::move(s3)}};
    configuration["runtime"] = code->python_runtime;
    configuration["entryPoint"] = Json::array({code->entry_point});
    return {{"codeConfiguration", std::move(configuration)}};
  }
  const auto& container = std::get<ContainerArtifact>(artifact);
  return {{"containerConfiguration", {{"containerUri", container.image_uri}}}};
}

Json environment_variables(const RuntimePlan& plan, const plan::McpAuthValues& auth) {
  Json variables = Json::object();
  for (const std::string& name : plan.env_var_names) {
    const Secret* value = auth.find(name);
    if (value == nullptr) {
      throw Error("no value was resolved for the runtime's MCP env var " + name);
    }
    variables[name] = value->reveal();
  }
  return variables;
}

// The members create and update share, in the order AWS documents them.
Json common_body(const RuntimeRequestInputs& inputs) {
  require_execution_role(inputs.execution_role_arn);
  Json body = Json::object();
  body["agentRuntimeArtifact"] = artifact_json(inputs.artifact);
  body["roleArn"] = inputs.execution_role_arn;
  body["networkConfiguration"] = {{"networkMode", "PUBLIC"}};
  body["protocolConfiguration"] = {{"serverProtocol", "HTTP"}};
  return body;
}

}  // namespace

std::string runtime_client_token(const std::string& spec_hash) {
  return std::string(k_client_token_prefix) +
         spec_hash.substr(0, k_runtime_client_token_hash_chars);
}

std::string agent_runtime_name(const RuntimePlan& plan) {
  const std::string name = plan::safe_ident(plan.display_name);
  static const std::regex k_valid("[a-zA-Z][a-zA-Z0-9_]{0,47}");
  if (!std::regex_match(name, k_valid)) {
    throw Error("the runtime name '" + name + "' (from '" + plan.display_name +
                    "') is not one AgentCore accepts: a letter, then up to 47 letters, digits "
                    "or '_'",
                "rename the root agent to something shorter that starts with a letter");
  }
  return name;
}

std::string runtime_ecr_repository(const RuntimePlan& plan) {
  return "agentlift/" + plan::safe_ident(plan.display_name);
}

std::string code_object_key(const std::string& runtime_name, const std::string& zip_sha256) {
  return "agentlift-code/" + runtime_name + "/" + zip_sha256 + ".zip";
}

std::string python_runtime_id(const std::string& version) {
  static const std::set<std::string> k_supported = {"3.10", "3.11", "3.12", "3.13", "3.14"};
  if (!k_supported.count(version)) {
    throw UsageError("--python " + version + " is not a Python version AgentCore runs",
                     "use one of 3.10, 3.11, 3.12 (the default), 3.13, 3.14");
  }
  std::string id = "PYTHON_" + version;
  std::replace(id.begin(), id.end(), '.', '_');
  return id;
}

std::vector<plan::McpAuthHeader> runtime_auth_headers(const RuntimePlan& plan,
                                                      const model::Project& project) {
  // The header's template as the agent's mcp.json wrote it, "" when absent.
  auto written = [&](const std::string& agent_name, const std::string& server,
                     const std::string& header) -> std::string {
    const model::Agent* agent = project.find_agent(agent_name);
    if (agent == nullptr) return {};
    for (const model::McpServer& candidate : agent->mcp_servers) {
      if (candidate.name != server) continue;
      for (const auto& [name, value] : candidate.headers) {
        if (name == header) return value;
      }
    }
    return {};
  };
  std::vector<plan::McpAuthHeader> headers;
  for (const AgentNode& node : plan.agents) {
    for (const McpRecipe& recipe : node.mcp) {
      for (const auto& [header, env_var] : recipe.auth_env_vars) {
        headers.push_back(
            {recipe.server, header, env_var, written(node.name, recipe.server, header)});
      }
    }
  }
  return headers;
}

Json create_runtime_body(const RuntimePlan& plan, const RuntimeRequestInputs& inputs,
                         const std::string& client_token) {
  Json body = Json::object();
  body["agentRuntimeName"] = agent_runtime_name(plan);
  const Json common = common_body(inputs);
  for (auto it = common.begin(); it != common.end(); ++it) body[it.key()] = it.value();
  body["clientToken"] = client_token;
  Json variables = environment_variables(plan, inputs.mcp_auth);
  if (!variables.empty()) body["environmentVariables"] = std::move(variables);
  return body;
}

Json update_runtime_body(const RuntimePlan& plan, const RuntimeRequestInputs& inputs) {
  Json body = common_body(inputs);
  body["environmentVariables"] = environment_variables(plan, inputs.mcp_auth);
  return body;
}

}  // namespace agentlift::bedrock
