#include "cloud/credentials_web_identity.hpp"

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {
namespace {

std::string trim_token(std::string token) {
  const auto end = token.find_last_not_of(" \t\r\n");
  token.erase(end == std::string::npos ? 0 : end + 1);
  const auto begin = token.find_first_not_of(" \t\r\n");
  return begin == std::string::npos ? std::string{} : token.substr(begin);
}

}  // namespace

ResolvedCredentials assume_role_with_web_identity(const WebIdentityConfig& config,
                                                  const std::string& origin, const Seams& seams) {
  const std::string hint = "check that the token file exists and is readable (" + origin + ")";
  std::optional<std::string> token =
      seams.read_file ? seams.read_file(config.token_file) : std::nullopt;
  if (!token) throw Error("Web identity token file " + config.token_file + " does not exist", hint);
  WebIdentityRequest request;
  request.role_arn = config.role_arn;
  request.session_name = config.session_name.value_or(default_session_name(seams.clock));
  request.web_identity_token = trim_token(std::move(*token));
  request.duration = config.duration;
  request.region = config.region;
  if (request.web_identity_token.empty()) {
    throw Error("Web identity token file " + config.token_file + " is empty", hint);
  }
  if (!seams.sts_assume_role_with_web_identity) {
    throw Error("Web identity (" + origin + ") needs the STS client, which this build lacks");
  }
  ResolvedCredentials result = seams.sts_assume_role_with_web_identity(request);
  result.source = "web identity (" + origin + ", role " + config.role_arn + ")";
  return result;
}

std::optional<ResolvedCredentials> WebIdentityEnvProvider::resolve() {
  const Environment& env = m_seams.environment;
  const auto token_file = env_value(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
  if (!token_file) return std::nullopt;
  const auto role_arn = env_value(env, "AWS_ROLE_ARN");
  if (!role_arn) {
    throw Error("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
                "set AWS_ROLE_ARN to the role to assume, or unset AWS_WEB_IDENTITY_TOKEN_FILE");
  }
  WebIdentityConfig config;
  config.token_file = *token_file;
  config.role_arn = *role_arn;
  config.session_name = env_value(env, "AWS_ROLE_SESSION_NAME");
  config.region = env_value(env, "AWS_REGION");
  if (!config.region) config.region = env_value(env, "AWS_DEFAULT_REGION");
  return assume_role_with_web_identity(config, "AWS_WEB_IDENTITY_TOKEN_FILE", m_seams);
}

std::string WebIdentityEnvProvider::description() const {
  return "web identity from the environment (AWS_WEB_IDENTITY_TOKEN_FILE: not set)";
}

}  // namespace agentlift::cloud::credentials
