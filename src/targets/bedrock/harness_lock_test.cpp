#include "targets/bedrock/harness_lock.hpp"

#include <gtest/gtest.h>

#include "base/files.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::bedrock {
namespace {

// What agentlift 0.8 wrote: json.dumps(lock, indent=2, sort_keys=True) + "\n".
constexpr const char* k_lock_from_08 = R"({
  "deploy_model": "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  "display_name": "agentlift-api",
  "harness_arn": "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/agentlift_api-AbCdEf1234",
  "harness_id": "agentlift_api-AbCdEf1234",
  "region": "us-west-2",
  "spec_hash": "0b3c4ba9d27362624986b29aa8d7642ed97806268fce036f0cfde2341b008b58",
  "version": 1
}
)";

TEST(HarnessLock, ReadsA08Lock) {
  const HarnessLockRead read = parse_harness_lock(k_lock_from_08);
  ASSERT_EQ(read.status, HarnessLockRead::Status::ok) << read.problem;
  EXPECT_EQ(read.lock.version, 1);
  EXPECT_EQ(read.lock.harness_id, "agentlift_api-AbCdEf1234");
  EXPECT_EQ(read.lock.harness_arn,
            "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/agentlift_api-AbCdEf1234");
  EXPECT_EQ(read.lock.region, "us-west-2");
  EXPECT_EQ(read.lock.spec_hash,
            "0b3c4ba9d27362624986b29aa8d7642ed97806268fce036f0cfde2341b008b58");
  EXPECT_EQ(read.lock.display_name, "agentlift-api");
  EXPECT_EQ(read.lock.deploy_model, "us.anthropic.claude-haiku-4-5-20251001-v1:0");
  EXPECT_TRUE(read.lock.execution_role_arn.empty());
  EXPECT_TRUE(read.lock.skill_objects.empty());
  EXPECT_TRUE(read.lock.extra.empty());
}

TEST(HarnessLock, A08LockRoundTripsByteForByte) {
  EXPECT_EQ(serialize_harness_lock(parse_harness_lock(k_lock_from_08).lock), k_lock_from_08);
}

TEST(HarnessLock, OurKeysAreAddedSortedAndReadBack) {
  HarnessLock lock = parse_harness_lock(k_lock_from_08).lock;
  lock.execution_role_arn = "arn:aws:iam::123456789012:role/agentlift-harness";
  lock.skill_objects = {{"bucket-a", "agentlift-skills/agentlift_api/notes/SKILL.md",
                         std::string(64, 'a'), "\"etag-1\""}};
  const std::string text = serialize_harness_lock(lock);
  EXPECT_EQ(text, R"({
  "deploy_model": "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  "display_name": "agentlift-api",
  "execution_role_arn": "arn:aws:iam::123456789012:role/agentlift-harness",
  "harness_arn": "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/agentlift_api-AbCdEf1234",
  "harness_id": "agentlift_api-AbCdEf1234",
  "region": "us-west-2",
  "skill_objects": [
    {
      "bucket": "bucket-a",
      "etag": "\"etag-1\"",
      "key": "agentlift-skills/agentlift_api/notes/SKILL.md",
      "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    }
  ],
  "spec_hash": "0b3c4ba9d27362624986b29aa8d7642ed97806268fce036f0cfde2341b008b58",
  "version": 1
}
)");
  const HarnessLockRead again = parse_harness_lock(text);
  ASSERT_EQ(again.status, HarnessLockRead::Status::ok);
  EXPECT_EQ(again.lock.execution_role_arn, lock.execution_role_arn);
  EXPECT_EQ(again.lock.skill_objects, lock.skill_objects);
}

TEST(HarnessLock, KeepsUnknownKeysAndReadsNullAsEmpty) {
  const HarnessLockRead read = parse_harness_lock(
      R"({"version": 1, "harness_id": "h-0123456789", "harness_arn": null,
          "live_verified": false, "zeta": {"b": 1, "a": "\u00e9"}})");
  ASSERT_EQ(read.status, HarnessLockRead::Status::ok) << read.problem;
  EXPECT_EQ(read.lock.harness_arn, "");
  const std::string text = serialize_harness_lock(read.lock);
  EXPECT_NE(text.find("  \"live_verified\": false,\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\"zeta\": {\n    \"a\": \"\\u00e9\",\n    \"b\": 1\n  }\n}\n"),
            std::string::npos)
      << text;
}

TEST(HarnessLock, MissingFileMeansNothingDeployed) {
  files::ReadResult missing;
  missing.status = files::ReadResult::Status::missing;
  const HarnessLockRead read = read_harness_lock(missing);
  EXPECT_EQ(read.status, HarnessLockRead::Status::absent);
  EXPECT_FALSE(read.lock.records_harness());
}

TEST(HarnessLock, CorruptFileIsInvalidWithoutQuotingIt) {
  const HarnessLockRead read = parse_harness_lock("{\"harness_id\": \"abc\", SECRET-ISH");
  EXPECT_EQ(read.status, HarnessLockRead::Status::invalid);
  EXPECT_NE(read.problem.find("not valid JSON"), std::string::npos) << read.problem;
  EXPECT_EQ(read.problem.find("SECRET"), std::string::npos);
}

TEST(HarnessLock, WrongShapesAreInvalid) {
  for (const char* text : {"[]", "\"x\"", R"({"harness_id": 7})",
                           R"({"version": 2, "harness_id": "h"})", R"({"version": "1"})",
                           R"({"skill_objects": {}})", R"({"skill_objects": [{"key": "k"}]})"}) {
    const HarnessLockRead read = parse_harness_lock(text);
    EXPECT_EQ(read.status, HarnessLockRead::Status::invalid) << text;
    EXPECT_FALSE(read.problem.empty()) << text;
  }
}

TEST(HarnessLock, UnreadableFileIsInvalid) {
  files::ReadResult directory;
  directory.status = files::ReadResult::Status::not_a_file;
  EXPECT_EQ(read_harness_lock(directory).status, HarnessLockRead::Status::invalid);
}

TEST(HarnessLock, WrittenAtomicallyAndReadBackFromDisk) {
  testing::TempFolder t;
  HarnessLock lock = parse_harness_lock(k_lock_from_08).lock;
  files::write_atomic(harness_lock_path(t.path()), serialize_harness_lock(lock));
  const HarnessLockRead read = read_harness_lock(
      files::read(t.path() / ".agentlift-harness.json", k_harness_lock_max_bytes));
  ASSERT_EQ(read.status, HarnessLockRead::Status::ok);
  EXPECT_EQ(read.lock.harness_id, lock.harness_id);
}

TEST(HarnessLock, NextLockRecordsThePlanAndKeepsTheRoleWhenNoneGiven) {
  HarnessPlan plan;
  plan.harness_name = "agentlift_api";
  plan.display_name = "agentlift-api";
  plan.region = "us-east-1";
  plan.bedrock_model = "us.amazon.nova-pro-v1:0";
  HarnessLock previous;
  previous.execution_role_arn = "arn:aws:iam::123456789012:role/old";
  previous.extra["live_verified"] = false;
  const HarnessLock next = next_harness_lock(
      previous, plan, "agentlift_api-AbCdEf1234", "arn:h", "",
      {{"b", "k2", "s2", "e2"}, {"a", "k9", "s9", "e9"}, {"b", "k1", "s1", "e1"}});
  EXPECT_EQ(next.harness_id, "agentlift_api-AbCdEf1234");
  EXPECT_EQ(next.harness_arn, "arn:h");
  EXPECT_EQ(next.region, "us-east-1");
  EXPECT_EQ(next.spec_hash, plan.spec_hash());
  EXPECT_EQ(next.display_name, "agentlift-api");
  EXPECT_EQ(next.deploy_model, "us.amazon.nova-pro-v1:0");
  EXPECT_EQ(next.execution_role_arn, "arn:aws:iam::123456789012:role/old");
  EXPECT_EQ(next.extra, previous.extra);
  ASSERT_EQ(next.skill_objects.size(), 3u);
  EXPECT_EQ(next.skill_objects[0].key, "k9");
  EXPECT_EQ(next.skill_objects[1].key, "k1");
  EXPECT_EQ(next_harness_lock(previous, plan, "i", "a", "arn:aws:iam::123456789012:role/new", {})
                .execution_role_arn,
            "arn:aws:iam::123456789012:role/new");
}

}  // namespace
}  // namespace agentlift::bedrock
