#pragma once
// The HTTP seam of the cloud layer: plain request/response values. Signing,
// endpoints, retries and service clients build and read these; one Transport
// (libcurl, or a fake in tests) sends them.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agentlift::cloud {

// Header names keep the caller's spelling; comparisons are case-insensitive.
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  // GET, PUT, POST, DELETE, HEAD, PATCH
  std::string url;             // scheme://host[:port]/path[?query], path and query already encoded
  Headers headers;
  std::string body;

  // The value of the first header named `name` (any case), if present.
  std::optional<std::string> header(const std::string& name) const;
  void set_header(const std::string& name, std::string value);  // replaces any of that name
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  std::optional<std::string> header(const std::string& name) const;
};

// Case-insensitive ASCII comparison for header names.
bool header_name_equals(const std::string& a, const std::string& b);

}  // namespace agentlift::cloud
