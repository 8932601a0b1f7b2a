#include "targets/bedrock/runtime_lock.hpp"

#include <gtest/gtest.h>

namespace agentlift::bedrock {
namespace {

// What agentlift 0.8 wrote after a runtime deploy (json.dumps(indent=2, sort_keys=True)).
constexpr const char* k_lock_08 = R"({
  "agent_runtime_arn": "arn:aws:bedrock-agentcore:eu-north-1:123456789012:runtime/agentlift_lead-AbCdEf1234",
  "agent_runtime_id": "agentlift_lead-AbCdEf1234",
  "deploy_model": "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
  "display_name": "agentlift-lead",
  "region": "eu-north-1",
  "spec_hash": "2c36cafca3b4a388de9d1c6858b65364c0925345041888f1e0bb14a769aebb07",
  "version": 1
}
)";

TEST(RuntimeLock, ALockWrittenBy08RoundTripsByteForByte) {
  const RuntimeLockRead read = parse_runtime_lock(k_lock_08);
  ASSERT_EQ(read.status, RuntimeLockRead::Status::ok) << read.problem;
  EXPECT_EQ(read.lock.agent_runtime_id, "agentlift_lead-AbCdEf1234");
  EXPECT_EQ(read.lock.artifact_kind, "");
  EXPECT_FALSE(read.lock.ecr_repository_created);
  EXPECT_EQ(serialize_runtime_lock(read.lock), k_lock_08);
}

TEST(RuntimeLock, OurKeysAndUnknownKeysSurviveARoundTrip) {
  RuntimeLock lock;
  lock.agent_runtime_id = "agentlift_lead-AbCdEf1234";
  lock.artifact_kind = "code";
  lock.artifact_uri = "s3://b/agentlift-code/agentlift_lead/abc.zip";
  lock.code_runtime = "PYTHON_3_12";
  lock.code_dependencies = "none";
  lock.code_objects = {{"b", "z.zip", "22", "\"e2\""}, {"b", "a.zip", "11", "\"e1\""}};
  lock.ecr_repository = "agentlift/agentlift_lead";
  lock.ecr_repository_created = true;
  lock.extra["future_key"] = Json{{"x", 1}};
  const std::string text = serialize_runtime_lock(lock);
  const RuntimeLockRead read = parse_runtime_lock(text);
  ASSERT_EQ(read.status, RuntimeLockRead::Status::ok) << read.problem;
  EXPECT_EQ(read.lock.code_objects.size(), 2u);
  EXPECT_EQ(read.lock.code_objects[0].key, "a.zip");  // written sorted
  EXPECT_TRUE(read.lock.ecr_repository_created);
  EXPECT_EQ(read.lock.code_runtime, "PYTHON_3_12");
  EXPECT_EQ(read.lock.code_dependencies, "none");
  EXPECT_FALSE(read.lock.extra.contains("code_runtime"));
  EXPECT_EQ(read.lock.extra["future_key"]["x"], 1);
  EXPECT_EQ(serialize_runtime_lock(read.lock), text);
}

TEST(RuntimeLock, AMalformedLockIsInvalidWithoutQuotingIt) {
  for (const char* text :
       {"not json secret-value", "[]", R"({"agent_runtime_id": 7})", R"({"version": 2})",
        R"({"artifact_kind": "lambda"})", R"({"ecr_repository_created": "yes"})",
        R"({"code_objects": [{"key": "k"}]})"}) {
    const RuntimeLockRead read = parse_runtime_lock(text);
    EXPECT_EQ(read.status, RuntimeLockRead::Status::invalid) << text;
    EXPECT_EQ(read.problem.find("secret-value"), std::string::npos);
  }
}

TEST(RuntimeLock, AMissingFileMeansNothingDeployed) {
  files::ReadResult missing;
  missing.status = files::ReadResult::Status::missing;
  EXPECT_EQ(read_runtime_lock(missing).status, RuntimeLockRead::Status::absent);
}

}  // namespace
}  // namespace agentlift::bedrock
