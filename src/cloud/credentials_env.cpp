#include "cloud/credentials_env.hpp"

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {

std::optional<ResolvedCredentials> EnvProvider::resolve() {
  const auto key = env_value(m_environment, "AWS_ACCESS_KEY_ID");
  const auto secret = env_value(m_environment, "AWS_SECRET_ACCESS_KEY");
  if (!key && !secret) return std::nullopt;
  const char* missing = key ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
  const char* present = key ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
  if (!key || !secret) {
    throw Error(
        std::string("Partial credentials in the environment: ") + present + " is set but " +
            missing + " is not",
        std::string("set ") + missing + " too, or unset " + present + " to use a profile instead");
  }
  ResolvedCredentials result;
  result.source = "environment variables";
  result.credentials.access_key_id = *key;
  result.credentials.secret_access_key = *secret;
  result.credentials.session_token = env_value(m_environment, "AWS_SESSION_TOKEN");
  if (!result.credentials.session_token) {
    result.credentials.session_token = env_value(m_environment, "AWS_SECURITY_TOKEN");
  }
  if (auto expiration = env_value(m_environment, "AWS_CREDENTIAL_EXPIRATION")) {
    result.expiry = parse_timestamp(*expiration);
    if (!result.expiry) {
      throw Error("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: " + *expiration,
                  "use the form 2024-05-01T12:00:00Z or unset it");
    }
  }
  return result;
}

std::string EnvProvider::description() const {
  return "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: not set)";
}

}  // namespace agentlift::cloud::credentials
