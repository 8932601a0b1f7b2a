#pragma once
// examples/team copied for a live Runtime test, with its shared docs MCP server
// given a secret header resolved from DOCS_TOKEN (the example has none), so a
// test can check where a canary value may and may not go.

#include <filesystem>
#include <fstream>

namespace agentlift::testing {

inline constexpr const char* k_team_secret_variable = "DOCS_TOKEN";

inline void copy_team_with_secret_header(const std::filesystem::path& to) {
  std::filesystem::copy(std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "examples" / "team", to,
                        std::filesystem::copy_options::recursive);
  std::ofstream(to / ".managed-agents" / "shared" / "mcp.json") << R"({
  "mcpServers": {
    "docs": {
      "type": "url",
      "url": "https://docs.example.com/mcp",
      "allowedTools": ["search", "read_page"],
      "headers": {"Authorization": "Bearer ${DOCS_TOKEN}"}
    }
  }
}
)";
}

}  // namespace agentlift::testing
