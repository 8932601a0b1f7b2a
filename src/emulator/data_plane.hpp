#pragma once
// The data plane (`bedrock-agentcore`): InvokeHarness, InvokeAgentRuntime and
// StopRuntimeSession against the resources in the store. Nothing runs a model
// or a container: the reply is a deterministic text that names what was
// deployed (harness: model id, tools with their types, skills, system prompt
// size; runtime: artifact and protocol) and echoes the caller's last message,
// so tests can see both what was deployed and what was sent.
//
// Only a READY version is invoked: the endpoint's live version (DEFAULT: the
// latest READY one). With none, the call fails before streaming with
// ValidationException reason ResourceConflict (the model's reason for "the
// resource is not in a state that allows this"; InvokeHarness lists no
// ConflictException). Unknown targets are ResourceNotFoundException.

#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "emulator/resource_store.hpp"

namespace agentlift::emulator {

// One event of the InvokeHarness stream: `:event-type` and its JSON payload.
struct HarnessEvent {
  std::string type;  // messageStart, contentBlockDelta, contentBlockStop, messageStop, metadata
  Json payload;
};

struct RuntimeReply {
  // InvokeAgentRuntime output members bound to headers and status
  // (contentType, runtimeSessionId, statusCode) for ServiceModel::serialize_output.
  Json output;
  // The body: one chunk for JSON, one `data: ...\n\n` event per chunk for SSE.
  std::vector<std::string> chunks;
  bool event_stream = false;  // text/event-stream
};

// How a target wants its callers authenticated.
enum class InboundAuth { unknown_target, sigv4, jwt };

class DataPlane {
 public:
  explicit DataPlane(ResourceStore& store);

  // Throws ApiError (before any event) when the harness is unknown or not ready.
  std::vector<HarnessEvent> invoke_harness(const Json& input);
  // `payload` is the raw request body; `session_id` the one to answer with.
  RuntimeReply invoke_runtime(const Json& input, std::string_view payload,
                              const std::string& session_id);
  Json stop_runtime_session(const Json& input);

  // Whether the target of an invocation has a customJWTAuthorizer (then it
  // takes `Authorization: Bearer` instead of SigV4, as on AWS).
  InboundAuth inbound_auth(std::string_view operation, const Json& input);

 private:
  ResourceStore& m_store;
};

// The reply text InvokeHarness streams, exposed for tests.
std::string harness_reply_text(const Resource& harness, const ResourceVersion& version,
                               const std::string& qualifier, const Json& input);

}  // namespace agentlift::emulator
