#include "emit/python_literals.hpp"

#include <cstdio>

#include "base/utf8.hpp"

namespace agentlift::emit::python {

std::string repr(const std::string& text) { return json::python_repr(text); }

std::string block(const std::string& text) {
  std::string out = "\"\"\"";
  std::size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      // A quote followed by another, or the last character, is escaped, so no run
      // of plain quotes can close the literal early.
      const bool next_is_quote = pos + 1 < text.size() && text[pos + 1] == '"';
      out += (next_is_quote || pos + 1 == text.size()) ? "\\\"" : "\"";
    } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      // NUL cannot appear in source at all and a raw CR would be read as a newline.
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
    ++pos;
  }
  return out + "\"\"\"";
}

std::string repr(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += repr(items[i]);
  }
  return out + "]";
}

std::string repr(const std::optional<std::vector<std::string>>& items) {
  return items ? repr(*items) : "None";
}

std::string repr(const model::StringPairs& pairs) {
  std::string out = "{";
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out += ", ";
    out += repr(pairs[i].first) + ": " + repr(pairs[i].second);
  }
  return out + "}";
}

std::string repr(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return repr(value.get<std::string>());
    case Json::value_t::array: {
      std::string out = "[";
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += ", ";
        first = false;
        out += repr(item);
      }
      return out + "]";
    }
    case Json::value_t::object: {
      std::string out = "{";
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        out += repr(it.key()) + ": " + repr(it.value());
      }
      return out + "}";
    }
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      if (d != d) return "float('nan')";
      if (d == d + 1 && d != 0) return d > 0 ? "float('inf')" : "-float('inf')";
      return json::python_float(d);
    }
    default:
      return json::python_str(value);  // None, True/False, integers
  }
}

}  // namespace agentlift::emit::python
