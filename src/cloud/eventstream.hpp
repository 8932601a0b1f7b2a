#pragma once
// AWS event-stream framing (`application/vnd.amazon.eventstream`), the binary
// body of InvokeHarness and Converse-stream responses. A frame is
//   total_len u32be | headers_len u32be | crc32(those 8 bytes) | headers | payload
//   | crc32(everything before)
// and a header is `u8 name_len, name, u8 type, value`.
//
// The body arrives in transport-sized chunks, so Decoder is incremental. Reply
// bytes are untrusted: every length is checked before it is used, memory is
// bounded by one frame (≤ 16 MiB, AWS's own limit), and anything malformed is a
// DecodeError naming the stream byte offset where it was found.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/errors.hpp"

namespace agentlift::cloud::eventstream {

// The limits aws-c-event-stream enforces; a frame beyond them is not AWS's.
inline constexpr std::uint32_t k_max_message_size = 16 * 1024 * 1024;
inline constexpr std::uint32_t k_max_headers_size = 128 * 1024;
inline constexpr std::uint32_t k_prelude_size = 12;  // two lengths + prelude CRC
inline constexpr std::uint32_t k_min_message_size = k_prelude_size + 4;

// A malformed frame or message. The stream cannot be resynchronised after one
// (framing is length-prefixed), so a Decoder that threw stays failed.
class DecodeError : public Error {
 public:
  DecodeError(std::string message, std::uint64_t offset)
      : Error(std::move(message)), m_offset(offset) {}
  // Byte offset in the whole stream where the problem was found.
  std::uint64_t offset() const { return m_offset; }

 private:
  std::uint64_t m_offset;
};

// Types 6 and 8 would collide with std::string and std::int64_t inside the
// variant, so they get their own wrapper types.
struct ByteArray {
  std::string bytes;
  bool operator==(const ByteArray&) const = default;
};
struct Timestamp {
  std::int64_t ms_since_epoch = 0;
  bool operator==(const Timestamp&) const = default;
};
struct Uuid {
  std::array<std::uint8_t, 16> bytes{};
  bool operator==(const Uuid&) const = default;
};

// Wire types: bool = 0 (true) / 1 (false), int8 = 2, int16 = 3, int32 = 4,
// int64 = 5, ByteArray = 6, string = 7, Timestamp = 8, Uuid = 9.
using HeaderValue = std::variant<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t,
                                 ByteArray, std::string, Timestamp, Uuid>;

// The wire type code of a value (true → 0, false → 1, string → 7, ...).
std::uint8_t wire_type(const HeaderValue& value);

struct Header {
  std::string name;
  HeaderValue value;
  bool operator==(const Header&) const = default;
};

struct Message {
  std::vector<Header> headers;  // wire order; duplicates are kept
  std::string payload;
  std::uint64_t offset = 0;  // stream byte where the frame starts
  std::uint32_t size = 0;    // whole frame, prelude and CRCs included

  // The first header called `name`, or nullptr.
  const HeaderValue* header(std::string_view name) const;
  // The first header called `name` if it is a string (type 7).
  std::optional<std::string> string_header(std::string_view name) const;
};

// CRC-32 as in zlib/IEEE 802.3 (reflected polynomial 0xEDB88320). `crc` continues
// an earlier result, so crc32(b, crc32(a)) == crc32(a + b).
std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0);

class Decoder {
 public:
  // Decodes as many whole frames as `bytes` completes; a partial frame is kept
  // for the next call. Throws DecodeError on the first malformed frame.
  std::vector<Message> feed(std::string_view bytes);
  // The same, appending to `out`: frames completed before an error stay there.
  void feed(std::string_view bytes, std::vector<Message>& out);
  // At the end of the body: throws DecodeError if it stopped inside a frame
  // (or if the decoder already failed).
  void finish() const;

  std::uint64_t bytes_consumed() const { return m_frame_start + m_frame.size(); }
  bool inside_frame() const { return !m_frame.empty(); }

 private:
  void check_prelude();
  Message decode_frame() const;

  std::string m_frame;             // bytes of the frame being received, never > k_max_message_size
  std::uint32_t m_frame_size = 0;  // its total length once the prelude is checked, else 0
  std::uint64_t m_frame_start = 0;
  std::optional<DecodeError> m_failure;
};

// The typed layer a service client works with: what the message is and its
// payload, with in-stream failures recognisable without looking at headers.
enum class EventKind { event, exception, error };

struct Event {
  EventKind kind = EventKind::event;
  // `:event-type` (event), `:exception-type` (exception) or `:error-code` (error).
  std::string type;
  std::string content_type;  // `:content-type`, empty when absent
  std::string payload;
  // error: `:error-message`; exception: the payload's JSON `message` (or
  // `Message`), which is where modelled AWS exceptions put it. Empty otherwise.
  std::string error_message;
  std::uint64_t offset = 0;  // of the frame, for error reports

  // Throws DecodeError when `:message-type` or the type header it calls for is
  // missing, not a string, or an unknown message type.
  static Event from(const Message& message);
};

std::string_view to_string(EventKind kind);

}  // namespace agentlift::cloud::eventstream
