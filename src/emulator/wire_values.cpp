// base64 and timestamp encodings of the restJson1 wire (see wire_values.hpp).
#include "emulator/wire_values.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace agentlift::emulator::wire {
namespace {

constexpr char k_base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr const char* k_weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr double k_first_second = -62135596800.0;  // 0001-01-01T00:00:00Z
constexpr double k_end_second = 253402300800.0;    // 10000-01-01T00:00:00Z

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Broken-down UTC time of a millisecond instant.
struct Civil {
  int year;
  unsigned month, day, weekday;
  int hour, minute, second, millisecond;
};

std::optional<Civil> to_civil(double epoch_seconds) {
  if (!std::isfinite(epoch_seconds) || epoch_seconds < k_first_second ||
      epoch_seconds >= k_end_second) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const std::int64_t total_ms = std::llround(epoch_seconds * 1000.0);
  const sys_time<milliseconds> instant{milliseconds{total_ms}};
  const sys_days day = floor<days>(instant);
  const year_month_day date{day};
  const std::int64_t in_day = (instant - day).count();
  return Civil{static_cast<int>(date.year()),        static_cast<unsigned>(date.month()),
               static_cast<unsigned>(date.day()),    weekday{day}.c_encoding(),
               static_cast<int>(in_day / 3600000),   static_cast<int>(in_day / 60000 % 60),
               static_cast<int>(in_day / 1000 % 60), static_cast<int>(in_day % 1000)};
}

std::optional<double> to_epoch(int year, int month, int day, int hour, int minute, int second) {
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year},
                            std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const auto days_since_epoch = sys_days{date}.time_since_epoch().count();
  return static_cast<double>(days_since_epoch) * 86400.0 + hour * 3600 + minute * 60 + second;
}

// Reads exactly `count` digits at `pos`.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, std::string_view literal) {
  if (text.substr(pos, literal.size()) != literal) return false;
  pos += literal.size();
  return true;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                            (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                            static_cast<unsigned char>(bytes[i + 2]);
    out += k_base64_alphabet[n >> 18];
    out += k_base64_alphabet[(n >> 12) & 63];
    out += k_base64_alphabet[(n >> 6) & 63];
    out += k_base64_alphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += k_base64_alphabet[n >> 18];
    out += k_base64_alphabet[(n >> 12) & 63];
    out += rest == 2 ? k_base64_alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::size_t> base64_decoded_size(std::string_view text) {
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  const std::string_view data = text.substr(0, text.size() - padding);
  for (const char c : data) {
    if (!is_base64_char(c)) return std::nullopt;
  }
  if (padding > 0 && text.size() % 4 != 0) return std::nullopt;
  if (data.size() % 4 == 1) return std::nullopt;
  return data.size() / 4 * 3 + (data.size() % 4 == 0 ? 0 : data.size() % 4 - 1);
}

std::optional<std::string> format_iso8601(double epoch_seconds) {
  const auto civil = to_civil(epoch_seconds);
  if (!civil) return std::nullopt;
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", civil->year, civil->month,
                civil->day, civil->hour, civil->minute, civil->second, civil->millisecond);
  return std::string(text);
}

std::optional<std::string> format_http_date(double epoch_seconds) {
  const auto civil = to_civil(std::floor(epoch_seconds));
  if (!civil) return std::nullopt;
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02u %s %04d %02d:%02d:%02d GMT",
                k_weekdays[civil->weekday], civil->day, k_months[civil->month - 1], civil->year,
                civil->hour, civil->minute, civil->second);
  return std::string(text);
}

std::optional<double> parse_iso8601(std::string_view text) {
  std::size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, "-") ||
      !read_digits(text, pos, 2, month) || !expect(text, pos, "-") ||
      !read_digits(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return std::nullopt;
  ++pos;
  if (!read_digits(text, pos, 2, hour) || !expect(text, pos, ":") ||
      !read_digits(text, pos, 2, minute) || !expect(text, pos, ":") ||
      !read_digits(text, pos, 2, second)) {
    return std::nullopt;
  }
  double fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t start = ++pos;
    double scale = 0.1;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += (text[pos++] - '0') * scale;
      scale /= 10;
    }
    if (pos == start) return std::nullopt;
  }
  int offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '+' ? 1 : -1;
    int offset_hours, offset_minutes;
    if (!read_digits(text, pos, 2, offset_hours) || !expect(text, pos, ":") ||
        !read_digits(text, pos, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
      return std::nullopt;
    }
    offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const auto epoch = to_epoch(year, month, day, hour, minute, second);
  if (!epoch) return std::nullopt;
  return *epoch + fraction - offset_seconds;
}

std::optional<double> parse_http_date(std::string_view text) {
  // "Wed, 25 Nov 2026 17:00:00 GMT"
  if (text.size() != 29) return std::nullopt;
  bool weekday_known = false;
  for (const char* name : k_weekdays) weekday_known = weekday_known || text.substr(0, 3) == name;
  int month = 0;
  for (int i = 0; i < 12; ++i) {
    if (text.substr(8, 3) == k_months[i]) month = i + 1;
  }
  std::size_t pos = 5;
  int day, year, hour, minute, second;
  if (!weekday_known || text.substr(3, 2) != ", " || month == 0 ||
      !read_digits(text, pos, 2, day) || !expect(text, pos, " ")) {
    return std::nullopt;
  }
  pos = 12;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, " ") ||
      !read_digits(text, pos, 2, hour) || !expect(text, pos, ":") ||
      !read_digits(text, pos, 2, minute) || !expect(text, pos, ":") ||
      !read_digits(text, pos, 2, second) || !expect(text, pos, " GMT")) {
    return std::nullopt;
  }
  return to_epoch(year, month, day, hour, minute, second);
}

}  // namespace agentlift::emulator::wire
