#pragma once
// STS over awsQuery (aws-wire.md §7, Version 2011-06-15): GetCallerIdentity, the
// cheapest check that credentials, region and clock all work, and the two calls
// that turn one identity into temporary credentials for a role: AssumeRole
// (signed with the caller's credentials) and AssumeRoleWithWebIdentity (sent
// unsigned: the OIDC token in the body is the proof of identity).
//
// Secrets (the web identity token, the returned secret key and session token)
// never appear in an error: a reply that echoes one has it replaced.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/aws_client.hpp"
#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud {

struct CallerIdentity {
  std::string account;  // "123456789012"
  std::string arn;      // "arn:aws:iam::123456789012:user/alice"
  std::string user_id;  // "AIDA…" or "AROA…:session"
};

struct AssumeRoleParams {
  std::string role_arn;      // required
  std::string session_name;  // required: 2-64 of [\w+=,.@-]
  std::optional<std::string> external_id;
  std::optional<std::chrono::seconds> duration;  // 900-43200; STS defaults to 3600
};

struct WebIdentityParams {
  std::string role_arn;
  std::string session_name;
  std::string web_identity_token;  // a secret
  std::optional<std::chrono::seconds> duration;
};

class StsClient {
 public:
  // `client` must be configured for STS (signing name "sts"); it is not owned.
  explicit StsClient(AwsClient& client) : m_client(client) {}

  CallerIdentity get_caller_identity();
  // Signed with the client's credentials.
  credentials::ResolvedCredentials assume_role(const AssumeRoleParams& params);
  // Sent without a signature; the client's credentials are not used.
  credentials::ResolvedCredentials assume_role_with_web_identity(const WebIdentityParams& params);

 private:
  AwsClient& m_client;
};

// Reads a GetCallerIdentityResponse body; throws agentlift::Error when the
// Account or Arn element is missing.
CallerIdentity parse_caller_identity(std::string_view xml);

// The form bodies, exactly as sent (exposed for tests).
std::string assume_role_body(const AssumeRoleParams& params);
std::string web_identity_body(const WebIdentityParams& params);

// Reads the <Credentials> of an AssumeRole* reply (AccessKeyId, SecretAccessKey,
// SessionToken, Expiration). Throws agentlift::Error naming `operation` and the
// missing or malformed element, never a value.
credentials::ResolvedCredentials parse_assumed_credentials(std::string_view xml,
                                                           const std::string& operation);

}  // namespace agentlift::cloud
