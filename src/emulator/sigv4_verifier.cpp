// SigV4 verification by recomputation (sigv4_verifier.hpp).
#include "emulator/sigv4_verifier.hpp"

#include <cstdio>
#include <optional>

#include "base/sha256.hpp"
#include "cloud/sigv4.hpp"

namespace agentlift::emulator {
namespace {

namespace sigv4 = cloud::sigv4;

constexpr std::string_view k_missing_token = "MissingAuthenticationTokenException";
constexpr std::string_view k_incomplete = "IncompleteSignatureException";
constexpr std::string_view k_unrecognized = "UnrecognizedClientException";
constexpr std::string_view k_invalid = "InvalidSignatureException";

char lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower_char(c);
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<std::string> header_value(const IncomingRequest& request, std::string_view name) {
  std::optional<std::string> joined;
  for (const auto& [key, value] : request.headers) {
    if (lower(key) != name) continue;
    if (joined) {
      *joined += "," + sigv4::trim_and_collapse(value);
    } else {
      joined = sigv4::trim_and_collapse(value);
    }
  }
  return joined;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// "20150830T123600Z" -> the time, or nullopt when not in ISO-8601 basic format.
std::optional<std::chrono::sys_seconds> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  int fields[6];
  const std::size_t offsets[6] = {0, 4, 6, 9, 11, 13};
  const std::size_t widths[6] = {4, 2, 2, 2, 2, 2};
  for (int i = 0; i < 6; ++i) {
    int value = 0;
    for (std::size_t j = 0; j < widths[i]; ++j) {
      const char c = text[offsets[i] + j];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    fields[i] = value;
  }
  const std::chrono::year_month_day day{std::chrono::year{fields[0]},
                                        std::chrono::month{static_cast<unsigned>(fields[1])},
                                        std::chrono::day{static_cast<unsigned>(fields[2])}};
  if (!day.ok() || fields[3] > 23 || fields[4] > 59 || fields[5] > 60) return std::nullopt;
  return std::chrono::sys_days{day} + std::chrono::hours{fields[3]} +
         std::chrono::minutes{fields[4]} + std::chrono::seconds{fields[5]};
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

AuthResult fail(AuthScheme scheme, std::string_view code, std::string message) {
  AuthResult result;
  result.scheme = scheme;
  result.error_code = std::string(code);
  result.message = std::move(message);
  return result;
}

std::string canonical_request(const IncomingRequest& request, const ParsedAuthorization& auth,
                              const sigv4::SigningParams& params, const std::string& body_hash) {
  std::string out = request.method + "\n";
  out += sigv4::canonical_uri(request.path, params) + "\n";
  out += sigv4::canonical_query(request.query) + "\n";
  std::string names;
  for (const std::string& name : auth.signed_headers) {
    out += name + ":" + header_value(request, lower(name)).value_or("") + "\n";
    if (!names.empty()) names += ';';
    names += name;
  }
  out += "\n" + names + "\n" + body_hash;
  return out;
}

}  // namespace

ParsedAuthorization parse_authorization(std::string_view value) {
  ParsedAuthorization parsed;
  value = trim(value);
  const auto space = value.find_first_of(" \t");
  if (value.substr(0, space) != sigv4::k_algorithm || space == std::string_view::npos) {
    parsed.problem = "Authorization header must start with 'AWS4-HMAC-SHA256 '.";
    return parsed;
  }
  std::optional<std::string_view> credential, signed_headers, signature;
  for (std::string_view part : split(value.substr(space + 1), ',')) {
    part = trim(part);
    const auto equals = part.find('=');
    if (equals == std::string_view::npos) {
      parsed.problem = "Invalid key=value pair (missing equal-sign) in Authorization header.";
      return parsed;
    }
    const std::string_view key = part.substr(0, equals);
    const std::string_view item = part.substr(equals + 1);
    if (key == "Credential") credential = item;
    if (key == "SignedHeaders") signed_headers = item;
    if (key == "Signature") signature = item;
  }
  if (!credential) parsed.problem += "Authorization header requires 'Credential' parameter. ";
  if (!signature) parsed.problem += "Authorization header requires 'Signature' parameter. ";
  if (!signed_headers) {
    parsed.problem += "Authorization header requires 'SignedHeaders' parameter. ";
  }
  if (!parsed.problem.empty()) {
    parsed.problem.pop_back();
    return parsed;
  }
  const auto scope = split(*credential, '/');
  if (scope.size() != 5 || scope[0].empty()) {
    parsed.problem =
        "Credential must have the form <access key id>/<date>/<region>/<service>/aws4_request.";
    return parsed;
  }
  parsed.access_key_id = scope[0];
  parsed.scope_date = scope[1];
  parsed.scope_region = scope[2];
  parsed.scope_service = scope[3];
  parsed.scope_terminator = scope[4];
  for (std::string_view name : split(*signed_headers, ';')) {
    if (name.empty()) {
      parsed.problem = "SignedHeaders must be a ';'-separated list of header names.";
      return parsed;
    }
    parsed.signed_headers.emplace_back(name);
  }
  parsed.signature = *signature;
  return parsed;
}

AuthResult verify_sigv4(const IncomingRequest& request, const VerifierConfig& config,
                        std::chrono::system_clock::time_point now) {
  const std::optional<std::string> authorization = header_value(request, "authorization");
  if (!authorization || authorization->empty()) {
    return fail(AuthScheme::none, k_missing_token, "Missing Authentication Token");
  }
  if (lower(authorization->substr(0, 7)) == "bearer ") {
    return fail(AuthScheme::bearer, k_incomplete,
                "Bearer tokens are not accepted here; sign the request with SigV4.");
  }
  const ParsedAuthorization auth = parse_authorization(*authorization);
  if (!auth.problem.empty()) {
    const AuthScheme scheme =
        authorization->starts_with(sigv4::k_algorithm) ? AuthScheme::sigv4 : AuthScheme::other;
    return fail(scheme, k_incomplete, auth.problem);
  }
  const AuthScheme scheme = AuthScheme::sigv4;

  const std::optional<std::string> amz_date = header_value(request, "x-amz-date");
  if (!amz_date) {
    return fail(scheme, k_incomplete,
                "Authorization header requires existence of an 'X-Amz-Date' header.");
  }
  const auto signed_at = parse_amz_date(*amz_date);
  if (!signed_at) {
    return fail(scheme, k_incomplete,
                "X-Amz-Date must be in the ISO-8601 basic format 'yyyyMMddTHHmmssZ'.");
  }
  bool host_signed = false;
  for (const std::string& name : auth.signed_headers) host_signed |= lower(name) == "host";
  if (!host_signed) {
    return fail(scheme, k_incomplete, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }

  if (!constant_time_equal(auth.access_key_id, config.access_key_id)) {
    return fail(scheme, k_unrecognized, "The security token included in the request is invalid.");
  }

  if (auth.scope_date != amz_date->substr(0, 8)) {
    return fail(scheme, k_invalid,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                "from HTTP: '" +
                    auth.scope_date + "' != '" + amz_date->substr(0, 8) + "'.");
  }
  if (auth.scope_region != config.region) {
    return fail(scheme, k_invalid,
                "Credential should be scoped to a valid region, not '" + auth.scope_region +
                    "'. This endpoint serves '" + config.region + "'.");
  }
  if (auth.scope_service != config.service) {
    return fail(scheme, k_invalid,
                "Credential should be scoped to correct service: '" + config.service + "'.");
  }
  if (auth.scope_terminator != "aws4_request") {
    return fail(scheme, k_invalid,
                "Credential should be scoped with a valid terminator: 'aws4_request'.");
  }

  const auto now_seconds = std::chrono::floor<std::chrono::seconds>(now);
  if (*signed_at + config.max_skew < now_seconds) {
    return fail(scheme, k_invalid,
                "Signature expired: " + *amz_date + " is now earlier than " +
                    sigv4::amz_date(now_seconds - config.max_skew) + " (" +
                    sigv4::amz_date(now_seconds) + " - 5 min.)");
  }
  if (*signed_at - config.max_skew > now_seconds) {
    return fail(scheme, k_invalid,
                "Signature not yet current: " + *amz_date + " is still later than " +
                    sigv4::amz_date(now_seconds + config.max_skew) + " (" +
                    sigv4::amz_date(now_seconds) + " + 5 min.)");
  }

  // Every service but S3 hashes the body it received; a signed
  // x-amz-content-sha256 must agree with it.
  const std::string body_hash = sha256_hex(request.body);
  for (const std::string& name : auth.signed_headers) {
    if (lower(name) != "x-amz-content-sha256") continue;
    if (header_value(request, "x-amz-content-sha256").value_or("") != body_hash) {
      return fail(scheme, k_invalid,
                  "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  }

  const sigv4::SigningParams params = sigv4::params_for(config.service, config.region, *signed_at);
  const std::string to_sign =
      sigv4::string_to_sign(canonical_request(request, auth, params, body_hash), params);
  const sigv4::SigningKey key =
      sigv4::signing_key(config.secret_access_key, auth.scope_date, config.region, config.service);
  const std::string expected = sigv4::signature(key, to_sign);
  if (!constant_time_equal(expected, auth.signature)) {
    return fail(scheme, k_invalid,
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. Consult the service "
                "documentation for details.");
  }
  AuthResult ok;
  ok.ok = true;
  ok.scheme = scheme;
  ok.status = 200;
  return ok;
}

}  // namespace agentlift::emulator
