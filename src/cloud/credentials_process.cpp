#include "cloud/credentials_process.hpp"

#include <nlohmann/json.hpp>

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {
namespace {

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

}  // namespace

ResolvedCredentials run_credential_process(const std::string& command, const std::string& profile,
                                           const ProcessRunner& run_process) {
  const std::string source = "credential_process of profile '" + profile + "'";
  if (!run_process) throw Error(source + " cannot run: no process runner in this build");
  const ProcessResult result = run_process(command);
  if (result.exit_code != 0) {
    std::string message = source + " failed with exit status " + std::to_string(result.exit_code);
    if (!result.standard_error.empty()) message += ": " + first_line(result.standard_error);
    throw Error(message, "run the command yourself to see why: " + command);
  }
  const auto json =
      nlohmann::json::parse(result.standard_output, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) throw Error(source + " did not print a JSON object");
  const auto version = json.find("Version");
  if (version == json.end() || !version->is_number_integer() || version->get<int>() != 1) {
    throw Error(source + " printed no \"Version\": 1",
                "credential_process output must be {\"Version\": 1, \"AccessKeyId\": ..., "
                "\"SecretAccessKey\": ..., \"SessionToken\": ..., \"Expiration\": ...}");
  }
  return credentials_from_json(result.standard_output, "SessionToken", source);
}

}  // namespace agentlift::cloud::credentials
