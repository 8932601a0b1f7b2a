#include "targets/bedrock/harness_deploy_decision.hpp"

#include <gtest/gtest.h>

namespace agentlift::bedrock {
namespace {

constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-harness";

HarnessPlan a_plan(bool with_skill = false) {
  HarnessPlan plan;
  plan.harness_name = "agentlift_api";
  plan.display_name = "agentlift-api";
  plan.region = "us-west-2";
  plan.bedrock_model = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  plan.instruction = "Answer questions.";
  plan.description = "api";
  if (with_skill) plan.skills.push_back({"notes", std::string(64, 'c'), {{"notes/SKILL.md"}}, {}});
  return plan;
}

HarnessLockRead deployed(const HarnessPlan& plan) {
  HarnessLockRead read;
  read.status = HarnessLockRead::Status::ok;
  read.lock.harness_id = "agentlift_api-AbCdEf1234";
  read.lock.harness_arn = "arn:aws:bedrock-agentcore:us-west-2:1:harness/agentlift_api-AbCdEf1234";
  read.lock.region = plan.region;
  read.lock.spec_hash = plan.spec_hash();
  return read;
}

TEST(HarnessDeployDecision, NoLockCreates) {
  const HarnessDeployDecision decision = decide_harness_deploy(a_plan(), HarnessLockRead{});
  EXPECT_EQ(decision.action, HarnessAction::create);
  EXPECT_EQ(decision.reason, "no AgentCore harness recorded yet");
}

TEST(HarnessDeployDecision, LockWithoutHarnessIdCreates) {
  HarnessLockRead read = deployed(a_plan());
  read.lock.harness_id.clear();
  EXPECT_EQ(decide_harness_deploy(a_plan(), read).action, HarnessAction::create);
}

TEST(HarnessDeployDecision, InvalidLockRefusesInsteadOfCreatingASecondHarness) {
  HarnessLockRead read;
  read.status = HarnessLockRead::Status::invalid;
  read.problem = "it is not valid JSON (at byte 3)";
  const HarnessDeployDecision decision = decide_harness_deploy(a_plan(), read);
  EXPECT_EQ(decision.action, HarnessAction::refuse);
  EXPECT_NE(decision.reason.find(".agentlift-harness.json"), std::string::npos);
  EXPECT_NE(decision.reason.find("at byte 3"), std::string::npos);
}

TEST(HarnessDeployDecision, OtherRegionCreates) {
  HarnessPlan plan = a_plan();
  HarnessLockRead read = deployed(plan);
  read.lock.region = "eu-west-1";
  const HarnessDeployDecision decision = decide_harness_deploy(plan, read);
  EXPECT_EQ(decision.action, HarnessAction::create);
  EXPECT_NE(decision.reason.find("eu-west-1"), std::string::npos);
  EXPECT_NE(decision.reason.find("us-west-2"), std::string::npos);
}

TEST(HarnessDeployDecision, SameHashSkips) {
  const HarnessPlan plan = a_plan();
  const HarnessDeployDecision decision = decide_harness_deploy(plan, deployed(plan));
  EXPECT_EQ(decision.action, HarnessAction::skip);
  EXPECT_EQ(decision.reason, "spec unchanged; the deployed harness is up to date");
}

TEST(HarnessDeployDecision, ChangedHashUpdates) {
  const HarnessPlan plan = a_plan();
  HarnessLockRead read = deployed(plan);
  read.lock.spec_hash = std::string(64, '0');
  const HarnessDeployDecision decision = decide_harness_deploy(plan, read);
  EXPECT_EQ(decision.action, HarnessAction::update);
  EXPECT_EQ(decision.reason,
            "the spec changed; updating the harness in place (it keeps its id and ARN)");
}

TEST(HarnessDeployDecision, OlderLockWithoutHashUpdates) {
  const HarnessPlan plan = a_plan();
  HarnessLockRead read = deployed(plan);
  read.lock.spec_hash.clear();
  const HarnessDeployDecision decision = decide_harness_deploy(plan, read);
  EXPECT_EQ(decision.action, HarnessAction::update);
  EXPECT_NE(decision.reason.find("no spec hash recorded"), std::string::npos);
}

TEST(HarnessDeployDecision, SkipNeedsNoRoleAndIgnoresAnUnrecordedOne) {
  const HarnessPlan plan = a_plan();
  EXPECT_EQ(decide_harness_deploy(plan, deployed(plan), {k_role, ""}).action, HarnessAction::skip);
}

TEST(HarnessDeployDecision, DifferentRoleThanRecordedUpdates) {
  const HarnessPlan plan = a_plan();
  HarnessLockRead read = deployed(plan);
  read.lock.execution_role_arn = "arn:aws:iam::123456789012:role/old";
  EXPECT_EQ(decide_harness_deploy(plan, read, {k_role, ""}).action, HarnessAction::update);
  EXPECT_EQ(decide_harness_deploy(plan, read, {"", ""}).action, HarnessAction::skip);
  read.lock.execution_role_arn = k_role;
  EXPECT_EQ(decide_harness_deploy(plan, read, {k_role, ""}).action, HarnessAction::skip);
}

TEST(HarnessDeployDecision, DifferentSkillBucketUpdates) {
  const HarnessPlan plan = a_plan(/*with_skill=*/true);
  HarnessLockRead read = deployed(plan);
  read.lock.skill_objects = {{"old-bucket", "agentlift-skills/agentlift_api/notes/SKILL.md",
                              std::string(64, 'a'), "\"e\""}};
  const HarnessDeployDecision decision = decide_harness_deploy(plan, read, {"", "new-bucket"});
  EXPECT_EQ(decision.action, HarnessAction::update);
  EXPECT_NE(decision.reason.find("new-bucket"), std::string::npos);
  EXPECT_EQ(decide_harness_deploy(plan, read, {"", "old-bucket"}).action, HarnessAction::skip);
}

TEST(HarnessDeployDecision, ActionNames) {
  EXPECT_STREQ(action_name(HarnessAction::create), "create");
  EXPECT_STREQ(action_name(HarnessAction::update), "update");
  EXPECT_STREQ(action_name(HarnessAction::skip), "skip");
  EXPECT_STREQ(action_name(HarnessAction::refuse), "refuse");
}

}  // namespace
}  // namespace agentlift::bedrock
