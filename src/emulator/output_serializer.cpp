// serialize_output_value(): restJson1 response bindings (see output_serializer.hpp).
#include "emulator/output_serializer.hpp"

#include "base/utf8.hpp"
#include "emulator/wire_values.hpp"

namespace agentlift::emulator {
namespace {

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool has_header(const Headers& headers, std::string_view name) {
  const std::string wanted = utf8::ascii_lower(name);
  for (const auto& [key, value] : headers) {
    if (utf8::ascii_lower(key) == wanted) return true;
  }
  return false;
}

// A timestamp given as epoch seconds in `format` ("" = the location's default).
Json timestamp_value(const Json& value, const std::string& format, const std::string& fallback) {
  if (!value.is_number()) return value;
  const std::string& chosen = format.empty() ? fallback : format;
  const double seconds = value.get<double>();
  std::optional<std::string> text;
  if (chosen == "iso8601") text = wire::format_iso8601(seconds);
  if (chosen == "rfc822") text = wire::format_http_date(seconds);
  return text ? Json(*text) : value;
}

std::string header_text(const ShapeTable& table, std::size_t shape_index, const Json& value) {
  const ShapeInfo& shape = table.at(shape_index);
  if (shape.type == ShapeType::list && value.is_array()) {
    std::string joined;
    for (const Json& item : value) {
      if (!joined.empty()) joined += ", ";
      joined += header_text(table, shape.member, item);
    }
    return joined;
  }
  if (shape.type == ShapeType::timestamp) {
    const Json text = timestamp_value(value, shape.timestamp_format, "rfc822");
    return text.is_string() ? text.get<std::string>() : dump(text);
  }
  if (shape.type == ShapeType::blob && value.is_string()) {
    return wire::base64_encode(value.get_ref<const std::string&>());
  }
  if (value.is_string()) return value.get<std::string>();
  return dump(value);
}

void add_payload(const ShapeTable& table, const MemberInfo& member, const Json& value,
                 WireResponse& response) {
  const ShapeInfo& shape = table.at(member.shape);
  if (shape.event_stream) return;  // framed by the caller
  if (shape.type == ShapeType::blob || shape.type == ShapeType::string) {
    response.body = value.is_string() ? value.get<std::string>() : dump(value);
    if (!has_header(response.headers, "Content-Type")) {
      response.headers.emplace_back("Content-Type", shape.type == ShapeType::blob
                                                        ? "application/octet-stream"
                                                        : "text/plain");
    }
    return;
  }
  response.body = dump(to_wire_json(table, member.shape, value));
  if (!has_header(response.headers, "Content-Type")) {
    response.headers.emplace_back("Content-Type", "application/json");
  }
}

}  // namespace

Json to_wire_json(const ShapeTable& table, std::size_t shape_index, const Json& value) {
  const ShapeInfo& shape = table.at(shape_index);
  switch (shape.type) {
    case ShapeType::structure:
    case ShapeType::union_: {
      if (!value.is_object()) return value;
      Json out = Json::object();
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (it.value().is_null()) continue;
        const MemberInfo* member = shape.find_member(it.key());
        out[it.key()] = member ? to_wire_json(table, member->shape, it.value()) : it.value();
      }
      return out;
    }
    case ShapeType::list: {
      if (!value.is_array()) return value;
      Json out = Json::array();
      for (const Json& item : value) out.push_back(to_wire_json(table, shape.member, item));
      return out;
    }
    case ShapeType::map: {
      if (!value.is_object()) return value;
      Json out = Json::object();
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!it.value().is_null()) out[it.key()] = to_wire_json(table, shape.value, it.value());
      }
      return out;
    }
    case ShapeType::timestamp:
      return timestamp_value(value, shape.timestamp_format, "unixTimestamp");
    case ShapeType::blob:
      return value.is_string() ? Json(wire::base64_encode(value.get_ref<const std::string&>()))
                               : value;
    default:
      return value;
  }
}

WireResponse serialize_output_value(const ShapeTable& table, std::size_t output_shape,
                                    int success_code, const Json& output) {
  WireResponse response;
  response.status = success_code;
  if (output_shape == k_no_shape) return response;
  const ShapeInfo& shape = table.at(output_shape);
  const Json empty = Json::object();
  const Json& value = output.is_object() ? output : empty;
  Json body = Json::object();
  bool has_body_members = false;
  const MemberInfo* payload = nullptr;
  for (const MemberInfo& member : shape.members) {
    if (member.location == Location::body && member.name != shape.payload) has_body_members = true;
    const auto found = value.find(member.name);
    if (found == value.end() || found->is_null()) continue;
    switch (member.location) {
      case Location::status_code:
        if (found->is_number_integer() && found->get<long long>() >= 100 &&
            found->get<long long>() <= 599) {
          response.status = found->get<int>();
        }
        break;
      case Location::header:
        response.headers.emplace_back(member.location_name,
                                      header_text(table, member.shape, *found));
        break;
      case Location::headers:
        if (!found->is_object()) break;
        for (auto it = found->begin(); it != found->end(); ++it) {
          if (it.value().is_null()) continue;
          response.headers.emplace_back(
              member.location_name + it.key(),
              header_text(table, table.at(member.shape).value, it.value()));
        }
        break;
      case Location::uri:
      case Location::querystring:
        break;  // not used by responses
      case Location::body:
        if (member.name == shape.payload) {
          payload = &member;
        } else {
          body[member.name] = to_wire_json(table, member.shape, *found);
        }
        break;
    }
  }
  if (!shape.payload.empty()) {  // the body is the payload (or nothing), never a JSON object
    if (payload != nullptr) add_payload(table, *payload, value.at(payload->name), response);
    return response;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (shape.find_member(it.key()) == nullptr && !it.value().is_null())
      body[it.key()] = it.value();
  }
  if (!has_body_members && body.empty()) return response;
  response.body = dump(body);
  if (!has_header(response.headers, "Content-Type")) {
    response.headers.emplace_back("Content-Type", "application/json");
  }
  return response;
}

}  // namespace agentlift::emulator
