#include "cloud/agentcore_control_client.hpp"

#include <utility>

#include "base/errors.hpp"
#include "cloud/rest_json.hpp"

namespace agentlift::cloud {
namespace {

using rest_json::label;
using rest_json::string_member;

const char* const k_service = "AgentCore Control";

rest_json::Query list_query(const ListOptions& options) {
  rest_json::Query query;
  if (options.max_results) query.emplace_back("maxResults", std::to_string(*options.max_results));
  if (options.next_token) query.emplace_back("nextToken", *options.next_token);
  return query;
}

std::optional<std::string> next_token_of(const Json& reply) {
  std::string token = string_member(reply, "nextToken");
  if (token.empty()) return std::nullopt;
  return token;
}

// The object under `key`, which a well-formed reply always has.
const Json& required_object(const Json& reply, const char* key, const std::string& operation) {
  const auto found = reply.find(key);
  if (found == reply.end() || !found->is_object()) {
    throw Error(std::string(k_service) + " " + operation + " answered without a \"" + key +
                "\" object");
  }
  return *found;
}

const Json& required_array(const Json& reply, const char* key, const std::string& operation) {
  const auto found = reply.find(key);
  if (found == reply.end() || !found->is_array()) {
    throw Error(std::string(k_service) + " " + operation + " answered without a \"" + key +
                "\" list");
  }
  return *found;
}

AgentCoreResource checked(AgentCoreResource resource, const std::string& operation) {
  if (resource.id.empty() || resource.status.empty()) {
    throw Error(std::string(k_service) + " " + operation +
                " answered without an id or a status for the resource");
  }
  return resource;
}

template <typename FromJson>
Page<AgentCoreResource> page_of(const Json& reply, const char* key, const std::string& operation,
                                FromJson from_json) {
  Page<AgentCoreResource> page;
  for (const Json& item : required_array(reply, key, operation)) {
    page.items.push_back(checked(from_json(item), operation));
  }
  page.next_token = next_token_of(reply);
  return page;
}

template <typename ListPage>
std::vector<AgentCoreResource> follow_pages(ListPage list_page, int max_pages,
                                            const char* operation) {
  std::vector<AgentCoreResource> all;
  ListOptions options;
  for (int page = 0; page < max_pages; ++page) {
    Page<AgentCoreResource> result = list_page(options);
    for (auto& item : result.items) all.push_back(std::move(item));
    if (!result.next_token) return all;
    if (options.next_token == result.next_token) {
      throw Error(std::string(k_service) + " " + operation +
                  " returned the same nextToken twice; stopping instead of looping");
    }
    options.next_token = std::move(result.next_token);
  }
  throw Error(std::string(k_service) + " " + operation + " still had more results after " +
              std::to_string(max_pages) + " pages");
}

}  // namespace

bool is_transitional_status(const std::string& status) {
  return status == "CREATING" || status == "UPDATING" || status == "DELETING";
}

AgentCoreResource harness_from_json(const Json& harness) {
  AgentCoreResource out;
  out.id = string_member(harness, "harnessId");
  out.name = string_member(harness, "harnessName");
  out.arn = string_member(harness, "arn");
  out.status = string_member(harness, "status");
  out.version = string_member(harness, "harnessVersion");
  out.failure_reason = string_member(harness, "failureReason");
  if (harness.is_object()) out.raw = harness;
  return out;
}

AgentCoreResource agent_runtime_from_json(const Json& runtime) {
  AgentCoreResource out;
  out.id = string_member(runtime, "agentRuntimeId");
  out.name = string_member(runtime, "agentRuntimeName");
  out.arn = string_member(runtime, "agentRuntimeArn");
  out.status = string_member(runtime, "status");
  out.version = string_member(runtime, "agentRuntimeVersion");
  out.failure_reason = string_member(runtime, "failureReason");
  if (runtime.is_object()) out.raw = runtime;
  return out;
}

Json AgentCoreControlClient::call(const std::string& operation, const HttpRequest& request) {
  const HttpResponse response = m_client.call(operation, request, Protocol::rest_json1);
  return rest_json::parse_reply(response, k_service, operation);
}

Json AgentCoreControlClient::with_client_token(Json body) {
  if (!body.is_object()) throw Error("internal: an AgentCore request body must be a JSON object");
  if (!body.contains("clientToken")) body["clientToken"] = m_tokens();
  return body;
}

// ---- Harness ------------------------------------------------------------------

AgentCoreResource AgentCoreControlClient::create_harness(Json body) {
  const std::string operation = "CreateHarness";
  const Json reply = call(
      operation, rest_json::request("POST", "/harnesses", {}, with_client_token(std::move(body))));
  return checked(harness_from_json(required_object(reply, "harness", operation)), operation);
}

AgentCoreResource AgentCoreControlClient::get_harness(const std::string& harness_id,
                                                      const std::optional<std::string>& version) {
  const std::string operation = "GetHarness";
  rest_json::Query query;
  if (version) query.emplace_back("harnessVersion", *version);
  const Json reply =
      call(operation, rest_json::request("GET", "/harnesses/" + label(harness_id), query));
  return checked(harness_from_json(required_object(reply, "harness", operation)), operation);
}

AgentCoreResource AgentCoreControlClient::update_harness(const std::string& harness_id, Json body) {
  const std::string operation = "UpdateHarness";
  const Json reply = call(operation, rest_json::request("PATCH", "/harnesses/" + label(harness_id),
                                                        {}, with_client_token(std::move(body))));
  return checked(harness_from_json(required_object(reply, "harness", operation)), operation);
}

AgentCoreResource AgentCoreControlClient::delete_harness(const std::string& harness_id) {
  const std::string operation = "DeleteHarness";
  const Json reply = call(operation, rest_json::request("DELETE", "/harnesses/" + label(harness_id),
                                                        {{"clientToken", m_tokens()}}));
  AgentCoreResource out;
  if (const auto found = reply.find("harness"); found != reply.end() && found->is_object()) {
    out = harness_from_json(*found);
  }
  if (out.id.empty()) out.id = harness_id;
  if (out.status.empty()) out.status = "DELETING";
  return out;
}

Page<AgentCoreResource> AgentCoreControlClient::list_harnesses(const ListOptions& options) {
  const std::string operation = "ListHarnesses";
  const Json reply = call(operation, rest_json::request("GET", "/harnesses", list_query(options)));
  return page_of(reply, "harnesses", operation, harness_from_json);
}

std::vector<AgentCoreResource> AgentCoreControlClient::list_all_harnesses(int max_pages) {
  return follow_pages([this](const ListOptions& options) { return list_harnesses(options); },
                      max_pages, "ListHarnesses");
}

// ---- Agent runtime ------------------------------------------------------------

AgentCoreResource AgentCoreControlClient::create_agent_runtime(Json body) {
  const std::string operation = "CreateAgentRuntime";
  std::string name = string_member(body, "agentRuntimeName");
  const Json reply = call(
      operation, rest_json::request("PUT", "/runtimes/", {}, with_client_token(std::move(body))));
  AgentCoreResource out = checked(agent_runtime_from_json(reply), operation);
  if (out.name.empty()) out.name = std::move(name);
  return out;
}

AgentCoreResource AgentCoreControlClient::get_agent_runtime(
    const std::string& runtime_id, const std::optional<std::string>& version) {
  const std::string operation = "GetAgentRuntime";
  rest_json::Query query;
  if (version) query.emplace_back("version", *version);
  const Json reply =
      call(operation, rest_json::request("GET", "/runtimes/" + label(runtime_id) + "/", query));
  return checked(agent_runtime_from_json(reply), operation);
}

AgentCoreResource AgentCoreControlClient::update_agent_runtime(const std::string& runtime_id,
                                                               Json body) {
  const std::string operation = "UpdateAgentRuntime";
  const Json reply =
      call(operation, rest_json::request("PUT", "/runtimes/" + label(runtime_id) + "/", {},
                                         with_client_token(std::move(body))));
  return checked(agent_runtime_from_json(reply), operation);
}

AgentCoreResource AgentCoreControlClient::delete_agent_runtime(const std::string& runtime_id) {
  const std::string operation = "DeleteAgentRuntime";
  const Json reply =
      call(operation, rest_json::request("DELETE", "/runtimes/" + label(runtime_id) + "/",
                                         {{"clientToken", m_tokens()}}));
  AgentCoreResource out = agent_runtime_from_json(reply);
  if (out.id.empty()) out.id = runtime_id;
  if (out.status.empty()) out.status = "DELETING";
  return out;
}

Page<AgentCoreResource> AgentCoreControlClient::list_agent_runtimes(const ListOptions& options) {
  const std::string operation = "ListAgentRuntimes";
  // A POST without a body, as the model binds both members to the query string.
  const Json reply = call(operation, rest_json::request("POST", "/runtimes/", list_query(options)));
  return page_of(reply, "agentRuntimes", operation, agent_runtime_from_json);
}

std::vector<AgentCoreResource> AgentCoreControlClient::list_all_agent_runtimes(int max_pages) {
  return follow_pages([this](const ListOptions& options) { return list_agent_runtimes(options); },
                      max_pages, "ListAgentRuntimes");
}

}  // namespace agentlift::cloud
