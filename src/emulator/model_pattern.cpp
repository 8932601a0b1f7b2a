// ModelPattern: see model_pattern.hpp for the anchoring and engine choices.
#include "emulator/model_pattern.hpp"

#include "base/utf8.hpp"

namespace agentlift::emulator {
namespace {

static_assert(sizeof(wchar_t) == 4, "patterns are matched on UTF-32 code points");

std::wstring to_code_points(std::string_view utf8) {
  std::wstring out;
  out.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) out.push_back(static_cast<wchar_t>(utf8::next(utf8, pos)));
  return out;
}

// True when `source` ends in an unescaped '$'.
bool ends_with_anchor(std::string_view source) {
  if (source.empty() || source.back() != '$') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = source.size() - 1; i > 0 && source[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}

std::regex_constants::syntax_option_type regex_flags() {
  auto flags = std::regex_constants::ECMAScript;
#if defined(__GLIBCXX__)
  // libstdc++'s Thompson-NFA executor (no back-references in AWS patterns).
  flags |= std::regex_constants::__polynomial;
#endif
  return flags;
}

}  // namespace

ModelPattern::ModelPattern(std::string source) : m_source(std::move(source)) {
  m_search = (!m_source.empty() && m_source.front() == '^') || ends_with_anchor(m_source);
  try {
    m_regex = std::wregex(to_code_points(m_source), regex_flags());
    m_usable = true;
  } catch (const std::regex_error&) {
    m_usable = false;
  }
}

bool ModelPattern::matches(std::string_view utf8) const {
  if (!m_usable) return true;
  if (utf8::length(utf8) > k_max_matched_length) return false;
  const std::wstring text = to_code_points(utf8);
  try {
    return m_search ? std::regex_search(text, m_regex) : std::regex_match(text, m_regex);
  } catch (const std::regex_error&) {
    return false;  // error_complexity / error_stack: treat as not matching
  }
}

}  // namespace agentlift::emulator
