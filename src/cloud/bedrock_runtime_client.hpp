#pragma once
// Bedrock Runtime over restJson1 (aws-wire.md §8, signing name "bedrock"), just
// Converse: `agentlift doctor --probe-model` sends one tiny message to see
// whether the account may use a model (Gate A).

#include <string>

#include "base/json.hpp"
#include "cloud/aws_client.hpp"

namespace agentlift::cloud {

class BedrockRuntimeClient {
 public:
  // `client` must be configured for Bedrock Runtime (signing name "bedrock");
  // it is not owned.
  explicit BedrockRuntimeClient(AwsClient& client) : m_client(client) {}

  // POST /model/{modelId}/converse with `body` (a ConverseRequest without the
  // modelId); returns the reply object. Throws HttpError for an error reply.
  Json converse(const std::string& model_id, const Json& body);

 private:
  AwsClient& m_client;
};

// The smallest Converse request: one user message, at most `max_tokens` tokens.
Json minimal_converse_body(const std::string& text, int max_tokens = 1);

}  // namespace agentlift::cloud
