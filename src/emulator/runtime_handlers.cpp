// Control-plane handlers for agent runtimes and runtime endpoints
// (handler_support.hpp describes the handler contract). UpdateAgentRuntime
// requires the artifact and role every time; the optional members it carries
// replace the previous version's, the ones it leaves out are kept. Every
// successful update adds a version.
#include <string>

#include "emulator/api_error.hpp"
#include "emulator/handler_support.hpp"

namespace agentlift::emulator {
namespace {

constexpr std::string_view k_config_members[] = {
    "agentRuntimeArtifact",     "roleArn",
    "networkConfiguration",     "description",
    "authorizerConfiguration",  "requestHeaderConfiguration",
    "protocolConfiguration",    "lifecycleConfiguration",
    "metadataConfiguration",    "environmentVariables",
    "filesystemConfigurations", "capacityProviderConfiguration"};

// GetAgentRuntime's optional members, in the model's order.
constexpr std::string_view k_optional_output_members[] = {
    "agentRuntimeArtifact",     "protocolConfiguration",        "environmentVariables",
    "authorizerConfiguration",  "requestHeaderConfiguration",   "metadataConfiguration",
    "filesystemConfigurations", "capacityProviderConfiguration"};

Resource& require_runtime(ResourceStore& store, const Json& input) {
  const std::string id = string_member(input, "agentRuntimeId");
  if (Resource* runtime = store.find(ResourceKind::runtime, id)) return *runtime;
  throw ApiError::not_found("AgentRuntime not found: " + id);
}

Json runtime_config(const Json& input) {
  Json config = {
      {"networkConfiguration", {{"networkMode", "PUBLIC"}}},
      {"protocolConfiguration", {{"serverProtocol", "HTTP"}}},
      {"lifecycleConfiguration", {{"idleRuntimeSessionTimeout", 900}, {"maxLifetime", 28800}}}};
  for (std::string_view member : k_config_members) {
    const auto it = input.find(std::string(member));
    if (it == input.end()) continue;
    if (member == "lifecycleConfiguration") {
      for (const auto& [key, value] : it->items()) config["lifecycleConfiguration"][key] = value;
    } else {
      config[std::string(member)] = *it;
    }
  }
  return config;
}

Json workload_identity(const Resource& runtime) {
  return {{"workloadIdentityArn", runtime.extra.value("workloadIdentityArn", "")}};
}

std::string version_status(ResourceStore& store, const Resource& runtime,
                           const ResourceVersion& version) {
  return &version == &runtime.latest() ? store.status(runtime) : store.version_status(version);
}

Json render_runtime(ResourceStore& store, const Resource& runtime, const ResourceVersion& version) {
  const std::string status = version_status(store, runtime, version);
  const Json& config = version.config;
  Json out = {{"agentRuntimeArn", runtime.arn},
              {"agentRuntimeName", runtime.name},
              {"agentRuntimeId", runtime.id},
              {"agentRuntimeVersion", version.number},
              {"createdAt", runtime.created_at},
              {"lastUpdatedAt", version.created_at},
              {"roleArn", config.value("roleArn", "")},
              {"networkConfiguration", config.value("networkConfiguration", Json::object())},
              {"status", status},
              {"lifecycleConfiguration", config.value("lifecycleConfiguration", Json::object())}};
  if (status.ends_with("_FAILED")) out["failureReason"] = version.failure_reason;
  if (config.contains("description")) out["description"] = config["description"];
  out["workloadIdentityDetails"] = workload_identity(runtime);
  for (std::string_view member : k_optional_output_members) {
    const auto it = config.find(std::string(member));
    if (it != config.end()) out[std::string(member)] = *it;
  }
  return out;
}

// ListAgentRuntimes / ListAgentRuntimeVersions items (every member required).
Json runtime_summary(ResourceStore& store, const Resource& runtime,
                     const ResourceVersion& version) {
  return {{"agentRuntimeArn", runtime.arn},
          {"agentRuntimeId", runtime.id},
          {"agentRuntimeVersion", version.number},
          {"agentRuntimeName", runtime.name},
          {"description", version.config.value("description", "")},
          {"lastUpdatedAt", version.created_at},
          {"status", version_status(store, runtime, version)}};
}

std::string endpoint_arn(const Resource& runtime, const ResourceEndpoint& endpoint) {
  return runtime.arn + "/runtime-endpoint/" + endpoint.name;
}

Json render_endpoint(ResourceStore& store, const Resource& runtime,
                     const ResourceEndpoint& endpoint) {
  const std::string status = store.endpoint_status(runtime, endpoint);
  Json out = Json::object();
  if (const std::string live = store.live_version(runtime, endpoint); !live.empty()) {
    out["liveVersion"] = live;
  }
  out["targetVersion"] = store.target_version(runtime, endpoint);
  out["agentRuntimeEndpointArn"] = endpoint_arn(runtime, endpoint);
  out["agentRuntimeArn"] = runtime.arn;
  if (!endpoint.description.empty()) out["description"] = endpoint.description;
  out["status"] = status;
  out["createdAt"] = endpoint.created_at;
  out["lastUpdatedAt"] = endpoint.updated_at;
  if (status.ends_with("_FAILED")) out["failureReason"] = endpoint.failure_reason;
  out["name"] = endpoint.name;
  out["id"] = endpoint.id;
  return out;
}

// ---- Agent runtimes --------------------------------------------------------------

Json create_agent_runtime(ResourceStore& store, const Json& input, const CallContext& context) {
  if (auto replayed = store.replay("CreateAgentRuntime", "", input)) {
    // As on AWS: a token whose runtime was deleted is not replayed.
    if (!store.find(ResourceKind::runtime, replayed->value("agentRuntimeId", ""))) {
      throw ApiError::conflict(
          "The agent runtime created with this clientToken has since been deleted; send the "
          "request again without clientToken, or with a new one");
    }
    return *replayed;
  }
  const std::string name = string_member(input, "agentRuntimeName");
  if (store.find_by_name(ResourceKind::runtime, name)) {
    throw ApiError::conflict("An agent runtime named " + name + " already exists");
  }
  Resource runtime;
  runtime.kind = ResourceKind::runtime;
  runtime.name = name;
  runtime.id = store.ids().suffixed(name);
  runtime.arn = store.arn("runtime/" + runtime.id);
  runtime.created_at = store.now();
  runtime.tags = input.value("tags", Json::object());
  runtime.extra["workloadIdentityArn"] =
      store.arn("workload-identity-directory/default/workload-identity/" + runtime.id);
  runtime.versions.push_back(next_version(store, nullptr, runtime_config(input), context));
  runtime.endpoints.push_back(default_endpoint(store));
  const Resource& added = store.add(std::move(runtime));

  Json output = {
      {"agentRuntimeArn", added.arn},  {"workloadIdentityDetails", workload_identity(added)},
      {"agentRuntimeId", added.id},    {"agentRuntimeVersion", added.latest().number},
      {"createdAt", added.created_at}, {"status", store.status(added)}};
  store.remember("CreateAgentRuntime", "", input, output);
  return output;
}

Json get_agent_runtime(ResourceStore& store, const Json& input, const CallContext&) {
  const Resource& runtime = require_runtime(store, input);
  const std::string number = string_member(input, "agentRuntimeVersion");
  return render_runtime(
      store, runtime,
      number.empty() ? runtime.latest() : require_version(runtime, number, "version"));
}

Json update_agent_runtime(ResourceStore& store, const Json& input, const CallContext& context) {
  Resource& runtime = require_runtime(store, input);
  if (auto replayed = store.replay("UpdateAgentRuntime", runtime.id, input)) return *replayed;
  if (store.busy(runtime)) {
    throw ApiError::conflict("AgentRuntime " + runtime.id + " is " + store.status(runtime) +
                             "; wait until it is READY before updating it");
  }
  // Members the update leaves out keep their values: AWS keeps, for example,
  // environment variables an update omits (docs/emulator.md).
  Json config = runtime.latest().config;
  const Json requested = runtime_config(input);
  for (const auto& [member, value] : requested.items()) {
    if (input.contains(member) || !config.contains(member)) config[member] = value;
  }
  runtime.versions.push_back(next_version(store, &runtime, std::move(config), context));
  Json output = {{"agentRuntimeArn", runtime.arn},
                 {"agentRuntimeId", runtime.id},
                 {"workloadIdentityDetails", workload_identity(runtime)},
                 {"agentRuntimeVersion", runtime.latest().number},
                 {"createdAt", runtime.created_at},
                 {"lastUpdatedAt", runtime.latest().created_at},
                 {"status", store.status(runtime)}};
  store.remember("UpdateAgentRuntime", runtime.id, input, output);
  return output;
}

Json delete_agent_runtime(ResourceStore& store, const Json& input, const CallContext&) {
  const std::string id = string_member(input, "agentRuntimeId");
  if (auto replayed = store.replay("DeleteAgentRuntime", id, input)) return *replayed;
  Resource& runtime = require_runtime(store, input);
  const std::string number = string_member(input, "agentRuntimeVersion");
  Json output;
  if (number.empty()) {
    if (runtime.deleted_at == 0) runtime.deleted_at = store.now();
    output = {{"status", "DELETING"},
              {"agentRuntimeId", runtime.id},
              {"agentRuntimeVersion", runtime.latest().number}};
  } else {
    // One version only: not the latest, and not one a named endpoint serves.
    const ResourceVersion& version = require_version(runtime, number, "version");
    if (&version == &runtime.latest()) {
      throw ApiError::conflict("The latest version of " + runtime.id +
                               " cannot be deleted on its own; delete the runtime instead");
    }
    for (ResourceEndpoint* endpoint : store.endpoints(runtime)) {
      if (store.target_version(runtime, *endpoint) == number ||
          store.live_version(runtime, *endpoint) == number) {
        throw ApiError::conflict("Version " + number + " of " + runtime.id +
                                 " is used by an endpoint; move the endpoint first");
      }
    }
    std::erase_if(runtime.versions,
                  [&](const ResourceVersion& candidate) { return candidate.number == number; });
    output = {
        {"status", "DELETING"}, {"agentRuntimeId", runtime.id}, {"agentRuntimeVersion", number}};
  }
  store.remember("DeleteAgentRuntime", id, input, output);
  return output;
}

Json list_agent_runtimes(ResourceStore& store, const Json& input, const CallContext&) {
  const std::vector<Resource*> runtimes = store.list(ResourceKind::runtime);
  Json out = {{"agentRuntimes", Json::array()}};
  const Page page = page_of(
      runtimes, [](const Resource* runtime) { return ResourceStore::sort_key(*runtime); }, input,
      out);
  for (std::size_t i = page.begin; i < page.end; ++i) {
    out["agentRuntimes"].push_back(runtime_summary(store, *runtimes[i], runtimes[i]->latest()));
  }
  return out;
}

Json list_agent_runtime_versions(ResourceStore& store, const Json& input, const CallContext&) {
  const Resource& runtime = require_runtime(store, input);
  Json out = {{"agentRuntimes", Json::array()}};
  const Page page = page_of(runtime.versions, version_sort_key, input, out);
  for (std::size_t i = page.begin; i < page.end; ++i) {
    out["agentRuntimes"].push_back(runtime_summary(store, runtime, runtime.versions[i]));
  }
  return out;
}

// ---- Runtime endpoints -------------------------------------------------------------

Json create_agent_runtime_endpoint(ResourceStore& store, const Json& input,
                                   const CallContext& context) {
  Resource& runtime = require_runtime(store, input);
  if (auto replayed = store.replay("CreateAgentRuntimeEndpoint", runtime.id, input)) {
    return *replayed;
  }
  const ResourceEndpoint& endpoint = create_endpoint(
      store, runtime, string_member(input, "name"), string_member(input, "agentRuntimeVersion"),
      string_member(input, "description"), input.value("tags", Json::object()), context);
  Json output = {{"targetVersion", store.target_version(runtime, endpoint)},
                 {"agentRuntimeEndpointArn", endpoint_arn(runtime, endpoint)},
                 {"agentRuntimeArn", runtime.arn},
                 {"agentRuntimeId", runtime.id},
                 {"endpointName", endpoint.name},
                 {"status", store.endpoint_status(runtime, endpoint)},
                 {"createdAt", endpoint.created_at}};
  store.remember("CreateAgentRuntimeEndpoint", runtime.id, input, output);
  return output;
}

Json get_agent_runtime_endpoint(ResourceStore& store, const Json& input, const CallContext&) {
  Resource& runtime = require_runtime(store, input);
  return render_endpoint(store, runtime,
                         require_endpoint(store, runtime, string_member(input, "endpointName")));
}

Json update_agent_runtime_endpoint(ResourceStore& store, const Json& input,
                                   const CallContext& context) {
  Resource& runtime = require_runtime(store, input);
  const std::string scope = runtime.id + "/" + string_member(input, "endpointName");
  if (auto replayed = store.replay("UpdateAgentRuntimeEndpoint", scope, input)) return *replayed;
  const ResourceEndpoint& endpoint = update_endpoint(
      store, runtime, string_member(input, "endpointName"), input, "agentRuntimeVersion", context);
  Json output = render_endpoint(store, runtime, endpoint);
  for (const char* member : {"description", "failureReason", "name", "id"}) output.erase(member);
  store.remember("UpdateAgentRuntimeEndpoint", scope, input, output);
  return output;
}

Json delete_agent_runtime_endpoint(ResourceStore& store, const Json& input, const CallContext&) {
  Resource& runtime = require_runtime(store, input);
  const std::string scope = runtime.id + "/" + string_member(input, "endpointName");
  if (auto replayed = store.replay("DeleteAgentRuntimeEndpoint", scope, input)) return *replayed;
  const ResourceEndpoint& endpoint =
      delete_endpoint(store, runtime, string_member(input, "endpointName"));
  Json output = {
      {"status", "DELETING"}, {"agentRuntimeId", runtime.id}, {"endpointName", endpoint.name}};
  store.remember("DeleteAgentRuntimeEndpoint", scope, input, output);
  return output;
}

Json list_agent_runtime_endpoints(ResourceStore& store, const Json& input, const CallContext&) {
  Resource& runtime = require_runtime(store, input);
  const std::vector<ResourceEndpoint*> endpoints = store.endpoints(runtime);
  Json out = {{"runtimeEndpoints", Json::array()}};
  const Page page = page_of(
      endpoints, [](const ResourceEndpoint* endpoint) { return endpoint_sort_key(*endpoint); },
      input, out);
  for (std::size_t i = page.begin; i < page.end; ++i) {
    out["runtimeEndpoints"].push_back(render_endpoint(store, runtime, *endpoints[i]));
  }
  return out;
}

}  // namespace

std::vector<HandlerEntry> runtime_handlers() {
  return {
      {"CreateAgentRuntime", create_agent_runtime, true},
      {"GetAgentRuntime", get_agent_runtime, false},
      {"UpdateAgentRuntime", update_agent_runtime, true},
      {"DeleteAgentRuntime", delete_agent_runtime, true},
      {"ListAgentRuntimes", list_agent_runtimes, false},
      {"ListAgentRuntimeVersions", list_agent_runtime_versions, false},
      {"CreateAgentRuntimeEndpoint", create_agent_runtime_endpoint, true},
      {"GetAgentRuntimeEndpoint", get_agent_runtime_endpoint, false},
      {"UpdateAgentRuntimeEndpoint", update_agent_runtime_endpoint, true},
      {"DeleteAgentRuntimeEndpoint", delete_agent_runtime_endpoint, true},
      {"ListAgentRuntimeEndpoints", list_agent_runtime_endpoints, false},
  };
}

}  // namespace agentlift::emulator
