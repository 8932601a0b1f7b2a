#pragma once
// Credentials from a profile of the shared files, in botocore's order:
//  1. role_arn + web_identity_token_file: AssumeRoleWithWebIdentity;
//  2. role_arn: AssumeRole with credentials from source_profile (itself resolved
//     the same way, chains allowed, loops an error; a profile that is its own
//     source uses its static keys) or credential_source (Environment,
//     Ec2InstanceMetadata, EcsContainer);
//  3. sso_session / sso_start_url: not supported, an error that says so;
//  4. static keys from the credentials file;
//  5. credential_process;
//  6. static keys from the config file.
// A named profile (--profile or AWS_PROFILE) that exists in neither file is an
// error; a missing "default" is just "not configured". The files are read on the
// first resolve(), so a broken config file does not hide environment credentials.

#include <set>

#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials {

class ProfileProvider : public CredentialsProvider {
 public:
  // `named`: the profile was asked for by name (its absence is an error).
  ProfileProvider(std::string profile, bool named, Seams seams)
      : m_profile(std::move(profile)), m_named(named), m_seams(std::move(seams)) {}
  std::optional<ResolvedCredentials> resolve() override;
  std::string description() const override;

 private:
  std::optional<ResolvedCredentials> resolve_profile(const std::string& name,
                                                     std::vector<std::string>& visited);
  ResolvedCredentials source_credentials(const std::string& name, const Properties& settings,
                                         std::vector<std::string>& visited);
  std::optional<ResolvedCredentials> static_keys(const std::string& name,
                                                 const Properties* settings,
                                                 const std::string& file);

  std::string m_profile;
  bool m_named;
  Seams m_seams;
  std::optional<SharedConfig> m_config;
};

}  // namespace agentlift::cloud::credentials
