// Runtime drift against the lock, and the lock-only deploy decision (see
// runtime_drift.hpp).

#include "targets/bedrock/runtime_drift.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_in_place = "; updating the runtime in place (it keeps its id and ARN)";

const Json& member(const Json& object, const char* key) {
  static const Json k_null;
  if (!object.is_object()) return k_null;
  const auto found = object.find(key);
  return found == object.end() ? k_null : *found;
}

std::string string_member(const Json& object, const char* key) {
  const Json& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

}  // namespace

std::string runtime_artifact_uri(const Json& live_runtime) {
  const Json& artifact = member(live_runtime, "agentRuntimeArtifact");
  const Json& s3 = member(member(member(artifact, "codeConfiguration"), "code"), "s3");
  if (s3.is_object()) {
    return "s3://" + string_member(s3, "bucket") + "/" + string_member(s3, "prefix");
  }
  return string_member(member(artifact, "containerConfiguration"), "containerUri");
}

Drift runtime_drift(const RuntimeLock& lock, const Json& live_runtime,
                    const std::string& planned_spec_hash) {
  Drift out;
  const std::string artifact = runtime_artifact_uri(live_runtime);
  if (!lock.artifact_uri.empty() && artifact != lock.artifact_uri) {
    out.push_back({"artifact", lock.artifact_uri, artifact.empty() ? "(none)" : artifact});
  }
  const std::string role = string_member(live_runtime, "roleArn");
  if (!lock.execution_role_arn.empty() && role != lock.execution_role_arn) {
    out.push_back({"roleArn", lock.execution_role_arn, role.empty() ? "(none)" : role});
  }
  if (lock.spec_hash != planned_spec_hash) {
    out.push_back({"spec_hash", planned_spec_hash,
                   lock.spec_hash.empty() ? "(none recorded)" : lock.spec_hash});
  }
  return out;
}

RuntimeLockDecision runtime_lock_decision(const RuntimePlan& plan, const RuntimeLockRead& read,
                                          const std::string& execution_role_arn) {
  if (read.status == RuntimeLockRead::Status::invalid) {
    return {HarnessAction::refuse,
            std::string(k_runtime_lock_file) + " cannot be used: " + read.problem +
                ". It records the deployed runtime, so deploying without it could create a "
                "second one; repair the file, or move it away to deploy a new runtime"};
  }
  const RuntimeLock& lock = read.lock;
  if (read.status == RuntimeLockRead::Status::absent || !lock.records_runtime()) {
    return {HarnessAction::create, "no AgentCore runtime recorded yet"};
  }
  if (lock.region != plan.region) {
    return {HarnessAction::create,
            "the recorded runtime " + lock.agent_runtime_id + " is in region '" + lock.region +
                "' and this deploy targets '" + plan.region + "'; creating a new runtime there"};
  }
  if (lock.spec_hash.empty()) {
    return {HarnessAction::update, std::string("no spec hash recorded") + k_in_place};
  }
  if (lock.spec_hash != plan.spec_hash()) {
    return {HarnessAction::update, std::string("the spec changed") + k_in_place};
  }
  if (!execution_role_arn.empty() && !lock.execution_role_arn.empty() &&
      execution_role_arn != lock.execution_role_arn) {
    return {HarnessAction::update,
            std::string("the spec is unchanged but the execution role differs from the recorded "
                        "one") +
                k_in_place};
  }
  return {HarnessAction::skip, "spec unchanged; the deployed runtime is up to date"};
}

}  // namespace agentlift::bedrock
