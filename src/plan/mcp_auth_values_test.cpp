#include "plan/mcp_auth_values.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>

#include "base/errors.hpp"

namespace agentlift::plan {
namespace {

McpAuthHeader header(const std::string& value_template, const std::string& name = "Authorization",
                     const std::string& server = "tracker") {
  return {server, name, "AGENTLIFT_MCP_TRACKER_" + name, value_template};
}

std::string value_of(const McpAuthValues& values, const std::string& env_var) {
  const Secret* secret = values.find(env_var);
  return secret ? secret->reveal() : "<none>";
}

// The message of the Error resolve throws, or "" when it does not throw.
std::string resolve_error(const std::vector<McpAuthHeader>& headers, const Environment& env) {
  try {
    resolve_mcp_auth_values(headers, env);
  } catch (const Error& error) {
    return std::string(error.what()) + " | " + error.hint();
  }
  return "";
}

template <typename T>
concept Streamable = requires(std::ostream& out, const T& value) {
  out << value;
};

TEST(McpAuthSecret, CannotBeStreamedOrConvertedByAccident) {
  static_assert(!Streamable<Secret>);
  static_assert(!std::is_convertible_v<Secret, std::string>);
  static_assert(!std::is_convertible_v<std::string, Secret>);
  EXPECT_EQ(Secret("x").reveal(), "x");
  std::ostringstream printed;
  PrintTo(Secret("hunter22"), &printed);
  EXPECT_EQ(printed.str().find("hunter22"), std::string::npos);
}

TEST(McpAuthValues, ExpandsDollarNameAndBraces) {
  const McpAuthValues values =
      resolve_mcp_auth_values({header("Bearer ${TOKEN}"), header("$WS-prod", "X_WORKSPACE")},
                              {{"TOKEN", "t0ken-value"}, {"WS", "acme"}});
  EXPECT_EQ(value_of(values, "AGENTLIFT_MCP_TRACKER_Authorization"), "Bearer t0ken-value");
  EXPECT_EQ(value_of(values, "AGENTLIFT_MCP_TRACKER_X_WORKSPACE"), "acme-prod");
  EXPECT_EQ(values.env_var_names(),
            (std::vector<std::string>{"AGENTLIFT_MCP_TRACKER_Authorization",
                                      "AGENTLIFT_MCP_TRACKER_X_WORKSPACE"}));
}

TEST(McpAuthValues, LeavesOtherTextAlone) {
  const McpAuthValues values =
      resolve_mcp_auth_values({header("a $ b ${ c %TOKEN% $$X")}, {{"X", "x"}, {"TOKEN", "t"}});
  EXPECT_EQ(value_of(values, "AGENTLIFT_MCP_TRACKER_Authorization"), "a $ b ${ c %TOKEN% $x");
}

TEST(McpAuthValues, DoesNotExpandTwice) {
  const McpAuthValues values =
      resolve_mcp_auth_values({header("${A}")}, {{"A", "$B"}, {"B", "no"}});
  EXPECT_EQ(value_of(values, "AGENTLIFT_MCP_TRACKER_Authorization"), "$B");
}

TEST(McpAuthValues, LiteralValueNeedsNoVariable) {
  const McpAuthValues values = resolve_mcp_auth_values({header("Bearer literal-secret")}, {});
  EXPECT_EQ(value_of(values, "AGENTLIFT_MCP_TRACKER_Authorization"), "Bearer literal-secret");
}

TEST(McpAuthValues, UnsetVariableIsAnErrorNamingItButNoValue) {
  const std::string message =
      resolve_error({header("Bearer sk-literal-part ${TOKEN} ${OTHER}")}, {{"OTHER", "s3cr3t-x"}});
  EXPECT_NE(message.find("TOKEN is not set"), std::string::npos) << message;
  EXPECT_NE(message.find("'Authorization'"), std::string::npos);
  EXPECT_NE(message.find("'tracker'"), std::string::npos);
  EXPECT_NE(message.find("AGENTLIFT_MCP_TRACKER_Authorization"), std::string::npos);
  EXPECT_NE(message.find(".env"), std::string::npos);
  EXPECT_EQ(message.find("sk-literal-part"), std::string::npos);
  EXPECT_EQ(message.find("s3cr3t-x"), std::string::npos);
  EXPECT_EQ(message.find("OTHER"), std::string::npos);
}

TEST(McpAuthValues, ListsEveryProblemAtOnce) {
  const std::string message = resolve_error(
      {header("${A}"), header("${B}", "Cookie"), header("${C:-fallback-secret}", "X_Key")}, {});
  EXPECT_NE(message.find("A is not set"), std::string::npos) << message;
  EXPECT_NE(message.find("B is not set"), std::string::npos);
  EXPECT_NE(message.find("not a plain variable name"), std::string::npos);
  EXPECT_EQ(message.find("fallback-secret"), std::string::npos);
}

TEST(McpAuthValues, EmptyResultIsAnError) {
  const std::string message = resolve_error({header("${EMPTY}")}, {{"EMPTY", ""}});
  EXPECT_NE(message.find("empty value"), std::string::npos) << message;
}

TEST(McpAuthValues, SharedEnvVarWithDifferentValuesIsAnError) {
  McpAuthHeader a = header("one-value", "Authorization", "a-b");
  McpAuthHeader b = header("two-value", "Authorization", "a_b");
  const std::string message = resolve_error({a, b}, {});
  EXPECT_NE(message.find("share env var"), std::string::npos) << message;
  EXPECT_EQ(message.find("one-value"), std::string::npos);
}

TEST(McpAuthValues, RedactsValuesAndTheVariablesTheyWereBuiltFrom) {
  const McpAuthValues values =
      resolve_mcp_auth_values({header("Bearer ${TOKEN}")}, {{"TOKEN", "abcd1234"}});
  const std::vector<std::string> texts = values.texts_to_redact();
  EXPECT_EQ(texts, (std::vector<std::string>{"Bearer abcd1234", "abcd1234"}));
  EXPECT_EQ(redact_secrets("AWS said: token abcd1234 is bad; Bearer abcd1234.", values),
            "AWS said: token <redacted> is bad; <redacted>.");
}

}  // namespace
}  // namespace agentlift::plan
