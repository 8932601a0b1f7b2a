#pragma once
// Puts an operation's output value on the restJson1 wire: members bound to
// headers go to headers (`locationName`, lists joined with ", ", timestamps as
// http-date unless the shape says otherwise), a `statusCode` member sets the
// status, a blob or string `payload` member is the raw body, and the remaining
// members form the JSON body with "Content-Type: application/json".
//
// Value conventions for the caller: timestamps are epoch seconds (JSON numbers,
// fractions allowed) and come out in the shape's timestampFormat (iso8601 ->
// "2026-11-25T17:00:00.123Z"; the body default is the epoch-seconds number);
// strings already formatted pass through. Blobs inside JSON bodies are raw bytes
// and get base64-encoded. Nulls are skipped. Keys the model does not know are
// passed through unchanged (room for members newer than the model). An
// event-stream payload is not written here: the body stays empty.

#include <cstddef>

#include "base/json.hpp"
#include "emulator/service_model.hpp"
#include "emulator/shape_table.hpp"

namespace agentlift::emulator {

// `output_shape` is k_no_shape for an operation without output.
WireResponse serialize_output_value(const ShapeTable& table, std::size_t output_shape,
                                    int success_code, const Json& output);

// The JSON form of `value` as shape `shape` (timestamps formatted, blobs encoded,
// nulls dropped) — what serialize_output_value() writes for body members.
Json to_wire_json(const ShapeTable& table, std::size_t shape, const Json& value);

}  // namespace agentlift::emulator
