#pragma once
// The encoder side of AWS event-stream framing (cloud/eventstream.hpp holds the
// decoder and the frame layout): what agentcore-local streams as the body of
// InvokeHarness. A frame is
//   total_len u32be | headers_len u32be | crc32(prelude) | headers | payload | crc32(all before)
// and AWS sends every modelled event with three string headers, in this order:
// `:message-type`, `:content-type`, `:event-type` (or `:exception-type`).

#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "cloud/eventstream.hpp"

namespace agentlift::emulator {

// One frame. Throws agentlift::Error when a header name is empty or longer than
// 255 bytes, a string/bytes value longer than 65535 bytes, or the frame larger
// than the decoder's limits (16 MiB, 128 KiB of headers).
std::string encode_frame(const std::vector<cloud::eventstream::Header>& headers,
                         std::string_view payload);

// `:message-type: event`, `:event-type: <type>`, JSON payload.
std::string encode_event(std::string_view event_type, const Json& payload);
// `:message-type: exception`, `:exception-type: <type>` (a modelled in-stream
// error such as "internalServerException"), JSON payload `{message}`.
std::string encode_exception(std::string_view exception_type, std::string_view message);

}  // namespace agentlift::emulator
