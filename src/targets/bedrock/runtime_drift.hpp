#pragma once
// Drift of a deployed agent runtime, and what a runtime deploy would do judged
// from the lockfile alone (`diff` without --remote).
//
// A runtime's definition lives inside its artifact (a code zip or an image), so
// GetAgentRuntime cannot be compared with the folder field by field the way a
// harness can. What can be compared: the artifact and role the lock recorded
// against the live ones (someone redeployed or edited the runtime outside
// agentlift), and the lock's spec hash against the folder's plan (the folder
// changed since the deploy).

#include <string>

#include "base/json.hpp"
#include "targets/bedrock/field_drift.hpp"
#include "targets/bedrock/plans.hpp"
#include "targets/bedrock/runtime_lock.hpp"

namespace agentlift::bedrock {

// "s3://<bucket>/<key>" for a codeConfiguration, the image URI for a
// containerConfiguration, "" when the reply has neither.
std::string runtime_artifact_uri(const Json& live_runtime);

// Fields where the live runtime (GetAgentRuntime) differs from the lock:
// "artifact", "roleArn" (each only when the lock records one), and "spec_hash"
// when the lock's hash is not `planned_spec_hash` (planned = the folder's,
// live = the recorded one).
Drift runtime_drift(const RuntimeLock& lock, const Json& live_runtime,
                    const std::string& planned_spec_hash);

}  // namespace agentlift::bedrock
