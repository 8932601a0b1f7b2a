#pragma once
// The emulator's state: harnesses and agent runtimes with their versions and
// endpoints, the idempotency records of clientToken calls, and the rules that
// are the same for both kinds of resource: AWS-shaped ids and ARNs, status
// derived lazily from timestamps (CREATING/UPDATING until --ready-delay has
// passed, then READY or the injected *_FAILED; DELETING until the delay has
// passed, then gone), opaque pagination tokens and JSON persistence.
//
// Not thread-safe by itself: callers hold mutex() for a whole operation.
// Timestamps are epoch seconds (double, millisecond precision), the form
// ServiceModel::serialize_output turns into ISO-8601.

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "emulator/ids.hpp"

namespace agentlift::emulator {

enum class ResourceKind { harness, runtime };

struct ResourceVersion {
  std::string number;            // "1", "2", ...
  Json config = Json::object();  // the configuration members as Get* returns them
  double created_at = 0;         // the status clock of this version starts here
  std::string failure_reason;    // non-empty: ends in CREATE_FAILED / UPDATE_FAILED
};

struct ResourceEndpoint {
  std::string name;              // "DEFAULT" or the caller's name
  std::string id;                // name + "-" + 10 alphanumerics
  std::string description;       // "" when none
  std::string target_version;    // "" for DEFAULT, which follows the latest version
  std::string previous_version;  // what was live before the last change became ready
  double created_at = 0;
  double updated_at = 0;
  std::string failure_reason;
  double deleted_at = 0;  // 0: not being deleted
  Json tags = Json::object();
};

struct Resource {
  ResourceKind kind = ResourceKind::harness;
  std::string id;    // "my_agent-AbCdEf1234"
  std::string name;  // "my_agent"
  std::string arn;
  double created_at = 0;
  std::vector<ResourceVersion> versions;    // ascending, never empty
  std::vector<ResourceEndpoint> endpoints;  // DEFAULT first
  Json tags = Json::object();
  // Kind-specific facts fixed at creation: the harness's backing runtime
  // {agentRuntimeId, agentRuntimeName, agentRuntimeArn}, a runtime's
  // workloadIdentityArn.
  Json extra = Json::object();
  double deleted_at = 0;  // 0: not being deleted

  const ResourceVersion& latest() const { return versions.back(); }
  const ResourceVersion* version(const std::string& number) const;
};

struct StoreOptions {
  std::string region = "us-west-2";
  std::string account_id = "123456789012";
  std::chrono::milliseconds ready_delay{2000};
  std::optional<std::filesystem::path> state_file;
  std::optional<std::uint64_t> id_seed;  // tests: reproducible ids
};

// One page of a list: the items [begin, end) and the token of the next page.
struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next_token;
};

class ResourceStore {
 public:
  using Clock = std::function<double()>;  // epoch seconds

  explicit ResourceStore(StoreOptions options, Clock clock = {});

  std::mutex& mutex() { return m_mutex; }
  const StoreOptions& options() const { return m_options; }
  IdGenerator& ids() { return m_ids; }
  double now() const;

  // "arn:aws:bedrock-agentcore:{region}:{account}:{resource}"
  std::string arn(const std::string& resource) const;

  // ---- Resources -----------------------------------------------------------
  // nullptr when there is none or its deletion has completed (then it is purged).
  Resource* find(ResourceKind kind, const std::string& id);
  Resource* find_by_name(ResourceKind kind, const std::string& name);
  Resource& add(Resource resource);
  // The endpoint called `name`, nullptr when none (or its deletion completed).
  ResourceEndpoint* find_endpoint(Resource& resource, const std::string& name);
  // Live endpoints, DEFAULT first (deletions in progress included).
  std::vector<ResourceEndpoint*> endpoints(Resource& resource);
  // Every resource of the kind, oldest first (deletions in progress included).
  std::vector<Resource*> list(ResourceKind kind);

  // ---- Status --------------------------------------------------------------
  std::string status(const Resource& resource) const;  // of the latest version, or DELETING
  std::string version_status(const ResourceVersion& version) const;
  std::string endpoint_status(const Resource& resource, const ResourceEndpoint& endpoint) const;
  // The version an endpoint serves now ("" when none is ready yet) and the one
  // it is moving to.
  std::string live_version(const Resource& resource, const ResourceEndpoint& endpoint) const;
  std::string target_version(const Resource& resource, const ResourceEndpoint& endpoint) const;
  // Still CREATING or UPDATING (or DELETING): a change must wait.
  bool busy(const Resource& resource) const;
  bool endpoint_busy(const Resource& resource, const ResourceEndpoint& endpoint) const;

  // ---- Idempotency ---------------------------------------------------------
  // For a call with a clientToken: the output of the earlier call with the same
  // token (same operation and scope) and the same input, nullopt the first
  // time. Throws ApiError (ValidationException, reason
  // IdempotentParameterMismatchException) when the input differs.
  std::optional<Json> replay(const std::string& operation, const std::string& scope,
                             const Json& input) const;
  void remember(const std::string& operation, const std::string& scope, const Json& input,
                const Json& output);

  // ---- Pagination ----------------------------------------------------------
  // `keys` are the items' sort keys in list order; input carries maxResults and
  // nextToken. Throws ApiError (ValidationException) for a token this store did
  // not make. Default page size: 10.
  static Page paginate(const std::vector<std::string>& keys, const Json& input);
  static std::string sort_key(const Resource& resource);

  // ---- Persistence ---------------------------------------------------------
  Json to_json() const;
  void load_json(const Json& state);  // throws agentlift::Error on a malformed state
  // Loads options().state_file when it exists (a missing file is an empty state).
  void load();
  // Writes options().state_file atomically; a no-op without one.
  void save() const;

 private:
  std::mutex m_mutex;
  StoreOptions m_options;
  Clock m_clock;
  IdGenerator m_ids;
  std::vector<std::unique_ptr<Resource>> m_resources;
  Json m_idempotency = Json::object();  // key -> {fingerprint, output}
};

std::string_view to_string(ResourceKind kind);

}  // namespace agentlift::emulator
