#pragma once
// Amazon Bedrock AgentCore control plane (`bedrock-agentcore-control`, restJson1,
// signed as `bedrock-agentcore`), the calls the deploy paths need: harnesses and
// agent runtimes, create / get / update / delete / list (aws-wire.md §1-2).
//
// Thin on purpose: request bodies are the JSON the service documents (built by
// the Bedrock target from a plan), replies are read into small structs that keep
// the whole JSON too. Every Create/Update/Delete carries a clientToken, made once
// per logical call, so the retries AwsClient does are idempotent on AWS's side.

#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "cloud/aws_client.hpp"
#include "cloud/uuid.hpp"

namespace agentlift::cloud {

// A harness or agent runtime as the control plane reports it.
struct AgentCoreResource {
  std::string id;    // "support_bot-AbCdEf1234"
  std::string name;  // "support_bot"
  std::string arn;
  std::string status;   // CREATING, READY, UPDATING, *_FAILED, DELETING
  std::string version;  // "1", "2", …; "" when the reply has none
  std::string failure_reason;
  Json raw = Json::object();  // the reply's resource object, whole
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;
};

struct ListOptions {
  std::optional<int> max_results;  // 1-100
  std::optional<std::string> next_token;
};

class AgentCoreControlClient {
 public:
  // `client` must be configured for the control-plane endpoint with signing name
  // "bedrock-agentcore"; it is not owned. `tokens` makes clientTokens.
  explicit AgentCoreControlClient(AwsClient& client, TokenSource tokens = random_uuid_v4)
      : m_client(client), m_tokens(std::move(tokens)) {}

  // ---- Harness --------------------------------------------------------------
  // `body` is a CreateHarnessRequest; a clientToken is added when absent.
  AgentCoreResource create_harness(Json body);
  AgentCoreResource get_harness(const std::string& harness_id,
                                const std::optional<std::string>& version = std::nullopt);
  // PATCH semantics: only the members in `body` change.
  AgentCoreResource update_harness(const std::string& harness_id, Json body);
  AgentCoreResource delete_harness(const std::string& harness_id);
  Page<AgentCoreResource> list_harnesses(const ListOptions& options = {});

  // ---- Agent runtime --------------------------------------------------------
  // `body` is a CreateAgentRuntimeRequest. The reply names the runtime by id,
  // ARN, version and status (no name: it is taken from the request).
  AgentCoreResource create_agent_runtime(Json body);
  AgentCoreResource get_agent_runtime(const std::string& runtime_id,
                                      const std::optional<std::string>& version = std::nullopt);
  // A full replacement (PUT): artifact and role are required every time.
  AgentCoreResource update_agent_runtime(const std::string& runtime_id, Json body);
  AgentCoreResource delete_agent_runtime(const std::string& runtime_id);
  Page<AgentCoreResource> list_agent_runtimes(const ListOptions& options = {});

  // Every page of a list call, followed to the end (at most `max_pages`).
  std::vector<AgentCoreResource> list_all_harnesses(int max_pages = 100);
  std::vector<AgentCoreResource> list_all_agent_runtimes(int max_pages = 100);

 private:
  Json call(const std::string& operation, const HttpRequest& request);
  Json with_client_token(Json body);

  AwsClient& m_client;
  TokenSource m_tokens;
};

// The resource fields of a harness object (Harness or HarnessSummary).
AgentCoreResource harness_from_json(const Json& harness);
// The resource fields of an agent runtime reply or summary.
AgentCoreResource agent_runtime_from_json(const Json& runtime);

// True while a resource is still changing (CREATING, UPDATING, DELETING).
bool is_transitional_status(const std::string& status);

}  // namespace agentlift::cloud
