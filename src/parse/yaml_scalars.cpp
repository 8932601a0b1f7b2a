#include "parse/yaml_scalars.hpp"

#include <cstddef>

namespace agentlift::parse::yaml11 {
namespace {

constexpr std::size_t k_fail = std::string_view::npos;

bool digit(char c) { return c >= '0' && c <= '9'; }
bool digit_or_underscore(char c) { return digit(c) || c == '_'; }

template <typename Pred>
std::size_t skip(std::string_view s, std::size_t i, Pred pred) {
  while (i < s.size() && pred(s[i])) ++i;
  return i;
}

std::size_t skip_sign(std::string_view s, std::size_t i) {
  return (i < s.size() && (s[i] == '-' || s[i] == '+')) ? i + 1 : i;
}

// (:[0-5]?[0-9])+ ; returns the index after the last part, or k_fail.
std::size_t sexagesimal_parts(std::string_view s, std::size_t i) {
  std::size_t parts = 0;
  while (i < s.size() && s[i] == ':') {
    const std::size_t j = i + 1;
    if (j + 1 < s.size() && s[j] >= '0' && s[j] <= '5' && digit(s[j + 1])) {
      i = j + 2;
    } else if (j < s.size() && digit(s[j])) {
      i = j + 1;
    } else {
      break;
    }
    ++parts;
  }
  return parts > 0 ? i : k_fail;
}

// ([eE][-+][0-9]+)? at i; returns the index after it (i when absent), or k_fail
// when an exponent starts but is malformed.
std::size_t optional_exponent(std::string_view s, std::size_t i) {
  if (i >= s.size() || (s[i] != 'e' && s[i] != 'E')) return i;
  if (i + 1 >= s.size() || (s[i + 1] != '-' && s[i + 1] != '+')) return k_fail;
  const std::size_t end = skip(s, i + 2, digit);
  return end > i + 2 ? end : k_fail;
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> options) {
  for (std::string_view option : options) {
    if (s == option) return true;
  }
  return false;
}

}  // namespace

bool is_true(std::string_view s) {
  return one_of(s, {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"});
}

bool is_bool(std::string_view s) {
  return is_true(s) ||
         one_of(s, {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"});
}

bool is_null(std::string_view s) { return one_of(s, {"", "~", "null", "Null", "NULL"}); }

bool is_float(std::string_view s) {
  // \.(nan|NaN|NAN) and [-+]?\.(inf|Inf|INF)
  if (one_of(s, {".nan", ".NaN", ".NAN"})) return true;
  const std::size_t body = skip_sign(s, 0);
  if (one_of(s.substr(body), {".inf", ".Inf", ".INF"})) return true;
  // \.[0-9][0-9_]* exponent?   (no sign allowed)
  if (!s.empty() && s[0] == '.') {
    if (s.size() < 2 || !digit(s[1])) return false;
    return optional_exponent(s, skip(s, 2, digit_or_underscore)) == s.size();
  }
  // [-+]? [0-9][0-9_]* then either \.[0-9_]* exponent?  or  (:[0-5]?[0-9])+ \.[0-9_]*
  if (body >= s.size() || !digit(s[body])) return false;
  const std::size_t whole = skip(s, body + 1, digit_or_underscore);
  if (whole < s.size() && s[whole] == '.') {
    return optional_exponent(s, skip(s, whole + 1, digit_or_underscore)) == s.size();
  }
  const std::size_t parts = sexagesimal_parts(s, whole);
  if (parts == k_fail || parts >= s.size() || s[parts] != '.') return false;
  return skip(s, parts + 1, digit_or_underscore) == s.size();
}

bool is_int(std::string_view s) {
  const std::size_t i = skip_sign(s, 0);
  const std::string_view body = s.substr(i);
  if (body.empty()) return false;
  const auto all = [](std::string_view text, auto pred) {
    return !text.empty() && skip(text, 0, pred) == text.size();
  };
  if (body.substr(0, 2) == "0b") {
    return all(body.substr(2), [](char c) { return c == '0' || c == '1' || c == '_'; });
  }
  if (body.substr(0, 2) == "0x") {
    return all(body.substr(2), [](char c) {
      return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_';
    });
  }
  if (body == "0") return true;
  if (body[0] == '0')
    return all(body.substr(1), [](char c) { return (c >= '0' && c <= '7') || c == '_'; });
  if (!digit(body[0])) return false;
  const std::size_t whole = skip(body, 1, digit_or_underscore);
  if (whole == body.size()) return true;
  return sexagesimal_parts(body, whole) == body.size();
}

}  // namespace agentlift::parse::yaml11
