#include "cloud/ecr_client.hpp"

#include <cmath>
#include <set>
#include <utility>

#include "base/errors.hpp"

namespace agentlift::cloud {
namespace {

constexpr std::string_view k_target_prefix = "AmazonEC2ContainerRegistry_V20150921.";
constexpr int k_max_pages = 1000;

Error malformed(const std::string& operation, const std::string& what) {
  return Error("ECR " + operation + " returned " + what,
               "the reply did not match the ECR API; check the endpoint URL (--endpoint-url, "
               "AWS_ENDPOINT_URL_ECR) points at ECR");
}

std::string required_string(const Json& object, const char* key, const std::string& operation) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string() || found->get_ref<const std::string&>().empty())
    throw malformed(operation, std::string("a reply without ") + key);
  return found->get<std::string>();
}

// awsJson timestamps are epoch seconds, possibly fractional. Absent or of
// another type: nullopt (the field is informational).
std::optional<std::chrono::sys_seconds> epoch_seconds(const Json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number()) return std::nullopt;
  const double value = found->get<double>();
  if (!std::isfinite(value) || std::abs(value) > 1e11) return std::nullopt;
  return std::chrono::sys_seconds{std::chrono::seconds{static_cast<long long>(std::floor(value))}};
}

HttpErrorInfo info_of(const HttpError& error) {
  HttpErrorInfo info;
  info.service = error.service();
  info.operation = error.operation();
  info.status = error.status();
  info.code = error.code();
  info.message = error.aws_message();
  info.request_id = error.request_id();
  info.fields = error.fields();
  return info;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string ecr_target(std::string_view operation) {
  return std::string(k_target_prefix) + std::string(operation);
}

Json EcrClient::call(const std::string& operation, const Json& body) {
  HttpRequest request;
  request.method = "POST";
  request.url = "/";
  request.set_header("Content-Type", "application/x-amz-json-1.1");
  request.set_header("X-Amz-Target", ecr_target(operation));
  request.body = body.dump();
  const HttpResponse response = m_client.call(operation, request, Protocol::aws_json1_1);
  Json reply = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!reply.is_object()) throw malformed(operation, "a reply that is not a JSON object");
  return reply;
}

EcrRepository EcrClient::create_repository(const std::string& name,
                                           const std::vector<EcrTag>& tags) {
  Json body = Json::object();
  body["repositoryName"] = name;
  if (!tags.empty()) {
    Json list = Json::array();
    for (const auto& tag : tags) list.push_back(Json{{"Key", tag.key}, {"Value", tag.value}});
    body["tags"] = std::move(list);
  }
  Json reply;
  try {
    reply = call("CreateRepository", body);
  } catch (const HttpError& error) {
    if (error.code() == "RepositoryAlreadyExistsException")
      throw EcrRepositoryAlreadyExists(info_of(error), error.attempts());
    throw;
  }
  const auto repository = reply.find("repository");
  if (repository == reply.end()) throw malformed("CreateRepository", "a reply without repository");
  return parse_ecr_repository(*repository, "CreateRepository");
}

EcrEnsureResult EcrClient::ensure_repository(const std::string& name,
                                             const std::vector<EcrTag>& tags) {
  try {
    return {create_repository(name, tags), true};
  } catch (const EcrRepositoryAlreadyExists&) {
  }
  auto existing = describe_repository(name);
  if (!existing) {
    throw Error("ECR repository " + name +
                    " exists according to CreateRepository, but "
                    "DescribeRepositories does not find it",
                "it may have been deleted meanwhile; run again");
  }
  return {std::move(*existing), false};
}

std::vector<EcrRepository> EcrClient::describe_repositories(const std::vector<std::string>& names) {
  const std::string operation = "DescribeRepositories";
  std::vector<EcrRepository> found;
  Json body = Json::object();
  if (!names.empty()) body["repositoryNames"] = names;
  std::set<std::string> seen_tokens;
  for (int page = 0; page < k_max_pages; ++page) {
    Json reply;
    try {
      reply = call(operation, body);
    } catch (const HttpError& error) {
      if (names.size() == 1 && error.code() == "RepositoryNotFoundException") return {};
      throw;
    }
    const auto list = reply.find("repositories");
    if (list != reply.end() && !list->is_array())
      throw malformed(operation, "repositories that are not a list");
    if (list != reply.end()) {
      for (const auto& item : *list) found.push_back(parse_ecr_repository(item, operation));
    }
    const auto token = reply.find("nextToken");
    if (token == reply.end() || !token->is_string() || token->get<std::string>().empty()) {
      return found;
    }
    if (!seen_tokens.insert(token->get<std::string>()).second)
      throw malformed(operation, "the same nextToken twice");
    body["nextToken"] = *token;
  }
  throw malformed(operation, "more than " + std::to_string(k_max_pages) + " pages");
}

std::optional<EcrRepository> EcrClient::describe_repository(const std::string& name) {
  std::vector<EcrRepository> found = describe_repositories({name});
  for (auto& repository : found) {
    if (repository.name == name) return std::move(repository);
  }
  return std::nullopt;
}

std::optional<EcrRepository> EcrClient::delete_repository(const std::string& name, Force force) {
  Json body = Json::object();
  body["repositoryName"] = name;
  if (force == Force::yes) body["force"] = true;
  Json reply;
  try {
    reply = call("DeleteRepository", body);
  } catch (const HttpError& error) {
    if (error.code() == "RepositoryNotFoundException") return std::nullopt;
    throw;
  }
  const auto repository = reply.find("repository");
  if (repository == reply.end()) throw malformed("DeleteRepository", "a reply without repository");
  return parse_ecr_repository(*repository, "DeleteRepository");
}

EcrAuthorization EcrClient::get_authorization_token() {
  return parse_authorization_data(call("GetAuthorizationToken", Json::object()));
}

EcrRepository parse_ecr_repository(const Json& object, const std::string& operation) {
  if (!object.is_object()) throw malformed(operation, "a repository that is not a JSON object");
  EcrRepository repository;
  repository.name = required_string(object, "repositoryName", operation);
  repository.arn = required_string(object, "repositoryArn", operation);
  repository.registry_id = required_string(object, "registryId", operation);
  repository.uri = required_string(object, "repositoryUri", operation);
  repository.created_at = epoch_seconds(object, "createdAt");
  return repository;
}

EcrAuthorization parse_authorization_data(const Json& reply) {
  const std::string operation = "GetAuthorizationToken";
  const auto list = reply.find("authorizationData");
  if (list == reply.end() || !list->is_array() || list->empty() || !list->front().is_object())
    throw malformed(operation, "a reply without authorizationData");
  const Json& data = list->front();
  EcrAuthorization result;
  result.proxy_endpoint = required_string(data, "proxyEndpoint", operation);
  result.expires_at = epoch_seconds(data, "expiresAt");
  const std::optional<std::string> decoded =
      decode_base64(required_string(data, "authorizationToken", operation));
  if (!decoded) throw malformed(operation, "an authorizationToken that is not base64");
  const auto colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0)
    throw malformed(operation, "an authorizationToken that is not \"user:password\"");
  result.username = decoded->substr(0, colon);
  result.password = decoded->substr(colon + 1);
  return result;
}

std::optional<std::string> decode_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = base64_value(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace agentlift::cloud
