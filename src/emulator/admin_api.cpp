// The unsigned /_agentcore_local/ endpoints (admin_api.hpp).
#include "emulator/admin_api.hpp"

#include <algorithm>
#include <mutex>

#include "base/errors.hpp"

namespace agentlift::emulator {
namespace {

AdminReply error(int status, std::string message) {
  return {status, Json{{"message", std::move(message)}}};
}

void redact_values(Json& map) {
  if (!map.is_object()) return;
  for (auto& [key, value] : map.items()) value = "***";
}

// Environment variable values and remote MCP header values anywhere below `value`.
void redact(Json& value) {
  if (value.is_object()) {
    for (auto& [key, member] : value.items()) {
      if (key == "environmentVariables") {
        redact_values(member);
      } else if (key == "remoteMcp" && member.is_object() && member.contains("headers")) {
        redact_values(member["headers"]);
      } else {
        redact(member);
      }
    }
  } else if (value.is_array()) {
    for (Json& item : value) redact(item);
  }
}

AdminReply arm_faults(const IncomingRequest& request, FaultTable& faults,
                      const std::vector<std::string>& operations) {
  const Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded())
    return error(400, "The body must be JSON: a fault rule or {\"faults\":[...]}");
  std::vector<FaultRule> rules;
  try {
    const bool many = body.is_object() && body.contains("faults");
    if (many && !body["faults"].is_array()) return error(400, "'faults' must be a list");
    for (const Json& item : many ? body["faults"] : Json::array({body})) {
      FaultRule rule = fault_from_json(item);
      if (rule.operation != "*" &&
          std::find(operations.begin(), operations.end(), rule.operation) == operations.end()) {
        return error(400, "fault: unknown operation '" + rule.operation + "'");
      }
      rules.push_back(std::move(rule));
    }
  } catch (const Error& problem) {
    return error(400, problem.what());
  }
  for (FaultRule& rule : rules) faults.add(std::move(rule));
  return {200, faults.to_json()};
}

}  // namespace

Json redacted_state(const Json& state) {
  Json copy = state;
  redact(copy);
  return copy;
}

AdminReply handle_admin(const IncomingRequest& request, ResourceStore& store, FaultTable& faults,
                        const std::vector<std::string>& operations) {
  const std::string_view name = std::string_view(request.path).substr(k_admin_prefix.size());
  if (name == "health") {
    if (request.method != "GET") return error(405, "Use GET");
    return {200, Json{{"status", "ok"}}};
  }
  if (name == "state") {
    if (request.method != "GET") return error(405, "Use GET");
    std::lock_guard lock(store.mutex());
    // Listing purges deletions that have completed, so the state is current.
    store.list(ResourceKind::harness);
    store.list(ResourceKind::runtime);
    return {200, redacted_state(store.to_json())};
  }
  if (name == "faults") {
    if (request.method == "GET") return {200, faults.to_json()};
    if (request.method == "POST") return arm_faults(request, faults, operations);
    if (request.method == "DELETE") {
      faults.clear();
      return {200, faults.to_json()};
    }
    return error(405, "Use GET, POST or DELETE");
  }
  return error(404,
               "Unknown agentcore-local endpoint; see GET /_agentcore_local/state or "
               "/_agentcore_local/faults");
}

}  // namespace agentlift::emulator
