// bind_request(): restJson1 request bindings (see request_binding.hpp).
#include "emulator/request_binding.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include "base/errors.hpp"
#include "base/utf8.hpp"
#include "cloud/uri_encoding.hpp"
#include "emulator/shape_validator.hpp"

namespace agentlift::emulator {
namespace {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

bool is_blank(std::string_view text) {
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && utf8::ascii_lower(a) == utf8::ascii_lower(b);
}

// True when `body` opens more than `limit` arrays/objects at once (cheap scan
// before parsing, so a hostile body never reaches a recursive algorithm).
bool nests_deeper_than(std::string_view body, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

QueryPairs parse_query(std::string_view query) {
  QueryPairs pairs;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t equals = pair.find('=');
      pairs.emplace_back(cloud::percent_decode(pair.substr(0, equals)),
                         equals == std::string_view::npos
                             ? std::string()
                             : cloud::percent_decode(pair.substr(equals + 1)));
    }
    start = end + 1;
  }
  return pairs;
}

std::vector<std::string> split_header_list(std::string_view value) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    items.emplace_back(trim(value.substr(start, comma - start)));
    start = comma + 1;
  }
  return items;
}

template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  Number number{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return number;
}

// Reads the text of a label, query value or header as the member's type.
class TextConverter {
 public:
  TextConverter(const ShapeTable& table, std::vector<FieldError>& problems)
      : m_table(table), m_problems(problems) {}

  std::optional<Json> scalar(std::size_t shape_index, const std::string& text,
                             const std::string& path) {
    if (utf8::find_invalid(text)) return fail(path, "Member must be valid UTF-8");
    const ShapeInfo& shape = m_table.at(shape_index);
    if (shape.is_integral()) {
      const auto number = parse_number<std::int64_t>(text);
      if (!number) return fail(path, "Member must be an integer");
      return Json(*number);
    }
    if (shape.is_number()) {
      if (text == "NaN" || text == "Infinity" || text == "-Infinity") return Json(text);
      const auto number = parse_number<double>(text);
      if (!number || !std::isfinite(*number)) return fail(path, "Member must be a number");
      return Json(*number);
    }
    if (shape.type == ShapeType::boolean) {
      if (text == "true") return Json(true);
      if (text == "false") return Json(false);
      return fail(path, "Member must be a boolean");
    }
    return Json(text);  // strings, timestamps (as sent), base64 blobs
  }

  std::optional<Json> list(std::size_t element_shape, const std::vector<std::string>& texts,
                           const std::string& path) {
    Json items = Json::array();
    bool ok = true;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      auto item = scalar(element_shape, texts[i], path + "." + std::to_string(i));
      ok = ok && item.has_value();
      if (item) items.push_back(std::move(*item));
    }
    if (!ok) return std::nullopt;
    return items;
  }

  // A list member takes every value, any other member the first.
  std::optional<Json> values(const MemberInfo& member, const std::vector<std::string>& texts) {
    const ShapeInfo& shape = m_table.at(member.shape);
    if (shape.type == ShapeType::list) return list(shape.member, texts, member.name);
    return scalar(member.shape, texts.front(), member.name);
  }

 private:
  std::nullopt_t fail(const std::string& path, std::string message) {
    m_problems.push_back({path, std::move(message)});
    return std::nullopt;
  }

  const ShapeTable& m_table;
  std::vector<FieldError>& m_problems;
};

struct BodyOutcome {
  std::optional<Json> value;  // parsed body, nullopt when unusable
  std::string problem;
};

BodyOutcome parse_json_body(const std::string& body) {
  if (is_blank(body)) return {Json::object(), ""};
  if (nests_deeper_than(body, k_max_body_depth)) {
    return {std::nullopt,
            "Request body nests deeper than " + std::to_string(k_max_body_depth) + " levels"};
  }
  try {
    return {Json::parse(body), ""};
  } catch (const Json::exception& error) {
    return {std::nullopt, std::string("Request body is not valid JSON: ") + error.what()};
  }
}

void bind_labels(const OperationBinding& binding, const IncomingRequest& request,
                 TextConverter& convert, Json& bound) {
  if (binding.labels.empty()) return;
  const auto labels = binding.uri.match(request.path);
  if (!labels) return;
  for (const MemberInfo* member : binding.labels) {
    for (const auto& [name, value] : *labels) {
      if (name != member->location_name) continue;
      if (auto converted = convert.values(*member, {value}))
        bound[member->name] = std::move(*converted);
    }
  }
}

void bind_query(const ShapeTable& table, const OperationBinding& binding,
                const IncomingRequest& request, TextConverter& convert, Json& bound) {
  if (binding.query.empty() && binding.query_map == nullptr) return;
  const QueryPairs pairs = parse_query(request.query);
  for (const MemberInfo* member : binding.query) {
    std::vector<std::string> texts;
    for (const auto& [key, value] : pairs) {
      if (key == member->location_name) texts.push_back(value);
    }
    if (texts.empty()) continue;
    if (auto converted = convert.values(*member, texts))
      bound[member->name] = std::move(*converted);
  }
  if (binding.query_map == nullptr) return;
  const ShapeInfo& map = table.at(binding.query_map->shape);
  const bool list_values = table.at(map.value).type == ShapeType::list;
  Json entries = Json::object();
  for (const auto& [key, value] : pairs) {
    bool bound_elsewhere = false;
    for (const MemberInfo* member : binding.query) bound_elsewhere |= member->location_name == key;
    if (bound_elsewhere || utf8::find_invalid(key)) continue;
    if (list_values) {
      if (!entries.contains(key)) entries[key] = Json::array();
      entries[key].push_back(value);
    } else if (!entries.contains(key)) {
      entries[key] = value;
    }
  }
  if (!entries.empty()) bound[binding.query_map->name] = std::move(entries);
}

void bind_headers(const ShapeTable& table, const OperationBinding& binding,
                  const IncomingRequest& request, TextConverter& convert, Json& bound) {
  for (const MemberInfo* member : binding.headers) {
    for (const auto& [name, value] : request.headers) {
      if (!equals_ignoring_case(name, member->location_name)) continue;
      const bool is_list = table.at(member->shape).type == ShapeType::list;
      const std::vector<std::string> texts =
          is_list ? split_header_list(value) : std::vector<std::string>{std::string(trim(value))};
      if (auto converted = convert.values(*member, texts))
        bound[member->name] = std::move(*converted);
      break;
    }
  }
  for (const MemberInfo* member : binding.prefix_headers) {
    const std::string prefix = utf8::ascii_lower(member->location_name);
    Json entries = Json::object();
    for (const auto& [name, value] : request.headers) {
      const std::string lower = utf8::ascii_lower(name);
      if (lower.size() <= prefix.size() || lower.compare(0, prefix.size(), prefix) != 0) continue;
      if (utf8::find_invalid(name) || utf8::find_invalid(value)) continue;
      entries[name.substr(prefix.size())] = std::string(trim(value));
    }
    if (!entries.empty()) bound[member->name] = std::move(entries);
  }
}

// The body: the raw payload member, or the JSON object of the body members.
// Returns false (with a problem recorded) when the body is unusable.
bool bind_body(const ShapeTable& table, const OperationBinding& binding,
               const IncomingRequest& request, Json& bound, std::vector<FieldError>& problems) {
  if (binding.payload != nullptr) {
    const ShapeInfo& target = table.at(binding.payload->shape);
    if (target.type == ShapeType::blob || target.type == ShapeType::string) {
      bound[binding.payload->name] = request.body;  // raw bytes, may not be UTF-8
      return true;
    }
    if (is_blank(request.body)) return true;
    BodyOutcome body = parse_json_body(request.body);
    if (!body.value) {
      problems.push_back({"", body.problem});
      return false;
    }
    bound[binding.payload->name] = drop_unknown_members(table, binding.payload->shape, *body.value);
    return true;
  }
  if (binding.body.empty()) return true;  // a body nobody reads is ignored
  BodyOutcome body = parse_json_body(request.body);
  if (body.value && !body.value->is_object())
    body = {std::nullopt, "Request body must be a JSON object"};
  if (!body.value) {
    problems.push_back({"", body.problem});
    return false;
  }
  for (const MemberInfo* member : binding.body) {
    const auto found = body.value->find(member->name);
    if (found == body.value->end() || found->is_null()) continue;
    bound[member->name] = drop_unknown_members(table, member->shape, *found);
  }
  return true;
}

}  // namespace

OperationBinding make_operation_binding(const ShapeTable& table, const Operation& operation) {
  OperationBinding binding;
  binding.uri = UriTemplate::parse(operation.uri_template);
  if (operation.input_shape.empty()) return binding;
  binding.input_shape = table.index_of(operation.input_shape);
  if (binding.input_shape == k_no_shape ||
      table.at(binding.input_shape).type != ShapeType::structure) {
    throw Error("service model: operation " + operation.name + " has no usable input shape '" +
                operation.input_shape + "'");
  }
  const ShapeInfo& input = table.at(binding.input_shape);
  for (const MemberInfo& member : input.members) {
    switch (member.location) {
      case Location::uri:
        binding.labels.push_back(&member);
        break;
      case Location::querystring:
        if (table.at(member.shape).type == ShapeType::map) {
          binding.query_map = &member;
        } else {
          binding.query.push_back(&member);
        }
        break;
      case Location::header:
        binding.headers.push_back(&member);
        break;
      case Location::headers:
        binding.prefix_headers.push_back(&member);
        break;
      case Location::status_code:
        break;
      case Location::body:
        if (member.name == input.payload) {
          binding.payload = &member;
        } else {
          binding.body.push_back(&member);
        }
        break;
    }
  }
  return binding;
}

BoundRequest bind_request(const ShapeTable& table, const OperationBinding& binding,
                          const IncomingRequest& request) {
  BoundRequest result;
  if (binding.input_shape == k_no_shape) return result;
  std::vector<FieldError> problems;
  TextConverter convert(table, problems);
  Json bound = Json::object();
  bind_labels(binding, request, convert, bound);
  bind_query(table, binding, request, convert, bound);
  bind_headers(table, binding, request, convert, bound);
  bind_body(table, binding, request, bound, problems);
  // The input in model member order, whatever the order of the sources.
  for (const MemberInfo& member : table.at(binding.input_shape).members) {
    if (const auto found = bound.find(member.name); found != bound.end()) {
      result.input[member.name] = std::move(*found);
    }
  }
  if (!problems.empty()) {
    result.reason = "CannotParse";
    result.errors = std::move(problems);
    return result;
  }
  bool wrong_type = false;
  for (ValidationIssue& issue : validate_shape(table, binding.input_shape, result.input)) {
    wrong_type = wrong_type || issue.wrong_type;
    result.errors.push_back({std::move(issue.path), std::move(issue.message)});
  }
  if (!result.errors.empty()) result.reason = wrong_type ? "CannotParse" : "FieldValidationFailed";
  return result;
}

Json drop_unknown_members(const ShapeTable& table, std::size_t shape_index, const Json& value) {
  const ShapeInfo& shape = table.at(shape_index);
  switch (shape.type) {
    case ShapeType::structure:
    case ShapeType::union_: {
      if (!value.is_object()) return value;
      Json kept = Json::object();
      for (const MemberInfo& member : shape.members) {
        const auto found = value.find(member.name);
        if (found == value.end() || found->is_null()) continue;
        kept[member.name] = drop_unknown_members(table, member.shape, *found);
      }
      return kept;
    }
    case ShapeType::list: {
      if (!value.is_array()) return value;
      Json kept = Json::array();
      for (const Json& item : value)
        kept.push_back(drop_unknown_members(table, shape.member, item));
      return kept;
    }
    case ShapeType::map: {
      if (!value.is_object()) return value;
      Json kept = Json::object();
      for (auto it = value.begin(); it != value.end(); ++it) {
        kept[it.key()] = drop_unknown_members(table, shape.value, it.value());
      }
      return kept;
    }
    default:
      return value;
  }
}

}  // namespace agentlift::emulator
