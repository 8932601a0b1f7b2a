#pragma once
// The credentials chain's two STS seams (credentials::Seams::sts_assume_role and
// ::sts_assume_role_with_web_identity) backed by the real StsClient. Each call
// resolves the STS endpoint for the request's region (the profile's region, or
// `default_region` when it has none) through the endpoint resolver, so
// AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL in `environment` are honoured, then
// sends AssumeRole signed with the request's *source* credentials, or
// AssumeRoleWithWebIdentity unsigned.

#include <optional>
#include <string>

#include "cloud/aws_client.hpp"
#include "cloud/credentials_provider.hpp"
#include "cloud/endpoint_resolver.hpp"
#include "cloud/retry.hpp"
#include "cloud/transport.hpp"

namespace agentlift::cloud {

inline constexpr const char* k_sts_default_region = "us-east-1";

struct StsSeamOptions {
  endpoints::Environment environment;  // for the endpoint overrides
  std::string default_region = k_sts_default_region;
  Clock clock;  // signing time; empty means the system clock
  RetryPolicy retry_policy;
  RetryHooks retry_hooks;
};

struct StsSeams {
  credentials::StsAssumeRole assume_role;
  credentials::StsAssumeRoleWithWebIdentity assume_role_with_web_identity;
};

// Where STS calls for `region` go.
struct StsEndpoint {
  std::string url;
  std::string signing_region;  // the rule set's signingRegion, else `region`
};
StsEndpoint resolve_sts_endpoint(const endpoints::EndpointResolver& resolver,
                                 const std::optional<std::string>& region,
                                 const StsSeamOptions& options);

// `transport` and `resolver` must outlive the returned functions.
StsSeams make_sts_seams(Transport& transport, const endpoints::EndpointResolver& resolver,
                        StsSeamOptions options = {});

// Puts make_sts_seams' functions into `seams`.
void install_sts_seams(credentials::Seams& seams, Transport& transport,
                       const endpoints::EndpointResolver& resolver, StsSeamOptions options = {});

}  // namespace agentlift::cloud
