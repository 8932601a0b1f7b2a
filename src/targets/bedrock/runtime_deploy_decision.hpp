#pragma once
// Create, update or skip: what a runtime deploy does, decided from the plan, the
// lockfile .agentlift-bedrock.json and the deploy's settings (reference-spec
// §5.7 step 2, with the harness's improvements, harness_deploy_decision.hpp):
//  - a lockfile that exists but cannot be read is a refusal;
//  - a different region creates a new runtime there (the old one is left);
//  - an unchanged spec hash is a skip only when the artifact kind, the role, the
//    code bucket, the Python version and the dependency mode the deploy names
//    are the ones recorded (none of them is in the hash); a difference updates
//    the runtime in place (UpdateAgentRuntime is a full PUT).
// A lock from 0.8 has no artifact_kind: it deployed a container.

#include <string>

#include "targets/bedrock/plans.hpp"
#include "targets/bedrock/runtime_lock.hpp"

namespace agentlift::bedrock {

enum class RuntimeAction { create, update, skip, refuse };
const char* runtime_action_name(RuntimeAction action);  // "create", "update", "skip", "refuse"

struct RuntimeDeployDecision {
  RuntimeAction action = RuntimeAction::create;
  std::string reason;  // for the user: why this action
};

// What this deploy would deploy; "" = not given / not applicable.
struct RuntimeDeploySettings {
  std::string artifact_kind;  // "code" or "container"
  std::string execution_role_arn;
  std::string code_bucket;        // code only
  std::string code_runtime;       // code only: "PYTHON_3_12"
  std::string code_dependencies;  // code only: "installed" or "none"
};

// The target region is plan.region.
RuntimeDeployDecision decide_runtime_deploy(const RuntimePlan& plan, const RuntimeLockRead& lock,
                                            const RuntimeDeploySettings& settings);

// The bucket of an "s3://bucket/key" artifact URI, "" otherwise.
std::string artifact_bucket(const std::string& artifact_uri);

}  // namespace agentlift::bedrock
