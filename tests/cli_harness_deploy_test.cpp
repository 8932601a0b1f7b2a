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
#include "cloud/curl_transport.hpp"
#include "cloud/s3_client.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/moto_server.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOutput;

constexpr const char* k_canary = "canary-SECRET-orders-token-8c1f";
constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-harness";
constexpr const char* k_bucket = "agentlift-deploy-test";

class CliHarnessDeploy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::moto_importable()) {
      s_skip = "python3 cannot import moto";
      return;
    }
    s_moto = std::make_unique<testing::MotoServer>();
    s_failure = s_moto->start(testing::MotoAuth::open);
    if (!s_failure.empty()) return;
    try {
      cloud::CurlTransport curl;
      testing::LoopbackTransport transport(curl);
      cloud::AwsClient client(
          testing::moto_config("S3", "s3", {"AKIAIOSFODNN7EXAMPLE", "test", std::nullopt},
                               s_moto->endpoint()),
          transport);
      cloud::S3Client(client, cloud::S3Addressing::path).create_bucket(k_bucket);
    } catch (const std::exception& error) {
      s_failure = std::string("creating the bucket: ") + error.what();
    }
  }
  static void TearDownTestSuite() { s_moto.reset(); }

  void SetUp() override {
    if (!s_skip.empty()) GTEST_SKIP() << s_skip;
    ASSERT_TRUE(s_failure.empty()) << s_failure;
    ASSERT_EQ(m_emulator.start({"--port", "0", "--ready-delay", "0.2", "--verbose"},
                               m_work.path() / "emulator.log"),
              "");
    fs::copy(fs::path(AGENTLIFT_SOURCE_DIR) / "examples" / "single-agent",
             m_work.path() / "project", fs::copy_options::recursive);
  }

  fs::path project() const { return m_work.path() / "project"; }

  std::vector<std::string> environment() const {
    return {"PATH=/usr/bin:/bin",
            "HOME=" + m_work.path().string(),
            "NO_PROXY=*",
            "AWS_EC2_METADATA_DISABLED=true",
            "AWS_ACCESS_KEY_ID=test",
            "AWS_SECRET_ACCESS_KEY=test",
            "AWS_ENDPOINT_URL_S3=" + s_moto->endpoint(),
            "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN=" + std::string(k_role),
            std::string("ORDERS_API_TOKEN=") + k_canary};
  }

  ProcessOutput deploy(std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv{
        AGENTLIFT_BINARY, "deploy", project().string(), "--endpoint-url", m_emulator.endpoint(),
        "--s3-bucket",    k_bucket};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::run_process(argv, environment());
  }

  std::string lock_text() const {
    std::ifstream in(project() / ".agentlift-harness.json");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  void expect_no_canary(const ProcessOutput& output) const {
    EXPECT_EQ(output.out.find(k_canary), std::string::npos) << "the MCP secret reached stdout";
    EXPECT_EQ(output.err.find(k_canary), std::string::npos) << "the MCP secret reached stderr";
    EXPECT_EQ(lock_text().find(k_canary), std::string::npos) << "the MCP secret reached the lock";
  }

  static std::unique_ptr<testing::MotoServer> s_moto;
  static std::string s_skip;
  static std::string s_failure;
  testing::TempFolder m_work;
  testing::AgentCoreLocalProcess m_emulator;
};

std::unique_ptr<testing::MotoServer> CliHarnessDeploy::s_moto;
std::string CliHarnessDeploy::s_skip;
std::string CliHarnessDeploy::s_failure;

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
  const std::string log_before = m_emulator.stderr_text();
  const ProcessOutput skipped = deploy({"--yes", "--json"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(Json::parse(skipped.out)["action"], "skip");
  EXPECT_EQ(m_emulator.stderr_text(), log_before);

  std::ofstream(project() / ".managed-agents" / "support-agent" / "agent.md", std::ios::app)
      << "\nAlways answer in one paragraph.\n";
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

  cloud::CurlTransport curl;
  testing::LoopbackTransport transport(curl);
  cloud::AwsClient client(
      testing::moto_config("S3", "s3", {"AKIAIOSFODNN7EXAMPLE", "test", std::nullopt},
                           s_moto->endpoint()),
      transport);
  cloud::S3Client s3(client, cloud::S3Addressing::path);
  const std::string prefix = "agentlift-skills/agentlift_support_agent/refund-policy/";
  EXPECT_FALSE(s3.head_object(k_bucket, prefix + "examples.md").has_value());
  EXPECT_TRUE(s3.head_object(k_bucket, prefix + "SKILL.md").has_value());
}

TEST_F(CliHarnessDeploy, WithoutYesAndWithoutATerminalItRefusesBeforeAnyCall) {
  const ProcessOutput result = deploy();
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("--yes"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(project() / ".agentlift-harness.json"));
}

TEST_F(CliHarnessDeploy, AnUnsetMcpVariableIsNamedAndNothingIsCreated) {
  std::vector<std::string> argv{
      AGENTLIFT_BINARY,      "deploy",      project().string(), "--endpoint-url",
      m_emulator.endpoint(), "--s3-bucket", k_bucket,           "--yes"};
  auto env = environment();
  env.pop_back();  // ORDERS_API_TOKEN
  const ProcessOutput result = testing::run_process(argv, env);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("ORDERS_API_TOKEN"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(project() / ".agentlift-harness.json"));
}

TEST_F(CliHarnessDeploy, AHarnessThatFailsToCreateExitsThreeWithTheReason) {
  // Break the next CreateHarness: the harness ends in CREATE_FAILED.
  cloud::CurlTransport curl;
  cloud::HttpRequest arm{"POST",
                         m_emulator.endpoint() + "/_agentcore_local/faults",
                         {},
                         R"({"operation":"CreateHarness","kind":"create_failed"})"};
  arm.set_header("Content-Type", "application/json");
  const cloud::HttpResponse armed = curl.send(arm);
  ASSERT_LT(armed.status, 300) << armed.body;
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
