#include "cloud/sse.hpp"

#include "base/errors.hpp"

namespace agentlift::cloud::sse {

std::vector<Event> Parser::feed(std::string_view chunk) {
  std::vector<Event> out;
  for (const char c : chunk) {
    if (m_after_cr) {
      m_after_cr = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      m_after_cr = c == '\r';
      take_line(m_line, out);
      m_line.clear();
      continue;
    }
    if (m_line.size() + m_current.data.size() >= m_max_event_bytes) {
      throw Error("a server-sent event is larger than " + std::to_string(m_max_event_bytes) +
                  " bytes; stopping the stream");
    }
    m_line += c;
  }
  return out;
}

std::vector<Event> Parser::finish() {
  std::vector<Event> out;
  if (!m_line.empty()) {
    take_line(m_line, out);
    m_line.clear();
  }
  take_line("", out);
  return out;
}

void Parser::take_line(std::string_view line, std::vector<Event>& out) {
  if (line.empty()) {
    if (m_has_data) out.push_back(std::move(m_current));
    m_current = Event{};
    m_has_data = false;
    return;
  }
  if (line.front() == ':') return;  // a comment (keep-alive)
  const auto colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "data") {
    if (m_has_data) m_current.data += '\n';
    m_current.data += value;
    m_has_data = true;
  } else if (field == "event") {
    m_current.event = std::string(value);
  }
}

}  // namespace agentlift::cloud::sse
