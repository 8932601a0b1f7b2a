#pragma once
// Turns one HTTP request into an operation's input structure (restJson1 HTTP
// bindings) and validates it. Each operation's table of where its members
// travel is computed once at model load (OperationBinding); bind_request() then
// reads URI labels (percent-decoded), the query string (repeated keys for list
// members), headers (case-insensitive), the JSON body or the raw payload, and
// converts text to the member's type.
//
// Leniency, as AWS: unknown body keys (at any depth) are dropped, JSON null is
// "absent", an empty body is an empty object, a body on an operation without
// body members is ignored. Strictness: a body that is not JSON, nests deeper
// than k_max_body_depth or is not an object, and query, header or label text
// that is not valid UTF-8 or does not convert (maxResults=abc), give reason
// "CannotParse".

#include <cstddef>
#include <string>
#include <vector>

#include "emulator/service_model.hpp"
#include "emulator/shape_table.hpp"
#include "emulator/uri_template.hpp"

namespace agentlift::emulator {

inline constexpr std::size_t k_max_body_depth = 128;

struct OperationBinding {
  std::size_t input_shape = k_no_shape;
  UriTemplate uri;
  std::vector<const MemberInfo*> labels;
  std::vector<const MemberInfo*> query;
  const MemberInfo* query_map = nullptr;  // a map bound to the whole query string
  std::vector<const MemberInfo*> headers;
  std::vector<const MemberInfo*> prefix_headers;  // maps bound to "X-Prefix-*" headers
  std::vector<const MemberInfo*> body;
  const MemberInfo* payload = nullptr;  // member bound to the whole body
};

// Throws agentlift::Error when the operation's input shape is unknown or not a
// structure, or its URI template is malformed.
OperationBinding make_operation_binding(const ShapeTable& table, const Operation& operation);

// The bound and validated input (BoundRequest::operation is left null).
BoundRequest bind_request(const ShapeTable& table, const OperationBinding& binding,
                          const IncomingRequest& request);

// `value` with everything the shape does not know removed: unknown and null
// structure members, recursively through lists and maps. Documents stay as
// they are.
Json drop_unknown_members(const ShapeTable& table, std::size_t shape, const Json& value);

}  // namespace agentlift::emulator
