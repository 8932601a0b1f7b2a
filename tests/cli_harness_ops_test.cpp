// `agentlift run`, `status` and `diff` against a harness the real `agentlift
// deploy` created, all as the real binary against agentcore-local (AgentCore)
// and moto (S3 for the skill files) on 127.0.0.1: the streamed answer, a
// continued session, --json, status READY without drift and with drift after an
// edit, a deleted harness, diff's exit codes, and a canary MCP secret that
// never reaches stdout, stderr or the --debug wire log.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "base/json.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/s3_client.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/moto_s3.hpp"
#include "support/moto_server.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOutput;

constexpr const char* k_canary = "canary-SECRET-ops-token-5d2e";
constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-harness";
constexpr const char* k_bucket = "agentlift-ops-test";

std::vector<Json> json_lines(const std::string& text) {
  std::vector<Json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(Json::parse(line));
  }
  return out;
}

class CliHarnessOps : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_s3.start(k_bucket); }
  static void TearDownTestSuite() { s_s3.stop(); }

  void SetUp() override {
    if (!s_s3.skip.empty()) GTEST_SKIP() << s_s3.skip;
    ASSERT_TRUE(s_s3.failure.empty()) << s_s3.failure;
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
            "AWS_ENDPOINT_URL_S3=" + s_s3.endpoint(),
            "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN=" + std::string(k_role),
            std::string("ORDERS_API_TOKEN=") + k_canary};
  }

  ProcessOutput agentlift(std::vector<std::string> args) const {
    args.insert(args.begin(), AGENTLIFT_BINARY);
    args.insert(args.end(), {"--endpoint-url", m_emulator.endpoint()});
    ProcessOutput output = testing::run_process(args, environment());
    EXPECT_EQ(output.out.find(k_canary), std::string::npos) << "the MCP secret reached stdout";
    EXPECT_EQ(output.err.find(k_canary), std::string::npos) << "the MCP secret reached stderr";
    return output;
  }

  void deploy() const {
    const ProcessOutput deployed =
        agentlift({"deploy", project().string(), "--s3-bucket", k_bucket, "--yes"});
    ASSERT_EQ(deployed.exit_code, 0) << deployed.err;
  }

  ProcessOutput run(std::vector<std::string> extra) const {
    std::vector<std::string> args{"run", "support-agent", "--project", project().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return agentlift(args);
  }

  void edit_agent() const {
    std::ofstream(project() / ".managed-agents" / "support-agent" / "agent.md", std::ios::app)
        << "\nAlways answer in one paragraph.\n";
  }

  static testing::MotoS3Server s_s3;
  testing::TempFolder m_work;
  testing::AgentCoreLocalProcess m_emulator;
};

testing::MotoS3Server CliHarnessOps::s_s3;

TEST_F(CliHarnessOps, RunStreamsTheAnswerAndContinuesASession) {
  deploy();
  const ProcessOutput first = run({"--task", "Where is order 42?"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("[agentcore-local] harness agentlift_support_agent version 1"),
            std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("You said: Where is order 42?\n"), std::string::npos) << first.out;
  EXPECT_NE(first.err.find("usage: "), std::string::npos) << first.err;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(first.err, match, std::regex("--session ([0-9a-f-]{36})")))
      << first.err;
  const std::string session = match[1];

  const ProcessOutput second = run({"--task", "And order 43?", "--session", session, "--debug"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("You said: And order 43?"), std::string::npos);
  EXPECT_NE(second.err.find("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id: " + session),
            std::string::npos)
      << second.err;

  const ProcessOutput bad = run({"--task", "x", "--session", "short"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--session"), std::string::npos);
}

TEST_F(CliHarnessOps, RunJsonPrintsEachEventThenTheWholeAnswer) {
  deploy();
  const ProcessOutput result = run({"--task", "Hello", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<Json> lines = json_lines(result.out);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines.front()["event"], "messageStart");
  const Json& done = lines.back();
  EXPECT_EQ(done["event"], "done");
  EXPECT_EQ(done["target"], "harness");
  EXPECT_EQ(done["stop_reason"], "end_turn");
  EXPECT_NE(done["text"].get<std::string>().find("You said: Hello"), std::string::npos);
  EXPECT_EQ(done["session_id"].get<std::string>().size(), 36u);
  EXPECT_TRUE(done["usage"].contains("totalTokens"));
}

TEST_F(CliHarnessOps, RunNamesTheDeployedAgentsOrSaysToDeploy) {
  const ProcessOutput nothing = run({"--task", "x"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("agentlift deploy " + project().string()), std::string::npos)
      << nothing.err;

  deploy();
  const ProcessOutput unknown =
      agentlift({"run", "billing-agent", "--project", project().string(), "--task", "x"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("support-agent (harness)"), std::string::npos) << unknown.err;
  // The identifier names the agent too.
  EXPECT_EQ(
      agentlift({"run", "support_agent", "--project", project().string(), "--task", "x"}).exit_code,
      0);
}

TEST_F(CliHarnessOps, StatusIsReadyWithoutDriftThenShowsTheEditedField) {
  const ProcessOutput before = agentlift({"status", project().string()});
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_NE(before.out.find("Nothing deployed"), std::string::npos) << before.out;

  deploy();
  const ProcessOutput clean = agentlift({"status", project().string(), "--json", "--debug"});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_NE(clean.err.find("> GET http"), std::string::npos);  // the wire log is on
  const Json report = Json::parse(clean.out)["deployments"][0];
  EXPECT_EQ(report["kind"], "harness");
  EXPECT_EQ(report["status"], "READY");
  EXPECT_EQ(report["version"], "1");
  EXPECT_EQ(report["region"], "us-west-2");
  EXPECT_EQ(report["in_sync"], true);
  EXPECT_EQ(report["drift"], Json::array());
  EXPECT_EQ(report["header_values_compared"], false);

  edit_agent();
  const ProcessOutput drifted = agentlift({"status", project().string()});
  ASSERT_EQ(drifted.exit_code, 0) << drifted.err;
  EXPECT_NE(drifted.out.find("status:   READY"), std::string::npos) << drifted.out;
  EXPECT_NE(drifted.out.find("1 field(s) differ"), std::string::npos) << drifted.out;
  EXPECT_NE(drifted.out.find("    systemPrompt\n"), std::string::npos) << drifted.out;
  EXPECT_NE(drifted.out.find("MCP header values are not compared"), std::string::npos);
}

TEST_F(CliHarnessOps, StatusOfAHarnessDeletedOutsideAgentliftSaysSoAndFails) {
  deploy();
  const Json lock = Json::parse(std::ifstream(project() / ".agentlift-harness.json"));
  cloud::CurlTransport curl;
  cloud::AwsClientConfig config;
  config.service = "AgentCore";
  config.signing_name = "bedrock-agentcore";
  config.region = "us-west-2";
  config.endpoint = m_emulator.endpoint();
  config.credentials = {"test", "test", std::nullopt};
  cloud::AwsClient client(config, curl);
  cloud::AgentCoreControlClient control(client);
  control.delete_harness(lock["harness_id"]);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // past DELETING

  const ProcessOutput status = agentlift({"status", project().string()});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.out.find("GONE"), std::string::npos) << status.out;
  EXPECT_NE(status.err.find("no longer has"), std::string::npos) << status.err;
  const ProcessOutput diff = agentlift({"diff", project().string(), "--remote"});
  EXPECT_EQ(diff.exit_code, 1);
  EXPECT_NE(diff.err.find("no longer has"), std::string::npos) << diff.err;
}

TEST_F(CliHarnessOps, StatusOfAFailedHarnessExitsThreeAndHidesHeaderValuesInTheReason) {
  cloud::CurlTransport curl;
  cloud::HttpRequest arm{"POST",
                         m_emulator.endpoint() + "/_agentcore_local/faults",
                         {},
                         std::string(R"({"operation":"CreateHarness","kind":"create_failed",)") +
                             R"("reason":"the MCP server refused Bearer )" + k_canary + R"("})"};
  arm.set_header("Content-Type", "application/json");
  ASSERT_LT(curl.send(arm).status, 300);
  EXPECT_EQ(agentlift({"deploy", project().string(), "--s3-bucket", k_bucket, "--yes"}).exit_code,
            3);
  const ProcessOutput status = agentlift({"status", project().string(), "--debug"});
  EXPECT_EQ(status.exit_code, 3) << status.err;
  EXPECT_NE(status.out.find("status:   CREATE_FAILED"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("failure:  the MCP server refused <redacted>"), std::string::npos)
      << status.out;
}

TEST_F(CliHarnessOps, DiffDetailedExitCodesFollowWhatADeployWouldDo) {
  const ProcessOutput create = agentlift({"diff", project().string(), "--detailed-exitcode"});
  EXPECT_EQ(create.exit_code, 2) << create.err;
  EXPECT_NE(create.out.find("+ create harness agentlift_support_agent in us-west-2"),
            std::string::npos)
      << create.out;

  deploy();
  EXPECT_EQ(agentlift({"diff", project().string(), "--detailed-exitcode"}).exit_code, 0);
  const ProcessOutput remote_clean =
      agentlift({"diff", project().string(), "--remote", "--detailed-exitcode", "--debug"});
  EXPECT_EQ(remote_clean.exit_code, 0) << remote_clean.err;
  EXPECT_NE(remote_clean.out.find("No changes"), std::string::npos) << remote_clean.out;
  EXPECT_NE(remote_clean.err.find("<redacted>"), std::string::npos);  // the header value

  edit_agent();
  const ProcessOutput offline = agentlift({"diff", project().string(), "--detailed-exitcode"});
  EXPECT_EQ(offline.exit_code, 2);
  EXPECT_NE(offline.out.find("~ update harness agentlift_support_agent-"), std::string::npos)
      << offline.out;
  EXPECT_NE(offline.out.find("~ spec_hash: "), std::string::npos) << offline.out;
  const ProcessOutput remote =
      agentlift({"diff", project().string(), "--remote", "--json", "--detailed-exitcode"});
  EXPECT_EQ(remote.exit_code, 2) << remote.err;
  const Json out = Json::parse(remote.out);
  EXPECT_EQ(out["action"], "update");
  ASSERT_EQ(out["changes"].size(), 1u) << out.dump();
  EXPECT_EQ(out["changes"][0]["field"], "systemPrompt");
  // Without --detailed-exitcode pending changes still exit 0.
  EXPECT_EQ(agentlift({"diff", project().string()}).exit_code, 0);

  deploy();
  EXPECT_EQ(agentlift({"diff", project().string(), "--remote", "--detailed-exitcode"}).exit_code,
            0);
}

}  // namespace
}  // namespace agentlift
