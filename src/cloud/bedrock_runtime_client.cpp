#include "cloud/bedrock_runtime_client.hpp"

#include "cloud/rest_json.hpp"

namespace agentlift::cloud {

Json BedrockRuntimeClient::converse(const std::string& model_id, const Json& body) {
  // The model id is one URI label: "us.anthropic.x-v1:0" -> "us.anthropic.x-v1%3A0".
  const HttpRequest request =
      rest_json::request("POST", "/model/" + rest_json::label(model_id) + "/converse", {}, body);
  const HttpResponse response = m_client.call("Converse", request, Protocol::rest_json1);
  return rest_json::parse_reply(response, "Bedrock Runtime", "Converse");
}

Json minimal_converse_body(const std::string& text, int max_tokens) {
  return Json{
      {"messages",
       Json::array({Json{{"role", "user"}, {"content", Json::array({Json{{"text", text}}})}}})},
      {"inferenceConfig", Json{{"maxTokens", max_tokens}}}};
}

}  // namespace agentlift::cloud
