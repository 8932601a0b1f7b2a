#include "cloud/eventstream.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include <nlohmann/json.hpp>

namespace agentlift::cloud::eventstream {
namespace {

// zlib is not linked, and one 1 KiB table computed at compile time is all CRC-32 needs.
constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr auto k_crc_table = make_crc_table();

std::string hex32(std::uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

// Header names and values in error text come from the wire: escape what a
// terminal would interpret and cut what would flood it.
std::string printable(std::string_view text) {
  constexpr std::size_t k_limit = 64;
  std::string out;
  for (const char c : text.substr(0, k_limit)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F && c != '\\') {
      out.push_back(c);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    }
  }
  if (text.size() > k_limit) out += "...";
  return out;
}

[[noreturn]] void fail(std::uint64_t offset, const std::string& what) {
  throw DecodeError("malformed event stream at byte " + std::to_string(offset) + ": " + what,
                    offset);
}

std::uint64_t read_be(std::string_view bytes, std::size_t pos, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[pos + i]);
  }
  return value;
}

std::uint32_t read_u32(std::string_view bytes, std::size_t pos) {
  return static_cast<std::uint32_t>(read_be(bytes, pos, 4));
}

// Reads the header block of one frame. Every read is checked against the end
// of the block first: the lengths inside it are untrusted even when the CRC
// matches (the CRC only proves the sender meant these bytes).
class HeaderReader {
 public:
  HeaderReader(std::string_view block, std::uint64_t stream_offset)
      : m_block(block), m_base(stream_offset) {}

  std::vector<Header> read_all() {
    std::vector<Header> headers;
    while (m_pos < m_block.size()) headers.push_back(read_one());
    return headers;
  }

 private:
  Header read_one() {
    m_header_start = m_pos;
    Header header;
    const auto name_length = static_cast<std::size_t>(read_uint(1, "name length"));
    header.name = std::string(take(name_length, "name"));
    const auto type = static_cast<std::uint8_t>(read_uint(1, "type"));
    header.value = read_value(type, header.name);
    return header;
  }

  HeaderValue read_value(std::uint8_t type, const std::string& name) {
    switch (type) {
      case 0:
        return true;
      case 1:
        return false;
      case 2:
        return static_cast<std::int8_t>(read_uint(1, "int8 value"));
      case 3:
        return static_cast<std::int16_t>(read_uint(2, "int16 value"));
      case 4:
        return static_cast<std::int32_t>(read_uint(4, "int32 value"));
      case 5:
        return static_cast<std::int64_t>(read_uint(8, "int64 value"));
      case 6: {
        const auto length = static_cast<std::size_t>(read_uint(2, "byte array length"));
        return ByteArray{std::string(take(length, "byte array value"))};
      }
      case 7: {
        const auto length = static_cast<std::size_t>(read_uint(2, "string length"));
        return std::string(take(length, "string value"));
      }
      case 8:
        return Timestamp{static_cast<std::int64_t>(read_uint(8, "timestamp value"))};
      case 9: {
        Uuid uuid;
        const std::string_view bytes = take(16, "uuid value");
        std::copy(bytes.begin(), bytes.end(), uuid.bytes.begin());
        return uuid;
      }
    }
    fail(m_base + m_header_start, "header '" + printable(name) + "' has unknown type " +
                                      std::to_string(type) + " (known: 0-9)");
  }

  std::uint64_t read_uint(std::size_t width, const char* what) {
    const std::string_view bytes = take(width, what);
    return read_be(bytes, 0, width);
  }

  std::string_view take(std::size_t count, const char* what) {
    if (count > m_block.size() - m_pos) {
      fail(m_base + m_header_start,
           std::string("header runs past the end of the header block: its ") + what + " needs " +
               std::to_string(count) + " bytes at byte " + std::to_string(m_base + m_pos) +
               " but the block ends at byte " + std::to_string(m_base + m_block.size()));
    }
    const std::string_view bytes = m_block.substr(m_pos, count);
    m_pos += count;
    return bytes;
  }

  std::string_view m_block;
  std::uint64_t m_base;  // stream offset of m_block[0]
  std::size_t m_pos = 0;
  std::size_t m_header_start = 0;
};

// Tells "absent" from "wrong type": both are malformed, but say different things.
std::string required_string(const Message& message, std::string_view name) {
  const HeaderValue* value = message.header(name);
  if (value == nullptr) fail(message.offset, "message has no " + std::string(name) + " header");
  const auto* text = std::get_if<std::string>(value);
  if (text == nullptr) {
    fail(message.offset, "header " + std::string(name) + " has type " +
                             std::to_string(wire_type(*value)) + ", expected a string (7)");
  }
  return *text;
}

// Modelled AWS exceptions carry their text in the payload as {"message": ...}
// (some services capitalise it). Anything else leaves the text to the payload.
std::string exception_message(const std::string& payload) {
  const auto json = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return {};
  for (const char* key : {"message", "Message"}) {
    const auto it = json.find(key);
    if (it != json.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

}  // namespace

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) {
  crc = ~crc;
  for (const char byte : bytes) {
    crc = k_crc_table[(crc ^ static_cast<unsigned char>(byte)) & 0xFFu] ^ (crc >> 8);
  }
  return ~crc;
}

std::uint8_t wire_type(const HeaderValue& value) {
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? 0 : 1;
  // The variant's alternatives after bool follow the wire order 2..9.
  return static_cast<std::uint8_t>(value.index() + 1);
}

const HeaderValue* Message::header(std::string_view name) const {
  for (const auto& header : headers) {
    if (header.name == name) return &header.value;
  }
  return nullptr;
}

std::optional<std::string> Message::string_header(std::string_view name) const {
  const HeaderValue* value = header(name);
  if (value == nullptr) return std::nullopt;
  if (const auto* text = std::get_if<std::string>(value)) return *text;
  return std::nullopt;
}

std::vector<Message> Decoder::feed(std::string_view bytes) {
  std::vector<Message> out;
  feed(bytes, out);
  return out;
}

void Decoder::feed(std::string_view bytes, std::vector<Message>& out) {
  if (m_failure) throw *m_failure;
  try {
    // Copy only as far as the current frame needs, so the buffer never holds
    // more than one frame however large the chunk.
    while (!bytes.empty()) {
      const std::size_t goal = m_frame_size == 0 ? k_prelude_size : m_frame_size;
      const std::size_t take = std::min(goal - m_frame.size(), bytes.size());
      m_frame.append(bytes.data(), take);
      bytes.remove_prefix(take);
      if (m_frame.size() < goal) break;
      if (m_frame_size == 0) {
        check_prelude();
        continue;
      }
      Message message = decode_frame();
      m_frame_start += m_frame_size;
      m_frame_size = 0;
      m_frame.clear();
      // One big frame should not pin its buffer for the rest of a long stream.
      if (m_frame.capacity() > 1024 * 1024) std::string().swap(m_frame);
      out.push_back(std::move(message));
    }
  } catch (const DecodeError& error) {
    m_failure = error;
    throw;
  }
}

void Decoder::finish() const {
  if (m_failure) throw *m_failure;
  if (m_frame.empty()) return;
  const std::string expected = m_frame_size == 0 ? std::to_string(k_prelude_size) + "-byte prelude"
                                                 : std::to_string(m_frame_size) + "-byte frame";
  fail(m_frame_start, "stream ends inside a frame: got " + std::to_string(m_frame.size()) +
                          " bytes of its " + expected);
}

// The prelude CRC is checked before the lengths are believed, so a corrupted
// length is reported as corruption rather than as a strange size.
void Decoder::check_prelude() {
  const std::uint32_t total = read_u32(m_frame, 0);
  const std::uint32_t headers_length = read_u32(m_frame, 4);
  const std::uint32_t expected_crc = read_u32(m_frame, 8);
  const std::uint32_t actual_crc = crc32(std::string_view(m_frame).substr(0, 8));
  if (expected_crc != actual_crc) {
    fail(m_frame_start, "prelude CRC mismatch (frame says " + hex32(expected_crc) +
                            ", its first 8 bytes give " + hex32(actual_crc) + ")");
  }
  if (total < k_min_message_size) {
    fail(m_frame_start, "frame length " + std::to_string(total) + " is below the minimum of " +
                            std::to_string(k_min_message_size));
  }
  if (total > k_max_message_size) {
    fail(m_frame_start, "frame length " + std::to_string(total) + " exceeds the maximum of " +
                            std::to_string(k_max_message_size) + " bytes");
  }
  if (headers_length > total - k_min_message_size) {
    fail(m_frame_start, "headers length " + std::to_string(headers_length) +
                            " does not fit in a frame of " + std::to_string(total) + " bytes");
  }
  if (headers_length > k_max_headers_size) {
    fail(m_frame_start, "headers length " + std::to_string(headers_length) +
                            " exceeds the maximum of " + std::to_string(k_max_headers_size) +
                            " bytes");
  }
  m_frame_size = total;
}

Message Decoder::decode_frame() const {
  const std::string_view frame = m_frame;
  const std::size_t crc_at = frame.size() - 4;
  const std::uint32_t expected_crc = read_u32(frame, crc_at);
  const std::uint32_t actual_crc = crc32(frame.substr(0, crc_at));
  if (expected_crc != actual_crc) {
    fail(m_frame_start + crc_at,
         "message CRC mismatch for the frame at byte " + std::to_string(m_frame_start) +
             " (frame says " + hex32(expected_crc) + ", its bytes give " + hex32(actual_crc) + ")");
  }
  const std::uint32_t headers_length = read_u32(frame, 4);
  Message message;
  message.offset = m_frame_start;
  message.size = m_frame_size;
  message.headers =
      HeaderReader(frame.substr(k_prelude_size, headers_length), m_frame_start + k_prelude_size)
          .read_all();
  const std::size_t payload_at = k_prelude_size + headers_length;
  message.payload = std::string(frame.substr(payload_at, crc_at - payload_at));
  return message;
}

Event Event::from(const Message& message) {
  Event event;
  event.offset = message.offset;
  event.payload = message.payload;
  event.content_type = message.string_header(":content-type").value_or("");
  const std::string kind = required_string(message, ":message-type");
  if (kind == "event") {
    event.kind = EventKind::event;
    event.type = required_string(message, ":event-type");
  } else if (kind == "exception") {
    event.kind = EventKind::exception;
    event.type = required_string(message, ":exception-type");
    event.error_message = exception_message(message.payload);
  } else if (kind == "error") {
    event.kind = EventKind::error;
    event.type = required_string(message, ":error-code");
    event.error_message = message.string_header(":error-message").value_or("");
  } else {
    fail(message.offset,
         "unknown :message-type '" + printable(kind) + "' (expected event, exception or error)");
  }
  return event;
}

std::string_view to_string(EventKind kind) {
  switch (kind) {
    case EventKind::event:
      return "event";
    case EventKind::exception:
      return "exception";
    case EventKind::error:
      return "error";
  }
  return "event";
}

}  // namespace agentlift::cloud::eventstream
