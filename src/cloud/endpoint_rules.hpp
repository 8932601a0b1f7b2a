#pragma once
// Evaluator for AWS endpoint rule sets, the Smithy "endpoint rules language"
// that every AWS service model ships as endpoint-rule-set-1.json: parameters
// (Region, UseFIPS, UseDualStack, Endpoint, ...), then a tree of rules whose
// conditions call a small standard library (endpoint_functions.hpp) and end in
// an endpoint (URL, properties, headers) or an error text.
//
// A rule set is checked once when it is read (structure, known functions and
// their arity, references to parameters or earlier assignments) and can then be
// evaluated any number of times, concurrently.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/errors.hpp"
#include "base/json.hpp"
#include "cloud/endpoint_functions.hpp"

namespace agentlift::cloud::endpoints {

// The rule set itself cannot be used (malformed, or it needs a function this
// evaluator does not have). A defect in shipped data, not in the user's input.
class RuleSetError : public Error {
 public:
  using Error::Error;
};

// The configuration cannot be served: an error rule matched ("Invalid
// Configuration: FIPS and custom endpoint are not supported"), a parameter is
// missing or has the wrong type, or a region or endpoint URL is malformed.
class EndpointConfigurationError : public UsageError {
 public:
  // what() is "<context>: <reason>", or the reason alone without a context.
  explicit EndpointConfigurationError(std::string reason, const std::string& context = {},
                                      std::string hint = {});
  // The rule set's own text (or our own reason), without the context.
  const std::string& reason() const { return m_reason; }

 private:
  std::string m_reason;
};

struct Endpoint {
  std::string url;
  Json properties = Json::object();  // e.g. {"authSchemes": [{"name": "sigv4", ...}]}
  std::vector<std::pair<std::string, std::vector<std::string>>> headers;
};

enum class ParameterType { string, boolean, string_array };

struct ParameterSpec {
  std::string name;
  ParameterType type = ParameterType::string;
  bool required = false;
  Value default_value;   // null when the rule set gives no default
  std::string built_in;  // "AWS::Region", "SDK::Endpoint", ... or empty
};

// Parameter values by name; a null value is the same as an absent one.
using ParameterValues = std::map<std::string, Value, std::less<>>;

namespace detail {
struct Program;
}

class RuleSet {
 public:
  // Reads a parsed endpoint-rule-set document; throws RuleSetError.
  static RuleSet from_json(const Json& document);

  const std::vector<ParameterSpec>& parameters() const;

  // Applies defaults, checks types and required parameters, evaluates the rules.
  // Throws EndpointConfigurationError when an error rule matches or a parameter
  // is wrong, RuleSetError when no rule matches or a function is misused.
  Endpoint resolve(const ParameterValues& values) const;

 private:
  explicit RuleSet(std::shared_ptr<const detail::Program> program);
  std::shared_ptr<const detail::Program> m_program;
};

}  // namespace agentlift::cloud::endpoints
