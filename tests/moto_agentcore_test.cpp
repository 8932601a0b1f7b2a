// AgentCoreControlClient's agent-runtime calls against moto's
// bedrock-agentcore-control backend (a third-party emulator; it has no Harness
// and no data plane, which agentcore-local covers).
//
// moto 5.2.1 checks SigV4 on this service only partly: with authentication on
// it refuses botocore's own, correct signatures on GetAgentRuntime and
// ListAgentRuntimes (SignatureDoesNotMatch; reproduced with boto3 itself). So
// the signed server proves the calls it does verify (CreateAgentRuntime and
// UpdateAgentRuntime, and that a wrong secret is refused), and the whole
// lifecycle runs on a second moto without authentication, where it shows our
// requests and moto's replies agree. moto ignores maxResults, so pagination is
// proven against agentcore-local instead (tests/emulator_*).

#include <gtest/gtest.h>

#include "cloud/agentcore_control_client.hpp"
#include "cloud/curl_transport.hpp"
#include "support/moto_server.hpp"

namespace agentlift::cloud {
namespace {

using testing::k_moto_account;
using testing::k_moto_region;

class MotoAgentCore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_moto.start(true); }
  static void TearDownTestSuite() { s_moto.stop(); }
  void SetUp() override {
    if (!s_moto.skip_reason.empty()) GTEST_SKIP() << s_moto.skip_reason;
    ASSERT_TRUE(s_moto.failure.empty()) << s_moto.failure;
  }

  AwsClientConfig control_config(sigv4::Credentials credentials) const {
    return testing::moto_config("AgentCore Control", "bedrock-agentcore", std::move(credentials),
                                s_moto.server->endpoint());
  }
  AwsClientConfig open_config() const {
    return testing::moto_config("AgentCore Control", "bedrock-agentcore",
                                {"AKIAIOSFODNN7EXAMPLE", "not-checked", std::nullopt},
                                s_moto.open_server->endpoint());
  }

  static Json runtime_body(const std::string& name, const std::string& image_tag) {
    return Json{
        {"agentRuntimeName", name},
        {"agentRuntimeArtifact",
         {{"containerConfiguration",
           {{"containerUri", std::string(k_moto_account) + ".dkr.ecr." + k_moto_region +
                                 ".amazonaws.com/agentlift/" + name + ":" + image_tag}}}}},
        {"roleArn", std::string("arn:aws:iam::") + k_moto_account + ":role/agentlift-runtime"},
        {"networkConfiguration", {{"networkMode", "PUBLIC"}}},
        {"protocolConfiguration", {{"serverProtocol", "HTTP"}}},
        {"environmentVariables", {{"AGENTLIFT_REGION", k_moto_region}}}};
  }

  static testing::MotoFixture s_moto;
  CurlTransport m_curl;
  testing::LoopbackTransport m_transport{m_curl};
};

testing::MotoFixture MotoAgentCore::s_moto;

TEST_F(MotoAgentCore, CreateAndUpdateAgentRuntimeSigned) {
  AwsClient client(control_config(*s_moto.credentials), m_transport);
  AgentCoreControlClient control(client);
  const AgentCoreResource created = control.create_agent_runtime(runtime_body("signed_team", "v1"));
  EXPECT_EQ(created.version, "1");
  EXPECT_EQ(created.status, "CREATING");
  Json update = runtime_body("signed_team", "v2");
  update.erase("agentRuntimeName");
  EXPECT_EQ(control.update_agent_runtime(created.id, update).version, "2");
}

TEST_F(MotoAgentCore, AgentRuntimeLifecycle) {
  AwsClient client(open_config(), m_transport);
  AgentCoreControlClient control(client);

  const AgentCoreResource created = control.create_agent_runtime(runtime_body("team_one", "v1"));
  EXPECT_FALSE(created.id.empty());
  EXPECT_EQ(created.name, "team_one");
  EXPECT_EQ(created.version, "1");
  EXPECT_FALSE(created.arn.empty());

  const AgentCoreResource fetched = control.get_agent_runtime(created.id);
  EXPECT_EQ(fetched.id, created.id);
  EXPECT_EQ(fetched.name, "team_one");
  EXPECT_EQ(fetched.raw["agentRuntimeArtifact"]["containerConfiguration"]["containerUri"],
            runtime_body("team_one",
                         "v1")["agentRuntimeArtifact"]["containerConfiguration"]["containerUri"]);

  Json update = runtime_body("team_one", "v2");
  update.erase("agentRuntimeName");
  const AgentCoreResource updated = control.update_agent_runtime(created.id, update);
  EXPECT_EQ(updated.id, created.id);
  EXPECT_EQ(updated.version, "2");

  bool listed = false;
  for (const auto& runtime : control.list_all_agent_runtimes()) {
    if (runtime.id == created.id) {
      listed = true;
      EXPECT_EQ(runtime.name, "team_one");
    }
  }
  EXPECT_TRUE(listed);

  const AgentCoreResource deleted = control.delete_agent_runtime(created.id);
  EXPECT_EQ(deleted.id, created.id);
  try {
    control.get_agent_runtime(created.id);
    FAIL() << "the runtime should be gone";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), "ResourceNotFoundException");
  }
}

TEST_F(MotoAgentCore, AWrongSecretKeyIsRefused) {
  sigv4::Credentials wrong = *s_moto.credentials;
  wrong.secret_access_key += "x";
  AwsClient client(control_config(wrong), m_transport);
  AgentCoreControlClient control(client);
  try {
    control.create_agent_runtime(runtime_body("refused", "v1"));
    FAIL() << "moto accepted a wrong signature";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status(), 403);
  }
}

}  // namespace
}  // namespace agentlift::cloud
