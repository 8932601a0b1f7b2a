#pragma once
// What both Bedrock primitives share when lowering an agent: MCP servers (stdio
// refused or skipped, header auth as env-var names, env-only auth dropped, :ask
// not enforceable), the built-in tool groups, and the instruction.

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
                                             const std::string& primitive, bool skip_unsupported,
                                             std::set<std::string>& env_var_names,
                                             model::Diagnostics& diagnostics,
                                             bool warn_unenforced_filter);

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");

// Tools whose policy is ":ask", in the order they were written.
std::vector<std::string> ask_tools(const model::PolicyMap& policies);

// The agent's enabled built-ins split by the AgentCore primitive that serves
// them, each sorted. No `tools:` list means every built-in.
struct BuiltinGroups {
  std::vector<std::string> web;      // web_fetch, web_search
  std::vector<std::string> sandbox;  // bash, edit, glob, grep, read, write
};
BuiltinGroups builtin_groups(const model::Agent& agent);

// The system prompt with knowledge folded in; over the limit is an error.
std::string build_instruction(const model::Agent& agent, model::Diagnostics& diagnostics);

}  // namespace agentlift::bedrock
