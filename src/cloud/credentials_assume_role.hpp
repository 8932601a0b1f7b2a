#pragma once
// A profile with `role_arn`: sts:AssumeRole with credentials from its
// `source_profile` or `credential_source` (found by credentials_profile), the
// session name from `role_session_name`, `external_id` and `duration_seconds`.
// The STS call itself is the injected StsAssumeRole.

#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials {

// `duration_seconds` of `profile`: 900..43200; anything else is an error.
std::chrono::seconds parse_duration_seconds(const std::string& value, const std::string& profile);

// The request for `profile`'s settings. `mfa_serial` (needs a prompt) is an error.
AssumeRoleRequest assume_role_request(const std::string& profile, const Properties& settings,
                                      const sigv4::Credentials& source, const Clock& clock);

// Calls STS; errors name the profile and role, never a credential.
ResolvedCredentials assume_role(const AssumeRoleRequest& request, const std::string& profile,
                                const StsAssumeRole& sts_assume_role);

}  // namespace agentlift::cloud::credentials
