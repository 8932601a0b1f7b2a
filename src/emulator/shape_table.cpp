// ShapeTable: compiles botocore shapes into ShapeInfo records (see shape_table.hpp).
#include "emulator/shape_table.hpp"

#include "base/errors.hpp"

namespace agentlift::emulator {
namespace {

ShapeType type_of(const std::string& shape_name, const Json& shape) {
  const std::string type = shape.value("type", "");
  if (type == "structure") {
    if (shape.value("document", false)) return ShapeType::document;
    if (shape.value("union", false)) return ShapeType::union_;
    return ShapeType::structure;
  }
  static const std::unordered_map<std::string, ShapeType> k_types = {
      {"string", ShapeType::string},
      {"byte", ShapeType::byte},
      {"short", ShapeType::short_},
      {"integer", ShapeType::integer},
      {"long", ShapeType::long_},
      {"float", ShapeType::float_},
      {"double", ShapeType::double_},
      {"bigInteger", ShapeType::big_integer},
      {"bigDecimal", ShapeType::big_decimal},
      {"boolean", ShapeType::boolean},
      {"blob", ShapeType::blob},
      {"timestamp", ShapeType::timestamp},
      {"list", ShapeType::list},
      {"map", ShapeType::map},
      {"document", ShapeType::document},
  };
  const auto found = k_types.find(type);
  if (found == k_types.end()) {
    throw Error("service model: shape " + shape_name + " has unsupported type '" + type + "'");
  }
  return found->second;
}

Location location_of(const std::string& where, const std::string& text) {
  if (text.empty()) return Location::body;
  if (text == "uri") return Location::uri;
  if (text == "querystring") return Location::querystring;
  if (text == "header") return Location::header;
  if (text == "headers") return Location::headers;
  if (text == "statusCode") return Location::status_code;
  throw Error("service model: " + where + " has unsupported location '" + text + "'");
}

std::optional<double> number_or_none(const Json& shape, const char* key) {
  const auto found = shape.find(key);
  if (found == shape.end() || !found->is_number()) return std::nullopt;
  return found->get<double>();
}

std::string join_enum(const std::vector<std::string>& values) {
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ", ";
    text += values[i];
  }
  return text + "]";
}

}  // namespace

bool ShapeInfo::is_integral() const {
  return type == ShapeType::byte || type == ShapeType::short_ || type == ShapeType::integer ||
         type == ShapeType::long_ || type == ShapeType::big_integer;
}

bool ShapeInfo::is_number() const {
  return is_integral() || type == ShapeType::float_ || type == ShapeType::double_ ||
         type == ShapeType::big_decimal;
}

const MemberInfo* ShapeInfo::find_member(std::string_view member_name) const {
  for (const MemberInfo& member : members) {
    if (member.name == member_name) return &member;
  }
  return nullptr;
}

ShapeTable::ShapeTable(const Json& shapes) {
  if (!shapes.is_object()) throw Error("service model: 'shapes' is not an object");
  m_shapes.reserve(shapes.size());
  for (auto it = shapes.begin(); it != shapes.end(); ++it) {
    if (!it.value().is_object())
      throw Error("service model: shape " + it.key() + " is not an object");
    m_index.emplace(it.key(), m_shapes.size());
    m_shapes.emplace_back().name = it.key();
  }
  const auto resolve = [&](const std::string& where, const Json& reference) {
    const std::string target = reference.is_object() ? reference.value("shape", "") : "";
    const std::size_t index = index_of(target);
    if (index == k_no_shape) {
      throw Error("service model: " + where + " refers to unknown shape '" + target + "'");
    }
    return index;
  };
  std::unordered_map<std::string, const ModelPattern*> compiled_patterns;
  std::size_t position = 0;
  for (auto it = shapes.begin(); it != shapes.end(); ++it, ++position) {
    const Json& source = it.value();
    ShapeInfo& shape = m_shapes[position];
    shape.type = type_of(shape.name, source);
    shape.min = number_or_none(source, "min");
    shape.max = number_or_none(source, "max");
    shape.timestamp_format = source.value("timestampFormat", "");
    shape.streaming = source.value("streaming", false);
    shape.event_stream = source.value("eventstream", false);
    if (const auto values = source.find("enum"); values != source.end() && values->is_array()) {
      for (const Json& value : *values) {
        if (value.is_string()) shape.enum_values.push_back(value.get<std::string>());
      }
      shape.enum_text = join_enum(shape.enum_values);
    }
    if (const auto pattern = source.find("pattern");
        pattern != source.end() && pattern->is_string()) {
      const std::string text = pattern->get<std::string>();
      auto& compiled = compiled_patterns[text];
      if (compiled == nullptr) {
        m_patterns.push_back(std::make_unique<ModelPattern>(text));
        compiled = m_patterns.back().get();
      }
      shape.pattern = compiled;
    }
    if (shape.type == ShapeType::list)
      shape.member = resolve(shape.name + ".member", source.value("member", Json()));
    if (shape.type == ShapeType::map) {
      shape.key = resolve(shape.name + ".key", source.value("key", Json()));
      shape.value = resolve(shape.name + ".value", source.value("value", Json()));
    }
    if (shape.type != ShapeType::structure && shape.type != ShapeType::union_) continue;
    shape.payload = source.value("payload", "");
    std::vector<std::string> required;
    if (const auto names = source.find("required"); names != source.end() && names->is_array()) {
      for (const Json& name : *names) {
        if (name.is_string()) required.push_back(name.get<std::string>());
      }
    }
    const Json members = source.value("members", Json::object());
    if (!members.is_object())
      throw Error("service model: " + shape.name + ".members is not an object");
    for (auto m = members.begin(); m != members.end(); ++m) {
      const std::string where = shape.name + "." + m.key();
      MemberInfo& member = shape.members.emplace_back();
      member.name = m.key();
      member.shape = resolve(where, m.value());
      member.location = location_of(where, m.value().value("location", ""));
      member.location_name = m.value().value("locationName", "");
      if (member.location_name.empty() && member.location == Location::uri)
        member.location_name = m.key();
      member.idempotency_token = m.value().value("idempotencyToken", false);
      for (const std::string& name : required) member.required = member.required || name == m.key();
    }
  }
}

std::size_t ShapeTable::index_of(std::string_view name) const {
  const auto found = m_index.find(std::string(name));
  return found == m_index.end() ? k_no_shape : found->second;
}

std::vector<std::string> ShapeTable::unusable_patterns() const {
  std::vector<std::string> sources;
  for (const auto& pattern : m_patterns) {
    if (!pattern->usable()) sources.push_back(pattern->source());
  }
  return sources;
}

}  // namespace agentlift::emulator
