#pragma once
// IAM over awsQuery (Version 2010-05-08), just what `agentlift doctor` reads:
// GetRole, for the execution role's trust policy.
//
// IAM has no regional endpoints and no endpoint rule set in agentlift: each
// partition has one global endpoint, signed for that partition's home region
// (aws: https://iam.amazonaws.com with us-east-1). AWS_ENDPOINT_URL_IAM, then
// AWS_ENDPOINT_URL, override it (moto), as for every other service.

#include <string>
#include <string_view>

#include "cloud/aws_client.hpp"
#include "cloud/endpoint_resolver.hpp"

namespace agentlift::cloud {

struct IamRole {
  std::string arn;
  std::string role_name;
  // The trust policy as JSON text (IAM sends it percent-encoded; decoded here).
  std::string assume_role_policy_document;
};

class IamClient {
 public:
  // `client` must be configured for IAM (signing name "iam"); it is not owned.
  explicit IamClient(AwsClient& client) : m_client(client) {}

  // Throws HttpError: NoSuchEntity (404) when there is no such role,
  // AccessDenied (403) when the caller may not read it.
  IamRole get_role(const std::string& role_name);

 private:
  AwsClient& m_client;
};

// Reads a GetRoleResponse body; throws agentlift::Error when the Role element
// or its Arn is missing.
IamRole parse_get_role(std::string_view xml);

// The IAM endpoint for a session in `region` (its partition's global endpoint
// unless the environment overrides it) and the region IAM calls are signed for.
endpoints::ResolvedEndpoint iam_endpoint(const std::string& region,
                                         const endpoints::Environment& environment);
std::string iam_signing_region(const std::string& region);

}  // namespace agentlift::cloud
