#include "cloud/credentials_sts.hpp"

#include <memory>
#include <utility>

#include "cloud/sts_client.hpp"

namespace agentlift::cloud {
namespace {

constexpr std::string_view k_sts_service_id = "STS";

AwsClientConfig sts_config(const StsEndpoint& endpoint, sigv4::Credentials credentials,
                           const StsSeamOptions& options) {
  AwsClientConfig config;
  config.service = "STS";
  config.signing_name = "sts";
  config.region = endpoint.signing_region;
  config.endpoint = endpoint.url;
  config.credentials = std::move(credentials);
  config.clock = options.clock;
  config.retry_policy = options.retry_policy;
  config.retry_hooks = options.retry_hooks;
  return config;
}

// The first sigv4 auth scheme's signingRegion, if the rule set names one.
std::optional<std::string> signing_region_of(const endpoints::Endpoint& endpoint) {
  const auto schemes = endpoint.properties.find("authSchemes");
  if (schemes == endpoint.properties.end() || !schemes->is_array()) return std::nullopt;
  for (const auto& scheme : *schemes) {
    if (!scheme.is_object() || scheme.value("name", "") != "sigv4") continue;
    const auto region = scheme.find("signingRegion");
    if (region != scheme.end() && region->is_string() && !region->get<std::string>().empty())
      return region->get<std::string>();
  }
  return std::nullopt;
}

}  // namespace

StsEndpoint resolve_sts_endpoint(const endpoints::EndpointResolver& resolver,
                                 const std::optional<std::string>& region,
                                 const StsSeamOptions& options) {
  const std::string chosen = region && !region->empty() ? *region : options.default_region;
  endpoints::EndpointParams params;
  params.region = chosen;
  const endpoints::ResolvedEndpoint resolved =
      resolver.resolve(k_sts_service_id, params, options.environment);
  return {resolved.endpoint.url, signing_region_of(resolved.endpoint).value_or(chosen)};
}

StsSeams make_sts_seams(Transport& transport, const endpoints::EndpointResolver& resolver,
                        StsSeamOptions options) {
  const auto shared = std::make_shared<const StsSeamOptions>(std::move(options));
  StsSeams seams;
  seams.assume_role = [&transport, &resolver,
                       shared](const credentials::AssumeRoleRequest& request) {
    const StsEndpoint endpoint = resolve_sts_endpoint(resolver, request.region, *shared);
    AwsClient client(sts_config(endpoint, request.source, *shared), transport);
    AssumeRoleParams params;
    params.role_arn = request.role_arn;
    params.session_name = request.session_name;
    params.external_id = request.external_id;
    params.duration = request.duration;
    return StsClient(client).assume_role(params);
  };
  seams.assume_role_with_web_identity = [&transport, &resolver,
                                         shared](const credentials::WebIdentityRequest& request) {
    const StsEndpoint endpoint = resolve_sts_endpoint(resolver, request.region, *shared);
    // Unsigned: no credentials go into the client at all.
    AwsClient client(sts_config(endpoint, {}, *shared), transport);
    WebIdentityParams params;
    params.role_arn = request.role_arn;
    params.session_name = request.session_name;
    params.web_identity_token = request.web_identity_token;
    params.duration = request.duration;
    return StsClient(client).assume_role_with_web_identity(params);
  };
  return seams;
}

void install_sts_seams(credentials::Seams& seams, Transport& transport,
                       const endpoints::EndpointResolver& resolver, StsSeamOptions options) {
  StsSeams sts = make_sts_seams(transport, resolver, std::move(options));
  seams.sts_assume_role = std::move(sts.assume_role);
  seams.sts_assume_role_with_web_identity = std::move(sts.assume_role_with_web_identity);
}

}  // namespace agentlift::cloud
