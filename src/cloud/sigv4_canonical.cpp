// The canonical request: the one SigV4 stage with many rules, each pinned by a
// case of the AWS suites (tests/data/aws/sigv4-testsuite/).
#include "cloud/sigv4.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "base/sha256.hpp"
#include "cloud/uri_encoding.hpp"

namespace agentlift::cloud::sigv4 {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The headers the JS SDK never signs (@smithy/signature-v4
// ALWAYS_UNSIGNABLE_HEADERS and the proxy-/sec- patterns): proxies and HTTP
// stacks add, drop or rewrite them, which would break the signature.
bool is_unsignable(const std::string& lower_name) {
  static constexpr std::string_view k_unsignable[] = {
      "authorization", "cache-control",     "connection", "expect",     "from",
      "keep-alive",    "max-forwards",      "pragma",     "referer",    "te",
      "trailer",       "transfer-encoding", "upgrade",    "user-agent", "x-amzn-trace-id"};
  for (std::string_view name : k_unsignable) {
    if (lower_name == name) return true;
  }
  return lower_name.starts_with("proxy-") || lower_name.starts_with("sec-");
}

// Removes "." and empty segments and resolves ".." the way the SDKs do; a
// leading and a trailing '/' survive ("/runtimes/" stays "/runtimes/").
std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = path.starts_with('/') ? "/" : "";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    out += segments[i];
  }
  if (!segments.empty() && path.ends_with('/')) out += '/';
  return out;
}

}  // namespace

// Trims and collapses every whitespace run, including the line breaks of a
// folded (multi-line) value, to one space.
std::string trim_and_collapse(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string canonical_uri(std::string_view path, const SigningParams& params) {
  std::string uri = params.normalize_path ? normalize_path(path) : std::string(path);
  // Encoding the already encoded path again is what every service but S3
  // verifies: an ARN label sent as "arn%3Aaws" is signed as "arn%253Aaws".
  if (params.double_encode_path) uri = percent_encode(uri, Slash::keep);
  return uri.empty() ? std::string(1, '/') : uri;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= query.size()) {
    auto end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    const std::string_view name = pair.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
    // Decoding first makes an already encoded and a raw query sign alike
    // ("%E1%88%B4" and the UTF-8 bytes both become "%E1%88%B4").
    std::string encoded_name = percent_encode(percent_decode(name));
    if (lower(encoded_name) == "x-amz-signature") continue;
    pairs.emplace_back(std::move(encoded_name), percent_encode(percent_decode(value)));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

CanonicalHeaders canonical_headers(const HttpRequest& request) {
  std::map<std::string, std::string> headers;  // sorted by lower-case name
  for (const auto& [name, value] : request.headers) {
    std::string key = lower(name);
    if (is_unsignable(key)) continue;
    std::string canonical_value = trim_and_collapse(value);
    auto [it, inserted] = headers.try_emplace(std::move(key), canonical_value);
    if (!inserted) it->second += "," + canonical_value;
  }
  if (!headers.contains("host")) {
    const UrlParts url = split_url(request.url);
    if (!url.authority.empty()) headers.emplace("host", host_header_value(url));
  }
  CanonicalHeaders out;
  for (const auto& [name, value] : headers) {
    out.text += name + ":" + value + "\n";
    if (!out.signed_names.empty()) out.signed_names += ';';
    out.signed_names += name;
  }
  return out;
}

std::string payload_hash(const HttpRequest& request, const SigningParams& params) {
  if (auto declared = request.header("x-amz-content-sha256")) return trim_and_collapse(*declared);
  if (params.payload_hash == PayloadHash::unsigned_payload) return std::string(k_unsigned_payload);
  return sha256_hex(request.body);
}

std::string canonical_request(const HttpRequest& request, const SigningParams& params) {
  const UrlParts url = split_url(request.url);
  const CanonicalHeaders headers = canonical_headers(request);
  std::string out = request.method;
  out += '\n';
  out += canonical_uri(url.path, params);
  out += '\n';
  out += canonical_query(url.query);
  out += '\n';
  out += headers.text;
  out += '\n';
  out += headers.signed_names;
  out += '\n';
  out += payload_hash(request, params);
  return out;
}

}  // namespace agentlift::cloud::sigv4
