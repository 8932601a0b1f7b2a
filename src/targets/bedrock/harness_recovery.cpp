// Crash safety of the harness deploy (see harness_recovery.hpp).

#include "targets/bedrock/harness_recovery.hpp"

#include <set>
#include <utility>

namespace agentlift::bedrock {

ExistingHarness find_existing_harness(const std::vector<cloud::AgentCoreResource>& listed,
                                      const HarnessPlan& plan) {
  const cloud::AgentCoreResource* deleting = nullptr;
  for (const cloud::AgentCoreResource& harness : listed) {
    if (harness.name != plan.harness_name) continue;
    if (harness.status == "DELETING") {
      if (deleting == nullptr) deleting = &harness;
      continue;
    }
    return {ExistingHarnessKind::adopt, harness,
            "found harness " + harness.id + " (" + harness.status + ") named '" +
                plan.harness_name + "' in region '" + plan.region +
                "' that the lock does not record (an interrupted deploy, or a lost lockfile); "
                "adopting it: updating it with this folder's configuration"};
  }
  if (deleting != nullptr) {
    return {ExistingHarnessKind::being_deleted, *deleting,
            "harness " + deleting->id + " named '" + plan.harness_name +
                "' is being deleted; waiting until it is gone to create the new one"};
  }
  return {};
}

std::string recorded_harness_gone(const HarnessLock& lock) {
  return "the harness " + lock.harness_id + " recorded in " + k_harness_lock_file +
         " no longer exists in region '" + lock.region +
         "' (deleted outside agentlift); creating a new one";
}

HarnessLock lock_with_skill_objects(const HarnessLock& previous,
                                    const std::vector<UploadedSkillObject>& current,
                                    const std::vector<UploadedSkillObject>& stale) {
  HarnessLock lock = previous;
  lock.skill_objects = current;
  std::set<std::pair<std::string, std::string>> seen;
  for (const UploadedSkillObject& object : current) seen.emplace(object.bucket, object.key);
  for (const UploadedSkillObject& object : stale) {
    if (seen.emplace(object.bucket, object.key).second) lock.skill_objects.push_back(object);
  }
  lock_json::sort_objects(lock.skill_objects);
  return lock;
}

HarnessLock provisional_harness_lock(const HarnessLock& previous, const HarnessPlan& plan,
                                     const cloud::AgentCoreResource& harness,
                                     const std::string& execution_role_arn) {
  HarnessLock lock = next_harness_lock(previous, plan, harness.id, harness.arn, execution_role_arn,
                                       previous.skill_objects);
  lock.spec_hash.clear();
  return lock;
}

}  // namespace agentlift::bedrock
