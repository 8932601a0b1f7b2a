#include "targets/bedrock/harness_recovery.hpp"

#include <gtest/gtest.h>

namespace agentlift::bedrock {
namespace {

HarnessPlan a_plan() {
  HarnessPlan plan;
  plan.harness_name = "agentlift_api";
  plan.display_name = "agentlift-api";
  plan.region = "us-west-2";
  plan.bedrock_model = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  plan.instruction = "Answer questions.";
  return plan;
}

cloud::AgentCoreResource listed(const std::string& name, const std::string& suffix,
                                const std::string& status) {
  cloud::AgentCoreResource harness;
  harness.name = name;
  harness.id = name + "-" + suffix;
  harness.arn = "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/" + harness.id;
  harness.status = status;
  return harness;
}

UploadedSkillObject object(const std::string& bucket, const std::string& key) {
  return {bucket, key, std::string(64, 'a'), "\"etag\""};
}

TEST(HarnessRecovery, NoHarnessWithThePlansNameMeansCreate) {
  const ExistingHarness found = find_existing_harness(
      {listed("other_agent", "AbCdEf1234", "READY"), listed("agentlift_api_v2", "X", "READY")},
      a_plan());
  EXPECT_EQ(found.kind, ExistingHarnessKind::none);
  EXPECT_EQ(found.reason, "");
  EXPECT_EQ(find_existing_harness({}, a_plan()).kind, ExistingHarnessKind::none);
}

TEST(HarnessRecovery, AHarnessWithThePlansNameIsAdoptedWhateverItsState) {
  for (const char* status : {"READY", "CREATING", "UPDATING", "CREATE_FAILED", "UPDATE_FAILED"}) {
    const ExistingHarness found = find_existing_harness(
        {listed("other_agent", "AbCdEf1234", "READY"), listed("agentlift_api", "Zz12", status)},
        a_plan());
    EXPECT_EQ(found.kind, ExistingHarnessKind::adopt) << status;
    EXPECT_EQ(found.harness.id, "agentlift_api-Zz12");
    EXPECT_NE(found.reason.find("agentlift_api-Zz12"), std::string::npos) << found.reason;
    EXPECT_NE(found.reason.find("adopting"), std::string::npos) << found.reason;
  }
}

TEST(HarnessRecovery, AHarnessBeingDeletedIsWaitedForUnlessAnotherOneLives) {
  const ExistingHarness deleting =
      find_existing_harness({listed("agentlift_api", "Old1", "DELETING")}, a_plan());
  EXPECT_EQ(deleting.kind, ExistingHarnessKind::being_deleted);
  EXPECT_EQ(deleting.harness.id, "agentlift_api-Old1");
  EXPECT_NE(deleting.reason.find("being deleted"), std::string::npos) << deleting.reason;

  const ExistingHarness live = find_existing_harness(
      {listed("agentlift_api", "Old1", "DELETING"), listed("agentlift_api", "New2", "READY")},
      a_plan());
  EXPECT_EQ(live.kind, ExistingHarnessKind::adopt);
  EXPECT_EQ(live.harness.id, "agentlift_api-New2");
}

TEST(HarnessRecovery, AGoneHarnessIsNamedWithItsRegion) {
  HarnessLock lock;
  lock.harness_id = "agentlift_api-Gone123456";
  lock.region = "eu-central-1";
  const std::string message = recorded_harness_gone(lock);
  EXPECT_NE(message.find("agentlift_api-Gone123456"), std::string::npos) << message;
  EXPECT_NE(message.find("eu-central-1"), std::string::npos) << message;
  EXPECT_NE(message.find("creating a new one"), std::string::npos) << message;
}

TEST(HarnessRecovery, TheLockAfterUploadsKeepsTheHarnessAndEveryObjectInS3) {
  HarnessLock previous;
  previous.harness_id = "agentlift_api-AbCdEf1234";
  previous.spec_hash = "old";
  previous.extra["future_key"] = 7;
  previous.skill_objects = {object("b", "k/old.md"), object("b", "k/SKILL.md")};
  const HarnessLock lock = lock_with_skill_objects(
      previous, {object("b", "k/SKILL.md"), object("b", "k/new.md")}, {object("b", "k/old.md")});
  EXPECT_EQ(lock.harness_id, previous.harness_id);
  EXPECT_EQ(lock.spec_hash, "old");  // the harness is not updated yet
  EXPECT_EQ(lock.extra["future_key"], 7);
  ASSERT_EQ(lock.skill_objects.size(), 3u);  // sorted, no duplicate
  EXPECT_EQ(lock.skill_objects[0].key, "k/SKILL.md");
  EXPECT_EQ(lock.skill_objects[1].key, "k/new.md");
  EXPECT_EQ(lock.skill_objects[2].key, "k/old.md");

  const HarnessLock duplicate =
      lock_with_skill_objects(previous, {object("b", "k/a.md")}, {object("b", "k/a.md")});
  EXPECT_EQ(duplicate.skill_objects.size(), 1u);
}

TEST(HarnessRecovery, AProvisionalLockRecordsTheHarnessWithoutASpecHash) {
  HarnessLock previous;
  previous.skill_objects = {object("b", "k/SKILL.md")};
  const cloud::AgentCoreResource harness = listed("agentlift_api", "AbCdEf1234", "CREATING");
  const HarnessLock lock = provisional_harness_lock(
      previous, a_plan(), harness, "arn:aws:iam::123456789012:role/agentlift-harness");
  EXPECT_EQ(lock.harness_id, harness.id);
  EXPECT_EQ(lock.harness_arn, harness.arn);
  EXPECT_EQ(lock.region, "us-west-2");
  EXPECT_EQ(lock.spec_hash, "");
  EXPECT_EQ(lock.execution_role_arn, "arn:aws:iam::123456789012:role/agentlift-harness");
  EXPECT_EQ(lock.skill_objects, previous.skill_objects);
  EXPECT_TRUE(lock.records_harness());
}

}  // namespace
}  // namespace agentlift::bedrock
