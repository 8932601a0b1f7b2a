// The credentials chain's STS seams (credentials_sts) against FakeTransport: the
// region picks the endpoint (us-east-1 when the profile has none), AssumeRole is
// signed with the request's source credentials, web identity goes unsigned, and
// a role profile resolves end to end through the real StsClient.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "cloud/credentials_profile.hpp"
#include "cloud/credentials_sts.hpp"
#include "cloud/credentials_test_fakes.hpp"
#include "cloud/fake_transport.hpp"
#include "cloud/sigv4.hpp"
#include "cloud/sts_client.hpp"

namespace agentlift::cloud {
namespace {

using namespace std::chrono;
using credentials::testing::Fakes;

const sys_seconds k_now = sys_days{year{2025} / 6 / 1} + hours{8};

const endpoints::EndpointResolver& resolver() {
  static const auto shipped = endpoints::EndpointResolver::embedded();
  return shipped;
}

StsSeamOptions options(endpoints::Environment environment = {}) {
  StsSeamOptions result;
  result.environment = std::move(environment);
  result.clock = [] { return k_now; };
  result.retry_policy.max_attempts = 1;
  return result;
}

std::string reply(const std::string& operation) {
  return "<" + operation + "Response><" + operation +
         "Result><Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId>"
         "<SecretAccessKey>assumed-secret-example</SecretAccessKey>"
         "<SessionToken>assumed-session-example</SessionToken>"
         "<Expiration>2025-06-01T09:00:00Z</Expiration></Credentials></" +
         operation + "Result></" + operation + "Response>";
}

credentials::AssumeRoleRequest role_request(std::optional<std::string> region) {
  credentials::AssumeRoleRequest request;
  request.source = {"AKIASOURCE", "source-secret-example", "source-session-example"};
  request.role_arn = "arn:aws:iam::123456789012:role/deploy";
  request.session_name = "me";
  request.external_id = "ext";
  request.duration = seconds{900};
  request.region = std::move(region);
  return request;
}

TEST(StsSeams, AssumeRoleIsSignedWithTheSourceCredentialsForTheRequestRegion) {
  FakeTransport transport;
  transport.respond(200, reply("AssumeRole"));
  const StsSeams seams = make_sts_seams(transport, resolver(), options());
  const credentials::ResolvedCredentials result = seams.assume_role(role_request("eu-west-1"));
  EXPECT_EQ(result.credentials.access_key_id, "ASIAASSUMED");
  EXPECT_EQ(result.expiry, k_now + hours{1});

  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_EQ(sent.body,
            "Action=AssumeRole&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy&RoleSessionName=me"
            "&DurationSeconds=900&ExternalId=ext");
  // Re-sign the unsigned request with the source credentials: the signature
  // must be exactly the one sent.
  HttpRequest unsigned_request;
  unsigned_request.method = "POST";
  unsigned_request.url = sent.url;
  unsigned_request.body = sent.body;
  unsigned_request.set_header("Content-Type", sent.header("Content-Type").value());
  const Headers expected = sigv4::sign(unsigned_request, role_request(std::nullopt).source,
                                       sigv4::params_for("sts", "eu-west-1", k_now));
  const HttpRequest resigned = sigv4::apply_headers(unsigned_request, expected);
  EXPECT_EQ(sent.header("Authorization"), resigned.header("Authorization"));
  EXPECT_EQ(sent.header("X-Amz-Security-Token").value_or(""), "source-session-example");
}

TEST(StsSeams, NoRegionMeansTheDefaultRegion) {
  FakeTransport transport;
  transport.respond(200, reply("AssumeRole")).respond(200, reply("AssumeRole"));
  make_sts_seams(transport, resolver(), options()).assume_role(role_request(std::nullopt));
  StsSeamOptions frankfurt = options();
  frankfurt.default_region = "eu-central-1";
  make_sts_seams(transport, resolver(), frankfurt).assume_role(role_request(""));
  const auto requests = transport.requests();
  EXPECT_EQ(requests[0].url, "https://sts.us-east-1.amazonaws.com/");
  EXPECT_NE(requests[0].header("Authorization")->find("/us-east-1/sts/aws4_request"),
            std::string::npos);
  EXPECT_EQ(requests[1].url, "https://sts.eu-central-1.amazonaws.com/");
}

TEST(StsSeams, EndpointOverrideFromTheEnvironmentIsUsed) {
  FakeTransport transport;
  transport.respond(200, reply("AssumeRole"));
  const StsSeams seams = make_sts_seams(
      transport, resolver(), options({{"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4566"}}));
  seams.assume_role(role_request("ap-southeast-2"));
  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.url, "http://127.0.0.1:4566/");
  EXPECT_NE(sent.header("Authorization")->find("/ap-southeast-2/sts/aws4_request"),
            std::string::npos);
}

TEST(StsSeams, ResolveEndpointReadsTheSigningRegion) {
  const StsEndpoint regional = resolve_sts_endpoint(resolver(), "sa-east-1", options());
  EXPECT_EQ(regional.url, "https://sts.sa-east-1.amazonaws.com");
  EXPECT_EQ(regional.signing_region, "sa-east-1");
  // The legacy global pseudo-region signs for us-east-1 (the rule set says so).
  const StsEndpoint global = resolve_sts_endpoint(resolver(), "aws-global", options());
  EXPECT_EQ(global.url, "https://sts.amazonaws.com");
  EXPECT_EQ(global.signing_region, "us-east-1");
}

TEST(StsSeams, WebIdentityIsUnsignedAndGoesToTheRequestRegion) {
  FakeTransport transport;
  transport.respond(200, reply("AssumeRoleWithWebIdentity"));
  credentials::WebIdentityRequest request;
  request.role_arn = "arn:aws:iam::123456789012:role/ci";
  request.session_name = "run-1";
  request.web_identity_token = "header.payload.signature";
  request.region = "us-west-2";
  const auto result =
      make_sts_seams(transport, resolver(), options()).assume_role_with_web_identity(request);
  EXPECT_EQ(result.credentials.access_key_id, "ASIAASSUMED");
  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.url, "https://sts.us-west-2.amazonaws.com/");
  EXPECT_EQ(sent.body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci&RoleSessionName=run-1"
            "&WebIdentityToken=header.payload.signature");
  EXPECT_FALSE(sent.header("Authorization").has_value());
  EXPECT_FALSE(sent.header("X-Amz-Security-Token").has_value());
}

TEST(StsSeams, RoleProfileResolvesThroughTheRealStsClient) {
  Fakes fakes;
  fakes.files["/home/u/.aws/credentials"] =
      "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret-example\n";
  fakes.files["/home/u/.aws/config"] =
      "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\n"
      "source_profile = base\nrole_session_name = me\nregion = eu-north-1\n";
  FakeTransport transport;
  transport.respond(200, reply("AssumeRole"));
  credentials::Seams seams = fakes.seams();
  install_sts_seams(seams, transport, resolver(), options());
  const auto found = credentials::ProfileProvider("deploy", true, seams).resolve();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->credentials.access_key_id, "ASIAASSUMED");
  EXPECT_EQ(found->source, "profile 'deploy' (assumed role arn:aws:iam::123456789012:role/deploy)");
  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.url, "https://sts.eu-north-1.amazonaws.com/");
  EXPECT_NE(sent.header("Authorization")->find("Credential=AKIABASE/"), std::string::npos);
  EXPECT_FALSE(sent.header("X-Amz-Security-Token").has_value());
}

TEST(StsSeams, StsErrorsStopTheProfileWithoutShowingSecrets) {
  Fakes fakes;
  fakes.files["/home/u/.aws/credentials"] =
      std::string("[base]\naws_access_key_id = AKIABASE\n") +
      "aws_secret_access_key = " + credentials::testing::k_sentinel_secret + "\n";
  fakes.files["/home/u/.aws/config"] =
      "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\n";
  FakeTransport transport;
  transport.respond(403,
                    "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed</Message>"
                    "</Error></ErrorResponse>");
  credentials::Seams seams = fakes.seams();
  install_sts_seams(seams, transport, resolver(), options());
  const std::string message = credentials::testing::error_of(
      [&] { credentials::ProfileProvider("deploy", true, seams).resolve(); });
  EXPECT_NE(message.find("STS AssumeRole failed: AccessDenied"), std::string::npos) << message;
}

}  // namespace
}  // namespace agentlift::cloud
