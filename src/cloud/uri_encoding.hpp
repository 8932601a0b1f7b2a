#pragma once
// Percent-encoding with the RFC 3986 unreserved set, which is what AWS means by
// "URI-encode" (SigV4 canonical requests, restJson1 URI labels and query values),
// and the small URL splitting the signer needs. Not a general URL parser: the
// cloud layer builds its own URLs, so they are always scheme://authority/path?query.

#include <string>
#include <string_view>

namespace agentlift::cloud {

enum class Slash { encode, keep };

// Every byte outside A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex); with
// Slash::keep, '/' passes through too (greedy labels such as S3 keys, URI paths).
std::string percent_encode(std::string_view bytes, Slash slash = Slash::encode);

// Decodes %XX escapes; anything else, including '+' and a malformed '%', is kept
// as it is (AWS query strings are not form encoding).
std::string percent_decode(std::string_view text);

struct UrlParts {
  std::string_view scheme;     // "https"
  std::string_view authority;  // "host" or "host:port" (no user info in our URLs)
  std::string_view path;       // "/a/b", or empty
  std::string_view query;      // after '?', without a '#fragment'
};

// Splits `url`; the views point into it. A URL without "://" is taken as a
// path-and-query only (scheme and authority empty).
UrlParts split_url(std::string_view url);

// The Host header curl sends for this URL: the authority as written, minus a
// default port (":443" for https, ":80" for http).
std::string host_header_value(const UrlParts& url);

}  // namespace agentlift::cloud
