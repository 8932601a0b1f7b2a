// AwsSession with injected seams: which region, endpoint, signing name and
// credentials each service's client gets, and that the secrets it learns are
// reported for redaction.

#include <gtest/gtest.h>

#include "cloud/aws_session.hpp"
#include "cloud/fake_transport.hpp"

namespace agentlift::cloud {
namespace {

credentials::Seams seams_with(credentials::Environment environment) {
  credentials::Seams seams;
  seams.environment = std::move(environment);
  seams.read_file = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  seams.clock = [] { return std::chrono::sys_seconds{std::chrono::seconds{1'800'000'000}}; };
  return seams;
}

const credentials::Environment k_keys{{"AWS_ACCESS_KEY_ID", "AKIDSESSIONTEST"},
                                      {"AWS_SECRET_ACCESS_KEY", "secret-value-1234"},
                                      {"AWS_SESSION_TOKEN", "token-value-5678"},
                                      {"HOME", "/nonexistent"}};

TEST(AwsSession, RegionFlagBeatsTheEnvironment) {
  auto environment = k_keys;
  environment["AWS_REGION"] = "eu-west-1";
  FakeTransport transport;
  SessionOptions options;
  options.region = "ap-southeast-2";
  AwsSession session(options, seams_with(environment), transport);
  EXPECT_EQ(session.region(), "ap-southeast-2");
  EXPECT_EQ(session.region_source(), "--region");
  EXPECT_EQ(session.client(AwsService::sts).endpoint(), "https://sts.ap-southeast-2.amazonaws.com");
}

TEST(AwsSession, NoRegionAnywhereIsAnErrorWithAHint) {
  FakeTransport transport;
  AwsSession session({}, seams_with(k_keys), transport);
  try {
    session.region();
    FAIL();
  } catch (const Error& error) {
    EXPECT_FALSE(error.hint().empty());
  }
}

TEST(AwsSession, EndpointUrlFlagCoversBothAgentCorePlanesOnly) {
  auto environment = k_keys;
  environment["AWS_DEFAULT_REGION"] = "us-west-2";
  environment["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:9000";
  FakeTransport transport;
  SessionOptions options;
  options.agentcore_endpoint_url = "http://127.0.0.1:8123";
  AwsSession session(options, seams_with(environment), transport);
  EXPECT_EQ(session.region_source(), "AWS_DEFAULT_REGION");
  EXPECT_EQ(session.endpoint(AwsService::agentcore_control).endpoint.url, "http://127.0.0.1:8123");
  EXPECT_EQ(session.endpoint(AwsService::agentcore).endpoint.url, "http://127.0.0.1:8123");
  EXPECT_EQ(session.endpoint(AwsService::s3).endpoint.url, "http://127.0.0.1:9000");
  EXPECT_EQ(session.endpoint(AwsService::s3).origin, "AWS_ENDPOINT_URL_S3");
  EXPECT_EQ(session.endpoint(AwsService::ecr).endpoint.url,
            "https://api.ecr.us-west-2.amazonaws.com");
}

TEST(AwsSession, ClientsSignWithTheServicesSigningNameAndTheChainsCredentials) {
  auto environment = k_keys;
  environment["AWS_REGION"] = "us-east-1";
  FakeTransport transport;
  std::vector<std::string> secrets;
  SessionOptions options;
  options.on_secret = [&](const std::string& secret) { secrets.push_back(secret); };
  AwsSession session(options, seams_with(environment), transport);
  AwsClient& control = session.client(AwsService::agentcore_control);
  EXPECT_EQ(&control, &session.client(AwsService::agentcore_control));  // made once
  EXPECT_EQ(control.config().signing_name, "bedrock-agentcore");
  EXPECT_EQ(control.config().service, "AgentCore Control");
  EXPECT_EQ(control.endpoint(), "https://bedrock-agentcore-control.us-east-1.amazonaws.com");
  EXPECT_EQ(control.config().credentials.access_key_id, "AKIDSESSIONTEST");
  EXPECT_EQ(session.client(AwsService::agentcore).config().signing_name, "bedrock-agentcore");
  EXPECT_EQ(session.client(AwsService::ecr).config().signing_name, "ecr");
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "secret-value-1234"), secrets.end());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "token-value-5678"), secrets.end());
}

TEST(AwsSession, MaxAttemptsComesFromTheEnvironment) {
  auto environment = k_keys;
  environment["AWS_REGION"] = "us-east-1";
  environment["AWS_MAX_ATTEMPTS"] = "5";
  FakeTransport transport;
  AwsSession session({}, seams_with(environment), transport);
  EXPECT_EQ(session.client(AwsService::s3).config().retry_policy.max_attempts, 5);
}

TEST(AwsSession, ProfileComesFromTheFlagThenAwsProfile) {
  auto environment = k_keys;
  environment["AWS_PROFILE"] = "from-env";
  FakeTransport transport;
  EXPECT_EQ(AwsSession({}, seams_with(environment), transport).profile(), "from-env");
  SessionOptions options;
  options.profile = "from-flag";
  EXPECT_EQ(AwsSession(options, seams_with(environment), transport).profile(), "from-flag");
}

}  // namespace
}  // namespace agentlift::cloud
