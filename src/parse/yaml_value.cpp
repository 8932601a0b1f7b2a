#include "parse/yaml_value.hpp"

#include "parse/yaml_scalars.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <vector>

namespace agentlift::parse {
namespace {

std::string without_underscores(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += c;
  }
  return out;
}

// Splits a leading sign; returns -1 or +1.
int take_sign(std::string& s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    const int sign = s[0] == '-' ? -1 : 1;
    s.erase(0, 1);
    return sign;
  }
  return 1;
}

Json make_int(const std::string& text) {
  std::string s = without_underscores(text);
  const int sign = take_sign(s);
  long double value = 0;
  if (s == "0") {
    value = 0;
  } else if (s.rfind("0b", 0) == 0) {
    for (char c : s.substr(2)) value = value * 2 + (c - '0');
  } else if (s.rfind("0x", 0) == 0) {
    for (char c : s.substr(2)) {
      const int d =
          std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10);
      value = value * 16 + d;
    }
  } else if (s[0] == '0') {
    for (char c : s.substr(1)) value = value * 8 + (c - '0');
  } else if (s.find(':') != std::string::npos) {
    long double part = 0;
    for (char c : s) {
      if (c == ':') {
        value = (value + part) * 60;
        part = 0;
      } else {
        part = part * 10 + (c - '0');
      }
    }
    value += part;
  } else {
    for (char c : s) value = value * 10 + (c - '0');
  }
  value *= sign;
  if (value >= -9.2e18L && value <= 9.2e18L) return static_cast<std::int64_t>(value);
  // Python ints are unbounded; keep the digits as text rather than lose them.
  return text;
}

// Like Python's float(): out-of-range values become +-inf instead of throwing.
double to_double(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

Json make_float(const std::string& text) {
  std::string s = without_underscores(text);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const int sign = take_sign(s);
  if (s == ".inf") return sign * HUGE_VAL;
  if (s == ".nan") return std::nan("");
  if (s.find(':') != std::string::npos) {
    double value = 0;
    std::size_t start = 0;
    for (;;) {
      const std::size_t colon = s.find(':', start);
      const std::string part = s.substr(start, colon - start);
      if (colon == std::string::npos) {
        value = value * 60 + to_double(part.empty() ? "0" : part);
        break;
      }
      value = value * 60 + to_double(part.empty() ? "0" : part);
      start = colon + 1;
    }
    return sign * value;
  }
  if (s.back() == '.') s += '0';
  if (s.front() == '.') s.insert(0, "0");
  return sign * to_double(s);
}

class Converter {
 public:
  explicit Converter(const YamlLimits& limits) : m_limits(limits) {}

  Json convert(const YAML::Node& node, std::size_t depth) {
    if (++m_nodes > m_limits.max_nodes) {
      throw Overflow{"the YAML expands to more than " + std::to_string(m_limits.max_nodes) +
                         " values (an alias bomb?)",
                     line_of(node)};
    }
    if (depth > m_limits.max_depth) {
      throw Overflow{"the YAML nests deeper than " + std::to_string(m_limits.max_depth) + " levels",
                     line_of(node)};
    }
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return nullptr;
      case YAML::NodeType::Scalar:
        return scalar(node);
      case YAML::NodeType::Sequence: {
        Json out = Json::array();
        for (const YAML::Node& item : node) out.push_back(convert(item, depth + 1));
        return out;
      }
      case YAML::NodeType::Map: {
        Json out = merged_keys(node, depth);
        for (const auto& entry : node) {
          if (is_merge_key(entry.first)) continue;
          const Json key = convert(entry.first, depth + 1);
          // json.dumps turns non-string keys into text the same way.
          std::string text;
          if (key.is_string()) {
            text = key.get<std::string>();
          } else if (key.is_boolean()) {
            text = key.get<bool>() ? "true" : "false";
          } else if (key.is_null()) {
            text = "null";
          } else if (key.is_number()) {
            text = json::python_str(key);
          } else {
            throw Overflow{"a mapping key must be a plain value, not a list or mapping",
                           line_of(entry.first)};
          }
          out[text] = convert(entry.second, depth + 1);  // a repeated key: last one wins
        }
        return out;
      }
    }
    return nullptr;
  }

  struct Overflow {
    std::string message;
    std::size_t line;
  };

 private:
  static std::size_t line_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 1;
  }

  static bool is_merge_key(const YAML::Node& key) {
    return key.IsScalar() && key.Tag() == "?" && key.Scalar() == "<<";
  }

  // YAML 1.1 merge keys ("<<: *base" or "<<: [*a, *b]"), as PyYAML applies them:
  // merged entries come first, earlier maps in a list win, explicit keys win.
  Json merged_keys(const YAML::Node& node, std::size_t depth) {
    Json out = Json::object();
    for (const auto& entry : node) {
      if (!is_merge_key(entry.first)) continue;
      std::vector<Json> sources;
      const YAML::Node& value = entry.second;
      if (value.IsMap()) {
        sources.push_back(convert(value, depth + 1));
      } else if (value.IsSequence()) {
        for (const YAML::Node& item : value) {
          if (!item.IsMap()) {
            throw Overflow{"a '<<' merge list may only hold mappings", line_of(item)};
          }
          sources.push_back(convert(item, depth + 1));
        }
      } else {
        throw Overflow{"'<<' must merge a mapping or a list of mappings", line_of(value)};
      }
      for (auto it = sources.rbegin(); it != sources.rend(); ++it) {
        for (auto field = it->begin(); field != it->end(); ++field)
          out[field.key()] = field.value();
      }
    }
    return out;
  }

  Json scalar(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    const std::string& tag = node.Tag();
    if (tag == "?") return resolve_plain_scalar(text);
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return text;
    if (tag == "tag:yaml.org,2002:null") return nullptr;
    if (tag == "tag:yaml.org,2002:bool" && yaml11::is_bool(text)) {
      return resolve_plain_scalar(text);
    }
    if (tag == "tag:yaml.org,2002:int" && yaml11::is_int(text)) return make_int(text);
    if (tag == "tag:yaml.org,2002:float" && (yaml11::is_float(text) || yaml11::is_int(text))) {
      return make_float(text);
    }
    throw Overflow{"unsupported YAML tag '" + tag + "' (only plain values are allowed here)",
                   line_of(node)};
  }

  const YamlLimits& m_limits;
  std::size_t m_nodes = 0;
};

}  // namespace

Json resolve_plain_scalar(const std::string& text) {
  if (yaml11::is_null(text)) return nullptr;
  if (yaml11::is_bool(text)) return yaml11::is_true(text);
  if (yaml11::is_float(text)) return make_float(text);
  if (yaml11::is_int(text)) return make_int(text);
  return text;
}

YamlLoad load_yaml(std::string_view text, const YamlLimits& limits) {
  YamlLoad result;
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    Converter converter(limits);
    result.value = converter.convert(root, 0);
  } catch (const YAML::Exception& e) {
    const std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 1;
    result.error = YamlError{line, e.msg.empty() ? std::string("invalid YAML") : e.msg};
    result.value = nullptr;
  } catch (const Converter::Overflow& e) {
    result.error = YamlError{e.line, e.message};
    result.value = nullptr;
  } catch (const std::exception& e) {
    result.error = YamlError{1, e.what()};
    result.value = nullptr;
  }
  return result;
}

}  // namespace agentlift::parse
