// `agentlift deploy` of a team (examples/team) as a live AgentCore Runtime with
// the direct-code artifact, run as the real binary against agentcore-local
// (AgentCore) and moto (S3 for the code zip), both on 127.0.0.1: create with
// --code-deps none, the exact CreateAgentRuntime request, skip with no AWS call,
// update after an edit, an offline install from a folder of wheels (checked in
// the zip), a failed runtime (exit 3), faults on every call, a deploy killed
// mid-way, the container placeholder, and a canary MCP secret that reaches the
// runtime's environment but never the lockfile, stdout, stderr or --debug log.

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "base/json.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/s3_client.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/moto_s3.hpp"
#include "support/moto_server.hpp"
#include "support/subprocess.hpp"
#include "support/team_project.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOutput;

constexpr const char* k_canary = "canary-SECRET-docs-token-5e2a";
constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-runtime";
constexpr const char* k_bucket = "agentlift-runtime-test";
constexpr const char* k_env_var = "AGENTLIFT_MCP_DOCS_AUTHORIZATION";

class CliRuntimeDeploy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_s3.start(k_bucket); }
  static void TearDownTestSuite() { s_s3.stop(); }

  void SetUp() override {
    if (!s_s3.skip.empty()) GTEST_SKIP() << s_s3.skip;
    ASSERT_TRUE(s_s3.failure.empty()) << s_s3.failure;
    ASSERT_EQ(m_emulator.start(
                  {"--port", "0", "--region", "eu-north-1", "--ready-delay", "0.2", "--verbose"},
                  m_work.path() / "emulator.log"),
              "");
    testing::copy_team_with_secret_header(project());
  }

  fs::path project() const { return m_work.path() / "project"; }

  std::vector<std::string> environment(const std::string& path = "/usr/bin:/bin") const {
    return {"PATH=" + path,
            "HOME=" + m_work.path().string(),
            "NO_PROXY=*",
            "AWS_EC2_METADATA_DISABLED=true",
            "AWS_ACCESS_KEY_ID=test",
            "AWS_SECRET_ACCESS_KEY=test",
            "AWS_ENDPOINT_URL_S3=" + s_s3.endpoint(),
            "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN=" + std::string(k_role),
            std::string("DOCS_TOKEN=") + k_canary};
  }

  std::vector<std::string> argv(std::vector<std::string> extra) const {
    std::vector<std::string> out{
        AGENTLIFT_BINARY, "deploy", project().string(), "--endpoint-url", m_emulator.endpoint(),
        "--s3-bucket",    k_bucket};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }

  ProcessOutput deploy(std::vector<std::string> extra = {"--yes", "--code-deps", "none"}) const {
    return testing::run_process(argv(std::move(extra)), environment());
  }

  std::string lock_text() const {
    std::ifstream in(project() / ".agentlift-bedrock.json");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  void arm(const std::string& faults) const {
    cloud::CurlTransport curl;
    cloud::HttpRequest request{
        "POST", m_emulator.endpoint() + "/_agentcore_local/faults", {}, faults};
    request.set_header("Content-Type", "application/json");
    const cloud::HttpResponse armed = curl.send(request);
    ASSERT_LT(armed.status, 300) << armed.body;
  }

  // How often each armed fault fired.
  std::vector<int> fired() const {
    cloud::CurlTransport curl;
    const cloud::HttpResponse reply =
        curl.send({"GET", m_emulator.endpoint() + "/_agentcore_local/faults", {}, ""});
    std::vector<int> out;
    EXPECT_EQ(reply.status, 200) << reply.body;
    const Json table = Json::parse(reply.body);
    for (const Json& rule : table["faults"]) out.push_back(rule["fired"]);
    return out;
  }

  // The emulator's view, through our own client.
  template <typename Use>
  auto control(Use use) const {
    cloud::CurlTransport curl;
    cloud::AwsClientConfig config = testing::moto_config(
        "AgentCore", "bedrock-agentcore", {"test", "test", std::nullopt}, m_emulator.endpoint());
    config.region = "eu-north-1";
    cloud::AwsClient client(config, curl);
    cloud::AgentCoreControlClient control(client);
    return use(control);
  }

  std::size_t runtime_count() const {
    return control(
        [](cloud::AgentCoreControlClient& c) { return c.list_all_agent_runtimes().size(); });
  }

  void expect_no_canary(const ProcessOutput& output) const {
    EXPECT_EQ(output.out.find(k_canary), std::string::npos) << "the MCP secret reached stdout";
    EXPECT_EQ(output.err.find(k_canary), std::string::npos) << "the MCP secret reached stderr";
    EXPECT_EQ(lock_text().find(k_canary), std::string::npos) << "the MCP secret reached the lock";
  }

  static testing::MotoS3Server s_s3;
  testing::TempFolder m_work;
  testing::AgentCoreLocalProcess m_emulator;
};

testing::MotoS3Server CliRuntimeDeploy::s_s3;

std::set<std::string> zip_names(const fs::path& path) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  std::set<std::string> names;
  if (archive == nullptr) return names;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    names.insert(zip_get_name(archive, static_cast<zip_uint64_t>(i), 0));
  }
  zip_discard(archive);
  return names;
}

TEST_F(CliRuntimeDeploy, CreatesThenSkipsThenUpdatesAfterAnEdit) {
  const ProcessOutput created = deploy({"--yes", "--code-deps", "none", "--json", "--debug"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const Json first = Json::parse(created.out);
  EXPECT_EQ(first["action"], "create");
  EXPECT_EQ(first["status"], "READY");
  EXPECT_EQ(first["agent_runtime_version"], "1");
  EXPECT_EQ(first["artifact_kind"], "code");
  EXPECT_EQ(first["code"]["dependencies"], "none");
  EXPECT_EQ(first["code"]["uploaded"], true);
  EXPECT_EQ(first["env_var_names"], Json::array({k_env_var}));
  EXPECT_NE(created.err.find("cannot start it"), std::string::npos) << created.err;
  EXPECT_NE(created.err.find("<redacted>"), std::string::npos);
  expect_no_canary(created);

  const std::string key =
      "agentlift-code/agentlift_lead/" + first["code"]["zip_sha256"].get<std::string>() + ".zip";
  EXPECT_EQ(first["artifact_uri"], std::string("s3://") + k_bucket + "/" + key);
  const Json lock = Json::parse(lock_text());
  EXPECT_EQ(lock["agent_runtime_id"], first["agent_runtime_id"]);
  EXPECT_EQ(lock["spec_hash"], first["spec_hash"]);
  EXPECT_EQ(lock["region"], "eu-north-1");
  EXPECT_EQ(lock["artifact_kind"], "code");
  EXPECT_EQ(lock["code_runtime"], "PYTHON_3_12");
  EXPECT_EQ(lock["code_dependencies"], "none");
  EXPECT_EQ(lock["execution_role_arn"], k_role);
  ASSERT_EQ(lock["code_objects"].size(), 1u);
  EXPECT_EQ(lock["code_objects"][0]["key"], key);
  s_s3.with_s3([&](cloud::S3Client& s3) {
    const auto head = s3.head_object(k_bucket, key);
    ASSERT_TRUE(head.has_value());
  });

  // What the emulator stored is exactly what we asked for.
  const Json stored = control([&](cloud::AgentCoreControlClient& c) {
    return c.get_agent_runtime(first["agent_runtime_id"].get<std::string>()).raw;
  });
  EXPECT_EQ(stored["agentRuntimeName"], "agentlift_lead");
  EXPECT_EQ(stored["agentRuntimeArtifact"].dump(),
            Json::parse(R"({"codeConfiguration": {"code": {"s3": {"bucket": ")" +
                        std::string(k_bucket) + R"(", "prefix": ")" + key +
                        R"("}}, "runtime": "PYTHON_3_12", "entryPoint": ["main.py"]}})")
                .dump());
  EXPECT_EQ(stored["roleArn"], k_role);
  EXPECT_EQ(stored["networkConfiguration"]["networkMode"], "PUBLIC");
  EXPECT_EQ(stored["protocolConfiguration"]["serverProtocol"], "HTTP");
  EXPECT_FALSE(stored.contains("authorizerConfiguration"));
  EXPECT_EQ(stored["environmentVariables"][k_env_var], std::string("Bearer ") + k_canary);

  // Unchanged: no AWS call at all (the emulator's request log stays as it was).
  const std::string log_before = m_emulator.stderr_text();
  const ProcessOutput skipped = deploy({"--yes", "--code-deps", "none", "--json"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(Json::parse(skipped.out)["action"], "skip");
  EXPECT_EQ(m_emulator.stderr_text(), log_before);

  std::ofstream(project() / ".managed-agents" / "lead" / "agent.md", std::ios::app)
      << "\nAlways cite the specialist you asked.\n";
  const ProcessOutput updated = deploy({"--yes", "--code-deps", "none", "--json", "--debug"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  const Json second = Json::parse(updated.out);
  EXPECT_EQ(second["action"], "update");
  EXPECT_EQ(second["agent_runtime_id"], first["agent_runtime_id"]);
  EXPECT_EQ(second["agent_runtime_version"], "2");
  EXPECT_NE(second["code"]["zip_sha256"], first["code"]["zip_sha256"]);
  EXPECT_EQ(Json::parse(lock_text())["code_objects"].size(), 2u);
  expect_no_canary(updated);
  EXPECT_EQ(runtime_count(), 1u);
}

TEST_F(CliRuntimeDeploy, AnUnchangedZipIsNotUploadedAgain) {
  ASSERT_EQ(deploy().exit_code, 0);
  // Another role: an update, but the zip's bytes are the same.
  const ProcessOutput updated = deploy({"--yes", "--code-deps", "none", "--json", "--role-arn",
                                        "arn:aws:iam::123456789012:role/other"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  const Json result = Json::parse(updated.out);
  EXPECT_EQ(result["action"], "update");
  EXPECT_EQ(result["code"]["uploaded"], false);
  EXPECT_EQ(Json::parse(lock_text())["code_objects"].size(), 1u);
}

TEST_F(CliRuntimeDeploy, AWheelFolderInstallsTheDependenciesOfflineIntoTheZip) {
  // The requirements the package declares, then a fake wheel for each.
  const ProcessOutput built = testing::run_process(
      {AGENTLIFT_BINARY, "deploy", project().string(), "--build-only"}, environment());
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const fs::path wheels = m_work.path() / "wheels";
  const int made = std::system(
      ("python3 " + std::string(AGENTLIFT_SOURCE_DIR) + "/tests/data/make_fake_wheels.py " +
       (project() / ".agentlift-build/bedrock/requirements.txt").string() + " " + wheels.string())
          .c_str());
  ASSERT_EQ(made, 0);

  const ProcessOutput created =
      deploy({"--yes", "--json", "--wheel-dir", wheels.string(), "--python", "3.13"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const Json result = Json::parse(created.out);
  EXPECT_EQ(result["code"]["dependencies"], "installed");
  EXPECT_EQ(result["code"]["python_runtime"], "PYTHON_3_13");
  const std::set<std::string> names = zip_names(result["code"]["zip_path"].get<std::string>());
  for (const char* name : {"main.py", "requirements.txt", "agentlift_runtime/agent.py",
                           "agentlift_runtime/__init__.py", "strands_agents/__init__.py",
                           "bedrock_agentcore/__init__.py", "mcp/__init__.py",
                           "agentlift_runtime/skills/cite-sources/SKILL.md"}) {
    EXPECT_TRUE(names.count(name)) << name << " is missing from the zip";
  }
  EXPECT_FALSE(names.count("Dockerfile"));
  EXPECT_FALSE(names.count(".dockerignore"));
  for (const std::string& name : names) EXPECT_EQ(name.find("__pycache__"), std::string::npos);
  EXPECT_EQ(Json::parse(lock_text())["code_dependencies"], "installed");
  std::cout << "[figures] examples/team code zip with (fake) dependencies: "
            << result["code"]["zip_bytes"] << " bytes, " << result["code"]["files"]
            << " files, built in " << result["code"]["build_ms"] << " ms\n";
}

TEST_F(CliRuntimeDeploy, FiguresForTheTeamZipWithoutDependencies) {
  const ProcessOutput created = deploy({"--yes", "--code-deps", "none", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const Json code = Json::parse(created.out)["code"];
  std::cout << "[figures] examples/team code zip (--code-deps none): " << code["zip_bytes"]
            << " bytes, " << code["files"] << " files, built in " << code["build_ms"] << " ms\n";
  EXPECT_LT(code["zip_bytes"].get<int>(), 64 * 1024);
}

TEST_F(CliRuntimeDeploy, WithoutPipOrUvTheErrorNamesTheAlternatives) {
  const ProcessOutput result =
      testing::run_process(argv({"--yes"}), environment(m_work.path().string()));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  for (const char* alternative : {"--wheel-dir", "--code-deps none", "--artifact container"}) {
    EXPECT_NE(result.err.find(alternative), std::string::npos) << result.err;
  }
  EXPECT_EQ(runtime_count(), 0u);
}

TEST_F(CliRuntimeDeploy, ARuntimeThatFailsToCreateExitsThreeWithTheReason) {
  arm(R"({"operation":"CreateAgentRuntime","kind":"create_failed","reason":"no such zip"})");
  const ProcessOutput result = deploy();
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("CREATE_FAILED"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("no such zip"), std::string::npos) << result.err;
  // The runtime exists, so the lock records it (without a spec hash): the next
  // deploy updates it instead of creating a second one.
  const Json lock = Json::parse(lock_text());
  EXPECT_FALSE(lock["agent_runtime_id"].get<std::string>().empty());
  EXPECT_EQ(lock["spec_hash"], "");
  expect_no_canary(result);
  const ProcessOutput again = deploy({"--yes", "--code-deps", "none", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Json::parse(again.out)["action"], "update");
  EXPECT_EQ(runtime_count(), 1u);
}

TEST_F(CliRuntimeDeploy, FaultsOnEveryCallConvergeToOneRuntime) {
  arm(R"({"faults":[
    {"operation":"ListAgentRuntimes","kind":"reset"},
    {"operation":"CreateAgentRuntime","kind":"internal_error"},
    {"operation":"CreateAgentRuntime","kind":"throttle","nth":2},
    {"operation":"GetAgentRuntime","kind":"reset"},
    {"operation":"GetAgentRuntime","kind":"throttle","nth":2}]})");
  const ProcessOutput result = deploy({"--yes", "--code-deps", "none", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Json::parse(result.out)["status"], "READY");
  EXPECT_EQ(fired(), (std::vector<int>{1, 1, 1, 1, 1}));
  EXPECT_EQ(runtime_count(), 1u);
}

TEST_F(CliRuntimeDeploy, AKilledDeployConvergesToOneRuntimeWithOrWithoutTheLock) {
  // The first status poll hangs; the deploy is killed while it waits.
  arm(R"({"operation":"GetAgentRuntime","kind":"delay","delayMs":8000})");
  EXPECT_THROW(testing::run_process(argv({"--yes", "--code-deps", "none"}), environment(),
                                    std::chrono::seconds(3)),
               std::runtime_error);
  const Json lock = Json::parse(lock_text());
  ASSERT_FALSE(lock["agent_runtime_id"].get<std::string>().empty());
  EXPECT_EQ(lock["spec_hash"], "");
  ASSERT_EQ(runtime_count(), 1u);

  // As if killed before the lock was written: the runtime is found by name.
  fs::remove(project() / ".agentlift-bedrock.json");
  const ProcessOutput again = deploy({"--yes", "--code-deps", "none", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Json::parse(again.out)["action"], "update");
  EXPECT_NE(again.err.find("interrupted"), std::string::npos) << again.err;
  EXPECT_EQ(Json::parse(again.out)["agent_runtime_id"], lock["agent_runtime_id"]);
  EXPECT_EQ(runtime_count(), 1u);
  EXPECT_EQ(Json::parse(deploy({"--yes", "--code-deps", "none", "--json"}).out)["action"], "skip");
}

TEST_F(CliRuntimeDeploy, WithoutYesAndWithoutATerminalItRefusesBeforeAnyCall) {
  const ProcessOutput result = deploy({"--code-deps", "none"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("--yes"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(project() / ".agentlift-bedrock.json"));
  EXPECT_FALSE(fs::exists(project() / ".agentlift-build"));
}

TEST_F(CliRuntimeDeploy, TheContainerArtifactWritesItsBuildContextAndReportsTheBuilder) {
  const ProcessOutput result = deploy({"--yes", "--artifact", "container"});
  // The placeholder (or a machine without a builder) fails cleanly, before any
  // runtime exists.
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("error: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hint: "), std::string::npos) << result.err;
  EXPECT_TRUE(fs::exists(project() / ".agentlift-build" / "bedrock" / "Dockerfile"));
  EXPECT_EQ(runtime_count(), 0u);
  expect_no_canary(result);
}

}  // namespace
}  // namespace agentlift
