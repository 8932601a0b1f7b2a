// UriTemplate: parsing, matching and expanding restJson1 URI templates.
#include "emulator/uri_template.hpp"

#include "base/errors.hpp"
#include "cloud/uri_encoding.hpp"

namespace agentlift::emulator {
namespace {

std::vector<std::string_view> split_segments(std::string_view path_without_slash) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path_without_slash.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path_without_slash.substr(start));
      return segments;
    }
    segments.push_back(path_without_slash.substr(start, slash - start));
    start = slash + 1;
  }
}

std::string join(const std::vector<std::string_view>& parts, std::size_t begin, std::size_t end) {
  std::string joined;
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) joined += '/';
    joined += parts[i];
  }
  return joined;
}

}  // namespace

UriTemplate UriTemplate::parse(std::string_view request_uri) {
  UriTemplate parsed;
  parsed.m_path = std::string(request_uri.substr(0, request_uri.find('?')));
  if (parsed.m_path.empty() || parsed.m_path.front() != '/') {
    throw Error("service model: request URI '" + std::string(request_uri) +
                "' does not start with '/'");
  }
  bool greedy_seen = false;
  for (const std::string_view text : split_segments(std::string_view(parsed.m_path).substr(1))) {
    const bool braced = text.size() >= 2 && text.front() == '{' && text.back() == '}';
    if (!braced) {
      if (text.find_first_of("{}") != std::string_view::npos) {
        throw Error("service model: request URI '" + parsed.m_path +
                    "' has a label that is not a whole segment");
      }
      parsed.m_segments.push_back({Kind::literal, cloud::percent_decode(text)});
      continue;
    }
    std::string_view name = text.substr(1, text.size() - 2);
    const bool greedy = !name.empty() && name.back() == '+';
    if (greedy) name.remove_suffix(1);
    if (name.empty() || (greedy && greedy_seen)) {
      throw Error("service model: request URI '" + parsed.m_path + "' has an invalid label");
    }
    greedy_seen = greedy_seen || greedy;
    parsed.m_segments.push_back({greedy ? Kind::greedy_label : Kind::label, std::string(name)});
  }
  return parsed;
}

std::vector<std::string> UriTemplate::label_names() const {
  std::vector<std::string> names;
  for (const Segment& segment : m_segments) {
    if (segment.kind != Kind::literal) names.push_back(segment.text);
  }
  return names;
}

std::size_t UriTemplate::literal_count() const {
  std::size_t count = 0;
  for (const Segment& segment : m_segments) count += segment.kind == Kind::literal ? 1 : 0;
  return count;
}

std::optional<LabelValues> UriTemplate::match(std::string_view raw_path) const {
  if (raw_path.empty() || raw_path.front() != '/') return std::nullopt;
  const std::vector<std::string_view> raw = split_segments(raw_path.substr(1));
  std::size_t greedy_index = m_segments.size();
  for (std::size_t i = 0; i < m_segments.size(); ++i) {
    if (m_segments[i].kind == Kind::greedy_label) greedy_index = i;
  }
  const bool has_greedy = greedy_index < m_segments.size();
  if (has_greedy ? raw.size() < m_segments.size() : raw.size() != m_segments.size()) {
    return std::nullopt;
  }
  // Template segment i lines up with raw segment i before the greedy label and
  // with raw segment i + extra after it.
  const std::size_t extra = raw.size() - m_segments.size();
  LabelValues labels;
  for (std::size_t i = 0; i < m_segments.size(); ++i) {
    const Segment& segment = m_segments[i];
    const std::size_t at = has_greedy && i > greedy_index ? i + extra : i;
    switch (segment.kind) {
      case Kind::literal:
        if (cloud::percent_decode(raw[at]) != segment.text) return std::nullopt;
        break;
      case Kind::label:
        if (raw[at].empty()) return std::nullopt;
        labels.emplace_back(segment.text, cloud::percent_decode(raw[at]));
        break;
      case Kind::greedy_label: {
        std::string value = cloud::percent_decode(join(raw, i, i + extra + 1));
        if (value.empty()) return std::nullopt;
        labels.emplace_back(segment.text, std::move(value));
        break;
      }
    }
  }
  return labels;
}

std::string UriTemplate::expand(const LabelValues& labels) const {
  std::string path;
  for (const Segment& segment : m_segments) {
    path += '/';
    if (segment.kind == Kind::literal) {
      path += cloud::percent_encode(segment.text, cloud::Slash::keep);
      continue;
    }
    std::string value = "x";
    for (const auto& [name, given] : labels) {
      if (name == segment.text) value = given;
    }
    path += cloud::percent_encode(
        value, segment.kind == Kind::greedy_label ? cloud::Slash::keep : cloud::Slash::encode);
  }
  return path;
}

}  // namespace agentlift::emulator
