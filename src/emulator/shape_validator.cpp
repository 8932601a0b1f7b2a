// validate_shape(): the per-type checks of shape_validator.hpp.
#include "emulator/shape_validator.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "base/utf8.hpp"
#include "emulator/wire_values.hpp"

namespace agentlift::emulator {
namespace {

std::string child_path(const std::string& path, const std::string& name) {
  return path.empty() ? name : path + "." + name;
}

// "2", "0.5": integral bounds print without a fraction, as AWS's messages do.
std::string bound_text(double bound) {
  if (std::nearbyint(bound) == bound && std::fabs(bound) < 9.0e15) {
    return std::to_string(static_cast<std::int64_t>(bound));
  }
  return Json(bound).dump();
}

struct IntegerRange {
  double low, high;
};

std::optional<IntegerRange> integer_range(ShapeType type) {
  switch (type) {
    case ShapeType::byte:
      return IntegerRange{-128, 127};
    case ShapeType::short_:
      return IntegerRange{-32768, 32767};
    case ShapeType::integer:
      return IntegerRange{-2147483648.0, 2147483647.0};
    case ShapeType::long_:
      return IntegerRange{-9223372036854775808.0, 9223372036854775807.0};
    default:
      return std::nullopt;
  }
}

// The value of an integral JSON number (floats with no fraction count too).
std::optional<double> integral_value(const Json& value) {
  if (value.is_number_unsigned()) return static_cast<double>(value.get<std::uint64_t>());
  if (value.is_number_integer()) return static_cast<double>(value.get<std::int64_t>());
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (std::isfinite(number) && std::nearbyint(number) == number) return number;
  }
  return std::nullopt;
}

bool is_non_finite_text(const Json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  return text == "NaN" || text == "Infinity" || text == "-Infinity";
}

class Validator {
 public:
  explicit Validator(const ShapeTable& table) : m_table(table) {}

  std::vector<ValidationIssue> take() { return std::move(m_issues); }

  void check(std::size_t shape_index, const Json& value, const std::string& path, std::size_t depth,
             bool raw_blob = false) {
    if (full()) return;
    const ShapeInfo& shape = m_table.at(shape_index);
    const bool container = shape.type == ShapeType::list || shape.type == ShapeType::map ||
                           shape.type == ShapeType::structure || shape.type == ShapeType::union_;
    if (container && depth > k_max_validation_depth) {
      add(path, "Member nests deeper than " + std::to_string(k_max_validation_depth) + " levels",
          true);
      return;
    }
    switch (shape.type) {
      case ShapeType::string:
        return check_string(shape, value, path);
      case ShapeType::byte:
      case ShapeType::short_:
      case ShapeType::integer:
      case ShapeType::long_:
      case ShapeType::big_integer:
        return check_integer(shape, value, path);
      case ShapeType::float_:
      case ShapeType::double_:
      case ShapeType::big_decimal:
        return check_float(shape, value, path);
      case ShapeType::boolean:
        if (!value.is_boolean()) add(path, "Member must be a boolean", true);
        return;
      case ShapeType::blob:
        return check_blob(shape, value, path, raw_blob);
      case ShapeType::timestamp:
        return check_timestamp(value, path);
      case ShapeType::list:
        return check_list(shape, value, path, depth);
      case ShapeType::map:
        return check_map(shape, value, path, depth);
      case ShapeType::structure:
        return check_structure(shape, value, path, depth);
      case ShapeType::union_:
        return check_union(shape, value, path, depth);
      case ShapeType::document:
        return;
    }
  }

 private:
  bool full() const { return m_issues.size() >= k_max_issues; }

  void add(const std::string& path, std::string message, bool wrong_type = false) {
    if (!full()) m_issues.push_back({path, std::move(message), wrong_type});
  }

  void check_length(const ShapeInfo& shape, std::size_t length, const std::string& path) {
    if (shape.min && static_cast<double>(length) < *shape.min) {
      add(path, "Member must have length greater than or equal to " + bound_text(*shape.min));
    }
    if (shape.max && static_cast<double>(length) > *shape.max) {
      add(path, "Member must have length less than or equal to " + bound_text(*shape.max));
    }
  }

  void check_value_range(const ShapeInfo& shape, double number, const std::string& path) {
    if (shape.min && number < *shape.min) {
      add(path, "Member must have value greater than or equal to " + bound_text(*shape.min));
    }
    if (shape.max && number > *shape.max) {
      add(path, "Member must have value less than or equal to " + bound_text(*shape.max));
    }
  }

  void check_string(const ShapeInfo& shape, const Json& value, const std::string& path) {
    if (!value.is_string()) return add(path, "Member must be a string", true);
    for (std::string& message :
         string_constraint_failures(shape, value.get_ref<const std::string&>())) {
      add(path, std::move(message));
    }
  }

  void check_integer(const ShapeInfo& shape, const Json& value, const std::string& path) {
    const auto number = integral_value(value);
    if (!number) return add(path, "Member must be an integer", true);
    if (const auto range = integer_range(shape.type);
        range && (*number < range->low || *number > range->high)) {
      return add(path,
                 "Member must be an integer between " + bound_text(range->low) + " and " +
                     bound_text(range->high),
                 true);
    }
    check_value_range(shape, *number, path);
  }

  void check_float(const ShapeInfo& shape, const Json& value, const std::string& path) {
    if (is_non_finite_text(value)) return;  // restJson1 spells NaN and infinities as strings
    if (!value.is_number()) return add(path, "Member must be a number", true);
    check_value_range(shape, value.get<double>(), path);
  }

  void check_blob(const ShapeInfo& shape, const Json& value, const std::string& path, bool raw) {
    if (!value.is_string()) {
      return add(path,
                 raw ? "Member must be a byte string" : "Member must be a base64-encoded string",
                 true);
    }
    const auto& text = value.get_ref<const std::string&>();
    if (raw) return check_length(shape, text.size(), path);
    const auto size = wire::base64_decoded_size(text);
    if (!size) return add(path, "Member must be a base64-encoded string", true);
    check_length(shape, *size, path);
  }

  void check_timestamp(const Json& value, const std::string& path) {
    if (value.is_number() && std::isfinite(value.get<double>())) return;
    if (value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      if (wire::parse_iso8601(text) || wire::parse_http_date(text)) return;
    }
    add(path, "Member must be a timestamp (RFC 3339 date-time or epoch seconds)", true);
  }

  void check_list(const ShapeInfo& shape, const Json& value, const std::string& path,
                  std::size_t depth) {
    if (!value.is_array()) return add(path, "Member must be a list", true);
    check_length(shape, value.size(), path);
    for (std::size_t i = 0; i < value.size() && !full(); ++i) {
      const std::string element_path = child_path(path, std::to_string(i));
      if (value[i].is_null()) {
        add(element_path, "Member must not be null");
      } else {
        check(shape.member, value[i], element_path, depth + 1);
      }
    }
  }

  void check_map(const ShapeInfo& shape, const Json& value, const std::string& path,
                 std::size_t depth) {
    if (!value.is_object()) return add(path, "Member must be a map", true);
    check_length(shape, value.size(), path);
    const ShapeInfo& key_shape = m_table.at(shape.key);
    for (auto it = value.begin(); it != value.end() && !full(); ++it) {
      const auto key_failures = string_constraint_failures(key_shape, it.key());
      if (!key_failures.empty()) {
        std::string message = "Map keys must satisfy constraint: [";
        for (std::size_t i = 0; i < key_failures.size(); ++i) {
          message += (i > 0 ? ", " : "") + key_failures[i];
        }
        add(path, message + "]");
      }
      const std::string value_path = child_path(path, it.key());
      if (it.value().is_null()) {
        add(value_path, "Member must not be null");
      } else {
        check(shape.value, it.value(), value_path, depth + 1);
      }
    }
  }

  void check_structure(const ShapeInfo& shape, const Json& value, const std::string& path,
                       std::size_t depth) {
    if (!value.is_object()) return add(path, "Member must be a structure", true);
    for (const MemberInfo& member : shape.members) {
      if (full()) return;
      const auto found = value.find(member.name);
      const std::string member_path = child_path(path, member.name);
      if (found == value.end() || found->is_null()) {
        if (member.required) add(member_path, "Member must not be null");
        continue;
      }
      const bool raw_blob =
          member.name == shape.payload && m_table.at(member.shape).type == ShapeType::blob;
      check(member.shape, *found, member_path, depth + 1, raw_blob);
    }
  }

  void check_union(const ShapeInfo& shape, const Json& value, const std::string& path,
                   std::size_t depth) {
    if (!value.is_object()) return add(path, "Member must be a structure", true);
    std::vector<const MemberInfo*> set_members;
    for (const MemberInfo& member : shape.members) {
      const auto found = value.find(member.name);
      if (found != value.end() && !found->is_null()) set_members.push_back(&member);
    }
    if (set_members.empty()) {
      add(path, "Member must have exactly one member set, found none");
    } else if (set_members.size() > 1) {
      std::string names;
      for (const MemberInfo* member : set_members)
        names += (names.empty() ? "" : ", ") + member->name;
      add(path, "Member must have exactly one member set, found " +
                    std::to_string(set_members.size()) + ": " + names);
    }
    for (const MemberInfo* member : set_members) {
      check(member->shape, value.at(member->name), child_path(path, member->name), depth + 1);
    }
  }

  // Constraint failures of a string value (also used for map keys).
  std::vector<std::string> string_constraint_failures(const ShapeInfo& shape,
                                                      const std::string& text) const {
    std::vector<std::string> failures;
    const std::size_t length = utf8::length(text);
    if (shape.min && static_cast<double>(length) < *shape.min) {
      failures.push_back("Member must have length greater than or equal to " +
                         bound_text(*shape.min));
    }
    const bool too_long = shape.max && static_cast<double>(length) > *shape.max;
    if (too_long) {
      failures.push_back("Member must have length less than or equal to " + bound_text(*shape.max));
    }
    // A value already over its maximum is not matched (it fails anyway).
    if (shape.pattern != nullptr && !too_long && !shape.pattern->matches(text)) {
      failures.push_back("Member must satisfy regular expression pattern: " +
                         shape.pattern->source());
    }
    if (!shape.enum_values.empty()) {
      bool known = false;
      for (const std::string& allowed : shape.enum_values) known = known || allowed == text;
      if (!known) failures.push_back("Member must satisfy enum value set: " + shape.enum_text);
    }
    return failures;
  }

  const ShapeTable& m_table;
  std::vector<ValidationIssue> m_issues;
};

}  // namespace

std::vector<ValidationIssue> validate_shape(const ShapeTable& table, std::size_t shape,
                                            const Json& value, const std::string& path) {
  Validator validator(table);
  validator.check(shape, value, path, 0);
  return validator.take();
}

}  // namespace agentlift::emulator
