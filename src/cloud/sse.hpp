#pragma once
// Server-sent events (`text/event-stream`), the streamed body an AgentCore
// Runtime agent may answer InvokeAgentRuntime with (aws-wire.md §3.2). The body
// arrives in transport-sized chunks, so the parser is incremental: lines end in
// "\n", "\r\n" or "\r"; `data:` lines of one event are joined with "\n"; a blank
// line ends the event; `:` comments and other fields are skipped. Memory is
// bounded: an event larger than the limit is an agentlift::Error.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace agentlift::cloud::sse {

struct Event {
  std::string event;  // the `event:` field, "" when absent (the default "message")
  std::string data;
};

class Parser {
 public:
  static constexpr std::size_t k_default_max_event_bytes = 16 * 1024 * 1024;

  explicit Parser(std::size_t max_event_bytes = k_default_max_event_bytes)
      : m_max_event_bytes(max_event_bytes) {}

  // The events `chunk` completes, in order.
  std::vector<Event> feed(std::string_view chunk);
  // At the end of the body: an event not yet ended by a blank line, if it has data.
  std::vector<Event> finish();

 private:
  void take_line(std::string_view line, std::vector<Event>& out);

  std::size_t m_max_event_bytes;
  std::string m_line;
  bool m_after_cr = false;  // the last chunk ended in '\r'; a leading '\n' belongs to it
  Event m_current;
  bool m_has_data = false;
};

}  // namespace agentlift::cloud::sse
