#include "parse/tools.hpp"

#include <gtest/gtest.h>

namespace agentlift::parse {
namespace {

TEST(Tools, SplitsPolicyAtTheLastColon) {
  EXPECT_EQ(split_policy(" bash : ASK ").name, "bash");
  EXPECT_EQ(split_policy(" bash : ASK ").policy, model::ToolPolicy::ask);
  EXPECT_EQ(split_policy("a:b:allow").name, "a:b");
  const ToolToken whole = split_policy("bash:always");
  EXPECT_EQ(whole.name, "bash:always");
  EXPECT_FALSE(whole.policy);
}

TEST(Tools, MapsAliasesDedupesAndKeepsTheLastPolicy) {
  model::Diagnostics diagnostics;
  const BuiltinTools tools = resolve_builtin_tools(
      {"Read", "MultiEdit", "edit:ask", "webfetch", "WebSearch", "mcp__x__y", "task", "edit:allow"},
      "agent", diagnostics);
  EXPECT_EQ(tools.names, (std::vector<std::string>{"read", "edit", "web_fetch", "web_search"}));
  ASSERT_EQ(tools.policies.size(), 1u);
  EXPECT_EQ(tools.policies[0].second, model::ToolPolicy::allow);
  ASSERT_EQ(diagnostics.items().size(), 1u);
  EXPECT_EQ(diagnostics.items()[0].code, "tools.unmapped");
}

}  // namespace
}  // namespace agentlift::parse
