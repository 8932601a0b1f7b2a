#pragma once
// Non-2xx AWS replies as one exception type. decode_error() reads the error
// shape of each wire protocol (aws-wire.md §0, §5-7) and never throws on a
// malformed body: HTML, truncated XML, invalid JSON or no body at all fall back
// to a code and message derived from the HTTP status.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.hpp"
#include "cloud/http.hpp"

namespace agentlift::cloud {

enum class Protocol {
  rest_json1,   // AgentCore control and data plane, Bedrock Runtime
  aws_json1_1,  // ECR
  aws_query,    // STS
  rest_xml,     // S3
};

// Everything decode_error() learned from one reply.
struct HttpErrorInfo {
  std::string service;    // display name, e.g. "AgentCore Control"
  std::string operation;  // e.g. "CreateHarness"
  int status = 0;
  std::string code;                 // sanitised error name, e.g. "ConflictException"
  std::string message;              // AWS's message, or the status text
  std::string request_id;           // empty when AWS sent none
  std::vector<std::string> fields;  // ValidationException fieldList names (restJson1)
  std::string bucket_region;        // S3 x-amz-bucket-region, for redirect hints
};

class HttpError : public Error {
 public:
  // `attempts` is how many times the request was sent (1 = never retried); it
  // only shapes the hint.
  explicit HttpError(HttpErrorInfo info, int attempts = 1);

  const std::string& service() const { return m_info.service; }
  const std::string& operation() const { return m_info.operation; }
  int status() const { return m_info.status; }
  const std::string& code() const { return m_info.code; }
  const std::string& aws_message() const { return m_info.message; }
  const std::string& request_id() const { return m_info.request_id; }
  const std::vector<std::string>& fields() const { return m_info.fields; }
  int attempts() const { return m_attempts; }

 private:
  HttpErrorInfo m_info;
  int m_attempts;
};

// Reads the error out of a non-2xx response. `attempts` as for HttpError.
HttpError decode_error(Protocol protocol, const std::string& service, const std::string& operation,
                       const HttpResponse& response, int attempts = 1);

// Just the sanitised error code (what the retry classifier needs); "" when
// neither the headers nor the body name one.
std::string error_code_of(Protocol protocol, const HttpResponse& response);

// JS sanitizeErrorCode: keep what precedes ',' and ':', and what follows '#'.
// "aws.protocoltests#FooError:http://x" -> "FooError".
std::string sanitize_error_code(std::string_view raw);

// "Not Found" for 404 and so on; "HTTP 599" for statuses it does not know.
std::string status_text(int status);

// The code a body-less reply implies (S3 HEAD): 404 -> "NotFound", 403 ->
// "Forbidden", ...; "UnknownError" otherwise (the JS SDKs' fallback).
std::string code_from_status(int status);

// The text inside the first <tag>…</tag> (or "" for <tag/>) at or after
// `from`, entity-decoded; nullopt when the tag is absent or unterminated. Not a
// parser: no nesting of the same tag, no CDATA; enough for AWS error bodies.
std::optional<std::string> xml_tag_text(std::string_view xml, std::string_view tag,
                                        std::size_t from = 0);

// What what() says, exposed for tests: "S3 PutObject failed: AccessDenied
// (HTTP 403): Access Denied [request id abc]".
std::string format_http_error(const HttpErrorInfo& info);
// The actionable next step for common codes ("" when there is nothing useful).
std::string http_error_hint(const HttpErrorInfo& info, int attempts);

}  // namespace agentlift::cloud
