#pragma once
// AWS Signature Version 4 as pure functions in named stages (aws-c-auth's shape):
//
//   request ──headers_to_sign──▶ request + X-Amz-Date… ──canonical_request──▶ text
//     ──string_to_sign──▶ text ──signature(signing_key(…))──▶ hex ──▶ Authorization
//
// Credentials and the time are passed in; nothing here reads the environment or
// the clock, so every stage is checked against AWS's own test suites
// (tests/data/aws/sigv4-testsuite/). Signing computes the headers (or query
// parameters) to add; `apply_headers` / `apply_query` put them on a request.
// (Not plain `apply`: inside this namespace std::apply would win by ADL.)
//
// The secret access key only ever enters the HMAC chain: no returned string,
// header or error message contains it.

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/http.hpp"

namespace agentlift::cloud::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;  // temporary (STS) credentials only
};

// Where the payload hash of the canonical request comes from. A request that
// already carries an x-amz-content-sha256 header is signed with that value
// instead (a caller streaming a body it hashed itself).
enum class PayloadHash {
  body,            // SHA-256 of the body, in the canonical request only (most services)
  body_in_header,  // the same, also sent and signed as x-amz-content-sha256 (S3)
  // The literal UNSIGNED-PAYLOAD, also sent as x-amz-content-sha256 when signing
  // headers (S3 over TLS); presigned S3 URLs use it without the header.
  unsigned_payload,
};

struct SigningParams {
  std::string region;
  std::string service;  // the signing name: "bedrock-agentcore" for both AgentCore hosts
  std::chrono::sys_seconds timestamp{};  // UTC
  // S3 signs the path exactly as sent; every other service normalises
  // ("."/".."/"//") and URI-encodes the already encoded path a second time.
  bool normalize_path = true;
  bool double_encode_path = true;
  PayloadHash payload_hash = PayloadHash::body;
  // Some services want X-Amz-Security-Token added after signing, unsigned.
  bool omit_session_token = false;
};

// Parameters with each service's rules: S3 gets no normalisation, single
// encoding and a signed x-amz-content-sha256; every other service the defaults.
SigningParams params_for(std::string service, std::string region,
                         std::chrono::sys_seconds timestamp);

inline constexpr std::string_view k_algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view k_unsigned_payload = "UNSIGNED-PAYLOAD";

// ---- Building blocks of the canonical request ------------------------------

std::string amz_date(std::chrono::sys_seconds timestamp);   // "20150830T123600Z"
std::string credential_scope(const SigningParams& params);  // "20150830/us-east-1/iam/aws4_request"

// The canonical URI of an (already percent-encoded) request path.
std::string canonical_uri(std::string_view path, const SigningParams& params);

// The canonical query string: every parameter decoded and re-encoded with the
// unreserved set, sorted by encoded name then value (repeated names keep all
// their values), "name=" for a missing value; X-Amz-Signature is left out.
std::string canonical_query(std::string_view query);

struct CanonicalHeaders {
  std::string text;          // "name:value\n" per header, sorted by name
  std::string signed_names;  // "host;x-amz-date"
};
// Header names lower-cased; values trimmed with inner whitespace runs (line
// breaks of folded values too) collapsed to one space; repeated names joined
// with ',' in request order. Headers proxies may rewrite are not signed. A
// request without a Host header is signed with the host curl will send.
CanonicalHeaders canonical_headers(const HttpRequest& request);

// The hex payload hash line of the canonical request.
std::string payload_hash(const HttpRequest& request, const SigningParams& params);

// ---- Stages ----------------------------------------------------------------

// `request` must already carry what is signed with it: the headers_to_sign (or,
// for a presigned URL, the query_to_sign).
std::string canonical_request(const HttpRequest& request, const SigningParams& params);
std::string string_to_sign(std::string_view canonical_request, const SigningParams& params);

using SigningKey = std::array<unsigned char, 32>;
// `date` is the scope date, "YYYYMMDD".
SigningKey signing_key(std::string_view secret_access_key, std::string_view date,
                       std::string_view region, std::string_view service);
std::string signature(const SigningKey& key, std::string_view string_to_sign);  // lower-case hex

// ---- Signing with the Authorization header ---------------------------------

// The headers that are part of what is signed and must be on the request first:
// X-Amz-Security-Token (unless omitted), X-Amz-Date, x-amz-content-sha256.
Headers headers_to_sign(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params);
// Everything to add to the request: the headers_to_sign, an unsigned session
// token when omitted, and Authorization.
Headers sign(const HttpRequest& request, const Credentials& credentials,
             const SigningParams& params);
// The request with `headers` set, each replacing any header of the same name.
HttpRequest apply_headers(HttpRequest request, const Headers& headers);

// ---- Presigned URLs (query-string signing) ---------------------------------

struct QueryParameter {
  std::string name;
  std::string value;  // decoded; apply_query encodes it
};
using QueryParameters = std::vector<QueryParameter>;

// X-Amz-Expires beyond AWS's limit of 7 days (or below 1 s) is a bug.
inline constexpr std::chrono::seconds k_max_expires{7 * 24 * 3600};

// X-Amz-Algorithm, -Credential, -Date, -SignedHeaders, -Expires and (unless
// omitted) -Security-Token: the parameters that are signed with the URL.
QueryParameters query_to_sign(const HttpRequest& request, const Credentials& credentials,
                              const SigningParams& params, std::chrono::seconds expires);
// All parameters to append: the query_to_sign, an unsigned session token when
// omitted, and X-Amz-Signature.
QueryParameters presign(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params, std::chrono::seconds expires);
// The request with `parameters` appended to its URL's query, percent-encoded.
HttpRequest apply_query(HttpRequest request, const QueryParameters& parameters);

// ---- Bedrock API keys: the one alternative to SigV4 ------------------------

// The variable the SDKs read a bearer token from for a signing name:
// "AWS_BEARER_TOKEN_" + upper-case name, '-' as '_' ("AWS_BEARER_TOKEN_BEDROCK").
std::string bearer_token_variable(std::string_view service);
// `Authorization: Bearer <token>` and nothing else (no X-Amz-Date, no hash).
// Only Bedrock (signing name "bedrock", hosts bedrock and bedrock-runtime)
// accepts bearer tokens; any other service throws agentlift::Error, as does an
// empty token or one that would break the header line.
Headers bearer_headers(std::string_view token, std::string_view service);

// A header value as the canonical request writes it: trimmed, and every run of
// whitespace inside (a folded value included) collapsed to one space.
std::string trim_and_collapse(std::string_view value);

}  // namespace agentlift::cloud::sigv4
