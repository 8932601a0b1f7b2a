#pragma once
// Checks the SigV4 `Authorization` header of an incoming request the way AWS
// does: parse it, check the credential scope and the clock, recompute the
// signature with cloud/sigv4's stages over exactly the headers the client
// listed in SignedHeaders, and compare in constant time.
//
// The answers use AWS's error codes (all HTTP 403, as AWS's JSON services send):
//   no Authorization header          MissingAuthenticationTokenException
//   not "AWS4-HMAC-SHA256 ..." or a  IncompleteSignatureException
//     part/X-Amz-Date missing/bad
//   unknown access key id            UnrecognizedClientException
//   wrong scope, skew > 5 minutes,   InvalidSignatureException
//     body hash or signature wrong
// A Bearer token is reported as such (scheme == bearer); whether the target
// accepts one is the caller's decision. X-Amz-Security-Token is accepted with
// any value when the key id is known (temporary credentials are not emulated).
// Query-string (presigned) signatures are not supported.

#include <chrono>
#include <string>
#include <vector>

#include "emulator/service_model.hpp"

namespace agentlift::emulator {

struct VerifierConfig {
  std::string region;                         // the only region requests may be scoped to
  std::string service = "bedrock-agentcore";  // signing name of both AgentCore planes
  std::string access_key_id;
  std::string secret_access_key;
  std::chrono::seconds max_skew{300};
};

enum class AuthScheme { none, sigv4, bearer, other };

struct AuthResult {
  bool ok = false;
  AuthScheme scheme = AuthScheme::none;
  int status = 403;
  std::string error_code;  // "" when ok
  std::string message;
};

AuthResult verify_sigv4(const IncomingRequest& request, const VerifierConfig& config,
                        std::chrono::system_clock::time_point now);

// The parts of "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam/aws4_request,
// SignedHeaders=host;x-amz-date, Signature=5d67...". Exposed for tests.
struct ParsedAuthorization {
  std::string access_key_id;
  std::string scope_date;  // "20150830"
  std::string scope_region;
  std::string scope_service;
  std::string scope_terminator;  // "aws4_request"
  std::vector<std::string> signed_headers;
  std::string signature;
  std::string problem;  // why the header is incomplete; "" when it parsed
};
ParsedAuthorization parse_authorization(std::string_view value);

}  // namespace agentlift::emulator
