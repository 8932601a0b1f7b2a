#pragma once
// Crash safety of the harness deploy: the pure pieces that let a deploy
// interrupted anywhere (Ctrl-C, a killed process, a lost network) converge,
// when run again, on exactly one harness and a lock that records it.
//
//  - The lock records every S3 object as soon as it is uploaded
//    (lock_with_skill_objects), and a harness as soon as the deploy knows its
//    id (provisional_harness_lock: no spec hash, so the next deploy updates it).
//  - A deploy with no harness recorded first looks the harness up by name in
//    the target region (every page of ListHarnesses), since a create whose
//    reply was lost, or a lost lockfile, leaves a harness the lock does not
//    name. One found is adopted: updated with the full desired configuration
//    and recorded. AWS allows one harness per name and region, and one being
//    deleted still holds its name until it is gone.
//  - A recorded harness that no longer exists (deleted outside agentlift) is
//    said so, and a new one is created.

#include <string>
#include <vector>

#include "cloud/agentcore_control_client.hpp"
#include "targets/bedrock/harness_lock.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

enum class ExistingHarnessKind {
  none,           // no harness with the plan's name: create one
  adopt,          // one exists: update it and record it
  being_deleted,  // one is DELETING: wait until it is gone, then create
};

struct ExistingHarness {
  ExistingHarnessKind kind = ExistingHarnessKind::none;
  cloud::AgentCoreResource harness;  // for adopt and being_deleted
  std::string reason;                // for the user; "" for none
};

// The harness named `plan.harness_name` among `listed` (ListHarnesses in
// plan.region, all pages). One that is not DELETING wins over one that is.
ExistingHarness find_existing_harness(const std::vector<cloud::AgentCoreResource>& listed,
                                      const HarnessPlan& plan);

// What the deploy says when the harness the lock records is gone (GetHarness
// or UpdateHarness answered 404) and it creates a new one.
std::string recorded_harness_gone(const HarnessLock& lock);

// The lock right after the skill uploads, before any harness call: the harness
// fields of `previous`, and every object now in S3 for this folder: `current`
// (the plan's records) and the `stale` ones not deleted yet.
HarnessLock lock_with_skill_objects(const HarnessLock& previous,
                                    const std::vector<UploadedSkillObject>& current,
                                    const std::vector<UploadedSkillObject>& stale);

// The lock that records `harness` (just created, or adopted) before it is
// known to match the plan: no spec hash, so an interrupted deploy resumes as
// an update of this harness. Objects and unknown keys come from `previous`.
HarnessLock provisional_harness_lock(const HarnessLock& previous, const HarnessPlan& plan,
                                     const cloud::AgentCoreResource& harness,
                                     const std::string& execution_role_arn);

}  // namespace agentlift::bedrock
