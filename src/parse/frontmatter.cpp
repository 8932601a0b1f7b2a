#include "parse/frontmatter.hpp"

#include <vector>

#include "base/utf8.hpp"

namespace agentlift::parse {
namespace {

std::string join_lines(const std::vector<std::string_view>& lines, std::size_t from,
                       std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out += '\n';
    out.append(lines[i]);
  }
  return out;
}

}  // namespace

Frontmatter split_frontmatter(std::string_view text, const YamlLimits& limits) {
  Frontmatter result;
  result.body = std::string(text);
  if (text.substr(0, 3) != "---") return result;

  const std::vector<std::string_view> lines = utf8::split_lines(text);
  std::size_t close = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (utf8::strip(lines[i]) == "---") {
      close = i;
      break;
    }
  }
  if (close == 0) {
    result.status = Frontmatter::Status::unclosed;
    return result;
  }

  std::string body = join_lines(lines, close + 1, lines.size());
  body.erase(0, body.find_first_not_of('\n') == std::string::npos ? body.size()
                                                                  : body.find_first_not_of('\n'));
  result.body = std::move(body);

  YamlLoad loaded = load_yaml(join_lines(lines, 1, close), limits);
  if (loaded.error) {
    result.status = Frontmatter::Status::invalid_yaml;
    result.error = YamlError{loaded.error->line + 1, loaded.error->message};  // + the fence line
    return result;
  }
  if (!json::truthy(loaded.value)) {
    result.status = Frontmatter::Status::parsed;  // an empty block is an empty mapping
    return result;
  }
  if (!loaded.value.is_object()) {
    result.status = Frontmatter::Status::not_a_mapping;
    return result;
  }
  result.status = Frontmatter::Status::parsed;
  result.fields = std::move(loaded.value);
  return result;
}

}  // namespace agentlift::parse
