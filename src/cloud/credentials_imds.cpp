#include "cloud/credentials_imds.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {
namespace {

constexpr const char* k_credentials_path = "/latest/meta-data/iam/security-credentials/";

bool equals_true(std::string value) {
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value == "true";
}

std::chrono::milliseconds timeout_from(const Environment& env) {
  const auto value = env_value(env, "AWS_METADATA_SERVICE_TIMEOUT");
  if (!value || value->size() > 6 || value->find_first_not_of("0123456789") != std::string::npos) {
    return k_imds_default_timeout;
  }
  return std::chrono::seconds{std::stoi(*value)};
}

}  // namespace

std::optional<ResolvedCredentials> ImdsProvider::resolve() {
  const Environment& env = m_seams.environment;
  if (auto disabled = env_value(env, "AWS_EC2_METADATA_DISABLED");
      disabled && equals_true(*disabled)) {
    m_outcome = "disabled by AWS_EC2_METADATA_DISABLED";
    return std::nullopt;
  }
  if (!m_seams.send_http) {
    m_outcome = "no HTTP in this build";
    return std::nullopt;
  }
  std::string endpoint =
      env_value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or("http://169.254.169.254");
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  const auto timeout = timeout_from(env);

  auto send = [&](HttpRequest request) -> std::optional<HttpResponse> {
    try {
      return m_seams.send_http(request, timeout);
    } catch (const Error&) {
      return std::nullopt;
    }
  };
  HttpRequest token_request;
  token_request.method = "PUT";
  token_request.url = endpoint + "/latest/api/token";
  token_request.set_header("X-aws-ec2-metadata-token-ttl-seconds", k_imds_token_ttl_seconds);
  const auto token = send(token_request);
  if (!token || token->status != 200 || token->body.empty()) {
    m_outcome = token ? "token request answered HTTP " + std::to_string(token->status)
                      : "no answer from " + endpoint;
    return std::nullopt;
  }
  HttpRequest role_request;
  role_request.url = endpoint + k_credentials_path;
  role_request.set_header("X-aws-ec2-metadata-token", token->body);
  const auto roles = send(role_request);
  std::string role =
      roles && roles->status == 200 ? roles->body.substr(0, roles->body.find('\n')) : "";
  while (!role.empty() && (role.back() == '\r' || role.back() == ' ')) role.pop_back();
  if (role.empty()) {
    m_outcome = "no IAM role attached to the instance";
    return std::nullopt;
  }
  HttpRequest credentials_request = role_request;
  credentials_request.url += role;
  const auto document = send(credentials_request);
  if (!document || document->status != 200) {
    m_outcome = "role " + role + " has no credentials document";
    return std::nullopt;
  }
  const std::string source = "EC2 instance metadata (role " + role + ")";
  const auto json = nlohmann::json::parse(document->body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object() && json.contains("Code") && json["Code"] != "Success") {
    throw Error(source + " reported Code " + json["Code"].dump());
  }
  return credentials_from_json(document->body, "Token", source);
}

std::string ImdsProvider::description() const {
  return "EC2 instance metadata (" + m_outcome + ")";
}

}  // namespace agentlift::cloud::credentials
