#include "cloud/credentials_provider.hpp"

#include <nlohmann/json.hpp>

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {
namespace {

bool read_number(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += digits;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_number(text, pos, 4, y) || !expect(text, pos, '-') || !read_number(text, pos, 2, mo) ||
      !expect(text, pos, '-') || !read_number(text, pos, 2, d)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return std::nullopt;
  }
  ++pos;
  if (!read_number(text, pos, 2, h) || !expect(text, pos, ':') || !read_number(text, pos, 2, mi) ||
      !expect(text, pos, ':') || !read_number(text, pos, 2, s)) {
    return std::nullopt;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!read_number(text, pos, 2, oh)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!read_number(text, pos, 2, om)) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return sys_days{date} + hours{h} + minutes{mi} + seconds{s} - minutes{offset_minutes};
}

ResolvedCredentials credentials_from_json(std::string_view text, std::string_view token_field,
                                          const std::string& source) {
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) throw Error(source + " did not return a JSON object");
  auto field = [&](std::string_view name, bool required) -> std::optional<std::string> {
    const auto found = json.find(std::string(name));
    if (found == json.end() || found->is_null()) {
      if (required) throw Error(source + " returned no " + std::string(name));
      return std::nullopt;
    }
    if (!found->is_string() || found->get<std::string>().empty()) {
      throw Error(source + " returned an invalid " + std::string(name) +
                  " (not a non-empty string)");
    }
    return found->get<std::string>();
  };
  ResolvedCredentials result;
  result.source = source;
  result.credentials.access_key_id = *field("AccessKeyId", true);
  result.credentials.secret_access_key = *field("SecretAccessKey", true);
  result.credentials.session_token = field(token_field, false);
  if (auto expiration = field("Expiration", false)) {
    result.expiry = parse_timestamp(*expiration);
    // A timestamp is not a secret; showing it helps.
    if (!result.expiry) throw Error(source + " returned an unreadable Expiration: " + *expiration);
  }
  return result;
}

std::string default_session_name(const Clock& clock) {
  const auto now = clock ? clock() : std::chrono::sys_seconds{};
  return "agentlift-" + std::to_string(now.time_since_epoch().count());
}

}  // namespace agentlift::cloud::credentials
