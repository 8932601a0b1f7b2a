#pragma once
// Names derived from agent and server names. AgentCore accepts only
// [a-zA-Z0-9_] in resource names, so identifiers are ASCII (decisions.md #3):
// Latin letters with accents lose them, anything else becomes '_'.

#include <string>
#include <string_view>

namespace agentlift::plan {

// "bug-finder" -> "bug_finder", "café" -> "cafe", "a.b c" -> "a_b_c".
std::string safe_ident(std::string_view name);

// "AGENTLIFT_MCP_<SERVER>_<HEADER>": the env var that carries one MCP header value.
std::string mcp_auth_env_var(std::string_view server, std::string_view header);

}  // namespace agentlift::plan
