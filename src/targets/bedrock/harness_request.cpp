// CreateHarness / UpdateHarness bodies, the derived clientToken and the
// deleted-token retry test (see harness_request.hpp).

#include "targets/bedrock/harness_request.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "base/errors.hpp"
#include "base/utf8.hpp"
#include "plan/identifiers.hpp"

namespace agentlift::bedrock {
namespace {

constexpr std::size_t k_tool_name_max = 64;
constexpr std::size_t k_mcp_url_max = 16383;
constexpr std::size_t k_role_arn_max = 2048;

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_tool_name_char(char c) { return is_alnum(c) || c == '_' || c == '-'; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Json remote_mcp_tool(const HarnessMcpTool& tool, const std::string& name,
                     const plan::McpAuthValues& auth) {
  if (tool.url.empty() || utf8::length(tool.url) > k_mcp_url_max) {
    throw Error("MCP server '" + tool.server + "' has no URL AWS accepts (1 to " +
                std::to_string(k_mcp_url_max) + " characters)");
  }
  Json remote = Json::object();
  remote["url"] = tool.url;
  if (!tool.auth_env_vars.empty()) {
    Json headers = Json::object();
    for (const auto& [header, env_var] : tool.auth_env_vars) {
      const Secret* value = auth.find(env_var);
      if (value == nullptr) {
        throw Error("no value was resolved for header '" + header + "' of MCP server '" +
                    tool.server + "' (env var " + env_var + ")");
      }
      headers[header] = value->reveal();
    }
    remote["headers"] = std::move(headers);
  }
  Json out = Json::object();
  out["type"] = "remote_mcp";
  out["name"] = name;
  out["config"] = {{"remoteMcp", std::move(remote)}};
  return out;
}

Json tools_of(const HarnessPlan& plan, const plan::McpAuthValues& auth) {
  Json tools = Json::array();
  std::map<std::string, std::string> servers_by_name;
  for (const HarnessMcpTool& tool : plan.mcp) {
    const std::string name = harness_tool_name(tool.server);
    const auto [it, fresh] = servers_by_name.emplace(name, tool.server);
    if (!fresh) {
      throw Error("MCP servers '" + it->second + "' and '" + tool.server +
                      "' both become harness tool '" + name + "'",
                  "rename one of them in mcp.json (letters, digits, '_' and '-')");
    }
    tools.push_back(remote_mcp_tool(tool, name, auth));
  }
  for (const std::string& type : plan.builtin_tool_types) {
    tools.push_back({{"type", type}, {"name", type}});
  }
  return tools;
}

Json skills_of(const HarnessPlan& plan, const std::map<std::string, std::string>& uris) {
  Json skills = Json::array();
  for (const HarnessSkill& skill : plan.skills) {
    const auto uri = uris.find(skill.name);
    if (uri == uris.end()) throw Error("skill '" + skill.name + "' has no S3 URI");
    skills.push_back({{"s3", {{"uri", uri->second}}}});
  }
  return skills;
}

Json string_list(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const std::string& item : items) out.push_back(item);
  return out;
}

Json model_of(const HarnessPlan& plan) {
  return {{"bedrockModelConfig", {{"modelId", plan.bedrock_model}}}};
}

// systemPrompt blocks need at least one character.
Json system_prompt_of(const HarnessPlan& plan) {
  Json blocks = Json::array();
  if (!plan.instruction.empty()) blocks.push_back({{"text", plan.instruction}});
  return blocks;
}

}  // namespace

std::string harness_client_token(const std::string& spec_hash) {
  return k_client_token_prefix + spec_hash.substr(0, k_client_token_hash_chars);
}

bool is_valid_client_token(std::string_view token) {
  if (token.size() < 33 || token.size() > 256) return false;
  if (!is_alnum(token.front()) || !is_alnum(token.back())) return false;
  return std::all_of(token.begin(), token.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

bool is_deleted_client_token_error(std::string_view message) {
  const std::string text = lowercase(message);
  return text.find("clienttoken") != std::string::npos &&
         (text.find("has since been deleted") != std::string::npos ||
          text.find("without clienttoken") != std::string::npos);
}

Json without_client_token(Json body) {
  body.erase("clientToken");
  return body;
}

std::vector<plan::McpAuthHeader> harness_auth_headers(const HarnessPlan& plan) {
  std::vector<plan::McpAuthHeader> headers;
  for (const HarnessMcpTool& tool : plan.mcp) {
    for (const auto& [header, env_var] : tool.auth_env_vars) {
      const auto written = std::find_if(tool.header_templates.begin(), tool.header_templates.end(),
                                        [&](const auto& pair) { return pair.first == header; });
      headers.push_back({tool.server, header, env_var,
                         written == tool.header_templates.end() ? "" : written->second});
    }
  }
  return headers;
}

Json harness_environment_variables(const HarnessPlan& plan) {
  Json variables = Json::object();
  const auto fits = [](const std::string& value) {
    return !value.empty() && utf8::length(value) <= k_environment_value_max;
  };
  if (fits(plan.agent_name)) variables[k_agent_name_variable] = plan.agent_name;
  if (plan.description.is_string()) {
    const std::string description = plan.description.get<std::string>();
    if (description != plan.agent_name && fits(description)) {
      variables[k_agent_description_variable] = description;
    }
  }
  return variables;
}

std::string harness_tool_name(const std::string& server) {
  const bool fits = !server.empty() && server.size() <= k_tool_name_max &&
                    std::all_of(server.begin(), server.end(), is_tool_name_char);
  if (fits) return server;
  std::string name = plan::safe_ident(server);
  if (name.empty()) name = "mcp";
  return name.substr(0, k_tool_name_max);
}

void require_execution_role(const std::string& arn) {
  const char* k_hint =
      "pass --role-arn or set AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN to the role the harness runs "
      "as (it needs bedrock:InvokeModel, and s3:GetObject/s3:ListBucket on the skills bucket); "
      "no network call was made";
  if (arn.empty()) throw UsageError("creating a harness needs an execution role", k_hint);
  static const std::regex k_role_arn("arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+");
  if (arn.size() > k_role_arn_max || !std::regex_match(arn, k_role_arn)) {
    throw UsageError("'" + arn + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
                     k_hint);
  }
}

Json create_harness_body(const HarnessPlan& plan, const HarnessRequestInputs& inputs,
                         const std::string& client_token) {
  require_execution_role(inputs.execution_role_arn);
  if (!is_valid_client_token(client_token)) throw Error("invalid clientToken for CreateHarness");
  Json body = Json::object();
  body["harnessName"] = plan.harness_name;
  body["executionRoleArn"] = inputs.execution_role_arn;
  body["model"] = model_of(plan);
  Json prompt = system_prompt_of(plan);
  if (!prompt.empty()) body["systemPrompt"] = std::move(prompt);
  body["clientToken"] = client_token;
  Json tools = tools_of(plan, inputs.mcp_auth);
  if (!tools.empty()) body["tools"] = std::move(tools);
  Json skills = skills_of(plan, inputs.skill_uris);
  if (!skills.empty()) body["skills"] = std::move(skills);
  if (!plan.allowed_tools.empty()) body["allowedTools"] = string_list(plan.allowed_tools);
  Json variables = harness_environment_variables(plan);
  if (!variables.empty()) body["environmentVariables"] = std::move(variables);
  return body;
}

Json update_harness_body(const HarnessPlan& plan, const HarnessRequestInputs& inputs) {
  Json body = Json::object();
  if (!inputs.execution_role_arn.empty()) {
    require_execution_role(inputs.execution_role_arn);
    body["executionRoleArn"] = inputs.execution_role_arn;
  }
  body["model"] = model_of(plan);
  body["systemPrompt"] = system_prompt_of(plan);
  body["tools"] = tools_of(plan, inputs.mcp_auth);
  body["skills"] = skills_of(plan, inputs.skill_uris);
  // An empty allowedTools is not sent: on the wire its meaning is unverified (it
  // may deny every tool), and agentlift never sets one, so the harness still
  // has the default (everything) from its create.
  if (!plan.allowed_tools.empty()) body["allowedTools"] = string_list(plan.allowed_tools);
  // A map replaces the harness's whole set, so an empty one clears what an
  // earlier deploy sent.
  body["environmentVariables"] = harness_environment_variables(plan);
  return body;
}

}  // namespace agentlift::bedrock
