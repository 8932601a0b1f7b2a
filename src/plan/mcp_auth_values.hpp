#pragma once
// MCP header values at deploy time (reference-spec §3.6 with decisions.md #5).
// A header written in mcp.json as "Bearer ${TOKEN}" is expanded against the
// local environment (process environment plus .env files, plan/dotenv.hpp):
// `$NAME` and `${NAME}` are replaced, nothing else is (`%NAME%` stays text, as
// on POSIX in 0.8). Unlike 0.8, which sent an unset reference literally, an
// unset variable is an error that names it, and nothing is sent.
//
// Values are Secrets: they go into the request body and nowhere else (not the
// plan, the lockfile, a log line or an error message). Error messages name
// variables, headers and servers only.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.hpp"
#include "plan/dotenv.hpp"

namespace agentlift::plan {

// One MCP header whose value the deploy resolves.
struct McpAuthHeader {
  std::string server;
  std::string header;
  std::string env_var;         // AGENTLIFT_MCP_<SERVER>_<HEADER> (reference-spec §3.5)
  std::string value_template;  // as written in mcp.json; may itself be a secret
};

// AWS accepts MCP header values of 1 to 16383 characters.
inline constexpr std::size_t k_mcp_header_value_max = 16383;

class McpAuthValues {
 public:
  // The value for `env_var`, or nullptr.
  const Secret* find(const std::string& env_var) const;
  std::vector<std::string> env_var_names() const;  // sorted
  std::size_t size() const { return m_values.size(); }

  // Every text the --debug wire log and error messages must hide: each
  // resolved value and each variable value it was built from (revealed, to hand
  // to the redactor; never print them).
  std::vector<std::string> texts_to_redact() const;

  // Used by resolve_mcp_auth_values.
  void add(const std::string& env_var, Secret value, const std::vector<std::string>& parts);

 private:
  std::map<std::string, Secret> m_values;
  std::vector<Secret> m_redact;
};

// Resolves every header. Throws agentlift::Error listing each problem (unset
// variable, `${...}` that is not a plain name, empty or over-long result, two
// headers sharing one env var name with different values); the message names
// variables, headers and servers, never a value or a template.
McpAuthValues resolve_mcp_auth_values(const std::vector<McpAuthHeader>& headers,
                                      const Environment& environment);

// `text` with every secret of `values` replaced by "<redacted>" (for error
// messages that may echo a request, e.g. from AWS).
std::string redact_secrets(std::string text, const McpAuthValues& values);

}  // namespace agentlift::plan
