#pragma once
// What `agentlift run` shows of an answer, decided without I/O: the generated
// Runtime package's reply (docs/runtime-package.md: {"result", "agent",
// "stop_reason", "tool_calls", "trace_error"} or {"error"}), its server-sent
// events, the nested tool-call tree, and one-line descriptions of the harness
// event stream's tool and usage events.

#include <string>

#include "base/json.hpp"

namespace agentlift::bedrock {

// A runtime's answer. Bodies that are not the generated package's shape are
// shown as they are: a JSON string is the text, other JSON is its compact text.
struct RuntimeReply {
  std::string text;
  std::string agent;
  std::string stop_reason;
  Json tool_calls = Json::array();
  std::string trace_error;  // the package could not read its metrics
  std::string error;        // the package refused the request ({"error": ...})
};
RuntimeReply read_runtime_reply(const Json& body);
// The same for a body that may not be JSON at all (then it is the text).
RuntimeReply read_runtime_reply_text(const std::string& body);

// One server-sent event's data from a runtime.
struct RuntimeStreamEvent {
  enum class Kind { text, tool_call, result, error };
  Kind kind = Kind::text;
  std::string text;    // text: the chunk; tool_call: the tool's name; error: the message
  RuntimeReply reply;  // result
};
// {"type": "text"|"tool_call"|"result"} as the generated package sends them; a
// JSON string (agentcore-local, plain Strands apps) or anything not JSON is text.
RuntimeStreamEvent read_runtime_stream_event(const std::string& data);

// The nested tool-call tree as indented lines ("" when there are no calls):
//   researcher (2 calls)
//     delegation 1:
//       docs_search (3 calls)
//     delegation 2: no tool calls
//   writer (1 call, 1 error)
// Each line starts with `indent`. Malformed entries are skipped.
std::string render_tool_call_tree(const Json& tool_calls, const std::string& indent = "  ");

// "tool: orders__get_order (mcp_tool_use, server orders)" for a harness
// contentBlockStart event's payload that starts a tool use or tool result;
// "" for other starts.
std::string harness_block_start_line(const Json& payload);
// "usage: 12 input + 40 output = 52 tokens, 812 ms" for a metadata event's payload.
std::string harness_usage_line(const Json& payload);

}  // namespace agentlift::bedrock
