// `agentlift import bedrock` and `agentlift destroy`, run as the real binary
// against agentcore-local (AgentCore) and moto (S3, ECR), both on 127.0.0.1:
//  - a folder deployed as a harness and imported re-plans to the same spec hash,
//    and the MCP header value (a canary) reaches no file, stdout, stderr or log;
//  - import's refusals (no id or name, unknown name, --mode runtime, an
//    existing folder) and --dry-run;
//  - destroy of a harness and of a runtime deletes exactly what the lock records
//    (an object and a repository agentlift did not create stay), clears the
//    lock, and after a failed deletion keeps what still exists for a re-run.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/files.hpp"
#include "base/json.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/ecr_client.hpp"
#include "cloud/s3_client.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/moto_s3.hpp"
#include "support/moto_server.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"
#include "targets/bedrock/runtime_lock.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOutput;

constexpr const char* k_canary = "canary-SECRET-import-token-41b7";
constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-harness";
constexpr const char* k_bucket = "agentlift-import-test";
constexpr const char* k_runtime_region = "us-west-2";  // the emulator serves one region

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string all_text_under(const fs::path& root) {
  std::string out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) out += read_text(entry.path());
  }
  return out;
}

class CliImportDestroy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_s3.start(k_bucket); }
  static void TearDownTestSuite() { s_s3.stop(); }

  void SetUp() override {
    if (!s_s3.skip.empty()) GTEST_SKIP() << s_s3.skip;
    ASSERT_TRUE(s_s3.failure.empty()) << s_s3.failure;
    ASSERT_EQ(
        m_emulator.start({"--port", "0", "--ready-delay", "0.2"}, m_work.path() / "emulator.log"),
        "");
    fs::copy(fs::path(AGENTLIFT_SOURCE_DIR) / "examples" / "single-agent", project(),
             fs::copy_options::recursive);
  }

  template <typename Use>
  static void with_ecr(Use use) {
    cloud::CurlTransport curl;
    testing::LoopbackTransport transport(curl);
    cloud::AwsClientConfig config =
        testing::moto_config("ECR", "ecr", testing::moto_fixture_key(), s_s3.endpoint());
    config.region = k_runtime_region;
    cloud::AwsClient client(config, transport);
    cloud::EcrClient ecr(client);
    use(ecr);
  }

  template <typename Use>
  void with_control(const std::string& region, Use use) {
    cloud::CurlTransport curl;
    cloud::AwsClientConfig config;
    config.service = "AgentCore";
    config.signing_name = "bedrock-agentcore";
    config.region = region;
    config.endpoint = m_emulator.endpoint();
    config.credentials = {"test", "test", std::nullopt};
    config.retry_policy.max_attempts = 1;
    cloud::AwsClient client(config, curl);
    cloud::AgentCoreControlClient control(client);
    use(control);
  }

  static bool object_exists(const std::string& key) {
    bool exists = false;
    s_s3.with_s3([&](cloud::S3Client& s3) { exists = s3.head_object(k_bucket, key).has_value(); });
    return exists;
  }

  fs::path project() const { return m_work.path() / "project"; }
  fs::path imported() const { return m_work.path() / "imported"; }

  std::vector<std::string> environment() const {
    return {"PATH=/usr/bin:/bin",
            "HOME=" + m_work.path().string(),
            "NO_PROXY=*",
            "AWS_EC2_METADATA_DISABLED=true",
            "AWS_ACCESS_KEY_ID=test",
            "AWS_SECRET_ACCESS_KEY=test",
            "AWS_ENDPOINT_URL_S3=" + s_s3.endpoint(),
            "AWS_ENDPOINT_URL_ECR=" + s_s3.endpoint(),
            "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN=" + std::string(k_role),
            std::string("ORDERS_API_TOKEN=") + k_canary};
  }

  ProcessOutput agentlift(std::vector<std::string> args) const {
    args.insert(args.begin(), AGENTLIFT_BINARY);
    return testing::run_process(args, environment());
  }
  ProcessOutput with_endpoint(std::vector<std::string> args) const {
    args.insert(args.end(), {"--endpoint-url", m_emulator.endpoint()});
    return agentlift(std::move(args));
  }

  Json deploy_harness() const {
    const ProcessOutput deployed =
        with_endpoint({"deploy", project().string(), "--s3-bucket", k_bucket, "--yes", "--json"});
    EXPECT_EQ(deployed.exit_code, 0) << deployed.err;
    return Json::parse(deployed.out);
  }

  std::string spec_hash_of(const fs::path& folder) const {
    const ProcessOutput planned = agentlift({"plan", folder.string(), "--json"});
    EXPECT_EQ(planned.exit_code, 0) << planned.out << planned.err;
    return Json::parse(planned.out).value("spec_hash", "");
  }

  static testing::MotoS3Server s_s3;
  testing::TempFolder m_work;
  testing::AgentCoreLocalProcess m_emulator;
};

testing::MotoS3Server CliImportDestroy::s_s3;

// ---- import ---------------------------------------------------------------------------

TEST_F(CliImportDestroy, ADeployedFolderImportsBackToTheSameSpecHash) {
  const Json deployed = deploy_harness();
  const ProcessOutput result =
      with_endpoint({"import", "bedrock", imported().string(), "--harness-name",
                     "agentlift_support_agent", "--debug"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Round-trip OK"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("AGENTLIFT_MCP_ORDERS_AUTHORIZATION"), std::string::npos);
  // The service returns the header value; it reaches nothing we write or print.
  EXPECT_EQ(result.out.find(k_canary), std::string::npos) << "canary on stdout";
  EXPECT_EQ(result.err.find(k_canary), std::string::npos) << "canary in the --debug log";
  EXPECT_EQ(all_text_under(imported()).find(k_canary), std::string::npos);

  const fs::path agent = imported() / ".managed-agents" / "support-agent";
  EXPECT_EQ(read_text(agent / "knowledge" / "shipping.md"),
            read_text(project() / ".managed-agents/support-agent/knowledge/shipping.md"));
  EXPECT_EQ(read_text(agent / "skills" / "refund-policy" / "SKILL.md"),
            read_text(project() / ".managed-agents/support-agent/skills/refund-policy/SKILL.md"));
  const std::string mcp = read_text(agent / "mcp.json");
  EXPECT_NE(mcp.find("${AGENTLIFT_MCP_ORDERS_AUTHORIZATION}"), std::string::npos) << mcp;

  EXPECT_EQ(spec_hash_of(imported()), deployed["spec_hash"].get<std::string>());
  EXPECT_EQ(spec_hash_of(imported()), spec_hash_of(project()));

  // By id too, as JSON; the existing folder needs --force.
  const std::string id = deployed["harness_id"];
  const ProcessOutput again =
      with_endpoint({"import", "bedrock", imported().string(), "--harness-id", id, "--json"});
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  const ProcessOutput forced = with_endpoint(
      {"import", "bedrock", imported().string(), "--harness-id", id, "--json", "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  const Json summary = Json::parse(forced.out);
  EXPECT_EQ(summary["agent"], "support-agent");
  EXPECT_EQ(summary["model"], "claude-haiku-4-5");
  EXPECT_EQ(summary["spec_hash"], deployed["spec_hash"]);
  EXPECT_EQ(summary["round_trip_differences"], Json::array());
}

TEST_F(CliImportDestroy, ImportRefusalsAndDryRun) {
  const ProcessOutput neither = with_endpoint({"import", "bedrock", imported().string()});
  EXPECT_EQ(neither.exit_code, 2) << neither.err;
  EXPECT_NE(neither.err.find("--harness-id"), std::string::npos) << neither.err;

  const ProcessOutput runtime = with_endpoint(
      {"import", "bedrock", imported().string(), "--mode", "runtime", "--harness-id", "x"});
  EXPECT_EQ(runtime.exit_code, 2) << runtime.err;
  EXPECT_NE(runtime.err.find("cannot be read back"), std::string::npos) << runtime.err;

  const ProcessOutput unknown = with_endpoint(
      {"import", "bedrock", imported().string(), "--harness-name", "agentlift_nobody"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.err;
  EXPECT_NE(unknown.err.find("agentlift_nobody"), std::string::npos) << unknown.err;

  deploy_harness();
  const ProcessOutput dry =
      with_endpoint({"import", "bedrock", imported().string(), "--harness-name",
                     "agentlift_support_agent", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("support-agent/agent.md"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("dry run"), std::string::npos) << dry.out;
  EXPECT_FALSE(fs::exists(imported()));
}

TEST_F(CliImportDestroy, HostileRemoteNamesStayInsideTheOutputFolder) {
  s_s3.with_s3([](cloud::S3Client& s3) {
    s3.put_object(k_bucket, "hostile/evil-skill/SKILL.md", "---\nname: evil\n---\nHi.\n");
    s3.put_object(k_bucket, "hostile/evil-skill/sub/a.md", "a");
  });
  with_control("us-west-2", [&](cloud::AgentCoreControlClient& control) {
    control.create_harness(
        Json{{"harnessName", "agentlift_hostile"},
             {"executionRoleArn", k_role},
             {"systemPrompt", {{{"text", "Be careful."}}}},
             {"environmentVariables", {{"AGENTLIFT_AGENT_NAME", "../../outside"}}},
             {"tools",
              {{{"type", "remote_mcp"},
                {"name", "evil-mcp"},
                {"config",
                 {{"remoteMcp",
                   {{"url", "https://mcp.example/x"}, {"headers", {{"X-Api-Key", k_canary}}}}}}}},
               {{"type", "agentcore_gateway"}, {"name", "gw"}}}},
             {"skills",
              {{{"s3", {{"uri", std::string("s3://") + k_bucket + "/hostile/evil-skill/"}}}}}}});
  });
  const ProcessOutput result = with_endpoint(
      {"import", "bedrock", imported().string(), "--harness-name", "agentlift_hostile", "--debug"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("import.tool_dropped"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(k_canary), std::string::npos);
  EXPECT_EQ(result.err.find(k_canary), std::string::npos);
  // Only the output folder and the project were created in the work folder.
  for (const auto& entry : fs::directory_iterator(m_work.path())) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "imported" || name == "project" || name == "emulator.log") << name;
  }
  const fs::path agent = imported() / ".managed-agents" / "______outside";
  EXPECT_TRUE(fs::exists(agent / "skills" / "evil-skill" / "sub" / "a.md"));
  EXPECT_NE(read_text(agent / "agent.md").find("name: \"../../outside\""), std::string::npos);
  EXPECT_EQ(all_text_under(imported()).find(k_canary), std::string::npos);
}

// ---- destroy --------------------------------------------------------------------------

TEST_F(CliImportDestroy, DestroyDeletesTheHarnessAndItsSkillFilesOnly) {
  EXPECT_EQ(agentlift({"destroy", project().string()}).out, "Nothing to destroy.\n");
  const Json deployed = deploy_harness();
  const std::string skill_key = "agentlift-skills/agentlift_support_agent/refund-policy/SKILL.md";
  const std::string stranger = "agentlift-skills/agentlift_support_agent/not-ours.txt";
  s_s3.with_s3([&](cloud::S3Client& s3) { s3.put_object(k_bucket, stranger, "someone else's"); });

  const ProcessOutput dry = agentlift({"destroy", project().string(), "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("harness " + deployed["harness_id"].get<std::string>()), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("s3://" + std::string(k_bucket) + "/" + skill_key), std::string::npos);
  EXPECT_TRUE(object_exists(skill_key));

  const ProcessOutput unconfirmed = with_endpoint({"destroy", project().string()});
  EXPECT_EQ(unconfirmed.exit_code, 2) << unconfirmed.err;
  EXPECT_TRUE(fs::exists(project() / ".agentlift-harness.json"));

  const ProcessOutput destroyed = with_endpoint({"destroy", project().string(), "--yes", "--json"});
  ASSERT_EQ(destroyed.exit_code, 0) << destroyed.err;
  const Json result = Json::parse(destroyed.out);
  ASSERT_EQ(result["resources"].size(), 2u);
  EXPECT_EQ(result["resources"][0]["result"], "deleted");
  EXPECT_EQ(result["resources"][1]["result"], "deleted");
  EXPECT_FALSE(fs::exists(project() / ".agentlift-harness.json"));
  EXPECT_FALSE(object_exists(skill_key));
  EXPECT_TRUE(object_exists(stranger));
  with_control("us-west-2", [&](cloud::AgentCoreControlClient& control) {
    EXPECT_TRUE(control.list_all_harnesses().empty());
  });
  EXPECT_EQ(agentlift({"destroy", project().string()}).out, "Nothing to destroy.\n");
}

TEST_F(CliImportDestroy, AFailedDeletionStaysInTheLockAndARerunFinishes) {
  deploy_harness();
  cloud::CurlTransport curl;
  cloud::HttpRequest arm{"POST",
                         m_emulator.endpoint() + "/_agentcore_local/faults",
                         {},
                         R"({"operation":"DeleteHarness","kind":"error","status":403,)"
                         R"("code":"AccessDeniedException","message":"not allowed"})"};
  arm.set_header("Content-Type", "application/json");
  ASSERT_LT(curl.send(arm).status, 300);

  const ProcessOutput failed = with_endpoint({"destroy", project().string(), "--yes"});
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_NE(failed.err.find("AccessDenied"), std::string::npos) << failed.err;
  const Json lock = Json::parse(read_text(project() / ".agentlift-harness.json"));
  EXPECT_FALSE(lock["harness_id"].get<std::string>().empty());
  EXPECT_EQ(lock["skill_objects"].size(), 1u);  // still used by the harness: kept

  const ProcessOutput rerun = with_endpoint({"destroy", project().string(), "--yes"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_FALSE(fs::exists(project() / ".agentlift-harness.json"));
}

TEST_F(CliImportDestroy, DestroyDeletesTheRuntimeItsZipAndTheRepositoryItCreated) {
  bedrock::RuntimeLock lock;
  with_control(k_runtime_region, [&](cloud::AgentCoreControlClient& control) {
    const cloud::AgentCoreResource runtime = control.create_agent_runtime(Json::parse(R"({
      "agentRuntimeName": "agentlift_team",
      "roleArn": "arn:aws:iam::123456789012:role/agentlift-runtime",
      "agentRuntimeArtifact": {"codeConfiguration": {
        "code": {"s3": {"bucket": "agentlift-import-test", "prefix": "agentlift-code/team.zip"}},
        "runtime": "PYTHON_3_12", "entryPoint": ["main.py"]}},
      "networkConfiguration": {"networkMode": "PUBLIC"}})"));
    lock.agent_runtime_id = runtime.id;
    lock.agent_runtime_arn = runtime.arn;
  });
  s_s3.with_s3([](cloud::S3Client& s3) {
    s3.put_object(k_bucket, "agentlift-code/team.zip", "PK fake zip");
    s3.put_object(k_bucket, "agentlift-code/other.zip", "not ours");
  });
  std::string repository_uri;
  with_ecr([&](cloud::EcrClient& ecr) {
    repository_uri = ecr.create_repository("agentlift/agentlift_team").uri;
    ecr.create_repository("agentlift/someone_else");
  });
  lock.region = k_runtime_region;
  lock.spec_hash = "0123456789abcdef";
  lock.display_name = "agentlift-team";
  lock.artifact_kind = "code";
  lock.artifact_uri = std::string("s3://") + k_bucket + "/agentlift-code/team.zip";
  lock.code_objects = {{k_bucket, "agentlift-code/team.zip", "", ""}};
  lock.ecr_repository = "agentlift/agentlift_team";
  lock.ecr_repository_created = true;
  files::write_atomic(bedrock::runtime_lock_path(project()), bedrock::serialize_runtime_lock(lock));

  const ProcessOutput dry = agentlift({"destroy", project().string(), "--dry-run", "--json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(Json::parse(dry.out)["resources"].size(), 3u) << dry.out;

  const ProcessOutput destroyed = with_endpoint({"destroy", project().string(), "--yes"});
  ASSERT_EQ(destroyed.exit_code, 0) << destroyed.err;
  EXPECT_NE(destroyed.out.find("Destroyed 3 resource(s)"), std::string::npos) << destroyed.out;
  EXPECT_FALSE(fs::exists(bedrock::runtime_lock_path(project())));
  EXPECT_FALSE(object_exists("agentlift-code/team.zip"));
  EXPECT_TRUE(object_exists("agentlift-code/other.zip"));
  with_ecr([](cloud::EcrClient& ecr) {
    EXPECT_FALSE(ecr.describe_repository("agentlift/agentlift_team").has_value());
    EXPECT_TRUE(ecr.describe_repository("agentlift/someone_else").has_value());
  });
  with_control(k_runtime_region, [&](cloud::AgentCoreControlClient& control) {
    EXPECT_TRUE(control.list_all_agent_runtimes().empty());
  });
}

}  // namespace
}  // namespace agentlift
