#pragma once
// A model `pattern` constraint compiled once at load.
//
// Anchoring: Smithy's @pattern is a regex *search*, but botocore drops the
// ^...$ the Smithy sources carry, so an unanchored pattern in a botocore model
// means a full match (the service rejects "my-agent" for
// "[a-zA-Z][a-zA-Z0-9_]{0,47}"). A pattern that starts with '^' or ends with
// '$' is searched as written, anything else must match the whole value.
//
// Matching runs on code points (std::wregex over UTF-32, so '.' and [^x] take
// one character as Java's regexes do) with libstdc++'s breadth-first executor,
// which needs no recursion per input character and is polynomial: no stack
// overflow and no catastrophic backtracking on hostile values.

#include <regex>
#include <string>
#include <string_view>

namespace agentlift::emulator {

class ModelPattern {
 public:
  // Values longer than this many code points are not matched: they fail.
  static constexpr std::size_t k_max_matched_length = 1 << 20;

  // Compiles `source` (ECMAScript syntax); `usable()` is false when std::regex
  // cannot compile it, and such a pattern accepts everything.
  explicit ModelPattern(std::string source);

  const std::string& source() const { return m_source; }
  bool usable() const { return m_usable; }
  // True when `utf8` (valid UTF-8) satisfies the pattern.
  bool matches(std::string_view utf8) const;

 private:
  std::string m_source;
  std::wregex m_regex;
  bool m_search = false;
  bool m_usable = false;
};

}  // namespace agentlift::emulator
