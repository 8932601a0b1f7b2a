#include "parse/mcp_config.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "parse/list_values.hpp"
#include "parse/tools.hpp"

namespace agentlift::parse {
namespace {

std::size_t line_at(const std::string& text, std::size_t byte) {
  byte = std::min(byte, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + byte, '\n'));
}

constexpr std::size_t k_max_depth = 32;

// `cfg.get(a) or cfg.get(b)`: the first truthy value, else the second as it is.
// Returns a pointer into `cfg` (copying a deep value would recurse).
const Json& first_truthy(const Json& cfg, const char* a, const char* b) {
  static const Json k_null;
  const auto first = cfg.find(a);
  if (first != cfg.end() && json::truthy(*first)) return *first;
  const auto second = cfg.find(b);
  return second != cfg.end() ? *second : k_null;
}

// nlohmann's messages quote the text last read, which may be part of a secret
// header value; keep only the library's own words ("syntax error while parsing
// value: invalid literal").
std::string json_error_reason(const std::string& what) {
  const std::size_t column = what.find("column");
  const std::size_t start = what.find(": ", column == std::string::npos ? 0 : column);
  if (start == std::string::npos) return "syntax error";
  const std::size_t dash = what.find(" - ", start);
  if (dash == std::string::npos) return "syntax error";
  std::string reason = what.substr(start + 2, dash - start - 2);
  const std::size_t end = what.find(';', dash);
  const std::string detail =
      what.substr(dash + 3, end == std::string::npos ? std::string::npos : end - dash - 3);
  if (detail.find('\'') == std::string::npos) reason += ": " + detail;
  return reason;
}

// Depth of the deepest array/object, counted without recursion.
std::size_t nesting_depth(const Json& root) {
  std::size_t deepest = 0;
  std::vector<std::pair<const Json*, std::size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [value, depth] = stack.back();
    stack.pop_back();
    if (!value->is_structured()) continue;
    deepest = std::max(deepest, depth);
    if (depth > k_max_depth) break;
    for (const Json& child : *value) stack.emplace_back(&child, depth + 1);
  }
  return deepest;
}

bool read_string_map(const Json& cfg, const char* key, model::StringPairs& out,
                     const std::string& prefix, const std::string& where,
                     model::Diagnostics& diagnostics) {
  if (!cfg.contains(key) || !json::truthy(cfg.at(key))) return true;
  const Json& value = cfg.at(key);
  if (!value.is_object()) {
    diagnostics.error("mcp.invalid",
                      prefix + "'" + key +
                          "' must be an object of names to values, e.g. "
                          "{\"Authorization\": \"Bearer ${TOKEN}\"}",
                      where);
    return false;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    out.emplace_back(it.key(), json::python_str(it.value()));
  }
  return true;
}

std::optional<model::McpServer> read_server(const std::string& name, const Json& cfg,
                                            const std::string& file,
                                            const McpConfigOptions& options,
                                            model::Diagnostics& diagnostics) {
  const std::string prefix = file + ": MCP server '" + name + "': ";
  if (!cfg.is_object()) {
    diagnostics.error("mcp.invalid",
                      prefix +
                          "expected an object such as {\"type\": \"url\", \"url\": "
                          "\"https://...\"}",
                      options.where);
    return std::nullopt;
  }
  model::McpServer server;
  server.name = name;
  server.shared = options.shared;

  const Json url = cfg.contains("url") ? cfg.at("url") : Json();
  if (!url.is_null() && !url.is_string()) {
    diagnostics.error("mcp.invalid", prefix + "'url' must be a string", options.where);
    return std::nullopt;
  }
  if (url.is_string()) server.url = url.get<std::string>();
  const bool has_url = server.url && !server.url->empty();
  if (cfg.contains("command") && json::truthy(cfg.at("command"))) {
    server.command = json::python_str(cfg.at("command"));
  }
  const Json type = cfg.contains("type") ? cfg.at("type") : Json();
  if (type == "url") {
    server.transport = model::McpTransport::url;
  } else if (type == "stdio") {
    server.transport = model::McpTransport::stdio;
  } else {
    server.transport = has_url ? model::McpTransport::url : model::McpTransport::stdio;
  }

  if (cfg.contains("args") && json::truthy(cfg.at("args"))) {
    const auto args = read_string_list(cfg.at("args"), {"args", file, options.where}, diagnostics);
    if (args) server.args = *args;
  }

  const Json& allowed = first_truthy(cfg, "allowedTools", "allowed_tools");
  if (!allowed.is_null()) {
    const auto entries =
        read_string_list(allowed, {"allowedTools", file, options.where}, diagnostics);
    if (!entries) return std::nullopt;
    std::vector<std::string> names;
    for (const std::string& entry : *entries) {
      const ToolToken token = split_policy(entry);
      names.push_back(token.name);
      if (token.policy) model::set_policy(server.tool_policies, token.name, *token.policy);
    }
    server.allowed_tools = std::move(names);
  }

  if (!read_string_map(cfg, "headers", server.headers, prefix, options.where, diagnostics) ||
      !read_string_map(cfg, "env", server.env, prefix, options.where, diagnostics)) {
    return std::nullopt;
  }
  server.has_inline_auth = !server.headers.empty() || !server.env.empty();
  return server;
}

}  // namespace

std::vector<model::McpServer> parse_mcp_config(const std::string& text,
                                               const std::string& display_path,
                                               const McpConfigOptions& options,
                                               model::Diagnostics& diagnostics) {
  std::vector<model::McpServer> servers;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
    diagnostics.error("mcp.invalid_json",
                      display_path + ":1: starts with a UTF-8 byte-order mark; save it without one",
                      options.where);
    return servers;
  }
  Json data;
  try {
    data = Json::parse(text);
  } catch (const Json::out_of_range&) {
    diagnostics.error("mcp.invalid_json",
                      display_path + ": holds a number too large to represent; fix the value",
                      options.where);
    return servers;
  } catch (const Json::exception& e) {
    const std::string what = json_error_reason(e.what());
    const std::size_t byte = dynamic_cast<const Json::parse_error*>(&e)
                                 ? dynamic_cast<const Json::parse_error&>(e).byte
                                 : 0;
    diagnostics.error("mcp.invalid_json",
                      display_path + ":" + std::to_string(line_at(text, byte)) +
                          ": invalid JSON (" + what + "); fix the syntax",
                      options.where);
    return servers;
  }
  if (!data.is_object()) {
    diagnostics.error("mcp.invalid",
                      display_path + ":1: expected a JSON object with an \"mcpServers\" key",
                      options.where);
    return servers;
  }
  if (nesting_depth(data) > k_max_depth) {
    diagnostics.error("mcp.invalid",
                      display_path + ": nests deeper than " + std::to_string(k_max_depth) +
                          " levels; an MCP config needs only a few",
                      options.where);
    return servers;
  }
  const Json& raw = first_truthy(data, "mcpServers", "mcp_servers");
  if (!json::truthy(raw)) return servers;
  if (!raw.is_object()) {
    diagnostics.error("mcp.invalid",
                      display_path +
                          ": \"mcpServers\" must be an object of server name to "
                          "settings",
                      options.where);
    return servers;
  }
  for (auto it = raw.begin(); it != raw.end(); ++it) {
    if (auto server = read_server(it.key(), it.value(), display_path, options, diagnostics)) {
      servers.push_back(std::move(*server));
    }
  }
  return servers;
}

std::vector<model::McpServer> discover_mcp(Folder& folder, const fs::path& base,
                                           const McpConfigOptions& options) {
  for (const char* name : {"mcp.json", ".mcp.json"}) {
    const fs::path path = base / name;
    const Folder::Kind kind = folder.kind(path);
    if (kind == Folder::Kind::missing) continue;
    if (kind != Folder::Kind::file) {
      folder.diagnostics().error(
          "file.not_regular", folder.display(path) + ": expected a file here; rename or remove it",
          options.where);
      return {};
    }
    const auto text = folder.read_text(path, options.max_bytes, options.where);
    if (!text) return {};
    return parse_mcp_config(*text, folder.display(path), options, folder.diagnostics());
  }
  return {};
}

}  // namespace agentlift::parse
