#include "cloud/uri_encoding.hpp"

namespace agentlift::cloud {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string percent_encode(std::string_view bytes, Slash slash) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (c == '/' && slash == Slash::keep)) {
      out += ch;
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 0x0F];
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  if (const auto fragment = url.find('#'); fragment != std::string_view::npos) {
    url = url.substr(0, fragment);
  }
  if (const auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    parts.scheme = url.substr(0, scheme_end);
    url.remove_prefix(scheme_end + 3);
    const auto authority_end = url.find_first_of("/?");
    parts.authority = url.substr(0, authority_end);
    url.remove_prefix(authority_end == std::string_view::npos ? url.size() : authority_end);
  }
  const auto query_start = url.find('?');
  parts.path = url.substr(0, query_start);
  if (query_start != std::string_view::npos) parts.query = url.substr(query_start + 1);
  return parts;
}

std::string host_header_value(const UrlParts& url) {
  std::string_view host = url.authority;
  const auto colon = host.rfind(':');
  // An IPv6 literal ("[::1]") has colons of its own; only a colon after the ']'
  // starts a port.
  const auto bracket = host.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    const std::string_view port = host.substr(colon + 1);
    if ((url.scheme == "https" && port == "443") || (url.scheme == "http" && port == "80")) {
      host = host.substr(0, colon);
    }
  }
  return std::string(host);
}

}  // namespace agentlift::cloud
