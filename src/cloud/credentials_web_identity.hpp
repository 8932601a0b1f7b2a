#pragma once
// sts:AssumeRoleWithWebIdentity with a token read from a file (EKS IRSA, GitHub
// OIDC, ...). Configured by AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+
// AWS_ROLE_SESSION_NAME) in the environment, or by a profile's
// web_identity_token_file + role_arn (+ role_session_name, duration_seconds).
// The token file is read on every call (the platform rotates it).

#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials {

struct WebIdentityConfig {
  std::string token_file;
  std::string role_arn;
  std::optional<std::string> session_name;
  std::optional<std::chrono::seconds> duration;
  std::optional<std::string> region;
};

// `origin` names where the configuration came from, for messages.
ResolvedCredentials assume_role_with_web_identity(const WebIdentityConfig& config,
                                                  const std::string& origin, const Seams& seams);

// The environment variant; a token file without AWS_ROLE_ARN is an error.
class WebIdentityEnvProvider : public CredentialsProvider {
 public:
  explicit WebIdentityEnvProvider(Seams seams) : m_seams(std::move(seams)) {}
  std::optional<ResolvedCredentials> resolve() override;
  std::string description() const override;

 private:
  Seams m_seams;
};

}  // namespace agentlift::cloud::credentials
