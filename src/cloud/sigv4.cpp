#include "cloud/sigv4.hpp"

#include <cstdio>
#include <stdexcept>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/errors.hpp"
#include "base/sha256.hpp"
#include "cloud/uri_encoding.hpp"

namespace agentlift::cloud::sigv4 {
namespace {

constexpr std::string_view k_date_header = "X-Amz-Date";
constexpr std::string_view k_token_header = "X-Amz-Security-Token";
// aws-c-auth spells it in lower case, and its signed-request files pin the spelling.
constexpr std::string_view k_content_sha256_header = "x-amz-content-sha256";

// The signing key is derived through a chain of HMACs; the seed holds the
// secret and each intermediate key is as good as the secret for its day, region
// and service, so both are wiped when the derivation is done.
class WipedBuffer {
 public:
  explicit WipedBuffer(std::size_t capacity) { m_bytes.reserve(capacity); }
  ~WipedBuffer() { OPENSSL_cleanse(m_bytes.data(), m_bytes.capacity()); }
  WipedBuffer(const WipedBuffer&) = delete;
  WipedBuffer& operator=(const WipedBuffer&) = delete;
  // Stays within the reserved capacity, so no copy is left behind by a reallocation.
  void append(std::string_view bytes) {
    if (m_bytes.size() + bytes.size() > m_bytes.capacity()) throw std::logic_error("over capacity");
    m_bytes.append(bytes);
  }
  std::string_view view() const { return m_bytes; }

 private:
  std::string m_bytes;
};

struct WipedKey {
  SigningKey bytes{};
  ~WipedKey() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

void hmac_sha256(std::string_view key, std::string_view data, SigningKey& out) {
  unsigned int length = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
  if (result == nullptr || length != out.size()) throw std::logic_error("HMAC-SHA256 failed");
}

std::string_view as_view(const SigningKey& key) {
  return {reinterpret_cast<const char*>(key.data()), key.size()};
}

std::string to_hex(const SigningKey& bytes) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (unsigned char byte : bytes) {
    out += k_hex[byte >> 4];
    out += k_hex[byte & 0x0F];
  }
  return out;
}

bool has_header(const HttpRequest& request, std::string_view name) {
  return request.header(std::string(name)).has_value();
}

void remove_header(HttpRequest& request, std::string_view name) {
  std::erase_if(request.headers, [&](const auto& header) {
    return header_name_equals(header.first, std::string(name));
  });
}

bool signs_token(const Credentials& credentials, const SigningParams& params) {
  return credentials.session_token && !params.omit_session_token;
}

std::string signature_for(const HttpRequest& request, const Credentials& credentials,
                          const SigningParams& params) {
  const std::string to_sign = string_to_sign(canonical_request(request, params), params);
  const std::string date = amz_date(params.timestamp).substr(0, 8);
  const WipedKey key{
      signing_key(credentials.secret_access_key, date, params.region, params.service)};
  return signature(key.bytes, to_sign);
}

}  // namespace

SigningParams params_for(std::string service, std::string region,
                         std::chrono::sys_seconds timestamp) {
  SigningParams params;
  params.region = std::move(region);
  params.service = std::move(service);
  params.timestamp = timestamp;
  if (params.service == "s3") {
    params.normalize_path = false;
    params.double_encode_path = false;
    params.payload_hash = PayloadHash::body_in_header;
  }
  return params;
}

std::string amz_date(std::chrono::sys_seconds timestamp) {
  const auto day = std::chrono::floor<std::chrono::days>(timestamp);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss time{timestamp - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

std::string credential_scope(const SigningParams& params) {
  return amz_date(params.timestamp).substr(0, 8) + "/" + params.region + "/" + params.service +
         "/aws4_request";
}

std::string string_to_sign(std::string_view canonical_request, const SigningParams& params) {
  std::string out(k_algorithm);
  out += '\n';
  out += amz_date(params.timestamp);
  out += '\n';
  out += credential_scope(params);
  out += '\n';
  out += sha256_hex(canonical_request);
  return out;
}

SigningKey signing_key(std::string_view secret_access_key, std::string_view date,
                       std::string_view region, std::string_view service) {
  WipedBuffer seed(4 + secret_access_key.size());
  seed.append("AWS4");
  seed.append(secret_access_key);
  WipedKey date_key, region_key, service_key;
  hmac_sha256(seed.view(), date, date_key.bytes);
  hmac_sha256(as_view(date_key.bytes), region, region_key.bytes);
  hmac_sha256(as_view(region_key.bytes), service, service_key.bytes);
  SigningKey out{};
  hmac_sha256(as_view(service_key.bytes), "aws4_request", out);
  return out;
}

std::string signature(const SigningKey& key, std::string_view string_to_sign) {
  SigningKey out{};
  hmac_sha256(as_view(key), string_to_sign, out);
  return to_hex(out);
}

Headers headers_to_sign(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params) {
  Headers out;
  if (signs_token(credentials, params)) {
    out.emplace_back(k_token_header, *credentials.session_token);
  }
  out.emplace_back(k_date_header, amz_date(params.timestamp));
  if (params.payload_hash != PayloadHash::body && !has_header(request, k_content_sha256_header)) {
    out.emplace_back(k_content_sha256_header, payload_hash(request, params));
  }
  return out;
}

Headers sign(const HttpRequest& request, const Credentials& credentials,
             const SigningParams& params) {
  Headers out = headers_to_sign(request, credentials, params);
  HttpRequest to_sign = apply_headers(request, out);
  if (credentials.session_token && params.omit_session_token) {
    // A token left on the request by an earlier signing must stay unsigned too.
    remove_header(to_sign, k_token_header);
    out.insert(out.begin(), std::pair{std::string(k_token_header), *credentials.session_token});
  }
  const std::string signed_names = canonical_headers(to_sign).signed_names;
  out.emplace_back("Authorization",
                   std::string(k_algorithm) + " Credential=" + credentials.access_key_id + "/" +
                       credential_scope(params) + ", SignedHeaders=" + signed_names +
                       ", Signature=" + signature_for(to_sign, credentials, params));
  return out;
}

HttpRequest apply_headers(HttpRequest request, const Headers& headers) {
  for (const auto& [name, value] : headers) request.set_header(name, value);
  return request;
}

QueryParameters query_to_sign(const HttpRequest& request, const Credentials& credentials,
                              const SigningParams& params, std::chrono::seconds expires) {
  if (expires < std::chrono::seconds{1} || expires > k_max_expires) {
    throw std::invalid_argument("X-Amz-Expires must be 1 to 604800 seconds, not " +
                                std::to_string(expires.count()));
  }
  // The order is aws-c-auth's, so presigned URLs match its suite byte for byte.
  QueryParameters out = {
      {"X-Amz-Algorithm", std::string(k_algorithm)},
      {"X-Amz-Credential", credentials.access_key_id + "/" + credential_scope(params)},
      {"X-Amz-Date", amz_date(params.timestamp)},
      {"X-Amz-SignedHeaders", canonical_headers(request).signed_names},
      {"X-Amz-Expires", std::to_string(expires.count())},
  };
  if (signs_token(credentials, params)) {
    out.push_back({std::string(k_token_header), *credentials.session_token});
  }
  return out;
}

QueryParameters presign(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params, std::chrono::seconds expires) {
  QueryParameters out = query_to_sign(request, credentials, params, expires);
  const std::string signature_hex = signature_for(apply_query(request, out), credentials, params);
  if (credentials.session_token && params.omit_session_token) {
    out.push_back({std::string(k_token_header), *credentials.session_token});
  }
  out.push_back({"X-Amz-Signature", signature_hex});
  return out;
}

HttpRequest apply_query(HttpRequest request, const QueryParameters& parameters) {
  // Keep a fragment (never sent, but a caller may rely on it) after the query.
  std::string fragment;
  if (const auto hash = request.url.find('#'); hash != std::string::npos) {
    fragment = request.url.substr(hash);
    request.url.erase(hash);
  }
  for (const auto& parameter : parameters) {
    const auto question = request.url.find('?');
    if (question == std::string::npos) {
      request.url += '?';
    } else if (question + 1 != request.url.size() && !request.url.ends_with('&')) {
      request.url += '&';
    }
    request.url += percent_encode(parameter.name) + "=" + percent_encode(parameter.value);
  }
  request.url += fragment;
  return request;
}

std::string bearer_token_variable(std::string_view service) {
  std::string out = "AWS_BEARER_TOKEN_";
  for (char c : service) {
    if (c == '-' || c == ' ') {
      out += '_';
    } else {
      out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
  }
  return out;
}

Headers bearer_headers(std::string_view token, std::string_view service) {
  // Messages name the variable, never the token: it is a credential.
  if (service != "bedrock") {
    throw Error("a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) cannot authenticate to \"" +
                    std::string(service) +
                    "\": only Bedrock (signing name \"bedrock\") accepts bearer tokens",
                "configure AWS credentials (a profile, AWS_ACCESS_KEY_ID or SSO); " +
                    std::string(service) + " needs SigV4");
  }
  if (token.empty()) {
    throw Error("AWS_BEARER_TOKEN_BEDROCK is set but empty",
                "unset it to use AWS credentials, or set it to a Bedrock API key");
  }
  for (char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      throw Error("AWS_BEARER_TOKEN_BEDROCK contains a control character (a line break?)",
                  "copy the Bedrock API key again without surrounding whitespace");
    }
  }
  return {{"Authorization", "Bearer " + std::string(token)}};
}

}  // namespace agentlift::cloud::sigv4
