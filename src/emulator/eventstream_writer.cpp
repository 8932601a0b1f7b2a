// Event-stream frame encoder (eventstream_writer.hpp).
#include "emulator/eventstream_writer.hpp"

#include <cstdint>
#include <type_traits>
#include <variant>

#include "base/errors.hpp"

namespace agentlift::emulator {
namespace {

namespace es = cloud::eventstream;

void put_be(std::string& out, std::uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void put_sized(std::string& out, std::string_view bytes) {
  if (bytes.size() > 0xFFFF) throw Error("event-stream header value longer than 65535 bytes");
  put_be(out, bytes.size(), 2);
  out.append(bytes);
}

void put_header(std::string& out, const es::Header& header) {
  if (header.name.empty() || header.name.size() > 0xFF) {
    throw Error("event-stream header name must be 1 to 255 bytes");
  }
  out.push_back(static_cast<char>(header.name.size()));
  out.append(header.name);
  out.push_back(static_cast<char>(es::wire_type(header.value)));
  std::visit(
      [&out](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, bool>) {
          // The type code alone carries the value.
        } else if constexpr (std::is_same_v<T, std::int8_t>) {
          put_be(out, static_cast<std::uint8_t>(value), 1);
        } else if constexpr (std::is_same_v<T, std::int16_t>) {
          put_be(out, static_cast<std::uint16_t>(value), 2);
        } else if constexpr (std::is_same_v<T, std::int32_t>) {
          put_be(out, static_cast<std::uint32_t>(value), 4);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          put_be(out, static_cast<std::uint64_t>(value), 8);
        } else if constexpr (std::is_same_v<T, es::ByteArray>) {
          put_sized(out, value.bytes);
        } else if constexpr (std::is_same_v<T, std::string>) {
          put_sized(out, value);
        } else if constexpr (std::is_same_v<T, es::Timestamp>) {
          put_be(out, static_cast<std::uint64_t>(value.ms_since_epoch), 8);
        } else {
          static_assert(std::is_same_v<T, es::Uuid>);
          out.append(reinterpret_cast<const char*>(value.bytes.data()), value.bytes.size());
        }
      },
      header.value);
}

std::string json_payload(const Json& payload) {
  return payload.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string encode_frame(const std::vector<es::Header>& headers, std::string_view payload) {
  std::string header_block;
  for (const es::Header& header : headers) put_header(header_block, header);
  if (header_block.size() > es::k_max_headers_size) {
    throw Error("event-stream headers larger than 128 KiB");
  }
  const std::uint64_t total = es::k_prelude_size + header_block.size() + payload.size() + 4;
  if (total > es::k_max_message_size) throw Error("event-stream frame larger than 16 MiB");

  std::string frame;
  frame.reserve(total);
  put_be(frame, total, 4);
  put_be(frame, header_block.size(), 4);
  put_be(frame, es::crc32(frame), 4);
  frame += header_block;
  frame.append(payload);
  put_be(frame, es::crc32(frame), 4);
  return frame;
}

std::string encode_event(std::string_view event_type, const Json& payload) {
  return encode_frame({{":message-type", std::string("event")},
                       {":content-type", std::string("application/json")},
                       {":event-type", std::string(event_type)}},
                      json_payload(payload));
}

std::string encode_exception(std::string_view exception_type, std::string_view message) {
  return encode_frame({{":message-type", std::string("exception")},
                       {":content-type", std::string("application/json")},
                       {":exception-type", std::string(exception_type)}},
                      json_payload(Json{{"message", std::string(message)}}));
}

}  // namespace agentlift::emulator
