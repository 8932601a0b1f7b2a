#include "cloud/xml_text.hpp"

#include "base/utf8.hpp"

#include <cstdint>

namespace agentlift::cloud::xml {
namespace {

std::optional<std::uint32_t> numeric_reference(std::string_view body) {
  // body is what follows "&#" up to ';'
  int base = 10;
  if (!body.empty() && (body[0] == 'x' || body[0] == 'X')) {
    base = 16;
    body.remove_prefix(1);
  }
  if (body.empty() || body.size() > 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : body) {
    int digit = -1;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit);
  }
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return value;
}

bool is_name_end(char c) {
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c != '&') {
      out += c;
      ++i;
      continue;
    }
    const std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += c;
      ++i;
      continue;
    }
    const std::string_view name = text.substr(i + 1, semi - i - 1);
    if (name == "amp")
      out += '&';
    else if (name == "lt")
      out += '<';
    else if (name == "gt")
      out += '>';
    else if (name == "quot")
      out += '"';
    else if (name == "apos")
      out += '\'';
    else if (!name.empty() && name[0] == '#') {
      const auto cp = numeric_reference(name.substr(1));
      if (!cp) {
        out += c;
        ++i;
        continue;
      }
      utf8::append(out, *cp);
    } else {
      out += c;
      ++i;
      continue;
    }
    i = semi + 1;
  }
  return out;
}

std::optional<std::string_view> element(std::string_view xml, std::string_view tag,
                                        std::size_t from, std::size_t* end) {
  if (tag.empty()) return std::nullopt;
  std::size_t pos = from;
  while (pos < xml.size()) {
    const std::size_t open = xml.find('<', pos);
    if (open == std::string_view::npos) return std::nullopt;
    const std::size_t name_at = open + 1;
    if (xml.compare(name_at, tag.size(), tag) != 0 || name_at + tag.size() >= xml.size() ||
        !is_name_end(xml[name_at + tag.size()])) {
      pos = name_at;
      continue;
    }
    const std::size_t close = xml.find('>', name_at + tag.size());
    if (close == std::string_view::npos) return std::nullopt;
    if (xml[close - 1] == '/') {  // <tag/> or <tag attr="x"/>
      if (end) *end = close + 1;
      return std::string_view{};
    }
    const std::size_t content = close + 1;
    std::string closing = "</";
    closing.append(tag);
    closing += '>';
    const std::size_t stop = xml.find(closing, content);
    if (stop == std::string_view::npos) return std::nullopt;
    if (end) *end = stop + closing.size();
    return xml.substr(content, stop - content);
  }
  return std::nullopt;
}

std::optional<std::string> text(std::string_view xml, std::string_view tag, std::size_t from) {
  const auto raw = element(xml, tag, from);
  if (!raw) return std::nullopt;
  return decode_entities(*raw);
}

std::vector<std::string_view> elements(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t end = 0;
    const auto found = element(xml, tag, pos, &end);
    if (!found) break;
    out.push_back(*found);
    pos = end;
  }
  return out;
}

}  // namespace agentlift::cloud::xml
