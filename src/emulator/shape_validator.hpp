#pragma once
// Checks a JSON value against a compiled shape the way an AWS restJson1 service
// does before it runs an operation: JSON types per shape type, required members
// ("Member must not be null"), unions with exactly one member set, length and
// count ranges, numeric ranges, patterns and enums. Unknown structure keys are
// ignored, JSON null counts as absent. Every problem is reported (up to
// k_max_issues), each under an AWS-style path ("tools.0.config.remoteMcp.url").
//
// String lengths are counted in Unicode code points (Smithy's @length on
// strings; AWS's Java services agree except for characters outside the BMP,
// which they count twice). Blob lengths count decoded bytes.

#include <cstddef>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "emulator/shape_table.hpp"

namespace agentlift::emulator {

struct ValidationIssue {
  std::string path;
  std::string message;
  // A JSON type that cannot be read as the shape (a string where a number is
  // due...): AWS reports those as "CannotParse", constraint failures as
  // "FieldValidationFailed".
  bool wrong_type = false;
};

inline constexpr std::size_t k_max_issues = 100;
// Deeper values are reported rather than walked (structures may be recursive).
inline constexpr std::size_t k_max_validation_depth = 256;

// Validates `value` against shape `shape`. `path` names the value ("" for an
// operation's input). A member that is a structure's `payload` and a blob holds
// the raw body bytes, not base64.
std::vector<ValidationIssue> validate_shape(const ShapeTable& table, std::size_t shape,
                                            const Json& value, const std::string& path = "");

}  // namespace agentlift::emulator
