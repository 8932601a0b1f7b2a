#include "cloud/sts_client.hpp"

#include <initializer_list>
#include <utility>

#include "base/errors.hpp"
#include "cloud/xml_text.hpp"

namespace agentlift::cloud {
namespace {

constexpr const char* k_version = "Version=2011-06-15";
constexpr std::string_view k_redacted_secret = "<redacted>";
// Shorter strings would shred the message without protecting anything.
constexpr std::size_t k_min_redacted = 4;

HttpRequest query_request(std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.url = "/";
  request.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = std::move(body);
  return request;
}

bool replace_all(std::string& text, std::string_view secret) {
  if (secret.size() < k_min_redacted) return false;
  bool changed = false;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), k_redacted_secret);
    at += k_redacted_secret.size();
    changed = true;
  }
  return changed;
}

// Sends `request`; an HttpError whose message echoes one of `secrets` (as sent
// or form-encoded) is thrown again with those replaced.
HttpResponse call_guarded(AwsClient& client, const std::string& operation,
                          const HttpRequest& request, Signing signing,
                          std::initializer_list<std::string_view> secrets) {
  try {
    return client.call(operation, request, Protocol::aws_query, signing);
  } catch (const HttpError& error) {
    std::string message = error.aws_message();
    bool changed = false;
    for (const std::string_view secret : secrets) {
      changed = replace_all(message, secret) || changed;
      changed = replace_all(message, form_encode(secret)) || changed;
    }
    if (!changed) throw;
    HttpErrorInfo info;
    info.service = error.service();
    info.operation = error.operation();
    info.status = error.status();
    info.code = error.code();
    info.message = std::move(message);
    info.request_id = error.request_id();
    info.fields = error.fields();
    throw HttpError(std::move(info), error.attempts());
  }
}

std::string required_text(std::string_view scope, const char* tag, const std::string& operation) {
  auto value = xml::text(scope, tag);
  if (!value || value->empty()) {
    throw Error("STS " + operation + " returned credentials without " + tag);
  }
  return std::move(*value);
}

}  // namespace

CallerIdentity StsClient::get_caller_identity() {
  const HttpResponse response = m_client.call(
      "GetCallerIdentity", query_request(std::string("Action=GetCallerIdentity&") + k_version),
      Protocol::aws_query);
  return parse_caller_identity(response.body);
}

credentials::ResolvedCredentials StsClient::assume_role(const AssumeRoleParams& params) {
  const std::optional<std::string>& token = m_client.config().credentials.session_token;
  const HttpResponse response =
      call_guarded(m_client, "AssumeRole", query_request(assume_role_body(params)), Signing::sigv4,
                   {token ? std::string_view(*token) : std::string_view()});
  credentials::ResolvedCredentials result = parse_assumed_credentials(response.body, "AssumeRole");
  result.source = "STS AssumeRole (" + params.role_arn + ")";
  return result;
}

credentials::ResolvedCredentials StsClient::assume_role_with_web_identity(
    const WebIdentityParams& params) {
  const HttpResponse response =
      call_guarded(m_client, "AssumeRoleWithWebIdentity", query_request(web_identity_body(params)),
                   Signing::none, {params.web_identity_token});
  credentials::ResolvedCredentials result =
      parse_assumed_credentials(response.body, "AssumeRoleWithWebIdentity");
  result.source = "STS AssumeRoleWithWebIdentity (" + params.role_arn + ")";
  return result;
}

std::string assume_role_body(const AssumeRoleParams& params) {
  std::string body = std::string("Action=AssumeRole&") + k_version;
  body += "&RoleArn=" + form_encode(params.role_arn);
  body += "&RoleSessionName=" + form_encode(params.session_name);
  if (params.duration) body += "&DurationSeconds=" + std::to_string(params.duration->count());
  if (params.external_id) body += "&ExternalId=" + form_encode(*params.external_id);
  return body;
}

std::string web_identity_body(const WebIdentityParams& params) {
  std::string body = std::string("Action=AssumeRoleWithWebIdentity&") + k_version;
  body += "&RoleArn=" + form_encode(params.role_arn);
  body += "&RoleSessionName=" + form_encode(params.session_name);
  body += "&WebIdentityToken=" + form_encode(params.web_identity_token);
  if (params.duration) body += "&DurationSeconds=" + std::to_string(params.duration->count());
  return body;
}

CallerIdentity parse_caller_identity(std::string_view body) {
  const auto result = xml::element(body, "GetCallerIdentityResult");
  const std::string_view scope = result ? *result : body;
  auto account = xml::text(scope, "Account");
  auto arn = xml::text(scope, "Arn");
  if (!account || !arn || account->empty() || arn->empty()) {
    throw Error("STS GetCallerIdentity returned a reply without Account or Arn");
  }
  CallerIdentity identity;
  identity.account = std::move(*account);
  identity.arn = std::move(*arn);
  identity.user_id = xml::text(scope, "UserId").value_or("");
  return identity;
}

credentials::ResolvedCredentials parse_assumed_credentials(std::string_view body,
                                                           const std::string& operation) {
  const auto scope = xml::element(body, "Credentials");
  if (!scope) throw Error("STS " + operation + " returned a reply without Credentials");
  credentials::ResolvedCredentials result;
  result.credentials.access_key_id = required_text(*scope, "AccessKeyId", operation);
  result.credentials.secret_access_key = required_text(*scope, "SecretAccessKey", operation);
  result.credentials.session_token = required_text(*scope, "SessionToken", operation);
  const std::string expiration = required_text(*scope, "Expiration", operation);
  result.expiry = credentials::parse_timestamp(expiration);
  if (!result.expiry) {
    // A timestamp is not a secret; showing it helps when a server formats it oddly.
    throw Error("STS " + operation + " returned an Expiration that is not a timestamp: \"" +
                expiration.substr(0, 64) + "\"");
  }
  return result;
}

}  // namespace agentlift::cloud
