#pragma once
// UTF-8 helpers that reproduce the Python text semantics the folder contract is
// defined in: code-point lengths, str.strip() whitespace, str.isalnum(), and
// decoding with errors="replace" (one U+FFFD per maximal invalid subpart).
// Identifiers are ASCII by decision, so no Unicode case tables are needed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentlift::utf8 {

// Byte offset and 1-based line of the first invalid sequence, if any.
struct InvalidAt {
  std::size_t offset;
  std::size_t line;
};
std::optional<InvalidAt> find_invalid(std::string_view bytes);

// Decodes like Python's bytes.decode("utf-8", errors="replace").
std::string decode_replacing(std::string_view bytes);

// Universal-newline translation: CRLF and lone CR become LF.
std::string normalize_newlines(std::string_view text);

// Number of code points in valid UTF-8 text.
std::size_t length(std::string_view text);

// Iterate code points of valid UTF-8. Returns the code point at `pos` and advances it.
char32_t next(std::string_view text, std::size_t& pos);
void append(std::string& out, char32_t cp);

// Python str.isspace() for one code point (the full, fixed Python set).
bool is_space(char32_t cp);

// Python str.strip() / lstrip() / rstrip() with no arguments.
std::string_view strip(std::string_view text);
std::string_view lstrip(std::string_view text);
std::string_view rstrip(std::string_view text);

// Python str.splitlines() (without keepends).
std::vector<std::string_view> split_lines(std::string_view text);

// ASCII case mapping; other code points are kept as they are.
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

}  // namespace agentlift::utf8
