#pragma once
// The CreateHarness and UpdateHarness request bodies (reference-spec §5.3,
// aws-wire.md §1.1-1.2), built from the plan and what the deploy resolved: the
// execution role, the MCP header values and the skills' S3 URIs.
//
//   { "harnessName", "executionRoleArn",
//     "model": {"bedrockModelConfig": {"modelId": <bedrock_model>}},
//     "systemPrompt": [{"text": <instruction>}], "clientToken",
//     "tools": [{"type": "remote_mcp", "name": <server>, "config": {"remoteMcp":
//                 {"url", "headers": {<Header>: <value>}}}}, ...,
//               {"type": "agentcore_browser", "name": "agentcore_browser"}],
//     "skills": [{"s3": {"uri": "s3://<bucket>/agentlift-skills/<harness>/<skill>/"}}],
//     "allowedTools": [...],   (only when the plan has some: it never does today)
//     "environmentVariables": {"AGENTLIFT_AGENT_NAME": <root agent's name>,
//                              "AGENTLIFT_AGENT_DESCRIPTION": <its description>} }
//
// The two environment variables let `agentlift import bedrock` give the folder
// back its agent's name and description, which the harness has no field for
// (the harness name is a lossy ASCII identifier). The description is sent only
// when it is a string other than the name, of at most 5000 characters (AWS's
// limit for a value); either is left out when it does not fit.
//
// UpdateHarness is a PATCH, so it carries the full desired configuration
// (decisions.md #6): model, system prompt, tools and skills always (an empty
// list clears what an earlier deploy set), the role only when the deploy names
// one (never ""), no harnessName, and no clientToken (the control client makes a
// fresh one per call, as an update must not replay an earlier one).
//
// The bodies hold MCP header values in clear: hand them to the control client
// and nowhere else, and register McpAuthValues::texts_to_redact() with the
// --debug log before sending.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "plan/mcp_auth_values.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

inline constexpr const char* k_client_token_prefix = "agentlift-";
inline constexpr const char* k_agent_name_variable = "AGENTLIFT_AGENT_NAME";
inline constexpr const char* k_agent_description_variable = "AGENTLIFT_AGENT_DESCRIPTION";
inline constexpr std::size_t k_environment_value_max = 5000;
inline constexpr std::size_t k_client_token_hash_chars = 48;

// "agentlift-" + spec_hash[:48] (58 characters): the same spec asks AWS for the
// same harness, so a create retried after a lost reply never makes a second one.
std::string harness_client_token(const std::string& spec_hash);
// AWS's ClientToken shape: 33-256 characters, [a-zA-Z0-9](-*[a-zA-Z0-9])*.
bool is_valid_client_token(std::string_view token);

// AWS's answer when the harness the clientToken made has since been deleted:
// 0.8 then retried the create once without the token (without_client_token).
bool is_deleted_client_token_error(std::string_view message);
Json without_client_token(Json body);

// The MCP headers of the plan with their templates, for plan::resolve_mcp_auth_values.
std::vector<plan::McpAuthHeader> harness_auth_headers(const HarnessPlan& plan);

// The tool name AWS accepts ([a-zA-Z0-9_-], 1-64) for an MCP server: the
// server's own name when it fits, else its ASCII identifier ("weird name.v2" ->
// "weird_name_v2"), cut to 64.
std::string harness_tool_name(const std::string& server);

// The harness's environmentVariables: the agent's name and description (see above).
Json harness_environment_variables(const HarnessPlan& plan);

// Throws UsageError (naming --role-arn and AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN)
// when `arn` is empty or not an IAM role ARN. Call it before any network call.
void require_execution_role(const std::string& arn);

struct HarnessRequestInputs {
  std::string execution_role_arn;  // create: required; update: "" keeps the current role
  plan::McpAuthValues mcp_auth;    // a value for every env var of the plan's MCP headers
  std::map<std::string, std::string> skill_uris;  // skill name -> S3 URI, every skill
};

// Both throw agentlift::Error when an input is missing (a header value, a skill
// URI) or two MCP servers map to one tool name; the message names no value.
Json create_harness_body(const HarnessPlan& plan, const HarnessRequestInputs& inputs,
                         const std::string& client_token);
Json update_harness_body(const HarnessPlan& plan, const HarnessRequestInputs& inputs);

}  // namespace agentlift::bedrock
