#pragma once
// `credential_process`: run a command and read the credentials it prints,
// {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}
// (no Expiration: long-term credentials).

#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials {

// `profile` only names the source in messages. A non-zero exit status, bad JSON,
// a Version other than 1 or a missing key is an agentlift::Error; the command's
// standard output (which holds the secret) is never quoted.
ResolvedCredentials run_credential_process(const std::string& command, const std::string& profile,
                                           const ProcessRunner& run_process);

}  // namespace agentlift::cloud::credentials
