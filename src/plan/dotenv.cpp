// `.env` parsing and layering (see dotenv.hpp for the line rules).

#include "plan/dotenv.hpp"

#include <set>

namespace agentlift::plan {
namespace {

constexpr std::string_view k_blanks = " \t\r\f\v";

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(k_blanks);
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(k_blanks);
  return text.substr(first, last - first + 1);
}

bool is_blank(char c) { return k_blanks.find(c) != std::string_view::npos; }

// Python's str.strip(chars) for one character.
std::string_view strip_char(std::string_view text, char c) {
  while (!text.empty() && text.front() == c) text.remove_prefix(1);
  while (!text.empty() && text.back() == c) text.remove_suffix(1);
  return text;
}

bool is_comment_or_empty(std::string_view rest) {
  rest = trim(rest);
  return rest.empty() || rest.front() == '#';
}

std::string quoted_value(std::string_view value) {
  const char quote = value.front();
  // The first matching quote that only a comment (or nothing) follows.
  for (std::size_t close = 1; close < value.size(); ++close) {
    if (value[close] == quote && is_comment_or_empty(value.substr(close + 1))) {
      return std::string(value.substr(1, close - 1));
    }
  }
  // No closing quote: 0.8's strip('"').strip("'").
  return std::string(strip_char(strip_char(value, '"'), '\''));
}

std::string unquoted_value(std::string_view value) {
  for (std::size_t i = 1; i < value.size(); ++i) {
    if (value[i] == '#' && is_blank(value[i - 1])) {
      value = trim(value.substr(0, i));
      break;
    }
  }
  return std::string(strip_char(strip_char(value, '"'), '\''));
}

std::string parse_value(std::string_view raw) {
  const std::string_view value = trim(raw);
  if (value.empty()) return {};
  if (value.front() == '"' || value.front() == '\'') return quoted_value(value);
  return unquoted_value(value);
}

}  // namespace

model::StringPairs parse_dotenv(std::string_view text) {
  constexpr std::string_view k_bom = "\xEF\xBB\xBF";
  if (text.starts_with(k_bom)) text.remove_prefix(k_bom.size());
  model::StringPairs pairs;
  std::set<std::string> seen;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export") && line.size() > 6 && is_blank(line[6])) {
      line = trim(line.substr(6));
    }
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    std::string key(trim(line.substr(0, equals)));
    if (key.empty() || !seen.insert(key).second) continue;
    pairs.emplace_back(std::move(key), parse_value(line.substr(equals + 1)));
  }
  return pairs;
}

Environment with_dotenv(Environment process, const std::vector<std::string>& dotenv_texts) {
  for (const std::string& text : dotenv_texts) {
    for (auto& [key, value] : parse_dotenv(text)) process.emplace(std::move(key), std::move(value));
  }
  return process;
}

std::vector<std::filesystem::path> dotenv_files(const std::filesystem::path& cwd,
                                                const std::filesystem::path& project) {
  std::vector<std::filesystem::path> files{(cwd / ".env").lexically_normal()};
  const std::filesystem::path project_file = (project / ".env").lexically_normal();
  if (project_file != files.front()) files.push_back(project_file);
  return files;
}

}  // namespace agentlift::plan
