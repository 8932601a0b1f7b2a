// StsClient's AssumeRole and AssumeRoleWithWebIdentity against FakeTransport:
// the exact form bodies, signed versus unsigned requests, reading <Credentials>,
// error decoding, and that no secret (web identity token, secret key, session
// token) ever reaches an error text. GetCallerIdentity is covered in
// s3_client_test.cpp, the real wire in tests/moto_integration_test.cpp.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "cloud/aws_client.hpp"
#include "cloud/fake_transport.hpp"
#include "cloud/sts_client.hpp"

namespace agentlift::cloud {
namespace {

using namespace std::chrono;

constexpr const char* k_endpoint = "https://sts.eu-west-1.amazonaws.com";
constexpr const char* k_role = "arn:aws:iam::123456789012:role/deploy";
// Fixture values, not credentials; tests check they never show up in errors.
constexpr const char* k_secret = "SENTINEL-SECRET-do-not-print";
constexpr const char* k_session = "SENTINEL-SESSION-do-not-print";
constexpr const char* k_web_token = "SENTINEL.JWT+do/not=print";

AwsClientConfig sts_config(std::optional<std::string> session_token = std::nullopt) {
  AwsClientConfig config;
  config.service = "STS";
  config.signing_name = "sts";
  config.region = "eu-west-1";
  config.endpoint = k_endpoint;
  config.credentials = {"AKIASOURCEEXAMPLE", "source-secret-example", std::move(session_token)};
  config.clock = [] { return sys_days{year{2025} / 1 / 1} + hours{12}; };
  config.retry_policy.max_attempts = 1;
  return config;
}

std::string credentials_reply(const std::string& operation, const std::string& expiration) {
  return "<" + operation + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" +
         operation +
         "Result><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/deploy/me</Arn>"
         "<AssumedRoleId>AROAEXAMPLE:me</AssumedRoleId></AssumedRoleUser><Credentials>"
         "<AccessKeyId>ASIAROLEEXAMPLE</AccessKeyId><SecretAccessKey>" +
         std::string(k_secret) + "</SecretAccessKey><SessionToken>" + k_session +
         "</SessionToken><Expiration>" + expiration + "</Expiration></Credentials></" + operation +
         "Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + operation +
         "Response>";
}

std::string error_reply(const std::string& code, const std::string& message) {
  return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
         "</Type><Code>" +
         code + "</Code><Message>" + message + "</Message></Error><RequestId>r-2</RequestId>" +
         "</ErrorResponse>";
}

// Everything an error shows: what(), the hint and AWS's message.
std::string all_text(const Error& error) {
  return std::string(error.what()) + " | " + error.hint();
}

void expect_no_secret(const std::string& text) {
  for (const std::string secret :
       {k_secret, k_session, k_web_token, "SENTINEL.JWT%2Bdo%2Fnot%3Dprint"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "an error shows a secret";
  }
  EXPECT_EQ(text.find("SENTINEL"), std::string::npos) << "an error shows a secret";
}

AssumeRoleParams role_params() {
  AssumeRoleParams params;
  params.role_arn = k_role;
  params.session_name = "me@ci.v1";
  params.external_id = "ext/id+1=2:3";
  params.duration = seconds{900};
  return params;
}

WebIdentityParams web_params() {
  WebIdentityParams params;
  params.role_arn = "arn:aws:iam::123456789012:role/ci runner";
  params.session_name = "gh-run_42";
  params.web_identity_token = k_web_token;
  params.duration = seconds{3600};
  return params;
}

TEST(StsAssumeRole, BodyIsTheExactQueryForm) {
  EXPECT_EQ(assume_role_body(role_params()),
            "Action=AssumeRole&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy"
            "&RoleSessionName=me%40ci.v1&DurationSeconds=900&ExternalId=ext%2Fid%2B1%3D2%3A3");
  AssumeRoleParams minimal;
  minimal.role_arn = "arn:r";
  minimal.session_name = "s";
  EXPECT_EQ(assume_role_body(minimal),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Ar&RoleSessionName=s");
}

TEST(StsAssumeRole, SignsWithTheClientCredentialsAndParsesTheCredentials) {
  FakeTransport transport;
  transport.respond(200, credentials_reply("AssumeRole", "2025-01-01T13:00:00Z"));
  AwsClient client(sts_config("source-session-example"), transport);
  const auto result = StsClient(client).assume_role(role_params());

  EXPECT_EQ(result.credentials.access_key_id, "ASIAROLEEXAMPLE");
  EXPECT_TRUE(result.credentials.secret_access_key == k_secret) << "secret key not read";
  EXPECT_TRUE(result.credentials.session_token == std::optional<std::string>(k_session))
      << "session token not read";
  EXPECT_EQ(result.expiry, sys_days{year{2025} / 1 / 1} + hours{13});
  EXPECT_EQ(result.source, std::string("STS AssumeRole (") + k_role + ")");

  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(k_endpoint) + "/");
  EXPECT_EQ(sent.body, assume_role_body(role_params()));
  EXPECT_EQ(sent.header("Content-Type").value(),
            "application/x-www-form-urlencoded; charset=utf-8");
  const std::string authorization = sent.header("Authorization").value_or("");
  EXPECT_NE(authorization.find("Credential=AKIASOURCEEXAMPLE/20250101/eu-west-1/sts/aws4_request"),
            std::string::npos)
      << authorization;
  EXPECT_EQ(sent.header("X-Amz-Security-Token").value_or(""), "source-session-example");
}

TEST(StsAssumeRole, ExpirationWithFractionAndOffsetIsRead) {
  FakeTransport transport;
  transport.respond(200, credentials_reply("AssumeRole", "2025-01-01T14:30:00.123+01:00"));
  AwsClient client(sts_config(), transport);
  const auto result = StsClient(client).assume_role(role_params());
  EXPECT_EQ(result.expiry, sys_days{year{2025} / 1 / 1} + hours{13} + minutes{30});
}

TEST(StsWebIdentity, BodyIsTheExactQueryFormWithTheTokenEncoded) {
  EXPECT_EQ(web_identity_body(web_params()),
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci%20runner"
            "&RoleSessionName=gh-run_42&WebIdentityToken=SENTINEL.JWT%2Bdo%2Fnot%3Dprint"
            "&DurationSeconds=3600");
}

TEST(StsWebIdentity, IsSentUnsigned) {
  FakeTransport transport;
  transport.respond(200, credentials_reply("AssumeRoleWithWebIdentity", "2025-01-01T13:00:00Z"));
  AwsClient client(sts_config("source-session-example"), transport);
  const auto result = StsClient(client).assume_role_with_web_identity(web_params());
  EXPECT_EQ(result.credentials.access_key_id, "ASIAROLEEXAMPLE");
  EXPECT_EQ(result.expiry, sys_days{year{2025} / 1 / 1} + hours{13});

  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.url, std::string(k_endpoint) + "/");
  EXPECT_TRUE(sent.body == web_identity_body(web_params())) << "body differs";
  EXPECT_FALSE(sent.header("Authorization").has_value());
  EXPECT_FALSE(sent.header("X-Amz-Date").has_value());
  EXPECT_FALSE(sent.header("X-Amz-Security-Token").has_value());
}

TEST(StsParse, MissingOrMalformedCredentialsNameTheElementNotTheValue) {
  const std::string good = credentials_reply("AssumeRole", "2025-01-01T13:00:00Z");
  auto without = [&](const std::string& tag) {
    std::string body = good;
    const auto open = body.find("<" + tag + ">");
    const auto close = body.find("</" + tag + ">");
    body.erase(open, close + tag.size() + 3 - open);
    return body;
  };
  for (const std::string tag :
       {"Credentials", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}) {
    SCOPED_TRACE(tag);
    try {
      parse_assumed_credentials(without(tag), "AssumeRole");
      ADD_FAILURE() << "no error";
    } catch (const Error& error) {
      const std::string text = all_text(error);
      EXPECT_NE(text.find("STS AssumeRole"), std::string::npos) << text;
      EXPECT_NE(text.find(tag), std::string::npos) << text;
      expect_no_secret(text);
    }
  }
  try {
    parse_assumed_credentials(credentials_reply("AssumeRole", "tomorrow"), "AssumeRole");
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("Expiration"), std::string::npos);
    expect_no_secret(all_text(error));
  }
  EXPECT_THROW(parse_assumed_credentials("<html>gateway</html>", "AssumeRole"), Error);
  EXPECT_THROW(parse_assumed_credentials("", "AssumeRoleWithWebIdentity"), Error);
}

struct ErrorCase {
  int status;
  const char* code;
  bool web_identity;
};

TEST(StsErrors, AreDecodedAndNeverShowASecret) {
  const ErrorCase cases[] = {
      {403, "AccessDenied", false},        {400, "ExpiredTokenException", false},
      {400, "InvalidIdentityToken", true}, {400, "ExpiredTokenException", true},
      {403, "AccessDenied", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    FakeTransport transport;
    // A server that echoes what it was sent must not make us print it.
    const std::string echoed = c.web_identity
                                   ? std::string("token ") + k_web_token +
                                         " / SENTINEL.JWT%2Bdo%2Fnot%3Dprint was rejected"
                                   : std::string("session SENTINEL-SOURCE-SESSION rejected");
    transport.respond(c.status, error_reply(c.code, echoed));
    AwsClient client(sts_config("SENTINEL-SOURCE-SESSION"), transport);
    StsClient sts(client);
    try {
      if (c.web_identity) {
        sts.assume_role_with_web_identity(web_params());
      } else {
        sts.assume_role(role_params());
      }
      ADD_FAILURE() << "no error";
    } catch (const HttpError& error) {
      EXPECT_EQ(error.code(), c.code);
      EXPECT_EQ(error.status(), c.status);
      EXPECT_EQ(error.service(), "STS");
      EXPECT_EQ(error.operation(), c.web_identity ? "AssumeRoleWithWebIdentity" : "AssumeRole");
      EXPECT_EQ(error.request_id(), "r-2");
      EXPECT_NE(error.aws_message().find("<redacted>"), std::string::npos) << error.aws_message();
      expect_no_secret(all_text(error) + " | " + error.aws_message());
    }
  }
}

TEST(StsErrors, AnErrorWithoutSecretsIsPassedThroughUnchanged) {
  FakeTransport transport;
  transport.respond(403, error_reply("AccessDenied",
                                     "User: arn:aws:iam::1:user/a is not "
                                     "authorized to perform: sts:AssumeRole"));
  AwsClient client(sts_config(), transport);
  try {
    StsClient(client).assume_role(role_params());
    FAIL() << "no error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.aws_message(),
              "User: arn:aws:iam::1:user/a is not authorized to perform: sts:AssumeRole");
    EXPECT_NE(error.hint().find("sts:AssumeRole"), std::string::npos) << error.hint();
  }
}

}  // namespace
}  // namespace agentlift::cloud
