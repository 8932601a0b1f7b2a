#pragma once
// mcp.json / .mcp.json: the MCP servers of one agent folder or of the shared pool.

#include <string>
#include <vector>

#include "model/project.hpp"
#include "parse/folder.hpp"

namespace agentlift::parse {

struct McpConfigOptions {
  std::uintmax_t max_bytes;
  bool shared;
  std::string where;  // agent name for messages ("" for the shared pool)
};

// Parses JSON text (already read) into servers in file order. Problems become
// diagnostics naming `display_path` and the line; bad servers are left out.
std::vector<model::McpServer> parse_mcp_config(const std::string& text,
                                               const std::string& display_path,
                                               const McpConfigOptions& options,
                                               model::Diagnostics& diagnostics);

// Finds mcp.json (else .mcp.json) in `base` and parses it; empty if neither exists.
std::vector<model::McpServer> discover_mcp(Folder& folder, const fs::path& base,
                                           const McpConfigOptions& options);

}  // namespace agentlift::parse
