#pragma once
// Create, update or skip: what a harness deploy does, decided from the plan,
// the lockfile and the deploy's settings (reference-spec §5.4 step 3).
//
// Where we differ from 0.8:
//  - a lockfile that exists but cannot be read is a refusal, not "nothing
//    deployed": 0.8 created a second harness and lost track of the first, which
//    destroy could then never delete (decisions.md #8, #13);
//  - an unchanged spec hash is a skip only when the role and skill bucket the
//    deploy names (if it names them) are the ones recorded, since neither is in
//    the hash; a different one is an update, so "Up to date" is true.

#include <string>

#include "targets/bedrock/harness_lock.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

enum class HarnessAction { create, update, skip, refuse };
const char* action_name(HarnessAction action);  // "create", "update", "skip", "refuse"

struct HarnessDeployDecision {
  HarnessAction action = HarnessAction::create;
  std::string reason;  // for the user: why this action
};

// What the deploy was told (flag or environment); "" = not given.
struct HarnessDeploySettings {
  std::string execution_role_arn;
  std::string skill_bucket;
};

// The target region is plan.region.
HarnessDeployDecision decide_harness_deploy(const HarnessPlan& plan, const HarnessLockRead& lock,
                                            const HarnessDeploySettings& settings = {});

}  // namespace agentlift::bedrock
