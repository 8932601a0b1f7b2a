// The runtime deploy decision table (see runtime_deploy_decision.hpp).

#include "targets/bedrock/runtime_deploy_decision.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_in_place = "; updating the runtime in place (it keeps its id and ARN)";

RuntimeDeployDecision update(const std::string& why) {
  return {RuntimeAction::update, why + k_in_place};
}

// A setting differs when both sides name one and they are not the same.
bool differs(const std::string& wanted, const std::string& recorded) {
  return !wanted.empty() && !recorded.empty() && wanted != recorded;
}

}  // namespace

const char* runtime_action_name(RuntimeAction action) {
  switch (action) {
    case RuntimeAction::create:
      return "create";
    case RuntimeAction::update:
      return "update";
    case RuntimeAction::skip:
      return "skip";
    case RuntimeAction::refuse:
      return "refuse";
  }
  return "?";
}

std::string artifact_bucket(const std::string& artifact_uri) {
  const std::string scheme = "s3://";
  if (artifact_uri.rfind(scheme, 0) != 0) return {};
  const std::string rest = artifact_uri.substr(scheme.size());
  return rest.substr(0, rest.find('/'));
}

RuntimeDeployDecision decide_runtime_deploy(const RuntimePlan& plan, const RuntimeLockRead& read,
                                            const RuntimeDeploySettings& settings) {
  if (read.status == RuntimeLockRead::Status::invalid) {
    return {RuntimeAction::refuse,
            std::string(k_runtime_lock_file) + " cannot be used: " + read.problem +
                ". It records the deployed runtime, so deploying without it could create a "
                "second one; repair the file, or move it away to deploy a new runtime"};
  }
  const RuntimeLock& lock = read.lock;
  if (read.status == RuntimeLockRead::Status::absent || !lock.records_runtime()) {
    return {RuntimeAction::create, "no AgentCore Runtime recorded yet"};
  }
  if (lock.region != plan.region) {
    return {RuntimeAction::create, "the recorded runtime " + lock.agent_runtime_id +
                                       " is in region '" + lock.region +
                                       "' and this deploy targets '" + plan.region +
                                       "'; creating a new runtime there (the one in '" +
                                       lock.region + "' is left as it is)"};
  }
  if (lock.spec_hash.empty()) {
    return update("no spec hash recorded (an interrupted deploy or an older lock)");
  }
  if (lock.spec_hash != plan.spec_hash()) return update("the spec changed");
  const std::string recorded_kind = lock.artifact_kind.empty() ? "container" : lock.artifact_kind;
  if (differs(settings.artifact_kind, recorded_kind)) {
    return update("the spec is unchanged but the artifact is now a " + settings.artifact_kind +
                  " (was a " + recorded_kind + ")");
  }
  if (differs(settings.execution_role_arn, lock.execution_role_arn)) {
    return update("the spec is unchanged but the execution role differs from the recorded one");
  }
  if (settings.artifact_kind == "code") {
    const std::string bucket = artifact_bucket(lock.artifact_uri);
    if (differs(settings.code_bucket, bucket)) {
      return update("the spec is unchanged but the code bucket is now '" + settings.code_bucket +
                    "' (was '" + bucket + "')");
    }
    if (differs(settings.code_runtime, lock.code_runtime)) {
      return update("the spec is unchanged but the Python runtime is now " + settings.code_runtime +
                    " (was " + lock.code_runtime + ")");
    }
    if (differs(settings.code_dependencies, lock.code_dependencies)) {
      return update("the spec is unchanged but the code's dependencies are now '" +
                    settings.code_dependencies + "' (were '" + lock.code_dependencies + "')");
    }
  }
  return {RuntimeAction::skip, "spec unchanged; the deployed runtime is up to date"};
}

}  // namespace agentlift::bedrock
