// State, status clock, idempotency and pagination (resource_store.hpp; the
// state file is resource_store_persistence.cpp).
#include "emulator/resource_store.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "base/errors.hpp"
#include "emulator/api_error.hpp"

namespace agentlift::emulator {
namespace {

constexpr int k_default_page_size = 10;
constexpr std::string_view k_token_prefix = "alc1";

double system_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) /
         1000.0;
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += k_digits[c >> 4];
    out += k_digits[c & 0xF];
  }
  return out;
}

std::optional<std::string> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = nibble(text[i]);
    const int low = nibble(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

ApiError bad_token() {
  return ApiError::validation("FieldValidationFailed", "The nextToken is not valid for this list",
                              {{"nextToken", "Invalid pagination token"}});
}

std::string fingerprint(const Json& input) {
  Json copy = input;
  if (copy.is_object()) copy.erase("clientToken");
  return json::canonical(copy);
}

}  // namespace

std::string_view to_string(ResourceKind kind) {
  return kind == ResourceKind::harness ? "harness" : "runtime";
}

const ResourceVersion* Resource::version(const std::string& number) const {
  for (const ResourceVersion& candidate : versions) {
    if (candidate.number == number) return &candidate;
  }
  return nullptr;
}

ResourceStore::ResourceStore(StoreOptions options, Clock clock)
    : m_options(std::move(options)),
      m_clock(clock ? std::move(clock) : Clock(system_now)),
      m_ids(m_options.id_seed) {}

double ResourceStore::now() const { return std::round(m_clock() * 1000.0) / 1000.0; }

std::string ResourceStore::arn(const std::string& resource) const {
  return "arn:aws:bedrock-agentcore:" + m_options.region + ":" + m_options.account_id + ":" +
         resource;
}

Resource* ResourceStore::find(ResourceKind kind, const std::string& id) {
  const double delay = static_cast<double>(m_options.ready_delay.count()) / 1000.0;
  for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
    Resource& resource = **it;
    if (resource.kind != kind || resource.id != id) continue;
    if (resource.deleted_at > 0 && now() >= resource.deleted_at + delay) {
      m_resources.erase(it);
      return nullptr;
    }
    return &resource;
  }
  return nullptr;
}

Resource* ResourceStore::find_by_name(ResourceKind kind, const std::string& name) {
  for (Resource* resource : list(kind)) {
    if (resource->name == name) return resource;
  }
  return nullptr;
}

Resource& ResourceStore::add(Resource resource) {
  m_resources.push_back(std::make_unique<Resource>(std::move(resource)));
  return *m_resources.back();
}

std::vector<Resource*> ResourceStore::list(ResourceKind kind) {
  const double delay = static_cast<double>(m_options.ready_delay.count()) / 1000.0;
  const double current = now();
  std::erase_if(m_resources, [&](const std::unique_ptr<Resource>& resource) {
    return resource->deleted_at > 0 && current >= resource->deleted_at + delay;
  });
  std::vector<Resource*> out;
  for (const auto& resource : m_resources) {
    if (resource->kind == kind) out.push_back(resource.get());
  }
  std::stable_sort(out.begin(), out.end(), [](const Resource* a, const Resource* b) {
    return sort_key(*a) < sort_key(*b);
  });
  return out;
}

ResourceEndpoint* ResourceStore::find_endpoint(Resource& resource, const std::string& name) {
  for (ResourceEndpoint* endpoint : endpoints(resource)) {
    if (endpoint->name == name) return endpoint;
  }
  return nullptr;
}

std::vector<ResourceEndpoint*> ResourceStore::endpoints(Resource& resource) {
  const double delay = static_cast<double>(m_options.ready_delay.count()) / 1000.0;
  const double current = now();
  std::erase_if(resource.endpoints, [&](const ResourceEndpoint& endpoint) {
    return endpoint.deleted_at > 0 && current >= endpoint.deleted_at + delay;
  });
  std::vector<ResourceEndpoint*> out;
  for (ResourceEndpoint& endpoint : resource.endpoints) out.push_back(&endpoint);
  return out;
}

// ---- Status ------------------------------------------------------------------

std::string ResourceStore::version_status(const ResourceVersion& version) const {
  const double delay = static_cast<double>(m_options.ready_delay.count()) / 1000.0;
  const bool first = version.number == "1";
  if (now() < version.created_at + delay) return first ? "CREATING" : "UPDATING";
  if (!version.failure_reason.empty()) return first ? "CREATE_FAILED" : "UPDATE_FAILED";
  return "READY";
}

std::string ResourceStore::status(const Resource& resource) const {
  if (resource.deleted_at > 0) return "DELETING";
  return version_status(resource.latest());
}

std::string ResourceStore::endpoint_status(const Resource& resource,
                                           const ResourceEndpoint& endpoint) const {
  if (endpoint.deleted_at > 0 || resource.deleted_at > 0) return "DELETING";
  if (endpoint.target_version.empty()) return status(resource);  // DEFAULT follows the latest
  const double delay = static_cast<double>(m_options.ready_delay.count()) / 1000.0;
  const bool created = endpoint.updated_at == endpoint.created_at;
  if (now() < endpoint.updated_at + delay) return created ? "CREATING" : "UPDATING";
  if (!endpoint.failure_reason.empty()) return created ? "CREATE_FAILED" : "UPDATE_FAILED";
  return "READY";
}

std::string ResourceStore::live_version(const Resource& resource,
                                        const ResourceEndpoint& endpoint) const {
  if (endpoint.target_version.empty()) {
    for (auto it = resource.versions.rbegin(); it != resource.versions.rend(); ++it) {
      if (version_status(*it) == "READY") return it->number;
    }
    return "";
  }
  const std::string state = endpoint_status(resource, endpoint);
  if (state == "READY" || state == "DELETING") return endpoint.target_version;
  return endpoint.previous_version;
}

std::string ResourceStore::target_version(const Resource& resource,
                                          const ResourceEndpoint& endpoint) const {
  return endpoint.target_version.empty() ? resource.latest().number : endpoint.target_version;
}

bool ResourceStore::busy(const Resource& resource) const {
  const std::string state = status(resource);
  return state == "CREATING" || state == "UPDATING" || state == "DELETING";
}

bool ResourceStore::endpoint_busy(const Resource& resource,
                                  const ResourceEndpoint& endpoint) const {
  const std::string state = endpoint_status(resource, endpoint);
  return state == "CREATING" || state == "UPDATING" || state == "DELETING";
}

// ---- Idempotency ---------------------------------------------------------------

std::optional<Json> ResourceStore::replay(const std::string& operation, const std::string& scope,
                                          const Json& input) const {
  const auto token = input.find("clientToken");
  if (token == input.end() || !token->is_string()) return std::nullopt;
  const std::string key = operation + "|" + scope + "|" + token->get<std::string>();
  const auto record = m_idempotency.find(key);
  if (record == m_idempotency.end()) return std::nullopt;
  if ((*record)["fingerprint"] != fingerprint(input)) {
    throw ApiError::validation(
        "IdempotentParameterMismatchException",
        "The client token was already used for a " + operation +
            " request with different parameters; use a new clientToken for a different request");
  }
  return (*record)["output"];
}

void ResourceStore::remember(const std::string& operation, const std::string& scope,
                             const Json& input, const Json& output) {
  const auto token = input.find("clientToken");
  if (token == input.end() || !token->is_string()) return;
  const std::string key = operation + "|" + scope + "|" + token->get<std::string>();
  m_idempotency[key] = {{"fingerprint", fingerprint(input)}, {"output", output}};
}

// ---- Pagination ------------------------------------------------------------------

std::string ResourceStore::sort_key(const Resource& resource) {
  char millis[32];
  std::snprintf(millis, sizeof millis, "%016lld",
                static_cast<long long>(std::llround(resource.created_at * 1000.0)));
  return std::string(millis) + "/" + resource.id;
}

Page ResourceStore::paginate(const std::vector<std::string>& keys, const Json& input) {
  std::size_t size = k_default_page_size;
  if (const auto max = input.find("maxResults"); max != input.end() && max->is_number_integer()) {
    size = static_cast<std::size_t>(std::clamp<long long>(max->get<long long>(), 1, 100));
  }
  Page page;
  if (const auto token = input.find("nextToken"); token != input.end()) {
    const std::string text = token->is_string() ? token->get<std::string>() : "";
    if (!text.starts_with(k_token_prefix)) throw bad_token();
    const auto after = hex_decode(std::string_view(text).substr(k_token_prefix.size()));
    if (!after) throw bad_token();
    page.begin =
        static_cast<std::size_t>(std::upper_bound(keys.begin(), keys.end(), *after) - keys.begin());
  }
  page.end = std::min(keys.size(), page.begin + size);
  if (page.end < keys.size()) {
    page.next_token = std::string(k_token_prefix) + hex_encode(keys[page.end - 1]);
  }
  return page;
}

}  // namespace agentlift::emulator
