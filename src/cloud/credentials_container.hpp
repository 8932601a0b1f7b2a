#pragma once
// ECS / EKS Pod Identity / Lambda-style container credentials:
//  - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: GET http://169.254.170.2<uri>;
//  - else AWS_CONTAINER_CREDENTIALS_FULL_URI: https anywhere, http only to a
//    loopback address or the ECS/EKS link-local hosts (169.254.170.2,
//    169.254.170.23, [fd00:ec2::23]);
//  - the Authorization header from the file AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
//    (read on each call), else AWS_CONTAINER_AUTHORIZATION_TOKEN.
// Timeout 2 s per attempt, 3 attempts on connection failures and 5xx (botocore's).
// The response is {AccessKeyId, SecretAccessKey, Token, Expiration}.

#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials {

inline constexpr std::chrono::milliseconds k_container_timeout{2000};
inline constexpr int k_container_attempts = 3;

class ContainerProvider : public CredentialsProvider {
 public:
  explicit ContainerProvider(Seams seams) : m_seams(std::move(seams)) {}
  std::optional<ResolvedCredentials> resolve() override;
  std::string description() const override;

 private:
  Seams m_seams;
};

// Whether a FULL_URI may be used (https, or http to an allowed host).
bool container_uri_allowed(const std::string& url);

}  // namespace agentlift::cloud::credentials
