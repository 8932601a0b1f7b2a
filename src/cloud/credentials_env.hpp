#pragma once
// Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
// (AWS_SECURITY_TOKEN as the legacy fallback) and, optionally,
// AWS_CREDENTIAL_EXPIRATION. A key without its secret (or the reverse) is an
// error naming the missing variable.

#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials {

class EnvProvider : public CredentialsProvider {
 public:
  explicit EnvProvider(Environment environment) : m_environment(std::move(environment)) {}
  std::optional<ResolvedCredentials> resolve() override;
  std::string description() const override;

 private:
  Environment m_environment;
};

}  // namespace agentlift::cloud::credentials
