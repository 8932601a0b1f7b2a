#pragma once
// What the control-plane handlers of harnesses and agent runtimes share: the
// handler table type, the per-call context (injected failures), and the
// version and endpoint rules common to both kinds (a DEFAULT endpoint that
// follows the latest version, named endpoints pinned to a version, deletions
// that wait for --ready-delay).
//
// Handlers take the bound input (member names as keys) and return the output
// (member names as keys, timestamps as epoch seconds); ServiceModel puts both
// on the wire. They throw ApiError for AWS's modelled errors and never look at
// HTTP. The caller holds the store's mutex.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "emulator/resource_store.hpp"

namespace agentlift::emulator {

struct CallContext {
  // Set by a create_failed/update_failed fault: the resource (or endpoint) this
  // call creates or changes ends in *_FAILED with this failureReason.
  std::optional<std::string> failure_reason;
};

using HandlerFunction = Json (*)(ResourceStore& store, const Json& input,
                                 const CallContext& context);

struct HandlerEntry {
  std::string_view operation;  // "CreateHarness"
  HandlerFunction function;
  bool mutates;  // the state file is rewritten after it succeeds
};

std::vector<HandlerEntry> harness_handlers();  // harness_handlers.cpp
std::vector<HandlerEntry> runtime_handlers();  // runtime_handlers.cpp

// ---- Shared rules ------------------------------------------------------------

inline constexpr std::string_view k_default_endpoint = "DEFAULT";

// input[name] as a string, "" when absent.
std::string string_member(const Json& input, std::string_view name);

// The version called `number`; a ValidationException on `member` when the
// resource has none.
const ResourceVersion& require_version(const Resource& resource, const std::string& number,
                                       std::string_view member);

// A new version with `config`: "1" for a new resource, latest + 1 after.
ResourceVersion next_version(const ResourceStore& store, const Resource* resource, Json config,
                             const CallContext& context);

// The DEFAULT endpoint every resource starts with.
ResourceEndpoint default_endpoint(ResourceStore& store);

// Adds a named endpoint pinned to `target_version` (latest when empty).
// ConflictException when the name is taken (DEFAULT always is).
ResourceEndpoint& create_endpoint(ResourceStore& store, Resource& resource, const std::string& name,
                                  const std::string& target_version, const std::string& description,
                                  const Json& tags, const CallContext& context);
// Repoints / re-describes a named endpoint; the DEFAULT one cannot be changed.
ResourceEndpoint& update_endpoint(ResourceStore& store, Resource& resource, const std::string& name,
                                  const Json& input, std::string_view version_member,
                                  const CallContext& context);
// Starts deleting a named endpoint; the DEFAULT one cannot be deleted.
ResourceEndpoint& delete_endpoint(ResourceStore& store, Resource& resource,
                                  const std::string& name);
ResourceEndpoint& require_endpoint(ResourceStore& store, Resource& resource,
                                   const std::string& name);

// Sort keys for versions and endpoints, so pagination tokens survive inserts.
std::string version_sort_key(const ResourceVersion& version);
std::string endpoint_sort_key(const ResourceEndpoint& endpoint);

// Fills out["nextToken"] when there is a next page; returns the page.
template <typename Item, typename KeyFunction>
Page page_of(const std::vector<Item>& items, KeyFunction key, const Json& input, Json& out) {
  std::vector<std::string> keys;
  keys.reserve(items.size());
  for (const Item& item : items) keys.push_back(key(item));
  Page page = ResourceStore::paginate(keys, input);
  if (page.next_token) out["nextToken"] = *page.next_token;
  return page;
}

}  // namespace agentlift::emulator
