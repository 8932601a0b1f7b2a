#pragma once
// Scalar encodings of the restJson1 wire: base64 (blobs in JSON bodies and
// headers) and the three timestamp formats, epoch-seconds (the body default, a
// JSON number), "iso8601" (RFC 3339, e.g. "2026-11-25T17:00:00.123Z") and
// "rfc822"/http-date (the header default, "Wed, 25 Nov 2026 17:00:00 GMT").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace agentlift::emulator::wire {

// Standard alphabet, padded.
std::string base64_encode(std::string_view bytes);
// Size of the decoded bytes when `text` is standard base64 (padding optional);
// nullopt when it is not.
std::optional<std::size_t> base64_decoded_size(std::string_view text);

// UTC, always with milliseconds; nullopt outside years 1..9999 or not finite.
std::optional<std::string> format_iso8601(double epoch_seconds);
std::optional<std::string> format_http_date(double epoch_seconds);

// Epoch seconds of an RFC 3339 date-time ("2026-11-25T17:00:00Z"; fraction and
// "+01:00"-style offsets allowed, 't'/'z' in either case).
std::optional<double> parse_iso8601(std::string_view text);
// Epoch seconds of an IMF-fixdate ("Wed, 25 Nov 2026 17:00:00 GMT").
std::optional<double> parse_http_date(std::string_view text);

}  // namespace agentlift::emulator::wire
