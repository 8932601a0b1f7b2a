// Version and endpoint rules shared by the harness and runtime handlers
// (handler_support.hpp).
#include "emulator/handler_support.hpp"

#include <cmath>
#include <cstdio>

#include "emulator/api_error.hpp"

namespace agentlift::emulator {

std::string string_member(const Json& input, std::string_view name) {
  const auto it = input.find(std::string(name));
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const ResourceVersion& require_version(const Resource& resource, const std::string& number,
                                       std::string_view member) {
  if (const ResourceVersion* version = resource.version(number)) return *version;
  throw ApiError::validation("FieldValidationFailed",
                             "Version " + number + " does not exist for " + resource.id,
                             {{std::string(member), "No such version"}});
}

ResourceVersion next_version(const ResourceStore& store, const Resource* resource, Json config,
                             const CallContext& context) {
  ResourceVersion version;
  version.number =
      resource ? std::to_string(std::stoll(resource->latest().number) + 1) : std::string("1");
  version.config = std::move(config);
  version.created_at = store.now();
  version.failure_reason = context.failure_reason.value_or("");
  return version;
}

ResourceEndpoint default_endpoint(ResourceStore& store) {
  ResourceEndpoint endpoint;
  endpoint.name = k_default_endpoint;
  endpoint.id = store.ids().suffixed(endpoint.name);
  endpoint.created_at = store.now();
  endpoint.updated_at = endpoint.created_at;
  return endpoint;
}

ResourceEndpoint& require_endpoint(ResourceStore& store, Resource& resource,
                                   const std::string& name) {
  if (ResourceEndpoint* endpoint = store.find_endpoint(resource, name)) return *endpoint;
  // Endpoint names are sensitive in the runtime model: not quoted.
  throw ApiError::not_found("The endpoint does not exist for " + resource.id);
}

ResourceEndpoint& create_endpoint(ResourceStore& store, Resource& resource, const std::string& name,
                                  const std::string& target_version, const std::string& description,
                                  const Json& tags, const CallContext& context) {
  if (store.find_endpoint(resource, name)) {
    throw ApiError::conflict("An endpoint with this name already exists for " + resource.id);
  }
  ResourceEndpoint endpoint;
  endpoint.name = name;
  endpoint.id = store.ids().suffixed(name);
  endpoint.description = description;
  endpoint.target_version = target_version.empty()
                                ? resource.latest().number
                                : require_version(resource, target_version, "targetVersion").number;
  endpoint.created_at = store.now();
  endpoint.updated_at = endpoint.created_at;
  endpoint.failure_reason = context.failure_reason.value_or("");
  endpoint.tags = tags.is_object() ? tags : Json::object();
  resource.endpoints.push_back(std::move(endpoint));
  return resource.endpoints.back();
}

ResourceEndpoint& update_endpoint(ResourceStore& store, Resource& resource, const std::string& name,
                                  const Json& input, std::string_view version_member,
                                  const CallContext& context) {
  ResourceEndpoint& endpoint = require_endpoint(store, resource, name);
  if (endpoint.name == k_default_endpoint) {
    throw ApiError::validation("FieldValidationFailed",
                               "The DEFAULT endpoint follows the latest version and cannot be "
                               "updated",
                               {{"endpointName", "The DEFAULT endpoint cannot be updated"}});
  }
  if (store.endpoint_busy(resource, endpoint)) {
    throw ApiError::conflict("The endpoint is " + store.endpoint_status(resource, endpoint) +
                             "; wait until it is READY");
  }
  const std::string version = string_member(input, version_member);
  if (!version.empty()) require_version(resource, version, version_member);
  endpoint.previous_version = store.live_version(resource, endpoint);
  if (!version.empty()) endpoint.target_version = version;
  if (input.contains("description")) endpoint.description = string_member(input, "description");
  endpoint.updated_at = store.now();
  endpoint.failure_reason = context.failure_reason.value_or("");
  return endpoint;
}

ResourceEndpoint& delete_endpoint(ResourceStore& store, Resource& resource,
                                  const std::string& name) {
  ResourceEndpoint& endpoint = require_endpoint(store, resource, name);
  if (endpoint.name == k_default_endpoint) {
    throw ApiError::validation("FieldValidationFailed", "The DEFAULT endpoint cannot be deleted",
                               {{"endpointName", "The DEFAULT endpoint cannot be deleted"}});
  }
  if (endpoint.deleted_at == 0) endpoint.deleted_at = store.now();
  return endpoint;
}

std::string version_sort_key(const ResourceVersion& version) {
  char text[16];
  std::snprintf(text, sizeof text, "%08lld", std::stoll(version.number));
  return text;
}

std::string endpoint_sort_key(const ResourceEndpoint& endpoint) {
  // DEFAULT first, then by creation.
  char millis[32];
  std::snprintf(millis, sizeof millis, "%016lld",
                static_cast<long long>(std::llround(endpoint.created_at * 1000.0)));
  return (endpoint.name == k_default_endpoint ? "0/" : "1/") + std::string(millis) + "/" +
         endpoint.name;
}

}  // namespace agentlift::emulator
