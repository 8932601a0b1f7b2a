#include "cloud/rest_json.hpp"

#include "base/errors.hpp"
#include "cloud/uri_encoding.hpp"

namespace agentlift::cloud::rest_json {

std::string label(std::string_view value) { return percent_encode(value, Slash::encode); }

HttpRequest request(std::string method, std::string path, const Query& query,
                    const std::optional<Json>& body) {
  HttpRequest out;
  out.method = std::move(method);
  out.url = std::move(path);
  char separator = '?';
  for (const auto& [key, value] : query) {
    out.url += separator;
    out.url += percent_encode(key, Slash::encode);
    out.url += '=';
    out.url += percent_encode(value, Slash::encode);
    separator = '&';
  }
  if (body) {
    out.set_header("Content-Type", "application/json");
    out.body = body->dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  return out;
}

Json parse_reply(const HttpResponse& response, std::string_view service,
                 std::string_view operation) {
  if (response.body.empty()) return Json::object();
  Json parsed = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    throw Error(std::string(service) + " " + std::string(operation) + " answered HTTP " +
                    std::to_string(response.status) + " with a body that is not a JSON object (" +
                    std::to_string(response.body.size()) + " bytes)",
                "check that the endpoint URL points at AgentCore (--endpoint-url, "
                "AWS_ENDPOINT_URL_*) and not at a proxy or another service");
  }
  return parsed;
}

}  // namespace agentlift::cloud::rest_json
