#pragma once
// EC2 instance metadata, IMDSv2 only:
//   PUT  /latest/api/token  (X-aws-ec2-metadata-token-ttl-seconds: 21600)
//   GET  /latest/meta-data/iam/security-credentials/         -> role name
//   GET  /latest/meta-data/iam/security-credentials/<role>   -> credentials
// each with X-aws-ec2-metadata-token. AWS_EC2_METADATA_DISABLED=true skips it;
// AWS_EC2_METADATA_SERVICE_ENDPOINT overrides http://169.254.169.254;
// AWS_METADATA_SERVICE_TIMEOUT (seconds, default 1: off EC2 nothing answers and
// the CLI must not hang). No answer, or no role attached, is "not configured";
// a malformed credentials document is an error. No IMDSv1 fallback.

#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials {

inline constexpr std::chrono::milliseconds k_imds_default_timeout{1000};
inline constexpr const char* k_imds_token_ttl_seconds = "21600";

class ImdsProvider : public CredentialsProvider {
 public:
  explicit ImdsProvider(Seams seams) : m_seams(std::move(seams)) {}
  std::optional<ResolvedCredentials> resolve() override;
  std::string description() const override;

 private:
  Seams m_seams;
  std::string m_outcome = "not tried";
};

}  // namespace agentlift::cloud::credentials
