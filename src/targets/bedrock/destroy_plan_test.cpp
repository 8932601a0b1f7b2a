#include "targets/bedrock/destroy_plan.hpp"

#include <gtest/gtest.h>

namespace agentlift::bedrock {
namespace {

HarnessLock harness_lock() {
  HarnessLock lock;
  lock.harness_id = "agentlift_bot-AbCdEf1234";
  lock.harness_arn = "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/" + lock.harness_id;
  lock.region = "us-west-2";
  lock.spec_hash = "abc";
  lock.display_name = "agentlift-bot";
  lock.skill_objects = {{"b", "agentlift-skills/agentlift_bot/s/SKILL.md", "1", "\"e1\""},
                        {"b", "agentlift-skills/agentlift_bot/s/x.md", "2", "\"e2\""}};
  return lock;
}

RuntimeLock runtime_lock() {
  RuntimeLock lock;
  lock.agent_runtime_id = "agentlift_team-AbCdEf1234";
  lock.region = "eu-north-1";
  lock.spec_hash = "def";
  lock.code_objects = {{"code", "agentlift-code/team/abc.zip", "3", "\"e3\""}};
  lock.ecr_repository = "agentlift/agentlift_team";
  lock.ecr_repository_created = true;
  return lock;
}

TEST(DestroyPlan, ListsTheResourceFirstThenWhatItUsed) {
  const auto harness = harness_destroy_items(harness_lock());
  ASSERT_EQ(harness.size(), 3u);
  EXPECT_EQ(harness[0].kind, DestroyKind::harness);
  EXPECT_EQ(harness[0].label(), "harness agentlift_bot-AbCdEf1234");
  EXPECT_EQ(harness[1].label(), "s3://b/agentlift-skills/agentlift_bot/s/SKILL.md");
  EXPECT_EQ(harness[1].region, "us-west-2");

  const auto runtime = runtime_destroy_items(runtime_lock());
  ASSERT_EQ(runtime.size(), 3u);
  EXPECT_EQ(runtime[0].kind, DestroyKind::agent_runtime);
  EXPECT_EQ(runtime[1].kind, DestroyKind::code_object);
  EXPECT_EQ(runtime[2].kind, DestroyKind::ecr_repository);
  EXPECT_EQ(runtime[2].to_json(), (Json{{"kind", "ecr_repository"},
                                        {"id", "agentlift/agentlift_team"},
                                        {"region", "eu-north-1"}}));
}

TEST(DestroyPlan, ARepositoryAgentliftDidNotCreateIsNeverListed) {
  RuntimeLock lock = runtime_lock();
  lock.ecr_repository_created = false;
  const auto items = runtime_destroy_items(lock);
  EXPECT_EQ(items.size(), 2u);
  for (const auto& item : items) EXPECT_NE(item.kind, DestroyKind::ecr_repository);
}

TEST(DestroyPlan, EmptyLocksHaveNothingToDestroy) {
  EXPECT_TRUE(harness_destroy_items(HarnessLock{}).empty());
  EXPECT_TRUE(runtime_destroy_items(RuntimeLock{}).empty());
  // Uploaded skill files of a harness that was never created are still listed.
  HarnessLock uploads_only;
  uploads_only.skill_objects = harness_lock().skill_objects;
  EXPECT_EQ(harness_destroy_items(uploads_only).size(), 2u);
}

TEST(DestroyPlan, LocksAfterwardsRecordOnlyWhatStillExists) {
  const HarnessLock lock = harness_lock();
  EXPECT_FALSE(harness_lock_after(lock, {}).has_value());

  const auto items = harness_destroy_items(lock);
  // The harness is gone but one object could not be deleted.
  const auto after = harness_lock_after(lock, {items[2]});
  ASSERT_TRUE(after.has_value());
  EXPECT_FALSE(after->records_harness());
  EXPECT_EQ(after->harness_arn, "");
  EXPECT_EQ(after->spec_hash, "");
  ASSERT_EQ(after->skill_objects.size(), 1u);
  EXPECT_EQ(after->skill_objects[0].key, "agentlift-skills/agentlift_bot/s/x.md");
  EXPECT_EQ(harness_destroy_items(*after), std::vector<DestroyItem>{items[2]});

  // The harness could not be deleted: everything stays.
  const auto kept = harness_lock_after(lock, items);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(serialize_harness_lock(*kept), serialize_harness_lock(lock));

  const RuntimeLock runtime = runtime_lock();
  const auto runtime_items = runtime_destroy_items(runtime);
  const auto repo_left = runtime_lock_after(runtime, {runtime_items[2]});
  ASSERT_TRUE(repo_left.has_value());
  EXPECT_FALSE(repo_left->records_runtime());
  EXPECT_TRUE(repo_left->code_objects.empty());
  EXPECT_TRUE(repo_left->ecr_repository_created);
  EXPECT_EQ(runtime_destroy_items(*repo_left), std::vector<DestroyItem>{runtime_items[2]});
  const auto zip_left = runtime_lock_after(runtime, {runtime_items[1]});
  ASSERT_TRUE(zip_left.has_value());
  EXPECT_FALSE(zip_left->ecr_repository_created);
  EXPECT_EQ(zip_left->code_objects.size(), 1u);
}

}  // namespace
}  // namespace agentlift::bedrock
