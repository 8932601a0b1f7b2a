#include "cloud/agentcore_data_client.hpp"

#include <algorithm>
#include <cctype>

#include "base/errors.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/eventstream.hpp"
#include "cloud/rest_json.hpp"
#include "cloud/sse.hpp"

namespace agentlift::cloud {
namespace {

const char* const k_service = "AgentCore";
const char* const k_session_header = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";

std::string header_value(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (header_name_equals(key, name)) return value;
  }
  return {};
}

bool is_event_stream(std::string content_type) {
  std::transform(content_type.begin(), content_type.end(), content_type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return content_type.find("text/event-stream") != std::string::npos;
}

// An exception or error frame in a 2xx stream, as the error a caller handles.
HttpError stream_error(const eventstream::Event& event, const std::string& operation) {
  HttpErrorInfo info;
  info.service = k_service;
  info.operation = operation;
  info.status = 200;
  info.code = event.type;
  info.message =
      event.error_message.empty() ? "the stream ended with " + event.type : event.error_message;
  // Modelled exceptions come in lower camel case ("validationException").
  if (!info.code.empty()) info.code[0] = static_cast<char>(std::toupper(info.code[0]));
  return HttpError(std::move(info));
}

}  // namespace

InvokeHarnessResult AgentCoreDataClient::invoke_harness(
    const InvokeHarnessRequest& request, const std::function<void(const HarnessEvent&)>& on_event) {
  const std::string operation = "InvokeHarness";
  rest_json::Query query{{"harnessArn", request.harness_arn}};
  if (request.qualifier) query.emplace_back("qualifier", *request.qualifier);
  HttpRequest http = rest_json::request("POST", "/harnesses/invoke", query, request.body);
  InvokeHarnessResult result;
  result.session_id = request.session_id.empty() ? m_session_ids() : request.session_id;
  http.set_header(k_session_header, result.session_id);
  http.set_header("Accept", "application/vnd.amazon.eventstream");

  eventstream::Decoder decoder;
  std::vector<eventstream::Message> frames;
  m_client.call_streaming(
      operation, http, Protocol::rest_json1, [](int, const Headers&) {},
      [&](std::string_view chunk) {
        frames.clear();
        decoder.feed(chunk, frames);
        for (const auto& frame : frames) {
          const eventstream::Event event = eventstream::Event::from(frame);
          if (event.kind != eventstream::EventKind::event) throw stream_error(event, operation);
          HarnessEvent out;
          out.type = event.type;
          out.payload = Json::parse(event.payload, nullptr, /*allow_exceptions=*/false);
          if (out.payload.is_discarded()) {
            throw eventstream::DecodeError("the " + event.type + " event's payload is not JSON",
                                           event.offset);
          }
          ++result.events;
          on_event(out);
        }
      });
  decoder.finish();
  return result;
}

InvokeRuntimeResult AgentCoreDataClient::invoke_agent_runtime(
    const InvokeRuntimeRequest& request, const std::function<void(const std::string&)>& on_data) {
  const std::string operation = "InvokeAgentRuntime";
  rest_json::Query query;
  if (request.qualifier) query.emplace_back("qualifier", *request.qualifier);
  HttpRequest http = rest_json::request(
      "POST", "/runtimes/" + rest_json::label(request.runtime_arn) + "/invocations", query);
  http.body = request.payload;
  http.set_header("Content-Type", request.content_type);
  http.set_header("Accept", request.accept);
  const std::string session_id = request.session_id.empty() ? m_session_ids() : request.session_id;
  http.set_header(k_session_header, session_id);

  InvokeRuntimeResult result;
  sse::Parser parser;
  m_client.call_streaming(
      operation, http, Protocol::rest_json1,
      [&](int status, const Headers& headers) {
        result.status = status;
        result.content_type = header_value(headers, "Content-Type");
        result.session_id = header_value(headers, k_session_header);
        if (result.session_id.empty()) result.session_id = session_id;
        result.streamed = is_event_stream(result.content_type);
      },
      [&](std::string_view chunk) {
        if (result.streamed) {
          for (const auto& event : parser.feed(chunk)) on_data(event.data);
          return;
        }
        if (result.body.size() + chunk.size() > k_max_body_bytes) {
          throw Error("the agent's answer is larger than " +
                      std::to_string(k_max_body_bytes / (1024 * 1024)) + " MiB; stopping");
        }
        result.body.append(chunk);
      });
  if (result.streamed) {
    for (const auto& event : parser.finish()) on_data(event.data);
  }
  return result;
}

std::string harness_text_delta(const HarnessEvent& event) {
  if (event.type != "contentBlockDelta" || !event.payload.is_object()) return {};
  const auto delta = event.payload.find("delta");
  if (delta == event.payload.end() || !delta->is_object()) return {};
  return rest_json::string_member(*delta, "text");
}

}  // namespace agentlift::cloud
