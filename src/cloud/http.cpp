#include "cloud/http.hpp"

namespace agentlift::cloud {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::optional<std::string> find_header(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (header_name_equals(key, name)) return value;
  }
  return std::nullopt;
}

}  // namespace

bool header_name_equals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string> HttpRequest::header(const std::string& name) const {
  return find_header(headers, name);
}

void HttpRequest::set_header(const std::string& name, std::string value) {
  Headers kept;
  for (auto& entry : headers) {
    if (!header_name_equals(entry.first, name)) kept.push_back(std::move(entry));
  }
  kept.emplace_back(name, std::move(value));
  headers = std::move(kept);
}

std::optional<std::string> HttpResponse::header(const std::string& name) const {
  return find_header(headers, name);
}

}  // namespace agentlift::cloud
