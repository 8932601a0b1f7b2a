#include "cloud/endpoint_resolver.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "base/files.hpp"

namespace agentlift::cloud::endpoints {
namespace {

// serviceId from each botocore model (metadata.serviceId) and the rule set
// copied from the same botocore release.
constexpr std::array<ServiceRuleSet, 6> k_services = {{
    {"Bedrock AgentCore Control", "agentcore-control.endpoint-rule-set.json"},
    {"Bedrock AgentCore", "agentcore.endpoint-rule-set.json"},
    {"Bedrock Runtime", "bedrock-runtime.endpoint-rule-set.json"},
    {"ECR", "ecr.endpoint-rule-set.json"},
    {"S3", "s3.endpoint-rule-set.json"},
    {"STS", "sts.endpoint-rule-set.json"},
}};

constexpr std::uintmax_t k_max_rule_set_bytes = 8u << 20;  // S3's, the largest, is 0.9 MB

const ServiceRuleSet& known_service(std::string_view service_id) {
  for (const auto& service : k_services) {
    if (service.service_id == service_id) return service;
  }
  throw std::invalid_argument("no endpoint rule set for service \"" + std::string(service_id) +
                              "\"");
}

std::string lower_ascii(std::string text) {
  for (auto& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

std::optional<std::string> non_empty(const Environment& environment, const std::string& name) {
  const auto found = environment.find(name);
  if (found == environment.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

struct Override {
  std::string url;
  EndpointSource source;
  std::string origin;
};

std::optional<Override> find_override(std::string_view service_id, const EndpointParams& params,
                                      const Environment& environment) {
  if (params.endpoint && !params.endpoint->empty()) {
    return Override{*params.endpoint, EndpointSource::explicit_url, "--endpoint-url"};
  }
  const auto ignore = non_empty(environment, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (ignore && lower_ascii(*ignore) == "true") return std::nullopt;
  const auto service_variable = service_endpoint_variable(service_id);
  if (auto url = non_empty(environment, service_variable)) {
    return Override{std::move(*url), EndpointSource::service_environment, service_variable};
  }
  if (auto url = non_empty(environment, "AWS_ENDPOINT_URL")) {
    return Override{std::move(*url), EndpointSource::global_environment, "AWS_ENDPOINT_URL"};
  }
  return std::nullopt;
}

}  // namespace

std::span<const ServiceRuleSet> known_services() { return k_services; }

std::string service_endpoint_variable(std::string_view service_id) {
  std::string name = "AWS_ENDPOINT_URL_";
  for (const char c : service_id) {
    if (c == ' ' || c == '-') {
      name += '_';
    } else {
      name += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
  }
  return name;
}

ResolvedEndpoint resolve_endpoint(const RuleSet& rules, std::string_view service_id,
                                  const EndpointParams& params, const Environment& environment) {
  const std::string context = "cannot resolve the " + std::string(service_id) + " endpoint";
  ResolvedEndpoint resolved;
  ParameterValues values = params.extra;
  if (params.region && !params.region->empty()) {
    // The region becomes part of a host name; botocore checks it the same way.
    if (!is_valid_host_label(*params.region, false)) {
      throw EndpointConfigurationError(
          "invalid region \"" + *params.region + "\"", context,
          "a region is a name such as us-east-1 (letters, digits and '-', at most 63)");
    }
    values["Region"] = *params.region;
  } else {
    values.erase("Region");
  }
  values["UseFIPS"] = params.use_fips;
  values["UseDualStack"] = params.use_dual_stack;
  std::string hint = "check the region and the FIPS and dual-stack settings";
  if (auto found = find_override(service_id, params, environment)) {
    if (parse_url(found->url).is_null()) {
      throw EndpointConfigurationError(
          found->origin + " is not a usable endpoint URL: \"" + found->url + "\"", context,
          "give an http:// or https:// URL with a host and no query, e.g. http://localhost:8080");
    }
    values["Endpoint"] = found->url;
    resolved.source = found->source;
    hint = "the endpoint URL came from " + found->origin;
    resolved.origin = std::move(found->origin);
  } else {
    values.erase("Endpoint");
    const auto service = std::find_if(k_services.begin(), k_services.end(),
                                      [&](const auto& s) { return s.service_id == service_id; });
    resolved.origin = service != k_services.end() ? std::string(service->file_name) : "rule set";
  }
  try {
    resolved.endpoint = rules.resolve(values);
  } catch (const EndpointConfigurationError& error) {
    throw EndpointConfigurationError(error.reason(), context, hint);
  }
  return resolved;
}

EndpointResolver::EndpointResolver(RuleSetReader reader) : m_reader(std::move(reader)) {}

EndpointResolver EndpointResolver::embedded() {
  return EndpointResolver([](const std::string& file_name) {
    const std::string_view text = embedded_rule_set(file_name);
    if (text.empty()) throw Error("no endpoint rule set called " + file_name + " is built in");
    return std::string(text);
  });
}

EndpointResolver EndpointResolver::from_directory(const std::filesystem::path& directory) {
  return EndpointResolver([directory](const std::string& file_name) {
    const auto path = directory / file_name;
    auto result = files::read(path, k_max_rule_set_bytes);
    if (result.status != files::ReadResult::Status::ok) {
      throw IoError("cannot read endpoint rule set " + path.string() +
                        (result.error.empty() ? "" : ": " + result.error),
                    "the endpoint rule sets are data files shipped with agentlift");
    }
    return std::move(result.bytes);
  });
}

const RuleSet& EndpointResolver::rule_set(std::string_view service_id) const {
  const auto& service = known_service(service_id);
  std::lock_guard lock(m_mutex);
  auto found = m_loaded.find(service.service_id);
  if (found == m_loaded.end()) {
    const auto text = m_reader(std::string(service.file_name));
    Json document = Json::parse(text, nullptr, false);
    if (document.is_discarded()) {
      throw RuleSetError("endpoint rule set " + std::string(service.file_name) +
                         " is not valid JSON");
    }
    auto rule_set = std::make_unique<const RuleSet>(RuleSet::from_json(document));
    found = m_loaded.emplace(std::string(service.service_id), std::move(rule_set)).first;
  }
  return *found->second;
}

ResolvedEndpoint EndpointResolver::resolve(std::string_view service_id,
                                           const EndpointParams& params,
                                           const Environment& environment) const {
  return resolve_endpoint(rule_set(service_id), service_id, params, environment);
}

}  // namespace agentlift::cloud::endpoints
