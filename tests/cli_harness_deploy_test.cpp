// `agentlift deploy` of a single-agent folder as a live Harness, run as the real
// binary against agentcore-local (AgentCore) and moto (S3 for the skill files),
// both on 127.0.0.1: create, skip with no AWS call, update after an edit, a
// failed harness (exit 3), refusal without --yes when stdin is not a terminal,
// and a canary MCP secret that reaches the harness but never the lockfile,
// stdout, stderr or the --debug wire log.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/json.hpp"
#include "support/live_harness_project.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::k_harness_bucket;
using testing::k_harness_canary;
using testing::ProcessOutput;

class CliHarnessDeploy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_s3.start(testing::k_harness_bucket); }
  static void TearDownTestSuite() { s_s3.stop(); }

  void SetUp() override {
    if (!s_s3.skip.empty()) GTEST_SKIP() << s_s3.skip;
    ASSERT_TRUE(s_s3.failure.empty()) << s_s3.failure;
    m_live = std::make_unique<testing::LiveHarnessProject>(s_s3.endpoint());
    ASSERT_EQ(m_live->start_emulator(), "");
  }

  fs::path project() const { return m_live->project(); }
  ProcessOutput deploy(const std::vector<std::string>& extra = {}) const {
    return m_live->deploy(extra);
  }
  std::string lock_text() const { return m_live->lock_text(); }

  void expect_no_canary(const ProcessOutput& output) const {
    EXPECT_EQ(output.out.find(k_harness_canary), std::string::npos)
        << "the MCP secret reached stdout";
    EXPECT_EQ(output.err.find(k_harness_canary), std::string::npos)
        << "the MCP secret reached stderr";
    EXPECT_EQ(lock_text().find(k_harness_canary), std::string::npos)
        << "the MCP secret reached the lock";
  }

  static testing::MotoS3Server s_s3;
  std::unique_ptr<testing::LiveHarnessProject> m_live;
};

testing::MotoS3Server CliHarnessDeploy::s_s3;

TEST_F(CliHarnessDeploy, CreatesThenSkipsThenUpdatesAfterAnEdit) {
  const ProcessOutput created = deploy({"--yes", "--json", "--debug"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const Json first = Json::parse(created.out);
  EXPECT_EQ(first["action"], "create");
  EXPECT_EQ(first["status"], "READY");
  EXPECT_EQ(first["harness_version"], "1");
  EXPECT_EQ(first["skill_files_uploaded"], 1);
  EXPECT_NE(created.err.find("Authorization: <redacted>"), std::string::npos);
  expect_no_canary(created);

  const Json lock = Json::parse(lock_text());
  EXPECT_EQ(lock["harness_id"], first["harness_id"]);
  EXPECT_EQ(lock["spec_hash"], first["spec_hash"]);
  EXPECT_EQ(lock["region"], "us-west-2");
  ASSERT_EQ(lock["skill_objects"].size(), 1u);

  // Unchanged: no AWS call at all (the emulator's request log stays as it was).
  const std::string log_before = m_live->emulator().stderr_text();
  const ProcessOutput skipped = deploy({"--yes", "--json"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(Json::parse(skipped.out)["action"], "skip");
  EXPECT_EQ(m_live->emulator().stderr_text(), log_before);

  std::ofstream(m_live->agent_file(), std::ios::app) << "\nAlways answer in one paragraph.\n";
  const ProcessOutput updated = deploy({"--yes", "--json", "--debug"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  const Json second = Json::parse(updated.out);
  EXPECT_EQ(second["action"], "update");
  EXPECT_EQ(second["harness_id"], first["harness_id"]);
  EXPECT_EQ(second["harness_version"], "2");
  EXPECT_EQ(second["skill_files_uploaded"], 0);  // the skill's bytes did not change
  expect_no_canary(updated);
}

TEST_F(CliHarnessDeploy, ASkillFileNoLongerUsedIsDeletedFromS3AndTheLock) {
  const fs::path skill =
      project() / ".managed-agents" / "support-agent" / "skills" / "refund-policy";
  std::ofstream(skill / "examples.md") << "Refund examples.\n";
  ASSERT_EQ(deploy({"--yes"}).exit_code, 0);
  ASSERT_EQ(Json::parse(lock_text())["skill_objects"].size(), 2u);

  fs::remove(skill / "examples.md");
  const ProcessOutput updated = deploy({"--yes"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  const Json objects = Json::parse(lock_text())["skill_objects"];
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_TRUE(objects[0]["key"].get<std::string>().ends_with("/SKILL.md"));

  const std::string prefix = "agentlift-skills/agentlift_support_agent/refund-policy/";
  s_s3.with_s3([&](cloud::S3Client& s3) {
    EXPECT_FALSE(s3.head_object(k_harness_bucket, prefix + "examples.md").has_value());
    EXPECT_TRUE(s3.head_object(k_harness_bucket, prefix + "SKILL.md").has_value());
  });
}

TEST_F(CliHarnessDeploy, WithoutYesAndWithoutATerminalItRefusesBeforeAnyCall) {
  const ProcessOutput result = deploy();
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("--yes"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(project() / ".agentlift-harness.json"));
}

TEST_F(CliHarnessDeploy, AnUnsetMcpVariableIsNamedAndNothingIsCreated) {
  auto env = m_live->environment();
  env.pop_back();  // ORDERS_API_TOKEN
  const ProcessOutput result = testing::run_process(m_live->deploy_argv({"--yes"}), env);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("ORDERS_API_TOKEN"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(project() / ".agentlift-harness.json"));
}

TEST_F(CliHarnessDeploy, AHarnessThatFailsToCreateExitsThreeWithTheReason) {
  // Break the next CreateHarness: the harness ends in CREATE_FAILED.
  ASSERT_EQ(m_live->arm_fault(Json{{"operation", "CreateHarness"}, {"kind", "create_failed"}}), "");
  const ProcessOutput result = deploy({"--yes"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("CREATE_FAILED"), std::string::npos) << result.err;
  // The harness exists, so the lock records it (without a spec hash): the next
  // deploy updates it instead of creating a second one.
  const Json lock = Json::parse(lock_text());
  EXPECT_FALSE(lock["harness_id"].get<std::string>().empty());
  EXPECT_EQ(lock["spec_hash"], "");
  expect_no_canary(result);
}

}  // namespace
}  // namespace agentlift
