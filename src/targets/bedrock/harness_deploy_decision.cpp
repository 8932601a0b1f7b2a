// The harness deploy decision table (see harness_deploy_decision.hpp).

#include "targets/bedrock/harness_deploy_decision.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_in_place = "; updating the harness in place (it keeps its id and ARN)";

// The bucket the recorded skill objects live in, "" when none or several.
std::string recorded_bucket(const HarnessLock& lock) {
  std::string bucket;
  for (const UploadedSkillObject& uploaded : lock.skill_objects) {
    if (!bucket.empty() && bucket != uploaded.bucket) return {};
    bucket = uploaded.bucket;
  }
  return bucket;
}

}  // namespace

const char* action_name(HarnessAction action) {
  switch (action) {
    case HarnessAction::create:
      return "create";
    case HarnessAction::update:
      return "update";
    case HarnessAction::skip:
      return "skip";
    case HarnessAction::refuse:
      return "refuse";
  }
  return "?";
}

HarnessDeployDecision decide_harness_deploy(const HarnessPlan& plan, const HarnessLockRead& read,
                                            const HarnessDeploySettings& settings) {
  if (read.status == HarnessLockRead::Status::invalid) {
    return {HarnessAction::refuse,
            std::string(k_harness_lock_file) + " cannot be used: " + read.problem +
                ". It records the deployed harness, so deploying without it could create a "
                "second one; repair the file, or move it away to deploy a new harness"};
  }
  const HarnessLock& lock = read.lock;
  if (read.status == HarnessLockRead::Status::absent || !lock.records_harness()) {
    return {HarnessAction::create, "no AgentCore harness recorded yet"};
  }
  if (lock.region != plan.region) {
    return {HarnessAction::create, "the recorded harness " + lock.harness_id + " is in region '" +
                                       lock.region + "' and this deploy targets '" + plan.region +
                                       "'; creating a new harness there "
                                       "(the one in '" +
                                       lock.region + "' is left as it is)"};
  }
  if (lock.spec_hash.empty()) {
    return {HarnessAction::update,
            std::string("no spec hash recorded (an older lock)") + k_in_place};
  }
  if (lock.spec_hash != plan.spec_hash()) {
    return {HarnessAction::update, std::string("the spec changed") + k_in_place};
  }
  if (!settings.execution_role_arn.empty() && !lock.execution_role_arn.empty() &&
      settings.execution_role_arn != lock.execution_role_arn) {
    return {HarnessAction::update,
            std::string("the spec is unchanged but the execution role differs from the recorded "
                        "one") +
                k_in_place};
  }
  const std::string bucket = recorded_bucket(lock);
  if (!plan.skills.empty() && !settings.skill_bucket.empty() && !bucket.empty() &&
      settings.skill_bucket != bucket) {
    return {HarnessAction::update, "the spec is unchanged but the skills bucket is now '" +
                                       settings.skill_bucket + "' (was '" + bucket + "')" +
                                       k_in_place};
  }
  return {HarnessAction::skip, "spec unchanged; the deployed harness is up to date"};
}

}  // namespace agentlift::bedrock
