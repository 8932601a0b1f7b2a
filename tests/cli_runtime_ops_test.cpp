// `agentlift run`, `status` and `diff` against an agent runtime, as the real
// binary against agentcore-local on 127.0.0.1. The runtime is created through
// the control API (a codeConfiguration, as the code deploy makes it) and its
// lock written with serialize_runtime_lock, so these tests do not depend on
// the runtime deploy: JSON and server-sent-event answers, --json, an unknown
// agent, an in-service failure (424), status and drift, diff's exit codes.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/files.hpp"
#include "base/json.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/curl_transport.hpp"
#include "parse/project_parser.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"
#include "targets/bedrock/plans.hpp"
#include "targets/bedrock/runtime_lock.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOutput;

constexpr const char* k_region = "eu-north-1";
constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-runtime";
constexpr const char* k_code_bucket = "agentlift-code-test";
constexpr const char* k_code_key = "agentlift-code/agentlift_lead/0123456789ab.zip";

class CliRuntimeOps : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(m_emulator.start({"--port", "0", "--region", k_region, "--ready-delay", "0.2"},
                               m_work.path() / "emulator.log"),
              "");
    fs::copy(fs::path(AGENTLIFT_SOURCE_DIR) / "examples" / "team", project(),
             fs::copy_options::recursive);
    m_config.service = "AgentCore";
    m_config.signing_name = "bedrock-agentcore";
    m_config.region = k_region;
    m_config.endpoint = m_emulator.endpoint();
    m_config.credentials = {"test", "test", std::nullopt};
  }

  fs::path project() const { return m_work.path() / "project"; }

  // Creates the runtime as a code deploy would, waits for it to settle in
  // `expected` and records it.
  void deploy_runtime(const std::string& expected = "READY") {
    cloud::AwsClient client(m_config, m_curl);
    cloud::AgentCoreControlClient control(client);
    const Json body = {{"agentRuntimeName", "agentlift_lead"},
                       {"roleArn", k_role},
                       {"agentRuntimeArtifact",
                        {{"codeConfiguration",
                          {{"code", {{"s3", {{"bucket", k_code_bucket}, {"prefix", k_code_key}}}}},
                           {"runtime", "PYTHON_3_12"},
                           {"entryPoint", {"main.py"}}}}}},
                       {"networkConfiguration", {{"networkMode", "PUBLIC"}}},
                       {"protocolConfiguration", {{"serverProtocol", "HTTP"}}}};
    cloud::AgentCoreResource runtime = control.create_agent_runtime(body);
    for (int i = 0; i < 50 && runtime.status != expected; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      runtime = control.get_agent_runtime(runtime.id);
    }
    ASSERT_EQ(runtime.status, expected);

    const parse::ParseResult parsed = parse::parse_project(project());
    const bedrock::RuntimePlan plan =
        bedrock::build_runtime_plan(parsed.project, parsed.diagnostics, k_region, false);
    bedrock::RuntimeLock lock;
    lock.agent_runtime_id = runtime.id;
    lock.agent_runtime_arn = runtime.arn;
    lock.region = k_region;
    lock.spec_hash = plan.spec_hash();
    lock.display_name = plan.display_name;
    lock.execution_role_arn = k_role;
    lock.artifact_kind = "code";
    lock.artifact_uri = std::string("s3://") + k_code_bucket + "/" + k_code_key;
    files::write_atomic(bedrock::runtime_lock_path(project()),
                        bedrock::serialize_runtime_lock(lock));
  }

  void arm_fault(const std::string& json) {
    cloud::HttpRequest arm{"POST", m_emulator.endpoint() + "/_agentcore_local/faults", {}, json};
    arm.set_header("Content-Type", "application/json");
    ASSERT_LT(m_curl.send(arm).status, 300);
  }

  ProcessOutput agentlift(std::vector<std::string> args) const {
    args.insert(args.begin(), AGENTLIFT_BINARY);
    args.insert(args.end(), {"--endpoint-url", m_emulator.endpoint()});
    return testing::run_process(args, {"PATH=/usr/bin:/bin", "HOME=" + m_work.path().string(),
                                       "NO_PROXY=*", "AWS_EC2_METADATA_DISABLED=true",
                                       "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test"});
  }

  ProcessOutput run(const std::string& agent, std::vector<std::string> extra) const {
    std::vector<std::string> args{"run", agent, "--project", project().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return agentlift(args);
  }

  testing::TempFolder m_work;
  testing::AgentCoreLocalProcess m_emulator;
  cloud::CurlTransport m_curl;
  cloud::AwsClientConfig m_config;
};

TEST_F(CliRuntimeOps, RunPrintsTheResultOfAJsonAndOfAStreamedAnswer) {
  deploy_runtime();
  const ProcessOutput plain = run("lead", {"--task", "Brief me on tides"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("[agentcore-local] runtime agentlift_lead version 1"), std::string::npos)
      << plain.out;
  // The emulator echoes the request body's "prompt".
  EXPECT_NE(plain.out.find("received: Brief me on tides"), std::string::npos) << plain.out;
  EXPECT_NE(plain.err.find("agent lead"), std::string::npos) << plain.err;

  // --stream asks for server-sent events (Accept: text/event-stream first): the
  // same text arrives in pieces.
  const ProcessOutput streamed =
      run("lead", {"--task", "Brief me on tides", "--stream", "--debug"});
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  EXPECT_NE(streamed.err.find("text/event-stream"), std::string::npos);
  EXPECT_EQ(streamed.out, plain.out);
}

TEST_F(CliRuntimeOps, RunJsonPrintsTheResponseThenDone) {
  deploy_runtime();
  const ProcessOutput result = run("writer", {"--task", "Draft it", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream in(result.out);
  std::vector<Json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(Json::parse(line));
  ASSERT_EQ(lines.size(), 2u) << result.out;
  EXPECT_EQ(lines[0]["event"], "response");
  EXPECT_EQ(lines[1]["event"], "done");
  EXPECT_EQ(lines[1]["target"], "runtime");
  EXPECT_EQ(lines[1]["agent"], "writer");
  EXPECT_NE(lines[1]["text"].get<std::string>().find("received: Draft it"), std::string::npos);

  const ProcessOutput streamed = run("writer", {"--task", "Draft it", "--json", "--stream"});
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  EXPECT_NE(streamed.out.find(R"({"event":"data","data":)"), std::string::npos) << streamed.out;
}

TEST_F(CliRuntimeOps, RunRefusesAnAgentTheRuntimeDoesNotHave) {
  deploy_runtime();
  const ProcessOutput result = run("nobody", {"--task", "x"});
  EXPECT_EQ(result.exit_code, 2);
  for (const char* name : {"lead (runtime)", "researcher (runtime)", "writer (runtime)"}) {
    EXPECT_NE(result.err.find(name), std::string::npos) << result.err;
  }
}

TEST_F(CliRuntimeOps, AFailureInsideTheRuntimeIsAClearError) {
  deploy_runtime();
  arm_fault(R"({"operation":"InvokeAgentRuntime","kind":"error","status":424,)"
            R"("code":"RuntimeClientError","message":"the container exited"})");
  const ProcessOutput result = run("lead", {"--task", "x"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("error: the runtime failed while answering: the container exited"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("hint: "), std::string::npos);
}

TEST_F(CliRuntimeOps, StatusShowsTheRuntimeAndTheFolderChangingSinceTheDeploy) {
  deploy_runtime();
  const ProcessOutput clean = agentlift({"status", project().string(), "--json"});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  const Json report = Json::parse(clean.out)["deployments"][0];
  EXPECT_EQ(report["kind"], "runtime");
  EXPECT_EQ(report["status"], "READY");
  EXPECT_EQ(report["region"], k_region);
  EXPECT_EQ(report["artifact"], std::string("s3://") + k_code_bucket + "/" + k_code_key);
  EXPECT_EQ(report["role_arn"], k_role);
  EXPECT_EQ(report["in_sync"], true);

  std::ofstream(project() / ".managed-agents" / "writer" / "agent.md", std::ios::app)
      << "\nKeep it under 300 words.\n";
  const ProcessOutput drifted = agentlift({"status", project().string()});
  ASSERT_EQ(drifted.exit_code, 0) << drifted.err;
  EXPECT_NE(drifted.out.find("Runtime agentlift_lead-"), std::string::npos) << drifted.out;
  EXPECT_NE(drifted.out.find("the folder now plans"), std::string::npos) << drifted.out;
  EXPECT_NE(drifted.out.find("    spec_hash\n"), std::string::npos) << drifted.out;
}

TEST_F(CliRuntimeOps, StatusOfAFailedRuntimeExitsThreeWithTheReason) {
  arm_fault(R"({"operation":"CreateAgentRuntime","kind":"create_failed",)"
            R"("reason":"the code zip has no main.py"})");
  deploy_runtime("CREATE_FAILED");
  const ProcessOutput status = agentlift({"status", project().string()});
  EXPECT_EQ(status.exit_code, 3) << status.err;
  EXPECT_NE(status.out.find("status:   CREATE_FAILED"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("failure:  the code zip has no main.py"), std::string::npos)
      << status.out;
}

TEST_F(CliRuntimeOps, AMistypedFolderIsAUsageErrorNotNothingDeployed) {
  const std::string missing = (m_work.path() / "no-such-folder").string();
  const ProcessOutput status = agentlift({"status", missing});
  EXPECT_EQ(status.exit_code, 2);
  EXPECT_NE(status.err.find("there is no folder at " + missing), std::string::npos) << status.err;
  EXPECT_EQ(agentlift({"run", "lead", "--project", missing, "--task", "x"}).exit_code, 2);
  // With --detailed-exitcode, 2 means changes: errors are 1.
  EXPECT_EQ(agentlift({"diff", missing, "--detailed-exitcode"}).exit_code, 1);
}

TEST_F(CliRuntimeOps, DiffDetailedExitCodes) {
  EXPECT_EQ(agentlift({"diff", project().string(), "--detailed-exitcode"}).exit_code, 2);
  deploy_runtime();
  const ProcessOutput same =
      agentlift({"diff", project().string(), "--remote", "--detailed-exitcode"});
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  std::ofstream(project() / ".managed-agents" / "writer" / "agent.md", std::ios::app)
      << "\nKeep it under 300 words.\n";
  const ProcessOutput changed =
      agentlift({"diff", project().string(), "--detailed-exitcode", "--json"});
  EXPECT_EQ(changed.exit_code, 2) << changed.err;
  const Json out = Json::parse(changed.out);
  EXPECT_EQ(out["kind"], "runtime");
  EXPECT_EQ(out["action"], "update");
  EXPECT_EQ(out["changes"][0]["field"], "spec_hash");
}

}  // namespace
}  // namespace agentlift
