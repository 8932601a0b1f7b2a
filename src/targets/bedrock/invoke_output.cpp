// Reading runtime replies and describing harness events for `run` (see
// invoke_output.hpp).

#include "targets/bedrock/invoke_output.hpp"

namespace agentlift::bedrock {
namespace {

using json::member;
using json::string_member;

std::string compact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string count_text(const Json& value, const char* noun) {
  if (!value.is_number_integer()) return {};
  const long long count = value.get<long long>();
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

void render_calls(const Json& calls, const std::string& indent, int depth, std::string& out) {
  if (!calls.is_array() || depth > 16) return;
  const std::string pad = indent + std::string(static_cast<std::size_t>(depth) * 2, ' ');
  for (const Json& call : calls) {
    const std::string name = string_member(call, "name");
    if (name.empty()) continue;
    std::string counts = count_text(member(call, "count"), "call");
    const Json& errors = member(call, "errors");
    if (errors.is_number_integer() && errors.get<long long>() > 0) {
      counts += (counts.empty() ? "" : ", ") + count_text(errors, "error");
    }
    out += pad + name + (counts.empty() ? "" : " (" + counts + ")") + "\n";
    const Json& delegations = member(call, "delegations");
    if (!delegations.is_array()) continue;
    int number = 0;
    for (const Json& delegation : delegations) {
      ++number;
      const bool empty = !delegation.is_array() || delegation.empty();
      out += pad + "  delegation " + std::to_string(number) + ":" +
             (empty ? " no tool calls" : "") + "\n";
      if (!empty) render_calls(delegation, indent, depth + 2, out);
    }
  }
}

}  // namespace

RuntimeReply read_runtime_reply(const Json& body) {
  RuntimeReply reply;
  if (body.is_string()) {
    reply.text = body.get<std::string>();
    return reply;
  }
  if (!body.is_object() || (!body.contains("result") && !body.contains("error"))) {
    reply.text = compact(body);
    return reply;
  }
  const Json& error = member(body, "error");
  if (!error.is_null()) reply.error = error.is_string() ? error.get<std::string>() : compact(error);
  const Json& result = member(body, "result");
  if (!result.is_null())
    reply.text = result.is_string() ? result.get<std::string>() : compact(result);
  reply.agent = string_member(body, "agent");
  reply.stop_reason = string_member(body, "stop_reason");
  if (member(body, "tool_calls").is_array()) reply.tool_calls = body["tool_calls"];
  reply.trace_error = string_member(body, "trace_error");
  return reply;
}

RuntimeReply read_runtime_reply_text(const std::string& body) {
  const Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    RuntimeReply reply;
    reply.text = body;
    return reply;
  }
  return read_runtime_reply(parsed);
}

RuntimeStreamEvent read_runtime_stream_event(const std::string& data) {
  RuntimeStreamEvent event;
  const Json parsed = Json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    event.text = data;
    return event;
  }
  if (parsed.is_string()) {
    event.text = parsed.get<std::string>();
    return event;
  }
  const std::string type = string_member(parsed, "type");
  if (type == "text") {
    event.text = string_member(parsed, "data");
  } else if (type == "tool_call") {
    event.kind = RuntimeStreamEvent::Kind::tool_call;
    event.text = string_member(parsed, "name");
  } else if (type == "result") {
    event.kind = RuntimeStreamEvent::Kind::result;
    event.reply = read_runtime_reply(parsed);
  } else if (parsed.is_object() && parsed.contains("error")) {
    event.kind = RuntimeStreamEvent::Kind::error;
    event.text = read_runtime_reply(parsed).error;
  } else {
    event.text = compact(parsed);
  }
  return event;
}

std::string render_tool_call_tree(const Json& tool_calls, const std::string& indent) {
  std::string out;
  render_calls(tool_calls, indent, 0, out);
  return out;
}

std::string harness_block_start_line(const Json& payload) {
  const Json& start = member(payload, "start");
  const Json& use = member(start, "toolUse");
  if (use.is_object()) {
    std::string line = "tool: " + string_member(use, "name");
    std::string details = string_member(use, "type");
    const std::string server = string_member(use, "serverName");
    if (!server.empty()) details += (details.empty() ? "" : ", ") + std::string("server ") + server;
    return details.empty() ? line : line + " (" + details + ")";
  }
  const Json& result = member(start, "toolResult");
  if (result.is_object()) {
    const std::string status = string_member(result, "status");
    return "tool result" + (status.empty() ? std::string() : ": " + status);
  }
  return {};
}

std::string harness_usage_line(const Json& payload) {
  const Json& usage = member(payload, "usage");
  auto number = [&](const Json& object, const char* key) {
    const Json& value = member(object, key);
    return value.is_number() ? std::to_string(value.get<long long>()) : std::string("?");
  };
  std::string line = "usage: " + number(usage, "inputTokens") + " input + " +
                     number(usage, "outputTokens") + " output = " + number(usage, "totalTokens") +
                     " tokens";
  const Json& latency = member(member(payload, "metrics"), "latencyMs");
  if (latency.is_number()) line += ", " + std::to_string(latency.get<long long>()) + " ms";
  return line;
}

}  // namespace agentlift::bedrock
