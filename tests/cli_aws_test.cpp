// The real agentlift binary calling AWS (a local moto server with SigV4
// enforced), with an exact environment: `whoami` finds credentials, region and
// endpoints the way the AWS CLI does, and nothing secret (the secret key, the
// session token) ever reaches stdout or stderr, --debug wire log included.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/json.hpp"
#include "support/moto_server.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

using testing::ProcessOutput;

// Looks like an STS session token. moto with authentication on refuses session
// tokens (even its own), so calls carrying one go to a second moto without
// authentication: what matters there is that the token is sent and redacted.
constexpr const char* k_session_token = "IQoJb3JpZ2luX2VjEXAMPLEsessiontokenSECRETvalue0123456789";

class CliAws : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_moto.start(true); }
  static void TearDownTestSuite() { s_moto.stop(); }
  void SetUp() override {
    if (!s_moto.skip_reason.empty()) GTEST_SKIP() << s_moto.skip_reason;
    ASSERT_TRUE(s_moto.failure.empty()) << s_moto.failure;
  }

  // An environment with nothing from the test runner but PATH.
  std::vector<std::string> base_environment(bool signed_server = true) const {
    const auto& server = signed_server ? s_moto.server : s_moto.open_server;
    return {"PATH=/usr/bin:/bin", "HOME=" + m_home.path().string(), "NO_PROXY=*",
            "AWS_EC2_METADATA_DISABLED=true", "AWS_ENDPOINT_URL_STS=" + server->endpoint()};
  }
  // Temporary-looking credentials, for the unauthenticated moto.
  std::vector<std::string> session_environment() const {
    auto environment = base_environment(false);
    environment.push_back("AWS_ACCESS_KEY_ID=" + s_moto.credentials->access_key_id);
    environment.push_back("AWS_SECRET_ACCESS_KEY=" + s_moto.credentials->secret_access_key);
    environment.push_back(std::string("AWS_SESSION_TOKEN=") + k_session_token);
    environment.push_back("AWS_REGION=us-east-1");
    return environment;
  }

  static ProcessOutput agentlift(const std::vector<std::string>& args,
                                 const std::vector<std::string>& environment) {
    std::vector<std::string> argv{AGENTLIFT_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::run_process(argv, environment);
  }

  void expect_no_secret(const ProcessOutput& output) const {
    for (const std::string& secret :
         {s_moto.credentials->secret_access_key, std::string(k_session_token)}) {
      EXPECT_EQ(output.out.find(secret), std::string::npos) << "a secret reached stdout";
      EXPECT_EQ(output.err.find(secret), std::string::npos) << "a secret reached stderr";
    }
  }

  static testing::MotoFixture s_moto;
  testing::TempFolder m_home;
};

testing::MotoFixture CliAws::s_moto;

TEST_F(CliAws, WhoamiDebugLogsTheExchangeWithoutASingleSecret) {
  const ProcessOutput result = agentlift({"whoami", "--debug", "--json"}, session_environment());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Json identity = Json::parse(result.out);
  EXPECT_EQ(identity["account"], testing::k_moto_account);
  EXPECT_EQ(identity["region"], "us-east-1");
  EXPECT_EQ(identity["region_source"], "AWS_REGION");
  EXPECT_EQ(identity["credentials_source"], "environment variables");
  EXPECT_EQ(identity["endpoints"]["STS"]["origin"], "AWS_ENDPOINT_URL_STS");
  // The wire log is there, with its signing headers redacted.
  EXPECT_NE(result.err.find("> POST " + s_moto.open_server->endpoint() + "/"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("Authorization: <redacted>"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("X-Amz-Security-Token: <redacted>"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("< 200"), std::string::npos);
  expect_no_secret(result);
}

TEST_F(CliAws, ARefusedSignatureIsAClearErrorWithoutTheSecret) {
  auto environment = base_environment();
  const std::string wrong_secret = "wrong/" + s_moto.credentials->secret_access_key;
  environment.push_back("AWS_ACCESS_KEY_ID=" + s_moto.credentials->access_key_id);
  environment.push_back("AWS_SECRET_ACCESS_KEY=" + wrong_secret);
  environment.push_back("AWS_REGION=us-east-1");
  const ProcessOutput result = agentlift({"whoami", "--debug"}, environment);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("STS"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("SignatureDoesNotMatch"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(wrong_secret), std::string::npos);
  EXPECT_EQ(result.out.find(wrong_secret), std::string::npos);
}

TEST_F(CliAws, ProfileFromTheSharedFilesAndEndpointUrlForAgentCore) {
  const auto config = m_home.path() / "config";
  const auto credentials = m_home.path() / "credentials";
  std::ofstream(config) << "[profile dev]\nregion = eu-central-1\n";
  std::ofstream(credentials) << "[dev]\naws_access_key_id = " << s_moto.credentials->access_key_id
                             << "\naws_secret_access_key = "
                             << s_moto.credentials->secret_access_key << "\n";
  auto environment = base_environment();
  environment.push_back("AWS_CONFIG_FILE=" + config.string());
  environment.push_back("AWS_SHARED_CREDENTIALS_FILE=" + credentials.string());
  const ProcessOutput result = agentlift(
      {"whoami", "--profile", "dev", "--endpoint-url", "http://127.0.0.1:1", "--json", "--debug"},
      environment);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Json identity = Json::parse(result.out);
  EXPECT_EQ(identity["profile"], "dev");
  EXPECT_EQ(identity["region"], "eu-central-1");
  EXPECT_EQ(identity["region_source"], "profile dev");
  EXPECT_NE(identity["credentials_source"].get<std::string>().find("dev"), std::string::npos);
  EXPECT_EQ(identity["endpoints"]["Bedrock AgentCore Control"]["url"], "http://127.0.0.1:1");
  EXPECT_EQ(identity["endpoints"]["Bedrock AgentCore"]["origin"], "--endpoint-url");
  EXPECT_EQ(identity["endpoints"]["ECR"]["url"], "https://api.ecr.eu-central-1.amazonaws.com");
  expect_no_secret(result);
}

TEST_F(CliAws, NoCredentialsAnywhereSaysWhatWasTriedAndExitsOne) {
  auto environment = base_environment();
  environment.push_back("AWS_REGION=us-east-1");
  const ProcessOutput result = agentlift({"whoami"}, environment);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("AWS_ACCESS_KEY_ID"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hint:"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace agentlift
