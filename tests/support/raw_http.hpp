#pragma once
// Raw HTTP/1.1 requests as the SigV4 suites write them (request.txt, *.req,
// *-signed-request.txt): "METHOD target HTTP/1.1", "Name:value" lines, a blank
// line, the body. The suites use bare '\n', leave values unencoded (spaces and
// UTF-8 in the target), keep the whitespace after the colon as part of the value
// and fold long values onto lines starting with whitespace; parsing keeps all of
// that verbatim so the signer, not the parser, does the canonicalising.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cloud/http.hpp"

namespace agentlift::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The request target ("/path?query") of a URL built by parse_raw_request.
inline std::string request_target(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto target = url.find_first_of("/?", scheme_end + 3);
  return target == std::string::npos ? "/" : url.substr(target);
}

// The URL is "https://" + the Host header + the target exactly as written.
inline cloud::HttpRequest parse_raw_request(const std::string& text) {
  cloud::HttpRequest request;
  std::size_t pos = 0;
  auto next_line = [&](std::string& line) {
    if (pos > text.size()) return false;
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    line = text.substr(pos, end - pos);
    pos = end + 1;
    return true;
  };
  std::string line;
  if (!next_line(line)) throw std::runtime_error("empty request");
  // "GET /example space/ HTTP/1.1": the target may contain spaces, so split at
  // the first and the last space.
  const auto first_space = line.find(' ');
  const auto last_space = line.rfind(' ');
  if (first_space == std::string::npos || last_space <= first_space) {
    throw std::runtime_error("bad request line: " + line);
  }
  request.method = line.substr(0, first_space);
  const std::string target = line.substr(first_space + 1, last_space - first_space - 1);
  while (next_line(line) && !line.empty()) {
    if ((line[0] == ' ' || line[0] == '\t') && !request.headers.empty()) {
      request.headers.back().second += "\n" + line;
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) throw std::runtime_error("bad header line: " + line);
    request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  if (pos < text.size()) request.body = text.substr(pos);
  request.url = "https://" + request.header("Host").value_or("") + target;
  return request;
}

// The inverse of parse_raw_request, in the suites' layout.
inline std::string serialize_raw_request(const cloud::HttpRequest& request) {
  std::string out = request.method + " " + request_target(request.url) + " HTTP/1.1\n";
  for (const auto& [name, value] : request.headers) out += name + ":" + value + "\n";
  out += "\n";
  out += request.body;
  return out;
}

}  // namespace agentlift::testing
