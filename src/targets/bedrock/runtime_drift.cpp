// Runtime drift against the lock (see runtime_drift.hpp).

#include "targets/bedrock/runtime_drift.hpp"

namespace agentlift::bedrock {
namespace {

using json::member;
using json::string_member;

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

}  // namespace agentlift::bedrock
