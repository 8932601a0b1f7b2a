#include "cloud/aws_error.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "cloud/retry.hpp"

namespace agentlift::cloud {
namespace {

constexpr std::size_t k_max_message_chars = 600;

std::string trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// One line, printable, bounded: replies are untrusted and end up on a terminal.
std::string clean_message(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '\n' || byte == '\r' || byte == '\t') {
      out += ' ';
    } else if (byte >= 0x20 && byte != 0x7f) {
      out += c;
    }
  }
  out = trim(out);
  if (out.size() > k_max_message_chars) {
    std::size_t cut = k_max_message_chars;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
      --cut;  // not mid-UTF-8
    out = out.substr(0, cut) + "…";
  }
  return out;
}

std::string entity_decode(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, char>, 5> k_entities{
      {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, c] : k_entities) {
        if (text.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

std::string json_string(const nlohmann::json& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const auto it = object.find(key);
    if (it != object.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

// Parsed body fields common to the JSON protocols.
void read_json_body(const std::string& body, bool code_before_type, HttpErrorInfo& info) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return;
  if (info.code.empty()) {
    const std::string raw = code_before_type ? json_string(json, {"code", "__type"})
                                             : json_string(json, {"__type", "code"});
    info.code = sanitize_error_code(raw);
  }
  info.message = json_string(json, {"message", "Message", "errorMessage"});
  if (info.request_id.empty()) info.request_id = json_string(json, {"requestId", "RequestId"});
  const auto fields = json.find("fieldList");
  if (fields != json.end() && fields->is_array()) {
    for (const auto& field : *fields) {
      if (field.is_object()) {
        const std::string name = json_string(field, {"name"});
        if (!name.empty()) info.fields.push_back(clean_message(name));
      }
    }
  }
}

// <Error>…</Error> for restXml (bare) and awsQuery (inside <ErrorResponse>).
void read_xml_body(const std::string& body, HttpErrorInfo& info) {
  const std::optional<std::string> error = xml_tag_text(body, "Error");
  if (!error) return;  // HTML, truncated or not an error document
  if (info.code.empty()) info.code = sanitize_error_code(xml_tag_text(*error, "Code").value_or(""));
  info.message = xml_tag_text(*error, "Message").value_or("");
  if (info.request_id.empty()) {
    // S3 puts RequestId inside <Error>; awsQuery after it.
    info.request_id =
        xml_tag_text(*error, "RequestId").value_or(xml_tag_text(body, "RequestId").value_or(""));
  }
}

void read_error(Protocol protocol, const HttpResponse& response, HttpErrorInfo& info) {
  switch (protocol) {
    case Protocol::rest_json1:  // header first, then body `code`, then `__type`
      if (const auto header = response.header("x-amzn-ErrorType"))
        info.code = sanitize_error_code(*header);
      read_json_body(response.body, /*code_before_type=*/true, info);
      break;
    case Protocol::aws_json1_1:  // body `__type`, then `code`, then the header
      read_json_body(response.body, /*code_before_type=*/false, info);
      if (info.code.empty()) {
        if (const auto header = response.header("x-amzn-ErrorType"))
          info.code = sanitize_error_code(*header);
      }
      break;
    case Protocol::aws_query:
    case Protocol::rest_xml:
      read_xml_body(response.body, info);
      break;
  }
}

bool contains(std::initializer_list<std::string_view> list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

// "User: arn:… is not authorized to perform: s3:PutObject on resource: …" -> "s3:PutObject".
std::string denied_action(const std::string& message) {
  static constexpr std::string_view k_marker = "perform: ";
  const auto at = message.find(k_marker);
  if (at == std::string::npos) return {};
  const auto start = at + k_marker.size();
  const auto end = message.find_first_of(" ,;", start);
  return message.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

HttpError::HttpError(HttpErrorInfo info, int attempts)
    : Error(format_http_error(info), http_error_hint(info, attempts)),
      m_info(std::move(info)),
      m_attempts(attempts) {}

std::string sanitize_error_code(std::string_view raw) {
  std::string_view code = raw;
  if (const auto comma = code.find(','); comma != std::string_view::npos)
    code = code.substr(0, comma);
  if (const auto colon = code.find(':'); colon != std::string_view::npos)
    code = code.substr(0, colon);
  if (const auto hash = code.find('#'); hash != std::string_view::npos)
    code = code.substr(hash + 1);
  return clean_message(code);
}

std::string status_text(int status) {
  switch (status) {
    case 301:
      return "Moved Permanently";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 424:
      return "Failed Dependency";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "HTTP " + std::to_string(status);
  }
}

std::string code_from_status(int status) {
  switch (status) {
    case 301:
      return "PermanentRedirect";
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 412:
      return "PreconditionFailed";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 502:
      return "BadGateway";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "GatewayTimeout";
    default:
      return "UnknownError";
  }
}

std::optional<std::string> xml_tag_text(std::string_view xml, std::string_view tag,
                                        std::size_t from) {
  const std::string open = "<" + std::string(tag);
  const std::string close = "</" + std::string(tag) + ">";
  for (std::size_t at = xml.find(open, from); at != std::string_view::npos;
       at = xml.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= xml.size()) return std::nullopt;
    const char next = xml[after];
    if (next != '>' && next != '/' && next != ' ' && next != '\t' && next != '\r' && next != '\n') {
      continue;  // <ErrorResponse> is not <Error>
    }
    const std::size_t gt = xml.find('>', after);
    if (gt == std::string_view::npos) return std::nullopt;
    if (xml[gt - 1] == '/') return std::string();  // <Message/>
    const std::size_t end = xml.find(close, gt + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return entity_decode(xml.substr(gt + 1, end - gt - 1));
  }
  return std::nullopt;
}

std::string error_code_of(Protocol protocol, const HttpResponse& response) {
  HttpErrorInfo info;
  read_error(protocol, response, info);
  return info.code;
}

HttpError decode_error(Protocol protocol, const std::string& service, const std::string& operation,
                       const HttpResponse& response, int attempts) {
  HttpErrorInfo info;
  info.service = service;
  info.operation = operation;
  info.status = response.status;
  info.request_id = response.header("x-amzn-RequestId")
                        .value_or(response.header("x-amz-request-id").value_or(""));
  info.bucket_region = clean_message(response.header("x-amz-bucket-region").value_or(""));
  read_error(protocol, response, info);
  if (info.request_id.empty()) info.request_id = response.header("x-amz-id-2").value_or("");
  info.request_id = clean_message(info.request_id);
  if (info.code.empty()) info.code = code_from_status(response.status);
  info.message = clean_message(info.message);
  if (info.message.empty()) info.message = status_text(response.status);
  return HttpError(std::move(info), attempts);
}

std::string format_http_error(const HttpErrorInfo& info) {
  std::string text = info.service + " " + info.operation + " failed: " + info.code + " (HTTP " +
                     std::to_string(info.status) + ")";
  if (!info.message.empty()) text += ": " + info.message;
  if (!info.request_id.empty()) text += " [request id " + info.request_id + "]";
  return text;
}

std::string http_error_hint(const HttpErrorInfo& info, int attempts) {
  const std::string& code = info.code;
  if (contains({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden"},
               code)) {
    std::string action = denied_action(info.message);
    if (action.empty()) action = info.operation;
    return "your AWS identity is not allowed to call " + action +
           "; grant it in IAM (identity policy, resource policy or SCP), or switch profile with "
           "AWS_PROFILE";
  }
  if (contains({"ExpiredToken", "ExpiredTokenException", "RequestExpired", "InvalidToken",
                "TokenRefreshRequired"},
               code)) {
    return "your AWS credentials have expired; refresh them (e.g. `aws sso login`, or export a new "
           "session token) "
           "and run again";
  }
  if (contains({"InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId"},
               code)) {
    return "AWS does not recognise the access key; check AWS_ACCESS_KEY_ID / AWS_PROFILE and that "
           "a session "
           "token is set for temporary credentials";
  }
  if (is_clock_skew_error(code)) {
    return "the request signature was rejected; check that the system clock is within 5 minutes of "
           "real time "
           "and that the secret access key belongs to the access key id";
  }
  if (contains({"ServiceQuotaExceededException", "LimitExceededException"}, code) ||
      info.status == 402) {
    return "an AWS service quota is exhausted; delete unused resources or request an increase in "
           "Service Quotas";
  }
  if (is_throttling(code, info.status)) {
    return "AWS throttled the request; agentlift sent it " + std::to_string(attempts) +
           (attempts == 1 ? " time" : " times") +
           ". Wait a minute and run again, or raise AWS_MAX_ATTEMPTS";
  }
  if (contains({"ValidationException", "InvalidParameterException", "ValidationError",
                "InvalidArgument", "InvalidRequest", "BadRequest"},
               code)) {
    if (!info.fields.empty())
      return "AWS rejected the value of " + join(info.fields) + "; fix it and run again";
    return "AWS rejected a request value (see the message above); fix it and run again";
  }
  if (contains({"ResourceNotFoundException", "NotFound", "NoSuchBucket", "NoSuchKey",
                "RepositoryNotFoundException"},
               code)) {
    return "the resource does not exist in this account and region (deleted outside agentlift?); "
           "check the "
           "name and region";
  }
  if (contains(
          {"ConflictException", "ConcurrentModificationException", "RetryableConflictException",
           "RepositoryAlreadyExistsException", "BucketAlreadyExists", "BucketAlreadyOwnedByYou"},
          code)) {
    return "the resource already exists or is being changed; wait for other operations on it to "
           "finish, "
           "or choose another name";
  }
  if (contains({"PermanentRedirect", "AuthorizationHeaderMalformed",
                "IllegalLocationConstraintException"},
               code) ||
      info.status == 301) {
    if (!info.bucket_region.empty())
      return "the bucket is in " + info.bucket_region + "; use that region";
    return "the bucket is in another region; set the bucket's region";
  }
  if (info.status >= 500) return "AWS reported an internal error; run again later";
  return {};
}

}  // namespace agentlift::cloud
