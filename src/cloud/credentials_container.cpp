#include "cloud/credentials_container.hpp"

#include <cctype>

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {
namespace {

constexpr const char* k_ecs_host = "http://169.254.170.2";

std::string url_host(const std::string& url, std::string& scheme) {
  const auto colon = url.find("://");
  if (colon == std::string::npos) return {};
  scheme = url.substr(0, colon);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string authority = url.substr(colon + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  if (!authority.empty() && authority[0] == '[')
    return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

}  // namespace

bool container_uri_allowed(const std::string& url) {
  std::string scheme;
  const std::string host = url_host(url, scheme);
  if (host.empty()) return false;
  if (scheme == "https") return true;
  if (scheme != "http") return false;
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]" ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]";
}

std::optional<ResolvedCredentials> ContainerProvider::resolve() {
  const Environment& env = m_seams.environment;
  std::string url;
  if (auto relative = env_value(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = k_ecs_host + (relative->front() == '/' ? *relative : "/" + *relative);
  } else if (auto full = env_value(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    if (!container_uri_allowed(*full)) {
      throw Error("AWS_CONTAINER_CREDENTIALS_FULL_URI " + *full + " is not allowed",
                  "use https, or http to a loopback address or 169.254.170.2/169.254.170.23");
    }
    url = *full;
  } else {
    return std::nullopt;
  }
  HttpRequest request;
  request.url = url;
  std::optional<std::string> token;
  if (auto file = env_value(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    token = m_seams.read_file ? m_seams.read_file(*file) : std::nullopt;
    if (!token) throw Error("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file + " does not exist");
    while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) token->pop_back();
  } else {
    token = env_value(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
  }
  if (token) {
    if (token->find_first_of("\r\n") != std::string::npos) {
      throw Error("The container authorization token contains a line break");
    }
    request.set_header("Authorization", *token);
  }
  if (!m_seams.send_http) throw Error("Container credentials need HTTP, which this build lacks");
  const std::string source = "container credentials endpoint " + url;
  std::string last_failure;
  for (int attempt = 1; attempt <= k_container_attempts; ++attempt) {
    HttpResponse response;
    try {
      response = m_seams.send_http(request, k_container_timeout);
    } catch (const Error& error) {
      last_failure = error.what();
      continue;
    }
    if (response.status == 200) return credentials_from_json(response.body, "Token", source);
    last_failure = "HTTP " + std::to_string(response.status);
    if (response.status < 500) break;
  }
  throw Error(
      "Could not get credentials from the " + source + ": " + last_failure,
      "check the task/pod role, or unset AWS_CONTAINER_CREDENTIALS_* to use other credentials");
}

std::string ContainerProvider::description() const {
  return "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI: not set)";
}

}  // namespace agentlift::cloud::credentials
