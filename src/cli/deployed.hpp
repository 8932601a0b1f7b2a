#pragma once
// What `run`, `status` and `diff` share about a folder's deployments: both
// lockfiles (.agentlift-harness.json, .agentlift-bedrock.json), the folder's
// plan in the lock's region, AWS access in that region, and live lookups that
// answer "gone" for a deleted resource instead of throwing.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/aws_access.hpp"
#include "cli/io.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "parse/project_parser.hpp"
#include "plan/dotenv.hpp"
#include "targets/bedrock/harness_lock.hpp"
#include "targets/bedrock/plans.hpp"
#include "targets/bedrock/runtime_lock.hpp"

namespace agentlift::cli {

struct DeployedLocks {
  std::filesystem::path root;
  bedrock::HarnessLockRead harness;
  bedrock::RuntimeLockRead runtime;

  bool has_harness() const {
    return harness.status == bedrock::HarnessLockRead::Status::ok && harness.lock.records_harness();
  }
  bool has_runtime() const {
    return runtime.status == bedrock::RuntimeLockRead::Status::ok && runtime.lock.records_runtime();
  }
};

// UsageError (exit 2) when `path` is not a directory: "nothing deployed" would
// be misleading for a mistyped path.
void require_folder(const std::string& path);

DeployedLocks read_deployed_locks(const std::filesystem::path& root);

// Throws Error (exit 1) naming the file and its problem when a lock exists but
// cannot be read.
void require_readable_locks(const DeployedLocks& locks);

// The hint for a folder with nothing deployed.
std::string deploy_first_hint(const std::string& path);

// The folder's harness / runtime plan in `region` (the lock's), so model ids
// and the spec hash are the ones a deploy there would use.
bedrock::HarnessPlan harness_plan_in(const parse::ParseResult& parsed, const std::string& region);
bedrock::RuntimePlan runtime_plan_in(const parse::ParseResult& parsed, const std::string& region);

// The bucket the lock's skill objects are in ("" when none).
std::string recorded_skill_bucket(const bedrock::HarnessLock& lock);

// The MCP header values of `plan` that `environment` resolves, and the variable
// values they are made of; best effort (a header whose variable is unset is
// left out). Register them with AwsAccess::add_secret before reading a live
// harness (AWS may quote them, e.g. in failureReason) and hide them with
// hide_texts in what is printed.
std::vector<std::string> known_header_values(const bedrock::HarnessPlan& plan,
                                             const plan::Environment& environment);
// `text` with each of `secrets` replaced by "<redacted>".
std::string hide_texts(std::string text, const std::vector<std::string>& secrets);

// AWS access in `region` (the lock's), with `environment` (process + .env).
std::unique_ptr<AwsAccess> aws_access_in(const AwsOptions& options, const std::string& region,
                                         const plan::Environment& environment, Io& io);
cloud::AgentCoreControlClient control_client(AwsAccess& access);

// nullopt when AgentCore answers "not found" (the resource was deleted).
std::optional<cloud::AgentCoreResource> find_harness(cloud::AgentCoreControlClient& control,
                                                     const std::string& id);
std::optional<cloud::AgentCoreResource> find_agent_runtime(cloud::AgentCoreControlClient& control,
                                                           const std::string& id);

}  // namespace agentlift::cli
