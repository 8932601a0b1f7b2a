#include "targets/bedrock/lowering.hpp"

#include <algorithm>

#include "base/utf8.hpp"
#include "plan/identifiers.hpp"
#include "plan/knowledge_inline.hpp"

namespace agentlift::bedrock {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

std::vector<std::string> ask_tools(const model::PolicyMap& policies) {
  std::vector<std::string> asks;
  for (const auto& [tool, policy] : policies) {
    if (policy == model::ToolPolicy::ask) asks.push_back(tool);
  }
  return asks;
}

BuiltinGroups builtin_groups(const model::Agent& agent) {
  static const std::set<std::string> k_web = {"web_fetch", "web_search"};
  static const std::set<std::string> k_sandbox = {"bash", "edit", "glob", "grep", "read", "write"};
  BuiltinGroups groups;
  if (!agent.builtin_tools) {
    groups.web.assign(k_web.begin(), k_web.end());
    groups.sandbox.assign(k_sandbox.begin(), k_sandbox.end());
    return groups;
  }
  const std::set<std::string> enabled(agent.builtin_tools->begin(), agent.builtin_tools->end());
  for (const std::string& tool : enabled) {
    if (k_web.count(tool)) groups.web.push_back(tool);
    if (k_sandbox.count(tool)) groups.sandbox.push_back(tool);
  }
  return groups;
}

std::string build_instruction(const model::Agent& agent, model::Diagnostics& diagnostics) {
  std::string instruction = plan::inline_knowledge(
      agent, {"bedrock.knowledge.truncated", "bedrock.knowledge.inlined"}, diagnostics);
  const std::size_t length = utf8::length(instruction);
  if (length > plan::k_instruction_limit) {
    diagnostics.error("bedrock.instruction.too_long",
                      "the instruction is " + std::to_string(length) + " characters (limit " +
                          std::to_string(plan::k_instruction_limit) +
                          "); shorten the prompt or move material into a skill",
                      agent.name);
  }
  return instruction;
}

std::vector<LoweredServer> lower_mcp_servers(const model::Agent& agent,
                                             const std::string& primitive, bool skip_unsupported,
                                             std::set<std::string>& env_var_names,
                                             model::Diagnostics& diagnostics,
                                             bool warn_unenforced_filter) {
  std::vector<LoweredServer> out;
  for (const model::McpServer& server : agent.mcp_servers) {
    if (server.transport != model::McpTransport::url) {
      const std::string message =
          "MCP server '" + server.name +
          "' runs locally over stdio (command: " + server.command.value_or("?") + "); " +
          primitive + " can only reach remote URL servers. Serve it over HTTPS and set its 'url'";
      if (skip_unsupported) {
        diagnostics.warning("bedrock.mcp.stdio_skipped", message + " (skipped)", agent.name);
      } else {
        diagnostics.error("bedrock.mcp.stdio_unsupported",
                          message + ", or pass --skip-unsupported to leave it out", agent.name);
      }
      continue;
    }

    LoweredServer lowered{&server, {}};
    if (!server.headers.empty()) {
      std::vector<std::string> headers;
      for (const auto& [header, value] : server.headers) headers.push_back(header);
      std::sort(headers.begin(), headers.end());
      std::vector<std::string> names;
      for (const std::string& header : headers) {
        const std::string env = plan::mcp_auth_env_var(server.name, header);
        lowered.auth_env_vars.emplace_back(header, env);
        env_var_names.insert(env);
        names.push_back(env);
      }
      std::sort(names.begin(), names.end());
      diagnostics.warning("bedrock.mcp.auth_via_env",
                          "MCP server '" + server.name + "' sends header(s) " + join(headers) +
                              "; deploy fills them from your local environment into " + primitive +
                              " env var(s) " + join(names) +
                              " (the values never enter the plan or generated code)",
                          agent.name);
    } else if (server.has_inline_auth) {
      diagnostics.warning("bedrock.mcp.auth_dropped",
                          "MCP server '" + server.name +
                              "' sets 'env' but no headers; a remote server only receives "
                              "headers, so the env values are not sent",
                          agent.name);
    }

    const std::vector<std::string> asks = ask_tools(server.tool_policies);
    if (!asks.empty()) {
      diagnostics.warning("bedrock.tool_approval.unsupported",
                          "MCP server '" + server.name + "': " + primitive +
                              " has no approval prompt, so ':ask' on " + join(asks) +
                              " is not enforced (the tools run without asking)",
                          agent.name);
    }
    if (warn_unenforced_filter && server.allowed_tools) {
      diagnostics.warning("bedrock.mcp.tool_filter_unenforced",
                          "MCP server '" + server.name + "' is limited to " +
                              join(*server.allowed_tools) + ", but " + primitive +
                              " cannot narrow one server's tools (an allowlist hides all MCP "
                              "tools), so every tool of the server is available; use --mode "
                              "runtime if the limit matters",
                          agent.name);
    }
    out.push_back(std::move(lowered));
  }
  return out;
}

}  // namespace agentlift::bedrock
