// Control-plane handlers for harnesses and harness endpoints (handler_support.hpp
// describes the handler contract). A harness is versioned: every successful
// UpdateHarness (PATCH: only the members present change) adds a version, and
// each harness is backed by an agent runtime AWS creates for it, reported in
// environment.agentCoreRuntimeEnvironment.
#include <string>

#include "emulator/api_error.hpp"
#include "emulator/handler_support.hpp"

namespace agentlift::emulator {
namespace {

// What AWS fills in when CreateHarness leaves a required output member out.
constexpr const char* k_default_model_id = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

// Configuration members copied from the request as they are.
constexpr std::string_view k_plain_members[] = {"executionRoleArn",
                                                "model",
                                                "systemPrompt",
                                                "tools",
                                                "skills",
                                                "allowedTools",
                                                "truncation",
                                                "environmentArtifact",
                                                "environmentVariables",
                                                "authorizerConfiguration",
                                                "memory",
                                                "maxIterations",
                                                "maxTokens",
                                                "timeoutSeconds"};
// The members UpdateHarness wraps as {"optionalValue": value} (or {} to clear).
constexpr std::string_view k_wrapped_members[] = {"environmentArtifact", "memory",
                                                  "authorizerConfiguration"};
// Output order of the configuration members.
constexpr std::string_view k_output_members[] = {"model",
                                                 "systemPrompt",
                                                 "tools",
                                                 "skills",
                                                 "allowedTools",
                                                 "truncation",
                                                 "environment",
                                                 "environmentArtifact",
                                                 "environmentVariables",
                                                 "authorizerConfiguration",
                                                 "memory",
                                                 "maxIterations",
                                                 "maxTokens",
                                                 "timeoutSeconds"};

bool is_wrapped(const std::string& member) {
  for (std::string_view name : k_wrapped_members) {
    if (member == name) return true;
  }
  return false;
}

Resource& require_harness(ResourceStore& store, const Json& input) {
  const std::string id = string_member(input, "harnessId");
  if (Resource* harness = store.find(ResourceKind::harness, id)) return *harness;
  throw ApiError::not_found("Harness not found: " + id);
}

// The managed memory AWS creates gets an ARN; an existing one keeps its ARN.
void fill_memory_arn(ResourceStore& store, const Resource& harness, Json& config,
                     const Json* previous) {
  if (!config.contains("memory") || !config["memory"].contains("managedMemoryConfiguration")) {
    return;
  }
  Json& managed = config["memory"]["managedMemoryConfiguration"];
  if (managed.contains("arn")) return;
  if (previous && previous->contains("memory") &&
      (*previous)["memory"].contains("managedMemoryConfiguration") &&
      (*previous)["memory"]["managedMemoryConfiguration"].contains("arn")) {
    managed["arn"] = (*previous)["memory"]["managedMemoryConfiguration"]["arn"];
    return;
  }
  managed["arn"] = "arn:aws:bedrock-agentcore:" + store.options().region + ":" +
                   store.options().account_id + ":memory/" +
                   store.ids().suffixed(harness.name + "_memory");
}

// environment.agentCoreRuntimeEnvironment with the backing runtime's identity
// and the request's (or the default) lifecycle and network settings.
Json backing_environment(const Resource& harness, const Json& requested) {
  Json environment = harness.extra.value("backingRuntime", Json::object());
  environment["lifecycleConfiguration"] = {{"idleRuntimeSessionTimeout", 900},
                                           {"maxLifetime", 28800}};
  environment["networkConfiguration"] = {{"networkMode", "PUBLIC"}};
  if (requested.is_object()) {
    for (const auto& [key, value] : requested.items()) {
      if (key == "lifecycleConfiguration" && value.is_object()) {
        for (const auto& [setting, number] : value.items()) {
          environment["lifecycleConfiguration"][setting] = number;
        }
      } else {
        environment[key] = value;
      }
    }
  }
  return Json{{"agentCoreRuntimeEnvironment", std::move(environment)}};
}

Json render_harness(ResourceStore& store, const Resource& harness, const ResourceVersion& version) {
  const bool latest = &version == &harness.latest();
  const std::string status = latest ? store.status(harness) : store.version_status(version);
  Json out = {{"harnessId", harness.id},
              {"harnessName", harness.name},
              {"arn", harness.arn},
              {"status", status},
              {"harnessVersion", version.number},
              {"executionRoleArn", version.config.value("executionRoleArn", "")},
              {"createdAt", harness.created_at},
              {"updatedAt", version.created_at}};
  for (std::string_view member : k_output_members) {
    const auto it = version.config.find(std::string(member));
    if (it != version.config.end()) out[std::string(member)] = *it;
  }
  if (status.ends_with("_FAILED")) out["failureReason"] = version.failure_reason;
  return out;
}

Json render_endpoint(ResourceStore& store, const Resource& harness,
                     const ResourceEndpoint& endpoint) {
  const std::string status = store.endpoint_status(harness, endpoint);
  Json out = {{"harnessId", harness.id},
              {"harnessName", harness.name},
              {"endpointName", endpoint.name},
              {"arn", harness.arn + "/harness-endpoint/" + endpoint.name},
              {"status", status},
              {"createdAt", endpoint.created_at},
              {"updatedAt", endpoint.updated_at}};
  if (const std::string live = store.live_version(harness, endpoint); !live.empty()) {
    out["liveVersion"] = live;
  }
  out["targetVersion"] = store.target_version(harness, endpoint);
  if (!endpoint.description.empty()) out["description"] = endpoint.description;
  if (status.ends_with("_FAILED")) out["failureReason"] = endpoint.failure_reason;
  return out;
}

Json summary(ResourceStore& store, const Resource& harness) {
  return {{"harnessId", harness.id},
          {"harnessName", harness.name},
          {"arn", harness.arn},
          {"status", store.status(harness)},
          {"createdAt", harness.created_at},
          {"updatedAt", harness.latest().created_at},
          {"harnessVersion", harness.latest().number}};
}

// ---- Harnesses -------------------------------------------------------------------

Json create_harness(ResourceStore& store, const Json& input, const CallContext& context) {
  if (auto replayed = store.replay("CreateHarness", "", input)) {
    // As on AWS: a token whose harness was deleted is not replayed.
    if (!store.find(ResourceKind::harness, (*replayed)["harness"].value("harnessId", ""))) {
      throw ApiError::conflict(
          "The harness created with this clientToken has since been deleted; send the request "
          "again without clientToken, or with a new one");
    }
    return *replayed;
  }
  const std::string name = string_member(input, "harnessName");
  if (store.find_by_name(ResourceKind::harness, name)) {
    throw ApiError::conflict("A harness named " + name + " already exists");
  }
  Resource harness;
  harness.kind = ResourceKind::harness;
  harness.name = name;
  harness.id = store.ids().suffixed(name);
  harness.arn = store.arn("harness/" + harness.id);
  harness.created_at = store.now();
  harness.tags = input.value("tags", Json::object());
  const std::string runtime_id = store.ids().suffixed(name);
  harness.extra["backingRuntime"] = {{"agentRuntimeArn", store.arn("runtime/" + runtime_id)},
                                     {"agentRuntimeName", name},
                                     {"agentRuntimeId", runtime_id}};

  Json config = {{"model", {{"bedrockModelConfig", {{"modelId", k_default_model_id}}}}},
                 {"systemPrompt", Json::array()},
                 {"tools", Json::array()},
                 {"skills", Json::array()},
                 {"allowedTools", Json::array({"*"})},
                 {"truncation", {{"strategy", "sliding_window"}}}};
  for (std::string_view member : k_plain_members) {
    const auto it = input.find(std::string(member));
    if (it != input.end()) config[std::string(member)] = *it;
  }
  const Json requested = input.contains("environment")
                             ? input["environment"].value("agentCoreRuntimeEnvironment", Json())
                             : Json();
  config["environment"] = backing_environment(harness, requested);
  fill_memory_arn(store, harness, config, nullptr);

  harness.versions.push_back(next_version(store, nullptr, std::move(config), context));
  harness.endpoints.push_back(default_endpoint(store));
  Resource& added = store.add(std::move(harness));
  Json output = {{"harness", render_harness(store, added, added.latest())}};
  store.remember("CreateHarness", "", input, output);
  return output;
}

Json get_harness(ResourceStore& store, const Json& input, const CallContext&) {
  const Resource& harness = require_harness(store, input);
  const std::string number = string_member(input, "harnessVersion");
  const ResourceVersion& version =
      number.empty() ? harness.latest() : require_version(harness, number, "harnessVersion");
  return {{"harness", render_harness(store, harness, version)}};
}

Json update_harness(ResourceStore& store, const Json& input, const CallContext& context) {
  Resource& harness = require_harness(store, input);
  if (auto replayed = store.replay("UpdateHarness", harness.id, input)) return *replayed;
  if (store.busy(harness)) {
    throw ApiError::conflict("Harness " + harness.id + " is " + store.status(harness) +
                             "; wait until it is READY before updating it");
  }
  const Json& previous = harness.latest().config;
  Json config = previous;
  for (const auto& [member, value] : input.items()) {
    if (member == "harnessId" || member == "clientToken") continue;
    if (is_wrapped(member)) {
      if (value.contains("optionalValue")) {
        config[member] = value["optionalValue"];
      } else {
        config.erase(member);
      }
    } else if (member == "environment") {
      Json& current = config["environment"]["agentCoreRuntimeEnvironment"];
      const Json requested = value.value("agentCoreRuntimeEnvironment", Json::object());
      for (const auto& [key, setting] : requested.items()) current[key] = setting;
    } else {
      config[member] = value;
    }
  }
  fill_memory_arn(store, harness, config, &previous);
  harness.versions.push_back(next_version(store, &harness, std::move(config), context));
  Json output = {{"harness", render_harness(store, harness, harness.latest())}};
  store.remember("UpdateHarness", harness.id, input, output);
  return output;
}

Json delete_harness(ResourceStore& store, const Json& input, const CallContext&) {
  const std::string id = string_member(input, "harnessId");
  if (auto replayed = store.replay("DeleteHarness", id, input)) return *replayed;
  Resource& harness = require_harness(store, input);
  if (harness.deleted_at == 0) harness.deleted_at = store.now();
  Json output = {{"harness", render_harness(store, harness, harness.latest())}};
  store.remember("DeleteHarness", id, input, output);
  return output;
}

Json list_harnesses(ResourceStore& store, const Json& input, const CallContext&) {
  const std::vector<Resource*> harnesses = store.list(ResourceKind::harness);
  Json out = {{"harnesses", Json::array()}};
  const Page page = page_of(
      harnesses, [](const Resource* harness) { return ResourceStore::sort_key(*harness); }, input,
      out);
  for (std::size_t i = page.begin; i < page.end; ++i) {
    out["harnesses"].push_back(summary(store, *harnesses[i]));
  }
  return out;
}

Json list_harness_versions(ResourceStore& store, const Json& input, const CallContext&) {
  const Resource& harness = require_harness(store, input);
  Json out = {{"harnessVersions", Json::array()}};
  const Page page = page_of(harness.versions, version_sort_key, input, out);
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const ResourceVersion& version = harness.versions[i];
    const bool latest = i + 1 == harness.versions.size();
    const std::string status = latest ? store.status(harness) : store.version_status(version);
    Json item = {{"harnessId", harness.id},
                 {"harnessName", harness.name},
                 {"arn", harness.arn},
                 {"harnessVersion", version.number},
                 {"status", status},
                 {"createdAt", harness.created_at},
                 {"updatedAt", version.created_at}};
    if (status.ends_with("_FAILED")) item["failureReason"] = version.failure_reason;
    out["harnessVersions"].push_back(std::move(item));
  }
  return out;
}

// ---- Harness endpoints ---------------------------------------------------------------

Json create_harness_endpoint(ResourceStore& store, const Json& input, const CallContext& context) {
  Resource& harness = require_harness(store, input);
  if (auto replayed = store.replay("CreateHarnessEndpoint", harness.id, input)) return *replayed;
  const ResourceEndpoint& endpoint = create_endpoint(
      store, harness, string_member(input, "endpointName"), string_member(input, "targetVersion"),
      string_member(input, "description"), input.value("tags", Json::object()), context);
  Json output = {{"endpoint", render_endpoint(store, harness, endpoint)}};
  store.remember("CreateHarnessEndpoint", harness.id, input, output);
  return output;
}

Json get_harness_endpoint(ResourceStore& store, const Json& input, const CallContext&) {
  Resource& harness = require_harness(store, input);
  const ResourceEndpoint& endpoint =
      require_endpoint(store, harness, string_member(input, "endpointName"));
  return {{"endpoint", render_endpoint(store, harness, endpoint)}};
}

Json update_harness_endpoint(ResourceStore& store, const Json& input, const CallContext& context) {
  Resource& harness = require_harness(store, input);
  const std::string scope = harness.id + "/" + string_member(input, "endpointName");
  if (auto replayed = store.replay("UpdateHarnessEndpoint", scope, input)) return *replayed;
  const ResourceEndpoint& endpoint = update_endpoint(
      store, harness, string_member(input, "endpointName"), input, "targetVersion", context);
  Json output = {{"endpoint", render_endpoint(store, harness, endpoint)}};
  store.remember("UpdateHarnessEndpoint", scope, input, output);
  return output;
}

Json delete_harness_endpoint(ResourceStore& store, const Json& input, const CallContext&) {
  Resource& harness = require_harness(store, input);
  const std::string scope = harness.id + "/" + string_member(input, "endpointName");
  if (auto replayed = store.replay("DeleteHarnessEndpoint", scope, input)) return *replayed;
  const ResourceEndpoint& endpoint =
      delete_endpoint(store, harness, string_member(input, "endpointName"));
  Json output = {{"endpoint", render_endpoint(store, harness, endpoint)}};
  store.remember("DeleteHarnessEndpoint", scope, input, output);
  return output;
}

Json list_harness_endpoints(ResourceStore& store, const Json& input, const CallContext&) {
  Resource& harness = require_harness(store, input);
  const std::vector<ResourceEndpoint*> endpoints = store.endpoints(harness);
  Json out = {{"endpoints", Json::array()}};
  const Page page = page_of(
      endpoints, [](const ResourceEndpoint* endpoint) { return endpoint_sort_key(*endpoint); },
      input, out);
  for (std::size_t i = page.begin; i < page.end; ++i) {
    out["endpoints"].push_back(render_endpoint(store, harness, *endpoints[i]));
  }
  return out;
}

}  // namespace

std::vector<HandlerEntry> harness_handlers() {
  return {
      {"CreateHarness", create_harness, true},
      {"GetHarness", get_harness, false},
      {"UpdateHarness", update_harness, true},
      {"DeleteHarness", delete_harness, true},
      {"ListHarnesses", list_harnesses, false},
      {"ListHarnessVersions", list_harness_versions, false},
      {"CreateHarnessEndpoint", create_harness_endpoint, true},
      {"GetHarnessEndpoint", get_harness_endpoint, false},
      {"UpdateHarnessEndpoint", update_harness_endpoint, true},
      {"DeleteHarnessEndpoint", delete_harness_endpoint, true},
      {"ListHarnessEndpoints", list_harness_endpoints, false},
  };
}

}  // namespace agentlift::emulator
