#include "cloud/credentials_assume_role.hpp"

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {

std::chrono::seconds parse_duration_seconds(const std::string& value, const std::string& profile) {
  long long seconds = -1;
  if (!value.empty() && value.size() < 10 &&
      value.find_first_not_of("0123456789") == std::string::npos) {
    seconds = std::stoll(value);
  }
  if (seconds < 900 || seconds > 43200) {
    throw Error("duration_seconds of profile '" + profile +
                    "' must be a number from 900 to 43200, not '" + value + "'",
                "fix duration_seconds in the AWS config file");
  }
  return std::chrono::seconds{seconds};
}

AssumeRoleRequest assume_role_request(const std::string& profile, const Properties& settings,
                                      const sigv4::Credentials& source, const Clock& clock) {
  auto setting = [&](const char* key) -> std::optional<std::string> {
    auto found = settings.find(key);
    if (found == settings.end() || found->second.empty()) return std::nullopt;
    return found->second;
  };
  if (setting("mfa_serial")) {
    throw Error("Profile '" + profile +
                    "' needs an MFA code (mfa_serial), which agentlift cannot prompt for",
                "run `aws configure export-credentials --profile " + profile +
                    " --format env` and use the exported variables");
  }
  AssumeRoleRequest request;
  request.source = source;
  request.role_arn = setting("role_arn").value_or("");
  request.session_name = setting("role_session_name").value_or(default_session_name(clock));
  request.external_id = setting("external_id");
  if (auto duration = setting("duration_seconds")) {
    request.duration = parse_duration_seconds(*duration, profile);
  }
  request.region = setting("region");
  return request;
}

ResolvedCredentials assume_role(const AssumeRoleRequest& request, const std::string& profile,
                                const StsAssumeRole& sts_assume_role) {
  if (!sts_assume_role) {
    throw Error("Profile '" + profile + "' assumes role " + request.role_arn +
                ", but this build has no STS client");
  }
  ResolvedCredentials result = sts_assume_role(request);
  result.source = "profile '" + profile + "' (assumed role " + request.role_arn + ")";
  return result;
}

}  // namespace agentlift::cloud::credentials
