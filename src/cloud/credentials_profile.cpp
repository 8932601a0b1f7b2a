#include "cloud/credentials_profile.hpp"

#include <algorithm>

#include "base/errors.hpp"
#include "cloud/credentials_assume_role.hpp"
#include "cloud/credentials_container.hpp"
#include "cloud/credentials_env.hpp"
#include "cloud/credentials_imds.hpp"
#include "cloud/credentials_process.hpp"
#include "cloud/credentials_web_identity.hpp"

namespace agentlift::cloud::credentials {
namespace {

std::optional<std::string> setting(const Properties& settings, const char* key) {
  auto found = settings.find(key);
  if (found == settings.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

const Properties* find_profile(const std::map<std::string, Properties>& profiles,
                               const std::string& name) {
  auto found = profiles.find(name);
  return found == profiles.end() ? nullptr : &found->second;
}

std::string join_chain(const std::vector<std::string>& visited, const std::string& last) {
  std::string text;
  for (const auto& name : visited) text += name + " -> ";
  return text + last;
}

}  // namespace

std::optional<ResolvedCredentials> ProfileProvider::resolve() {
  if (!m_config) {
    FileReader reader = m_seams.read_file;
    if (!reader) reader = [](const std::string&) { return std::optional<std::string>{}; };
    m_config = load_shared_config(m_seams.environment, reader);
  }
  if (!m_config->has_profile(m_profile)) {
    if (!m_named) return std::nullopt;
    throw Error("The config profile (" + m_profile + ") could not be found in " +
                    m_config->credentials_path + " or " + m_config->config_path,
                "check the name given to --profile / AWS_PROFILE, or create it with "
                "`aws configure --profile " +
                    m_profile + "`");
  }
  std::vector<std::string> visited{m_profile};
  return resolve_profile(m_profile, visited);
}

std::optional<ResolvedCredentials> ProfileProvider::resolve_profile(
    const std::string& name, std::vector<std::string>& visited) {
  const SharedConfig& config = *m_config;
  const Properties settings = config.merged(name);
  if (auto role_arn = setting(settings, "role_arn")) {
    if (auto token_file = setting(settings, "web_identity_token_file")) {
      WebIdentityConfig web;
      web.token_file = *token_file;
      web.role_arn = *role_arn;
      web.session_name = setting(settings, "role_session_name");
      if (auto duration = setting(settings, "duration_seconds")) {
        web.duration = parse_duration_seconds(*duration, name);
      }
      web.region = setting(settings, "region");
      return assume_role_with_web_identity(web, "profile '" + name + "'", m_seams);
    }
    const ResolvedCredentials source = source_credentials(name, settings, visited);
    const AssumeRoleRequest request =
        assume_role_request(name, settings, source.credentials, m_seams.clock);
    return assume_role(request, name, m_seams.sts_assume_role);
  }
  if (setting(settings, "sso_session") || setting(settings, "sso_start_url")) {
    throw Error("Profile '" + name +
                    "' uses IAM Identity Center (SSO), which agentlift does not support yet",
                "run `aws sso login --profile " + name +
                    "`, then `eval \"$(aws configure "
                    "export-credentials --profile " +
                    name + " --format env)\"`");
  }
  if (auto found = static_keys(name, find_profile(config.credentials_profiles, name),
                               config.credentials_path)) {
    return found;
  }
  if (auto command = setting(settings, "credential_process")) {
    return run_credential_process(*command, name, m_seams.run_process);
  }
  return static_keys(name, find_profile(config.config_profiles, name), config.config_path);
}

ResolvedCredentials ProfileProvider::source_credentials(const std::string& name,
                                                        const Properties& settings,
                                                        std::vector<std::string>& visited) {
  const auto source_profile = setting(settings, "source_profile");
  const auto credential_source = setting(settings, "credential_source");
  const std::string hint =
      "give profile '" + name + "' exactly one of source_profile or credential_source";
  if (source_profile && credential_source) {
    throw Error("Profile '" + name + "' has both source_profile and credential_source", hint);
  }
  if (!source_profile && !credential_source) {
    throw Error(
        "Profile '" + name + "' has role_arn but neither source_profile nor credential_source",
        hint);
  }
  if (source_profile) {
    const SharedConfig& config = *m_config;
    std::optional<ResolvedCredentials> found;
    if (*source_profile == name) {
      found = static_keys(name, find_profile(config.credentials_profiles, name),
                          config.credentials_path);
      if (!found)
        found = static_keys(name, find_profile(config.config_profiles, name), config.config_path);
    } else {
      if (std::find(visited.begin(), visited.end(), *source_profile) != visited.end()) {
        throw Error(
            "Profiles form a loop through source_profile: " + join_chain(visited, *source_profile),
            "point the last source_profile at a profile with keys");
      }
      if (!config.has_profile(*source_profile)) {
        throw Error(
            "source_profile '" + *source_profile + "' of profile '" + name + "' does not exist",
            "define [profile " + *source_profile + "] in " + config.config_path + " or [" +
                *source_profile + "] in " + config.credentials_path);
      }
      visited.push_back(*source_profile);
      found = resolve_profile(*source_profile, visited);
      visited.pop_back();
    }
    if (!found) {
      throw Error(
          "source_profile '" + *source_profile + "' of profile '" + name + "' has no credentials",
          "give it aws_access_key_id and aws_secret_access_key, or a credential_process");
    }
    return *found;
  }
  std::optional<ResolvedCredentials> found;
  if (*credential_source == "Environment") {
    found = EnvProvider(m_seams.environment).resolve();
  } else if (*credential_source == "Ec2InstanceMetadata") {
    found = ImdsProvider(m_seams).resolve();
  } else if (*credential_source == "EcsContainer") {
    found = ContainerProvider(m_seams).resolve();
  } else {
    throw Error(
        "credential_source '" + *credential_source + "' of profile '" + name + "' is not valid",
        "use Environment, Ec2InstanceMetadata or EcsContainer");
  }
  if (!found) {
    throw Error("credential_source " + *credential_source + " of profile '" + name +
                "' provided no credentials");
  }
  return *found;
}

std::optional<ResolvedCredentials> ProfileProvider::static_keys(const std::string& name,
                                                                const Properties* settings,
                                                                const std::string& file) {
  if (settings == nullptr) return std::nullopt;
  const auto key = setting(*settings, "aws_access_key_id");
  const auto secret = setting(*settings, "aws_secret_access_key");
  if (!key && !secret) return std::nullopt;
  if (!key || !secret) {
    const char* missing = key ? "aws_secret_access_key" : "aws_access_key_id";
    throw Error(
        "Partial credentials in profile '" + name + "' of " + file + ": " + missing + " is missing",
        "run `aws configure --profile " + name + "`");
  }
  ResolvedCredentials result;
  result.source = "profile '" + name + "' (" + file + ")";
  result.credentials.access_key_id = *key;
  result.credentials.secret_access_key = *secret;
  result.credentials.session_token = setting(*settings, "aws_session_token");
  if (!result.credentials.session_token) {
    result.credentials.session_token = setting(*settings, "aws_security_token");
  }
  return result;
}

std::string ProfileProvider::description() const {
  return "shared config profile '" + m_profile + "' (" +
         credentials_file_path(m_seams.environment) + ", " + config_file_path(m_seams.environment) +
         ")";
}

}  // namespace agentlift::cloud::credentials
