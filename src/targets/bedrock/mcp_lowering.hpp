#pragma once
// What both Bedrock primitives share when lowering an agent's MCP servers:
// stdio servers are refused (or skipped), header auth becomes env-var names,
// env-only auth is dropped, and :ask cannot be enforced.

#include <set>
#include <string>

#include "model/diagnostic.hpp"
#include "model/project.hpp"

namespace agentlift::bedrock {

struct LoweredServer {
  const model::McpServer* server;
  model::StringPairs auth_env_vars;  // header -> env var, headers sorted
};

// `primitive` names the target in messages ("the AgentCore Harness", ...).
std::vector<LoweredServer> lower_mcp_servers(const model::Agent& agent,
                                             const std::string& primitive,
                                             bool skip_unsupported,
                                             std::set<std::string>& env_var_names,
                                             model::Diagnostics& diagnostics,
                                             bool warn_unenforced_filter);

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");

}  // namespace agentlift::bedrock
