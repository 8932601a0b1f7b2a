// `agentlift doctor` as the real binary, all on 127.0.0.1: moto for STS, S3
// HeadBucket and IAM GetRole, agentcore-local for the control plane, and a
// tiny in-test HTTP server for Bedrock Runtime's Converse (Gate A). A canary
// secret key never reaches stdout or stderr, --debug included.

// The same build macros as agentcore-local's use of the Debian library
// (CMakeLists.txt): without them httplib's classes change layout.
#define CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#include <httplib.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

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

constexpr const char* k_canary = "doctorCanarySecretKey0123456789abcdefXYZ";
constexpr const char* k_access_key = "AKIADOCTORTEST";
constexpr const char* k_bucket = "agentlift-doctor-test";
constexpr const char* k_trusting_role = "agentlift-doctor-exec";
constexpr const char* k_lambda_role = "agentlift-doctor-lambda";
constexpr const char* k_use_case_message =
    "Model use case details have not been submitted for this account. Fill out the Anthropic use "
    "case details form before using the model. If you have already filled out the form, try again "
    "in 15 minutes.";

std::string role_arn(const std::string& name) {
  return std::string("arn:aws:iam::") + testing::k_moto_account + ":role/" + name;
}

std::string trust_document(const std::string& service) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":")" +
         service + R"("},"Action":"sts:AssumeRole"}]})";
}

// Answers Converse with the use-case error until `approved` is set, then with a reply.
class FakeBedrockRuntime {
 public:
  FakeBedrockRuntime() {
    m_server.Post(R"(/model/([^/]+)/converse)", [this](const httplib::Request& request,
                                                       httplib::Response& response) {
      {
        std::lock_guard lock(m_mutex);
        m_last_target = request.target;  // as sent: httplib decodes `path`
      }
      if (!m_approved) {
        response.status = 404;
        response.set_header("x-amzn-ErrorType", "ResourceNotFoundException");
        response.set_content(Json{{"message", k_use_case_message}}.dump(), "application/json");
        return;
      }
      response.set_content(
          R"({"output":{"message":{"role":"assistant","content":[{"text":"OK"}]}},)"
          R"("stopReason":"max_tokens","usage":{"inputTokens":5,"outputTokens":1,"totalTokens":6}})",
          "application/json");
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] {
      m_server.listen_after_bind();
      m_done = true;
    });
    while (!m_server.is_running() && !m_done)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeBedrockRuntime() {
    m_server.stop();
    m_thread.join();
  }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  void approve() { m_approved = true; }
  std::string last_target() const {
    std::lock_guard lock(m_mutex);
    return m_last_target;
  }

 private:
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
  std::atomic<bool> m_approved{false};
  std::atomic<bool> m_done{false};
  mutable std::mutex m_mutex;
  std::string m_last_target;
};

class CliDoctor : public ::testing::Test {
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
      const cloud::sigv4::Credentials key = testing::moto_fixture_key();
      cloud::AwsClient s3(testing::moto_config("S3", "s3", key, s_moto->endpoint()), transport);
      cloud::S3Client(s3, cloud::S3Addressing::path).create_bucket(k_bucket);
      cloud::AwsClient iam(testing::moto_config("IAM", "iam", key, s_moto->endpoint()), transport);
      for (const auto& [name, service] :
           {std::pair{k_trusting_role, "bedrock-agentcore.amazonaws.com"},
            std::pair{k_lambda_role, "lambda.amazonaws.com"}}) {
        testing::moto_query(iam, "CreateRole", "2010-05-08",
                            std::string("RoleName=") + name + "&AssumeRolePolicyDocument=" +
                                cloud::form_encode(trust_document(service)));
      }
    } catch (const std::exception& error) {
      s_failure = std::string("preparing moto: ") + error.what();
    }
  }
  static void TearDownTestSuite() { s_moto.reset(); }

  void SetUp() override {
    if (!s_skip.empty()) GTEST_SKIP() << s_skip;
    ASSERT_TRUE(s_failure.empty()) << s_failure;
    ASSERT_EQ(start_emulator(m_emulator, "us-west-2"), "");
    fs::copy(fs::path(AGENTLIFT_SOURCE_DIR) / "examples" / "single-agent",
             m_work.path() / "project", fs::copy_options::recursive);
  }

  // agentcore-local checks SigV4 with exactly this key, secret and region.
  std::string start_emulator(testing::AgentCoreLocalProcess& emulator,
                             const std::string& region) const {
    return emulator.start({"--port", "0", "--ready-delay", "0.2", "--region", region,
                           "--access-key-id", k_access_key, "--secret-access-key", k_canary},
                          m_work.path() / ("emulator-" + region + ".log"));
  }

  std::vector<std::string> environment(const std::string& role_name = k_trusting_role) const {
    std::vector<std::string> out{"PATH=/usr/bin:/bin",
                                 "HOME=" + m_work.path().string(),
                                 "NO_PROXY=*",
                                 "AWS_EC2_METADATA_DISABLED=true",
                                 "AWS_MAX_ATTEMPTS=1",
                                 std::string("AWS_ACCESS_KEY_ID=") + k_access_key,
                                 std::string("AWS_SECRET_ACCESS_KEY=") + k_canary,
                                 "AWS_ENDPOINT_URL_STS=" + s_moto->endpoint(),
                                 "AWS_ENDPOINT_URL_S3=" + s_moto->endpoint(),
                                 "AWS_ENDPOINT_URL_IAM=" + s_moto->endpoint(),
                                 "AWS_ENDPOINT_URL_BEDROCK_RUNTIME=" + m_bedrock.endpoint()};
    if (!role_name.empty())
      out.push_back("AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN=" + role_arn(role_name));
    return out;
  }

  ProcessOutput doctor(std::vector<std::string> extra,
                       const std::vector<std::string>& environment) const {
    std::vector<std::string> argv{AGENTLIFT_BINARY, "doctor",
                                  "--path",         (m_work.path() / "project").string(),
                                  "--endpoint-url", m_emulator.endpoint()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::run_process(argv, environment);
  }

  static Json check(const Json& report, const std::string& id) {
    for (const Json& item : report["checks"]) {
      if (item["id"] == id) return item;
    }
    return Json();
  }

  static void expect_no_canary(const ProcessOutput& output) {
    EXPECT_EQ(output.out.find(k_canary), std::string::npos) << "the secret key reached stdout";
    EXPECT_EQ(output.err.find(k_canary), std::string::npos) << "the secret key reached stderr";
  }

  static std::unique_ptr<testing::MotoServer> s_moto;
  static std::string s_skip;
  static std::string s_failure;
  testing::TempFolder m_work;
  testing::AgentCoreLocalProcess m_emulator;
  FakeBedrockRuntime m_bedrock;
};

std::unique_ptr<testing::MotoServer> CliDoctor::s_moto;
std::string CliDoctor::s_skip;
std::string CliDoctor::s_failure;

TEST_F(CliDoctor, EveryGateBCheckPassesForAReadyHarness) {
  const ProcessOutput result =
      doctor({"--s3-bucket", k_bucket, "--json", "--debug"}, environment());
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const Json report = Json::parse(result.out);
  EXPECT_EQ(report["passed"], true);
  EXPECT_EQ(report["mode"], "harness");
  EXPECT_EQ(report["region"], "us-west-2");
  for (const char* id : {"credentials", "execution_role", "s3_bucket", "region", "role_trust"}) {
    EXPECT_EQ(check(report, id)["verdict"], "ok") << id << ": " << check(report, id).dump();
  }
  EXPECT_EQ(check(report, "build_tools")["verdict"], "skipped");
  EXPECT_EQ(check(report, "model_access")["verdict"], "skipped");
  EXPECT_NE(check(report, "credentials")["detail"].get<std::string>().find("123456789012"),
            std::string::npos);
  EXPECT_NE(result.err.find("GetRole"), std::string::npos);  // the --debug log ran
  expect_no_canary(result);
}

TEST_F(CliDoctor, MissingRoleAndBucketFailWithAFixEach) {
  const ProcessOutput result = doctor({"--s3-bucket", "no-such-bucket-here"}, environment(""));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("failed  Execution role: not set"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("fix: pass --role-arn or set AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN"),
            std::string::npos);
  EXPECT_NE(result.out.find("failed  S3 bucket: s3://no-such-bucket-here does not exist"),
            std::string::npos);
  EXPECT_NE(result.out.find("skipped Role trust policy"), std::string::npos);
  EXPECT_NE(result.out.find("check(s) failed"), std::string::npos);
  expect_no_canary(result);
}

TEST_F(CliDoctor, ARoleThatTrustsAnotherServiceOrDoesNotExistFails) {
  const ProcessOutput lambda =
      doctor({"--s3-bucket", k_bucket, "--json"}, environment(k_lambda_role));
  EXPECT_EQ(lambda.exit_code, 1) << lambda.err;
  const Json trust = check(Json::parse(lambda.out), "role_trust");
  EXPECT_EQ(trust["verdict"], "failed");
  EXPECT_NE(trust["fix"].get<std::string>().find("update-assume-role-policy"), std::string::npos);

  const ProcessOutput missing = doctor({"--s3-bucket", k_bucket, "--json"}, environment("nobody"));
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
  EXPECT_NE(check(Json::parse(missing.out), "role_trust")["detail"].get<std::string>().find(
                "does not exist"),
            std::string::npos);
}

TEST_F(CliDoctor, GateAExplainsTheUseCaseFormThenPassesOnceApproved) {
  const std::string model = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  const ProcessOutput gated =
      doctor({"--s3-bucket", k_bucket, "--probe-model", model, "--debug"}, environment());
  EXPECT_EQ(gated.exit_code, 1) << gated.out << gated.err;
  EXPECT_NE(gated.out.find("failed  Model access: " + model +
                           " in us-west-2: "
                           "ResourceNotFoundException: Model use case details"),
            std::string::npos)
      << gated.out;
  EXPECT_NE(gated.out.find("Anthropic use-case form"), std::string::npos);
  EXPECT_NE(gated.out.find("wait about 15 minutes"), std::string::npos);
  EXPECT_EQ(m_bedrock.last_target(),
            "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse");
  expect_no_canary(gated);

  m_bedrock.approve();
  const ProcessOutput approved =
      doctor({"--s3-bucket", k_bucket, "--probe-model", model, "--json"}, environment());
  EXPECT_EQ(approved.exit_code, 0) << approved.out << approved.err;
  EXPECT_EQ(check(Json::parse(approved.out), "model_access")["verdict"], "ok");
}

TEST_F(CliDoctor, WithoutCredentialsTheAwsChecksAreSkipped) {
  std::vector<std::string> environment{"PATH=/usr/bin:/bin",
                                       "HOME=" + m_work.path().string(),
                                       "NO_PROXY=*",
                                       "AWS_EC2_METADATA_DISABLED=true",
                                       "AWS_CONFIG_FILE=/nonexistent/config",
                                       "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials"};
  const ProcessOutput result = doctor({"--json"}, environment);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const Json report = Json::parse(result.out);
  EXPECT_EQ(check(report, "credentials")["verdict"], "failed");
  EXPECT_EQ(check(report, "region")["verdict"], "skipped");
  EXPECT_EQ(check(report, "s3_bucket")["verdict"], "failed");  // the folder has skills
}

TEST_F(CliDoctor, ARuntimeFolderChecksItsBuildTools) {
  fs::copy(fs::path(AGENTLIFT_SOURCE_DIR) / "examples" / "team", m_work.path() / "team",
           fs::copy_options::recursive);
  testing::AgentCoreLocalProcess runtime_emulator;  // the runtime's region is eu-north-1
  ASSERT_EQ(start_emulator(runtime_emulator, "eu-north-1"), "");
  std::vector<std::string> argv{AGENTLIFT_BINARY, "doctor",
                                "--path",         (m_work.path() / "team").string(),
                                "--endpoint-url", runtime_emulator.endpoint(),
                                "--artifact",     "container",
                                "--json"};
  std::vector<std::string> env = environment();
  env[0] = "PATH=" + (m_work.path() / "empty-bin").string();  // no docker, podman or buildah
  const ProcessOutput result = testing::run_process(argv, env);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const Json report = Json::parse(result.out);
  EXPECT_EQ(report["mode"], "runtime");
  EXPECT_EQ(report["region"], "eu-north-1");
  EXPECT_EQ(check(report, "build_tools")["verdict"], "failed");
  EXPECT_EQ(check(report, "s3_bucket")["verdict"], "skipped");  // a container needs no bucket
  EXPECT_EQ(check(report, "region")["verdict"], "ok") << check(report, "region").dump();
}

}  // namespace
}  // namespace agentlift
