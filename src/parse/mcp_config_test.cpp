#include "parse/mcp_config.hpp"

#include <gtest/gtest.h>

#include "base/utf8.hpp"

namespace agentlift::parse {
namespace {

std::vector<model::McpServer> parse(const std::string& text, model::Diagnostics& diagnostics) {
  return parse_mcp_config(text, "a/mcp.json", {1u << 20, false, "a"}, diagnostics);
}

TEST(McpConfig, ReadsTransportsAllowlistsAndAuth) {
  model::Diagnostics diagnostics;
  const auto servers = parse(R"({"mcpServers": {
      "docs": {"type": "sse", "url": "https://x/mcp", "allowedTools": ["search", "del:ask"]},
      "all": {"url": "https://y/mcp", "allowedTools": [], "headers": {"Authorization": "Bearer ${T}"}},
      "local": {"command": "npx", "args": ["srv", 1]}}})",
                             diagnostics);
  EXPECT_TRUE(diagnostics.items().empty());
  ASSERT_EQ(servers.size(), 3u);
  EXPECT_EQ(servers[0].transport, model::McpTransport::url);
  EXPECT_EQ(*servers[0].allowed_tools, (std::vector<std::string>{"search", "del"}));
  EXPECT_EQ(servers[0].tool_policies.size(), 1u);
  EXPECT_FALSE(servers[1].allowed_tools);  // [] means every tool
  EXPECT_TRUE(servers[1].has_inline_auth);
  EXPECT_EQ(servers[2].transport, model::McpTransport::stdio);
  EXPECT_EQ(servers[2].args, (std::vector<std::string>{"srv", "1"}));
}

TEST(McpConfig, SyntaxErrorNamesFileAndLine) {
  model::Diagnostics diagnostics;
  EXPECT_TRUE(parse("{\n  \"mcpServers\": {\n    \"x\": ,\n", diagnostics).empty());
  ASSERT_EQ(diagnostics.items().size(), 1u);
  EXPECT_EQ(diagnostics.items()[0].code, "mcp.invalid_json");
  EXPECT_EQ(diagnostics.items()[0].message.rfind("a/mcp.json:3:", 0), 0u)
      << diagnostics.items()[0].message;
}

TEST(McpConfig, SyntaxErrorNeverQuotesTheFile) {
  // A header value cut short by a typo must not reach the plan's diagnostics.
  model::Diagnostics diagnostics;
  parse("{\"mcpServers\": {\"x\": {\"url\": \"u\", \"headers\": {\"A\": \"Bearer sk-SECRET-42\n}}}",
        diagnostics);
  ASSERT_EQ(diagnostics.items().size(), 1u);
  EXPECT_EQ(diagnostics.items()[0].message.find("sk-SECRET-42"), std::string::npos)
      << diagnostics.items()[0].message;
  model::Diagnostics literal;
  parse("{\"mcpServers\": {\"x\": {\"url\": \"u\", \"headers\": {\"A\": sk-SECRET-42}}}}", literal);
  ASSERT_EQ(literal.items().size(), 1u);
  EXPECT_EQ(literal.items()[0].message.find("sk-SECRET-42"), std::string::npos)
      << literal.items()[0].message;
}

TEST(McpConfig, WrongShapesAreErrorsNotCrashes) {
  for (const char* text :
       {"[]", "{\"mcpServers\": [1]}", "{\"mcpServers\": {\"x\": 3}}",
        "{\"mcpServers\": {\"x\": {\"url\": 5}}}",
        "{\"mcpServers\": {\"x\": {\"url\": \"u\", \"headers\": [\"a\"]}}}",
        "{\"mcpServers\": {\"x\": {\"url\": \"u\", \"allowedTools\": 4}}}", "\xEF\xBB\xBF{}"}) {
    model::Diagnostics diagnostics;
    EXPECT_TRUE(parse(text, diagnostics).empty()) << text;
    EXPECT_FALSE(diagnostics.ok()) << text;
  }
}

TEST(McpConfig, FuzzFindingsAreDiagnostics) {
  // Found by fuzz/fuzz_mcp_config: a number too large for a double, deep nesting
  // (our copies and python_str used to recurse), and an error message that cut a
  // multi-byte character in half.
  const std::string deep = "{\"mcpServers\": {\"x\": {\"command\": " + std::string(100000, '[') +
                           std::string(100000, ']') + "}}}";
  for (const std::string& text : {std::string("{\"mcpServers\": {\"s\": {\"command\": 1e400}}}"),
                                  deep, std::string("{\"command\": tru\xC3\xA9}")}) {
    model::Diagnostics diagnostics;
    EXPECT_TRUE(parse(text, diagnostics).empty());
    ASSERT_FALSE(diagnostics.ok());
    EXPECT_FALSE(utf8::find_invalid(diagnostics.items()[0].message));
  }
}

TEST(McpConfig, ScalarAllowlistIsOneToolWithAWarning) {
  model::Diagnostics diagnostics;
  const auto servers = parse(
      R"({"mcpServers": {"x": {"url": "https://x", "allowedTools": "search"}}})", diagnostics);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(*servers[0].allowed_tools, (std::vector<std::string>{"search"}));
  ASSERT_EQ(diagnostics.items().size(), 1u);
  EXPECT_EQ(diagnostics.items()[0].level, model::Level::warning);
}

}  // namespace
}  // namespace agentlift::parse
