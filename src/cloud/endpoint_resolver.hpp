#pragma once
// Where a service call goes. The AWS SDKs' precedence decides which endpoint URL
// overrides the service's rule set:
//   1. an explicit endpoint URL (--endpoint-url),
//   2. AWS_ENDPOINT_URL_<SERVICE ID> (upper case, spaces and dashes as '_'),
//   3. AWS_ENDPOINT_URL,
//   4. none: the rule set builds the URL from region, FIPS and dual-stack.
// Variables 2 and 3 are skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is
// "true". The chosen URL is passed to the rule set as its Endpoint parameter, so
// the rule set still has its say (a custom endpoint with FIPS or dual-stack is an
// error there, as in the JS SDK; botocore instead drops FIPS/dual-stack).
// The environment is an injected map; nothing here reads the process's.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cloud/endpoint_rules.hpp"

namespace agentlift::cloud::endpoints {

using Environment = std::map<std::string, std::string>;

struct EndpointParams {
  std::optional<std::string> region;    // Region; empty counts as unset
  bool use_fips = false;                // UseFIPS
  bool use_dual_stack = false;          // UseDualStack
  std::optional<std::string> endpoint;  // an explicit endpoint URL; empty counts as unset
  ParameterValues extra;                // further rule-set parameters, e.g. S3's Bucket
};

enum class EndpointSource { explicit_url, service_environment, global_environment, rule_set };

struct ResolvedEndpoint {
  Endpoint endpoint;
  EndpointSource source = EndpointSource::rule_set;
  // "--endpoint-url", the environment variable's name, or the rule set's file name.
  std::string origin;
};

// A service this program talks to: its model's serviceId and rule-set file.
struct ServiceRuleSet {
  std::string_view service_id;  // "Bedrock AgentCore Control"
  std::string_view file_name;   // "agentcore-control.endpoint-rule-set.json"
};
std::span<const ServiceRuleSet> known_services();

// "Bedrock AgentCore Control" -> "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL".
std::string service_endpoint_variable(std::string_view service_id);

// Applies the precedence above and evaluates `rules`. Throws
// EndpointConfigurationError for a malformed region or override URL and for the
// rule set's error rules, with `service_id` and the URL's origin in the text.
ResolvedEndpoint resolve_endpoint(const RuleSet& rules, std::string_view service_id,
                                  const EndpointParams& params, const Environment& environment);

// Returns the text of a rule-set file, given its file name.
using RuleSetReader = std::function<std::string(const std::string& file_name)>;

// Resolves endpoints for the known services, reading each rule set once, on
// first use. Safe to share between threads.
class EndpointResolver {
 public:
  explicit EndpointResolver(RuleSetReader reader);
  // Reads "<directory>/<file_name>" (e.g. tests/data/aws/models).
  static EndpointResolver from_directory(const std::filesystem::path& directory);

  // Throws std::invalid_argument for a service that is not in known_services().
  ResolvedEndpoint resolve(std::string_view service_id, const EndpointParams& params,
                           const Environment& environment) const;
  const RuleSet& rule_set(std::string_view service_id) const;

 private:
  RuleSetReader m_reader;
  mutable std::mutex m_mutex;
  mutable std::map<std::string, std::unique_ptr<const RuleSet>, std::less<>> m_loaded;
};

}  // namespace agentlift::cloud::endpoints
