// libFuzzer target: mcp.json / .mcp.json text -> parse_mcp_config (nlohmann-json),
// then the server fields and diagnostics are serialised the way plan/validate
// output does.
//
// The input is passed as raw bytes (a superset of what Folder::read_text lets
// through, which is valid UTF-8 only). The first input byte's low bit picks the
// shared-pool flavour so both option sets are covered without changing the JSON
// much (a leading '{' or ' ' is parsed as usual).

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/json.hpp"
#include "model/diagnostic.hpp"
#include "model/project.hpp"
#include "parse/mcp_config.hpp"

namespace al = agentlift;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const bool shared = size > 0 && (data[0] & 1) != 0;
  const al::parse::McpConfigOptions options{10u << 20, shared, shared ? "" : "fuzz-agent"};
  al::model::Diagnostics diagnostics;

  const std::vector<al::model::McpServer> servers =
      al::parse::parse_mcp_config(text, "mcp.json", options, diagnostics);

  std::size_t sink = 0;
  for (const al::model::McpServer& server : servers) {
    al::Json out = al::Json::object();
    out["name"] = server.name;
    out["shared"] = server.shared;
    out["url"] = server.url ? al::Json(*server.url) : al::Json();
    out["command"] = server.command ? al::Json(*server.command) : al::Json();
    out["transport"] = server.transport == al::model::McpTransport::url ? "url" : "stdio";
    out["args"] = server.args;
    if (server.allowed_tools) out["allowedTools"] = *server.allowed_tools;
    al::Json headers = al::Json::object();
    for (const auto& [k, v] : server.headers) headers[k] = v;
    out["headers"] = headers;
    al::Json env = al::Json::object();
    for (const auto& [k, v] : server.env) env[k] = v;
    out["env"] = env;
    out["policies"] = server.tool_policies.size();
    out["inline_auth"] = server.has_inline_auth;
    sink += al::json::canonical(out).size();
    sink += al::json::pretty(out).size();
    sink += al::json::python_str(out).size();
  }
  sink += al::json::pretty(diagnostics.to_json()).size();
  sink += al::json::canonical(diagnostics.to_json()).size();
  volatile std::size_t keep = sink;
  (void)keep;
  return 0;
}
