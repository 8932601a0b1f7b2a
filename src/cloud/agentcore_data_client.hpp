#pragma once
// Amazon Bedrock AgentCore data plane (`bedrock-agentcore`, restJson1), the two
// ways to talk to a deployed agent (aws-wire.md §3):
//   InvokeHarness      POST /harnesses/invoke?harnessArn=…  → an AWS event stream
//   InvokeAgentRuntime POST /runtimes/{arn}/invocations     → JSON or server-sent events
// Both stream: events and SSE data are handed to a callback as they arrive, so
// a long answer shows up while it is written.

#include <functional>
#include <optional>
#include <string>

#include "base/json.hpp"
#include "cloud/aws_client.hpp"
#include "cloud/uuid.hpp"

namespace agentlift::cloud {

struct InvokeHarnessRequest {
  std::string harness_arn;
  std::optional<std::string> qualifier;  // endpoint name; the service default is DEFAULT
  std::string session_id;      // 33-100 chars; "" makes a fresh one (returned in the result)
  Json body = Json::object();  // {"messages": [...], …overrides}
};

// One `:message-type: event` of the stream: its `:event-type` (the union member,
// e.g. "contentBlockDelta") and its JSON payload.
struct HarnessEvent {
  std::string type;
  Json payload;
};

struct InvokeHarnessResult {
  std::string session_id;
  int events = 0;
};

struct InvokeRuntimeRequest {
  std::string runtime_arn;  // the full ARN (encoded into the path)
  std::optional<std::string> qualifier;
  std::string session_id;  // "" makes a fresh one
  std::string payload;     // the raw body, typically {"prompt": "…"}
  std::string content_type = "application/json";
  std::string accept = "application/json, text/event-stream";
};

struct InvokeRuntimeResult {
  int status = 0;
  std::string content_type;
  std::string session_id;  // as the service answered it
  bool streamed = false;   // true: the body came as server-sent events (see on_data)
  std::string body;        // the whole body when not streamed
};

class AgentCoreDataClient {
 public:
  // Bodies that are not streamed are read up to this size.
  static constexpr std::size_t k_max_body_bytes = 100 * 1024 * 1024;

  // `client` must be configured for the data-plane endpoint with signing name
  // "bedrock-agentcore"; it is not owned.
  explicit AgentCoreDataClient(AwsClient& client, TokenSource session_ids = random_uuid_v4)
      : m_client(client), m_session_ids(std::move(session_ids)) {}

  // Streams the harness's answer to `on_event`. An in-stream exception or error
  // message becomes an HttpError (status 200, the stream's error code); a
  // malformed stream an eventstream::DecodeError.
  InvokeHarnessResult invoke_harness(const InvokeHarnessRequest& request,
                                     const std::function<void(const HarnessEvent&)>& on_event);

  // With an SSE answer, `on_data` receives each event's data as it arrives and
  // the result has streamed = true; otherwise the body is in the result.
  InvokeRuntimeResult invoke_agent_runtime(
      const InvokeRuntimeRequest& request,
      const std::function<void(const std::string& data)>& on_data);

 private:
  AwsClient& m_client;
  TokenSource m_session_ids;
};

// The text of a harness event stream's `contentBlockDelta` event, "" for others.
std::string harness_text_delta(const HarnessEvent& event);

}  // namespace agentlift::cloud
