#include "targets/bedrock/runtime_deploy_decision.hpp"

#include <gtest/gtest.h>

#include "parse/project_parser.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_role = "arn:aws:iam::123456789012:role/R";

RuntimePlan team_plan(const std::string& region = "eu-north-1") {
  const parse::ParseResult parsed =
      parse::parse_project(std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "examples/team");
  return build_runtime_plan(parsed.project, parsed.diagnostics, region, false);
}

RuntimeDeploySettings code_settings() {
  return {"code", k_role, "bucket-a", "PYTHON_3_12", "installed"};
}

RuntimeLockRead deployed(const RuntimePlan& plan) {
  RuntimeLockRead read;
  read.status = RuntimeLockRead::Status::ok;
  read.lock.agent_runtime_id = "agentlift_lead-AbCdEf1234";
  read.lock.region = plan.region;
  read.lock.spec_hash = plan.spec_hash();
  read.lock.execution_role_arn = k_role;
  read.lock.artifact_kind = "code";
  read.lock.artifact_uri = "s3://bucket-a/agentlift-code/agentlift_lead/x.zip";
  read.lock.code_runtime = "PYTHON_3_12";
  read.lock.code_dependencies = "installed";
  return read;
}

TEST(RuntimeDeployDecision, NothingRecordedCreates) {
  EXPECT_EQ(decide_runtime_deploy(team_plan(), {}, code_settings()).action, RuntimeAction::create);
  RuntimeLockRead no_id = deployed(team_plan());
  no_id.lock.agent_runtime_id.clear();  // only code objects recorded so far
  EXPECT_EQ(decide_runtime_deploy(team_plan(), no_id, code_settings()).action,
            RuntimeAction::create);
}

TEST(RuntimeDeployDecision, AnUnreadableLockIsARefusal) {
  RuntimeLockRead read;
  read.status = RuntimeLockRead::Status::invalid;
  read.problem = "it is not valid JSON";
  const RuntimeDeployDecision decision = decide_runtime_deploy(team_plan(), read, code_settings());
  EXPECT_EQ(decision.action, RuntimeAction::refuse);
  EXPECT_NE(decision.reason.find("second one"), std::string::npos);
}

TEST(RuntimeDeployDecision, SameEverythingSkips) {
  const RuntimePlan plan = team_plan();
  EXPECT_EQ(decide_runtime_deploy(plan, deployed(plan), code_settings()).action,
            RuntimeAction::skip);
  // A deploy that names no role (it falls back to the recorded one) skips too.
  RuntimeDeploySettings settings = code_settings();
  settings.execution_role_arn.clear();
  EXPECT_EQ(decide_runtime_deploy(plan, deployed(plan), settings).action, RuntimeAction::skip);
}

TEST(RuntimeDeployDecision, ARegionChangeCreates) {
  const RuntimePlan there = team_plan("us-east-1");
  const RuntimeDeployDecision decision =
      decide_runtime_deploy(there, deployed(team_plan()), code_settings());
  EXPECT_EQ(decision.action, RuntimeAction::create);
  EXPECT_NE(decision.reason.find("eu-north-1"), std::string::npos);
}

TEST(RuntimeDeployDecision, EachDifferenceUpdates) {
  const RuntimePlan plan = team_plan();
  RuntimeLockRead changed_spec = deployed(plan);
  changed_spec.lock.spec_hash = "0000";
  EXPECT_EQ(decide_runtime_deploy(plan, changed_spec, code_settings()).action,
            RuntimeAction::update);
  RuntimeLockRead interrupted = deployed(plan);
  interrupted.lock.spec_hash.clear();
  EXPECT_EQ(decide_runtime_deploy(plan, interrupted, code_settings()).action,
            RuntimeAction::update);

  auto update_for = [&](RuntimeDeploySettings settings) {
    return decide_runtime_deploy(plan, deployed(plan), settings);
  };
  RuntimeDeploySettings container = code_settings();
  container.artifact_kind = "container";
  container.code_bucket.clear();
  EXPECT_EQ(update_for(container).action, RuntimeAction::update);
  EXPECT_NE(update_for(container).reason.find("container"), std::string::npos);
  RuntimeDeploySettings role = code_settings();
  role.execution_role_arn = "arn:aws:iam::123456789012:role/Other";
  EXPECT_EQ(update_for(role).action, RuntimeAction::update);
  RuntimeDeploySettings bucket = code_settings();
  bucket.code_bucket = "bucket-b";
  EXPECT_EQ(update_for(bucket).action, RuntimeAction::update);
  RuntimeDeploySettings python = code_settings();
  python.code_runtime = "PYTHON_3_13";
  EXPECT_EQ(update_for(python).action, RuntimeAction::update);
  RuntimeDeploySettings deps = code_settings();
  deps.code_dependencies = "none";
  EXPECT_EQ(update_for(deps).action, RuntimeAction::update);
}

TEST(RuntimeDeployDecision, ALockFrom08WasAContainer) {
  const RuntimePlan plan = team_plan();
  RuntimeLockRead old = deployed(plan);
  old.lock.artifact_kind.clear();
  old.lock.artifact_uri.clear();
  old.lock.code_runtime.clear();
  old.lock.code_dependencies.clear();
  EXPECT_EQ(decide_runtime_deploy(plan, old, code_settings()).action, RuntimeAction::update);
  EXPECT_EQ(decide_runtime_deploy(plan, old, {"container", k_role, "", "", ""}).action,
            RuntimeAction::skip);
}

TEST(RuntimeDeployDecision, ArtifactBucket) {
  EXPECT_EQ(artifact_bucket("s3://b/k/x.zip"), "b");
  EXPECT_EQ(artifact_bucket("123.dkr.ecr.eu-north-1.amazonaws.com/r:t"), "");
}

}  // namespace
}  // namespace agentlift::bedrock
