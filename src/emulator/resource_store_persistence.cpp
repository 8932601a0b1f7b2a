// The JSON form of the emulator's state and the --state file
// (ResourceStore::to_json/load_json/load/save, resource_store.hpp).
#include "emulator/resource_store.hpp"

#include "base/errors.hpp"
#include "base/files.hpp"

namespace agentlift::emulator {
namespace {

constexpr std::uintmax_t k_max_state_bytes = 256u << 20;

// ---- JSON form of the state -------------------------------------------------

Json version_to_json(const ResourceVersion& version) {
  return {{"number", version.number},
          {"config", version.config},
          {"createdAt", version.created_at},
          {"failureReason", version.failure_reason}};
}

ResourceVersion version_from_json(const Json& value) {
  ResourceVersion version;
  version.number = value.at("number").get<std::string>();
  version.config = value.at("config");
  version.created_at = value.at("createdAt").get<double>();
  version.failure_reason = value.value("failureReason", "");
  return version;
}

Json endpoint_to_json(const ResourceEndpoint& endpoint) {
  return {{"name", endpoint.name},
          {"id", endpoint.id},
          {"description", endpoint.description},
          {"targetVersion", endpoint.target_version},
          {"previousVersion", endpoint.previous_version},
          {"createdAt", endpoint.created_at},
          {"updatedAt", endpoint.updated_at},
          {"failureReason", endpoint.failure_reason},
          {"deletedAt", endpoint.deleted_at},
          {"tags", endpoint.tags}};
}

ResourceEndpoint endpoint_from_json(const Json& value) {
  ResourceEndpoint endpoint;
  endpoint.name = value.at("name").get<std::string>();
  endpoint.id = value.at("id").get<std::string>();
  endpoint.description = value.value("description", "");
  endpoint.target_version = value.value("targetVersion", "");
  endpoint.previous_version = value.value("previousVersion", "");
  endpoint.created_at = value.at("createdAt").get<double>();
  endpoint.updated_at = value.at("updatedAt").get<double>();
  endpoint.failure_reason = value.value("failureReason", "");
  endpoint.deleted_at = value.value("deletedAt", 0.0);
  endpoint.tags = value.value("tags", Json::object());
  return endpoint;
}

Json resource_to_json(const Resource& resource) {
  Json versions = Json::array();
  for (const ResourceVersion& version : resource.versions) {
    versions.push_back(version_to_json(version));
  }
  Json endpoints = Json::array();
  for (const ResourceEndpoint& endpoint : resource.endpoints) {
    endpoints.push_back(endpoint_to_json(endpoint));
  }
  return {{"kind", std::string(to_string(resource.kind))},
          {"id", resource.id},
          {"name", resource.name},
          {"arn", resource.arn},
          {"createdAt", resource.created_at},
          {"versions", std::move(versions)},
          {"endpoints", std::move(endpoints)},
          {"tags", resource.tags},
          {"extra", resource.extra},
          {"deletedAt", resource.deleted_at}};
}

Resource resource_from_json(const Json& value) {
  Resource resource;
  const std::string kind = value.at("kind").get<std::string>();
  if (kind == "harness") {
    resource.kind = ResourceKind::harness;
  } else if (kind == "runtime") {
    resource.kind = ResourceKind::runtime;
  } else {
    throw Error("unknown resource kind '" + kind + "'");
  }
  resource.id = value.at("id").get<std::string>();
  resource.name = value.at("name").get<std::string>();
  resource.arn = value.at("arn").get<std::string>();
  resource.created_at = value.at("createdAt").get<double>();
  for (const Json& version : value.at("versions")) {
    resource.versions.push_back(version_from_json(version));
  }
  if (resource.versions.empty()) throw Error("resource " + resource.id + " has no versions");
  for (const Json& endpoint : value.at("endpoints")) {
    resource.endpoints.push_back(endpoint_from_json(endpoint));
  }
  resource.tags = value.value("tags", Json::object());
  resource.extra = value.value("extra", Json::object());
  resource.deleted_at = value.value("deletedAt", 0.0);
  return resource;
}

}  // namespace

// ---- Persistence -------------------------------------------------------------------

Json ResourceStore::to_json() const {
  Json resources = Json::array();
  for (const auto& resource : m_resources) resources.push_back(resource_to_json(*resource));
  return {{"format", "agentcore-local-state/1"},
          {"region", m_options.region},
          {"accountId", m_options.account_id},
          {"resources", std::move(resources)},
          {"idempotency", m_idempotency}};
}

void ResourceStore::load_json(const Json& state) {
  try {
    if (state.value("format", "") != "agentcore-local-state/1") {
      throw Error("not an agentcore-local state (format agentcore-local-state/1)");
    }
    std::vector<std::unique_ptr<Resource>> resources;
    for (const Json& value : state.at("resources")) {
      resources.push_back(std::make_unique<Resource>(resource_from_json(value)));
    }
    Json idempotency = state.value("idempotency", Json::object());
    if (!idempotency.is_object()) throw Error("'idempotency' must be an object");
    m_resources = std::move(resources);
    m_idempotency = std::move(idempotency);
  } catch (const Json::exception& error) {
    throw Error(std::string("malformed state: ") + error.what());
  }
}

void ResourceStore::load() {
  if (!m_options.state_file) return;
  const files::ReadResult read = files::read(*m_options.state_file, k_max_state_bytes);
  if (read.status == files::ReadResult::Status::missing) return;
  if (read.status != files::ReadResult::Status::ok) {
    throw IoError("cannot read state file " + m_options.state_file->string() +
                      (read.error.empty() ? "" : ": " + read.error),
                  "pass another --state file, or remove this one to start empty");
  }
  try {
    load_json(Json::parse(read.bytes));
  } catch (const Json::exception& error) {
    throw Error("state file " + m_options.state_file->string() + " is not JSON: " + error.what(),
                "remove it to start with an empty state");
  } catch (const Error& error) {
    throw Error("state file " + m_options.state_file->string() + ": " + error.what(),
                "remove it to start with an empty state");
  }
}

void ResourceStore::save() const {
  if (!m_options.state_file) return;
  files::write_atomic(*m_options.state_file, json::pretty(to_json()) + "\n");
}

}  // namespace agentlift::emulator
