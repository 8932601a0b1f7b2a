#pragma once
// The CreateAgentRuntime and UpdateAgentRuntime request bodies (reference-spec
// §5.7 step 6, aws-wire.md §2.1), built from the runtime plan and what the
// deploy resolved: the execution role, the artifact (a code zip in S3 or a
// container image) and the MCP header values.
//
//   { "agentRuntimeName": safe_ident(display_name),
//     "agentRuntimeArtifact":
//        {"codeConfiguration": {"code": {"s3": {"bucket", "prefix": <zip key>}},
//                               "runtime": "PYTHON_3_12", "entryPoint": ["main.py"]}}
//      | {"containerConfiguration": {"containerUri": <image>}},
//     "roleArn", "networkConfiguration": {"networkMode": "PUBLIC"},
//     "protocolConfiguration": {"serverProtocol": "HTTP"},
//     "clientToken": "agentlift-" + spec_hash[:24],
//     "environmentVariables": {<AGENTLIFT_MCP_...>: <value>} }   (only when any)
//
// No authorizer (IAM only). UpdateAgentRuntime is a PUT: the same body without
// name and clientToken, and environmentVariables always (an empty map clears
// what an earlier deploy set).
//
// The bodies hold MCP header values in clear: hand them to the control client
// and nowhere else, and register McpAuthValues::texts_to_redact() with the
// --debug log before sending.

#include <string>
#include <variant>
#include <vector>

#include "base/json.hpp"
#include "model/project.hpp"
#include "plan/mcp_auth_values.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

inline constexpr std::size_t k_runtime_client_token_hash_chars = 24;
inline constexpr const char* k_code_entry_point = "main.py";
inline constexpr const char* k_default_python_version = "3.12";

// "agentlift-" + spec_hash[:24] (0.8's token for runtimes).
std::string runtime_client_token(const std::string& spec_hash);

// safe_ident(display_name); throws agentlift::Error when AWS would refuse it
// ([a-zA-Z][a-zA-Z0-9_]{0,47}).
std::string agent_runtime_name(const RuntimePlan& plan);

// "agentlift/" + safe_ident(display_name), the ECR repository of the image.
std::string runtime_ecr_repository(const RuntimePlan& plan);

// "agentlift-code/<runtime name>/<sha256>.zip": content-addressed, so the same
// zip is never uploaded twice and a new one never overwrites the deployed one.
std::string code_object_key(const std::string& runtime_name, const std::string& zip_sha256);

// "3.12" -> "PYTHON_3_12"; throws UsageError for a version AWS does not run
// (3.10 to 3.14).
std::string python_runtime_id(const std::string& version);

// The MCP headers of every agent of the plan, with their templates as written
// in `project`'s mcp.json files, for plan::resolve_mcp_auth_values.
std::vector<plan::McpAuthHeader> runtime_auth_headers(const RuntimePlan& plan,
                                                      const model::Project& project);

struct CodeArtifact {
  std::string bucket;
  std::string key;  // the full object key of the zip
  std::string python_runtime = "PYTHON_3_12";
  std::string entry_point = k_code_entry_point;
};

struct ContainerArtifact {
  std::string image_uri;
};

using RuntimeArtifact = std::variant<CodeArtifact, ContainerArtifact>;

struct RuntimeRequestInputs {
  std::string execution_role_arn;  // required on create and update
  RuntimeArtifact artifact;
  plan::McpAuthValues mcp_auth;  // a value for every env var of the plan
};

// Both throw agentlift::Error when a header value is missing; the message
// names the variable, never a value.
Json create_runtime_body(const RuntimePlan& plan, const RuntimeRequestInputs& inputs,
                         const std::string& client_token);
Json update_runtime_body(const RuntimePlan& plan, const RuntimeRequestInputs& inputs);

}  // namespace agentlift::bedrock
