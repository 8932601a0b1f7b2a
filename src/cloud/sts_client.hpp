#pragma once
// STS, the one call agentlift needs: GetCallerIdentity (aws-wire.md §7), the
// cheapest check that credentials, region and clock all work.

#include <string>

#include "cloud/aws_client.hpp"

namespace agentlift::cloud {

struct CallerIdentity {
  std::string account;  // "123456789012"
  std::string arn;      // "arn:aws:iam::123456789012:user/alice"
  std::string user_id;  // "AIDA…" or "AROA…:session"
};

class StsClient {
 public:
  // `client` must be configured for STS (signing name "sts"); it is not owned.
  explicit StsClient(AwsClient& client) : m_client(client) {}

  CallerIdentity get_caller_identity();

 private:
  AwsClient& m_client;
};

// Reads a GetCallerIdentityResponse body; throws agentlift::Error when the
// Account or Arn element is missing.
CallerIdentity parse_caller_identity(std::string_view xml);

}  // namespace agentlift::cloud
