#include "targets/bedrock/runtime_drift.hpp"

#include <gtest/gtest.h>

#include "parse/project_parser.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-runtime";

RuntimePlan team_plan(const std::string& region = "eu-north-1") {
  const parse::ParseResult parsed =
      parse::parse_project(std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "examples" / "team");
  return build_runtime_plan(parsed.project, parsed.diagnostics, region, false);
}

Json code_runtime(const std::string& bucket, const std::string& key) {
  return {{"agentRuntimeId", "agentlift_lead-AbCdEf1234"},
          {"roleArn", k_role},
          {"agentRuntimeArtifact",
           {{"codeConfiguration",
             {{"code", {{"s3", {{"bucket", bucket}, {"prefix", key}}}}},
              {"runtime", "PYTHON_3_12"},
              {"entryPoint", {"main.py"}}}}}}};
}

RuntimeLock recorded(const RuntimePlan& plan) {
  RuntimeLock lock;
  lock.agent_runtime_id = "agentlift_lead-AbCdEf1234";
  lock.agent_runtime_arn =
      "arn:aws:bedrock-agentcore:eu-north-1:123456789012:runtime/" + lock.agent_runtime_id;
  lock.region = plan.region;
  lock.spec_hash = plan.spec_hash();
  lock.execution_role_arn = k_role;
  lock.artifact_kind = "code";
  lock.artifact_uri = "s3://code-bucket/agentlift-code/lead.zip";
  return lock;
}

TEST(RuntimeDrift, ArtifactUriOfCodeAndContainerRuntimes) {
  EXPECT_EQ(runtime_artifact_uri(code_runtime("b", "k/x.zip")), "s3://b/k/x.zip");
  EXPECT_EQ(
      runtime_artifact_uri({{"agentRuntimeArtifact",
                             {{"containerConfiguration", {{"containerUri", "1.dkr.ecr/x:tag"}}}}}}),
      "1.dkr.ecr/x:tag");
  EXPECT_EQ(runtime_artifact_uri(Json::object()), "");
  EXPECT_EQ(runtime_artifact_uri(Json("garbage")), "");
}

TEST(RuntimeDrift, NoneWhenTheLiveRuntimeIsWhatTheLockRecords) {
  const RuntimePlan plan = team_plan();
  const RuntimeLock lock = recorded(plan);
  EXPECT_EQ(
      runtime_drift(lock, code_runtime("code-bucket", "agentlift-code/lead.zip"), plan.spec_hash()),
      Drift{});
}

TEST(RuntimeDrift, ListsArtifactRoleAndSpecHash) {
  const RuntimePlan plan = team_plan();
  const RuntimeLock lock = recorded(plan);
  Json live = code_runtime("code-bucket", "other.zip");
  live["roleArn"] = "arn:aws:iam::123456789012:role/other";
  const Drift drift = runtime_drift(lock, live, "0123abcd");
  ASSERT_EQ(drift.size(), 3u);
  EXPECT_EQ(drift[0], (FieldDrift{"artifact", lock.artifact_uri, "s3://code-bucket/other.zip"}));
  EXPECT_EQ(drift[1].field, "roleArn");
  EXPECT_EQ(drift[2], (FieldDrift{"spec_hash", "0123abcd", lock.spec_hash}));
  // A 0.8 lock records neither artifact nor role: only the hash is compared.
  RuntimeLock old = lock;
  old.artifact_uri.clear();
  old.execution_role_arn.clear();
  EXPECT_EQ(runtime_drift(old, live, lock.spec_hash), Drift{});
}

}  // namespace
}  // namespace agentlift::bedrock
