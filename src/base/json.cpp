#include "base/json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

#include "base/sha256.hpp"
#include "base/utf8.hpp"

namespace agentlift::json {
namespace {

void append_hex4(std::string& out, unsigned value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04x", value);
  out += buf;
}

void write_string(std::string& out, const std::string& s, bool ensure_ascii) {
  out += '"';
  std::size_t pos = 0;
  while (pos < s.size()) {
    // Copy the run of characters that need no escaping in one go.
    std::size_t run = pos;
    while (run < s.size()) {
      const unsigned char r = static_cast<unsigned char>(s[run]);
      if (r < 0x20 || r == '"' || r == '\\' || (r >= 0x7F && ensure_ascii)) break;
      ++run;
    }
    out.append(s, pos, run - pos);
    pos = run;
    if (pos >= s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[pos]);
    if (c < 0x80) {
      ++pos;
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          // Python escapes DEL too, but only when it escapes everything non-ASCII.
          if (c < 0x20 || (c == 0x7F && ensure_ascii)) {
            append_hex4(out, c);
          } else {
            out += static_cast<char>(c);
          }
      }
      continue;
    }
    const std::size_t start = pos;
    const char32_t cp = utf8::next(s, pos);
    if (!ensure_ascii) {
      out.append(s, start, pos - start);
    } else if (cp >= 0x10000) {
      const char32_t v = cp - 0x10000;
      append_hex4(out, 0xD800 + (v >> 10));
      append_hex4(out, 0xDC00 + (v & 0x3FF));
    } else {
      append_hex4(out, cp);
    }
  }
  out += '"';
}

void write_number(std::string& out, const Json& v) {
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isnan(d)) {
      out += "NaN";
    } else if (std::isinf(d)) {
      out += d > 0 ? "Infinity" : "-Infinity";
    } else {
      out += python_float(d);
    }
  } else {
    out += v.dump();
  }
}

struct Style {
  bool sort_keys;
  bool ensure_ascii;
  int indent;  // < 0: single line
};

void write(std::string& out, const Json& v, const Style& style, int depth) {
  const auto newline = [&](int d) {
    out += '\n';
    out.append(static_cast<std::size_t>(style.indent * d), ' ');
  };
  switch (v.type()) {
    case Json::value_t::object: {
      if (v.empty()) {
        out += "{}";
        return;
      }
      std::vector<const std::string*> keys;
      for (auto it = v.begin(); it != v.end(); ++it) keys.push_back(&it.key());
      if (style.sort_keys) {
        // Code-point order equals byte order for valid UTF-8.
        std::sort(keys.begin(), keys.end(), [](auto* a, auto* b) { return *a < *b; });
      }
      out += '{';
      bool first = true;
      for (const std::string* key : keys) {
        if (!first) out += style.indent >= 0 ? "," : ", ";
        first = false;
        if (style.indent >= 0) newline(depth + 1);
        write_string(out, *key, style.ensure_ascii);
        out += ": ";
        write(out, v.at(*key), style, depth + 1);
      }
      if (style.indent >= 0) newline(depth);
      out += '}';
      return;
    }
    case Json::value_t::array: {
      if (v.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const Json& item : v) {
        if (!first) out += style.indent >= 0 ? "," : ", ";
        first = false;
        if (style.indent >= 0) newline(depth + 1);
        write(out, item, style, depth + 1);
      }
      if (style.indent >= 0) newline(depth);
      out += ']';
      return;
    }
    case Json::value_t::string:
      write_string(out, v.get_ref<const std::string&>(), style.ensure_ascii);
      return;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::null:
    case Json::value_t::discarded:
      out += "null";
      return;
    default:
      write_number(out, v);
  }
}

void repr_into(std::string& out, const Json& v);

}  // namespace

std::string canonical(const Json& value) {
  std::string out;
  write(out, value, Style{true, false, -1}, 0);
  return out;
}

std::string pretty(const Json& value) {
  std::string out;
  write(out, value, Style{false, true, 2}, 0);
  return out;
}

std::string canonical_hash(const Json& value) { return sha256_hex(canonical(value)); }

std::string python_float(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits, then Python's repr layout rules.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  const bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  const std::size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exp10 = std::stoi(sci.substr(e + 1));
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int decpt = exp10 + 1;  // value = 0.DIGITS x 10^decpt
  std::string out = negative ? "-" : "";
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0." + std::string(static_cast<std::size_t>(-decpt), '0') + digits;
    } else if (static_cast<std::size_t>(decpt) >= digits.size()) {
      out += digits + std::string(static_cast<std::size_t>(decpt) - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, static_cast<std::size_t>(decpt)) + "." +
             digits.substr(static_cast<std::size_t>(decpt));
    }
  } else {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
    out += ebuf;
  }
  return out;
}

std::string python_repr(const std::string& text) {
  const bool has_single = text.find('\'') != std::string::npos;
  const bool has_double = text.find('"') != std::string::npos;
  const char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = utf8::next(text, pos);
    char buf[16];
    if (cp == static_cast<char32_t>(quote) || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
      out += buf;
    } else if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0x2028 || cp == 0x2029 ||
               (cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF || (cp >= 0x2060 && cp <= 0x2064)) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      utf8::append(out, cp);
    }
  }
  out += quote;
  return out;
}

namespace {
void repr_into(std::string& out, const Json& v) {
  if (v.is_string()) {
    out += python_repr(v.get<std::string>());
  } else {
    out += python_str(v);
  }
}
}  // namespace

std::string python_str(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string:
      return v.get<std::string>();
    case Json::value_t::null:
    case Json::value_t::discarded:
      return "None";
    case Json::value_t::boolean:
      return v.get<bool>() ? "True" : "False";
    case Json::value_t::number_float:
      return python_float(v.get<double>());
    case Json::value_t::array: {
      std::string out = "[";
      bool first = true;
      for (const Json& item : v) {
        if (!first) out += ", ";
        first = false;
        repr_into(out, item);
      }
      return out + "]";
    }
    case Json::value_t::object: {
      std::string out = "{";
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        out += python_repr(it.key());
        out += ": ";
        repr_into(out, it.value());
      }
      return out + "}";
    }
    default:
      return v.dump();
  }
}

bool truthy(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      return false;
    case Json::value_t::boolean:
      return v.get<bool>();
    case Json::value_t::number_integer:
      return v.get<std::int64_t>() != 0;
    case Json::value_t::number_unsigned:
      return v.get<std::uint64_t>() != 0;
    case Json::value_t::number_float:
      return v.get<double>() != 0.0;
    case Json::value_t::string:
      return !v.get_ref<const std::string&>().empty();  // json::empty() is false for strings
    case Json::value_t::array:
    case Json::value_t::object:
      return !v.empty();
    default:
      return true;
  }
}

const Json& member(const Json& object, std::string_view key) {
  static const Json k_null;
  if (!object.is_object()) return k_null;
  const auto found = object.find(key);
  return found == object.end() ? k_null : *found;
}

std::string string_member(const Json& object, std::string_view key) {
  const Json& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

}  // namespace agentlift::json
