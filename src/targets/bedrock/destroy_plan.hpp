#pragma once
// What `agentlift destroy` deletes (decisions.md #13): exactly what the two
// lockfiles record agentlift created for a folder, nothing else.
//
//   .agentlift-harness.json  the harness, then the skill files it uploaded;
//   .agentlift-bedrock.json  the agent runtime, then its code zips, then the
//                            ECR repository, only when agentlift created it.
//
// And what the lockfiles say afterwards: only what still exists (a deletion
// that failed), so a second destroy finishes the job; no lockfile at all when
// everything is gone. Pure: the CLI deletes, reads and writes the files.

#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "targets/bedrock/harness_lock.hpp"
#include "targets/bedrock/runtime_lock.hpp"

namespace agentlift::bedrock {

enum class DestroyKind { harness, skill_object, agent_runtime, code_object, ecr_repository };

struct DestroyItem {
  DestroyKind kind;
  std::string id;      // harness or runtime id, repository name; "" for objects
  std::string bucket;  // objects
  std::string key;     // objects
  std::string region;

  // "harness support_agent-AbCdEf1234", "s3://bucket/key", "ECR repository agentlift/x".
  std::string label() const;
  const char* kind_name() const;  // "harness", "skill_object", ...
  Json to_json() const;
  bool operator==(const DestroyItem&) const = default;
};

// In deletion order: the resource first, then what it used.
std::vector<DestroyItem> harness_destroy_items(const HarnessLock& lock);
std::vector<DestroyItem> runtime_destroy_items(const RuntimeLock& lock);

// The lock once `remaining` (items of that lock a deletion left behind) is all
// that exists; nullopt when nothing remains (then the file is deleted).
std::optional<HarnessLock> harness_lock_after(const HarnessLock& lock,
                                              const std::vector<DestroyItem>& remaining);
std::optional<RuntimeLock> runtime_lock_after(const RuntimeLock& lock,
                                              const std::vector<DestroyItem>& remaining);

}  // namespace agentlift::bedrock
