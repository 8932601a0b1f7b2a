#pragma once
// The shapes of a botocore service-2 model compiled into a flat table: shape
// references resolved to indices, constraints parsed into numbers, enum sets
// and member bindings (where each member travels on the wire) precomputed, and
// patterns compiled. Validation, binding and serialisation read only this, never
// the model JSON. Immutable after construction, so threads may share it.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/json.hpp"
#include "emulator/model_pattern.hpp"

namespace agentlift::emulator {

enum class ShapeType {
  string,
  byte,
  short_,
  integer,
  long_,
  float_,
  double_,
  big_integer,
  big_decimal,
  boolean,
  blob,
  timestamp,
  list,
  map,
  structure,
  union_,
  document,
};

// Where a member travels (botocore `location`; none = JSON body or payload).
enum class Location { body, uri, querystring, header, headers, status_code };

struct MemberInfo {
  std::string name;       // "harnessName"
  std::size_t shape = 0;  // index into ShapeTable
  Location location = Location::body;
  std::string location_name;  // header / query / label name ("" for body members)
  bool required = false;
  bool idempotency_token = false;
};

inline constexpr std::size_t k_no_shape = static_cast<std::size_t>(-1);

struct ShapeInfo {
  std::string name;
  ShapeType type = ShapeType::string;
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> enum_values;
  std::string enum_text;  // "[A, B]" for messages
  const ModelPattern* pattern = nullptr;
  std::string timestamp_format;  // "iso8601", "unixTimestamp", "rfc822" or ""
  bool streaming = false;        // streaming blob
  bool event_stream = false;     // structure with eventstream: true
  // list / map
  std::size_t member = k_no_shape;
  std::size_t key = k_no_shape;
  std::size_t value = k_no_shape;
  // structure / union
  std::vector<MemberInfo> members;
  std::string payload;  // member bound to the whole HTTP body, "" when none

  bool is_integral() const;  // byte, short, integer, long, bigInteger
  bool is_number() const;    // integral or float/double/bigDecimal
  const MemberInfo* find_member(std::string_view member_name) const;
};

class ShapeTable {
 public:
  // Compiles the `shapes` object of a service-2 model. Throws agentlift::Error
  // when a shape has an unknown type or refers to a shape that does not exist.
  explicit ShapeTable(const Json& shapes);

  std::size_t size() const { return m_shapes.size(); }
  const ShapeInfo& at(std::size_t index) const { return m_shapes[index]; }
  std::size_t index_of(std::string_view name) const;  // k_no_shape when unknown
  // Patterns std::regex could not compile (they accept everything).
  std::vector<std::string> unusable_patterns() const;

 private:
  std::vector<ShapeInfo> m_shapes;
  std::unordered_map<std::string, std::size_t> m_index;
  std::vector<std::unique_ptr<ModelPattern>> m_patterns;
};

}  // namespace agentlift::emulator
