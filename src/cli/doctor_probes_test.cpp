// The doctor's probes against canned replies (the scripted FakeTransport): the
// request each one sends and the verdict and fix line each reply leads to.

#include "cli/doctor_probes.hpp"

#include <gtest/gtest.h>

#include "cloud/fake_transport.hpp"

namespace agentlift::cli {
namespace {

using bedrock::Verdict;
using cloud::FakeTransport;

constexpr const char* k_secret = "doctor-canary-secret-9f8e7d";
constexpr const char* k_role = "arn:aws:iam::123456789012:role/team/agentlift-exec";

cloud::credentials::Seams test_seams() {
  cloud::credentials::Seams seams;
  seams.environment = {{"AWS_ACCESS_KEY_ID", "AKIDDOCTORTEST"},
                       {"AWS_SECRET_ACCESS_KEY", k_secret},
                       {"AWS_REGION", "eu-north-1"},
                       {"AWS_MAX_ATTEMPTS", "1"},
                       {"HOME", "/nonexistent"}};
  seams.read_file = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  seams.clock = [] { return std::chrono::sys_seconds{std::chrono::seconds{1'800'000'000}}; };
  return seams;
}

struct Fixture {
  FakeTransport transport;
  cloud::AwsSession session{{}, test_seams(), transport};
};

void expect_no_secret(const bedrock::Check& check) {
  EXPECT_EQ(check.detail.find(k_secret), std::string::npos);
  EXPECT_EQ(check.fix.find(k_secret), std::string::npos);
}

TEST(DoctorProbes, CredentialsOkNamesTheIdentity) {
  Fixture f;
  f.transport.respond(200,
                      "<GetCallerIdentityResponse><GetCallerIdentityResult><UserId>AIDA1</UserId>"
                      "<Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/alice"
                      "</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>");
  const bedrock::Check check = probe_credentials(f.session);
  EXPECT_EQ(check.verdict, Verdict::ok);
  EXPECT_NE(check.detail.find("arn:aws:iam::123456789012:user/alice"), std::string::npos);
  EXPECT_EQ(f.transport.requests().at(0).url, "https://sts.eu-north-1.amazonaws.com/");
}

TEST(DoctorProbes, AnUnknownKeyFailsWithItsOwnFix) {
  Fixture f;
  f.transport.respond(403,
                      "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                      "<Message>The security token included in the request is invalid.</Message>"
                      "</Error></ErrorResponse>");
  const bedrock::Check check = probe_credentials(f.session);
  EXPECT_EQ(check.verdict, Verdict::failed);
  EXPECT_NE(check.fix.find("access key id"), std::string::npos);
  expect_no_secret(check);
}

TEST(DoctorProbes, HeadBucketStatusesEachHaveTheirFix) {
  struct Case {
    int status;
    Verdict verdict;
    const char* in_fix;
  };
  for (const Case& c : {Case{200, Verdict::ok, ""}, Case{404, Verdict::failed, "aws s3 mb"},
                        Case{403, Verdict::failed, "s3:ListBucket"},
                        Case{301, Verdict::failed, "use a bucket in eu-north-1"}}) {
    Fixture f;
    f.transport.respond(c.status, "", {{"x-amz-bucket-region", "eu-north-1"}});
    const bedrock::Check check = probe_bucket(f.session, "skills-bucket");
    EXPECT_EQ(check.verdict, c.verdict) << c.status;
    EXPECT_NE(check.fix.find(c.in_fix), std::string::npos) << c.status << ": " << check.fix;
    const cloud::HttpRequest sent = f.transport.requests().at(0);
    EXPECT_EQ(sent.method, "HEAD");
    EXPECT_EQ(sent.url, "https://skills-bucket.s3.eu-north-1.amazonaws.com/");
  }
}

TEST(DoctorProbes, ControlPlaneAnswersFailsOrIsUnreachable) {
  {
    Fixture f;
    f.transport.respond(200, R"({"harnesses":[]})");
    const bedrock::Check check = probe_control_plane(f.session, bedrock::Mode::harness);
    EXPECT_EQ(check.verdict, Verdict::ok);
    EXPECT_EQ(f.transport.requests().at(0).url,
              "https://bedrock-agentcore-control.eu-north-1.amazonaws.com/harnesses?maxResults=1");
  }
  {
    Fixture f;
    f.transport.respond(403, R"({"message":"not allowed"})",
                        {{"x-amzn-ErrorType", "AccessDeniedException"}});
    const bedrock::Check check = probe_control_plane(f.session, bedrock::Mode::runtime);
    EXPECT_EQ(check.verdict, Verdict::failed);
    EXPECT_NE(check.fix.find("bedrock-agentcore:ListAgentRuntimes"), std::string::npos);
  }
  {
    Fixture f;
    f.transport.fail(cloud::TransportErrorKind::dns, "could not resolve host");
    const bedrock::Check check = probe_control_plane(f.session, bedrock::Mode::harness);
    EXPECT_EQ(check.verdict, Verdict::failed);
    EXPECT_NE(check.fix.find("us-west-2"), std::string::npos);  // the harness regions
  }
}

std::string get_role_reply(const std::string& encoded_trust) {
  return "<GetRoleResponse><GetRoleResult><Role><RoleName>agentlift-exec</RoleName>"
         "<Arn>" +
         std::string(k_role) + "</Arn><AssumeRolePolicyDocument>" + encoded_trust +
         "</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>";
}

TEST(DoctorProbes, TrustPolicyIsReadFromIamGlobally) {
  Fixture f;
  // {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":
  //  "bedrock-agentcore.amazonaws.com"},"Action":"sts:AssumeRole"}]}, percent-encoded as IAM does.
  f.transport.respond(
      200, get_role_reply("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%"
                          "22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22bedrock-"
                          "agentcore.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%"
                          "7D%5D%7D"));
  const bedrock::Check check = probe_role_trust(f.session, k_role);
  EXPECT_EQ(check.verdict, Verdict::ok) << check.detail;
  const cloud::HttpRequest sent = f.transport.requests().at(0);
  EXPECT_EQ(sent.url, "https://iam.amazonaws.com/");
  EXPECT_NE(sent.body.find("Action=GetRole&RoleName=agentlift-exec"), std::string::npos);
  EXPECT_NE(sent.header("Authorization").value_or("").find("/us-east-1/iam/aws4_request"),
            std::string::npos);
}

TEST(DoctorProbes, TrustPolicyForAnotherServiceFails) {
  Fixture f;
  f.transport.respond(
      200,
      get_role_reply(
          R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})"));
  EXPECT_EQ(probe_role_trust(f.session, k_role).verdict, Verdict::failed);
}

TEST(DoctorProbes, AnUnreadableRoleIsSkipped) {
  Fixture f;
  f.transport.respond(403,
                      "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no iam:GetRole"
                      "</Message></Error></ErrorResponse>");
  const bedrock::Check check = probe_role_trust(f.session, k_role);
  EXPECT_EQ(check.verdict, Verdict::skipped);
  EXPECT_NE(check.detail.find("cannot read the role"), std::string::npos);
}

TEST(DoctorProbes, ModelUseCaseErrorSaysWhatToDo) {
  Fixture f;
  f.transport.respond(
      404,
      R"({"message":"Model use case details have not been submitted for this )"
      R"(account. Fill out the Anthropic use case details form before using the )"
      R"(model. If you have already filled out the form, try again in 15 minutes."})",
      {{"x-amzn-ErrorType", "ResourceNotFoundException"}});
  const std::string model = "eu.anthropic.claude-haiku-4-5-20251001-v1:0";
  const bedrock::Check check = probe_model(f.session, model);
  EXPECT_EQ(check.verdict, Verdict::failed);
  EXPECT_NE(check.fix.find("Anthropic use-case form"), std::string::npos);
  EXPECT_NE(check.fix.find("15 minutes"), std::string::npos);
  const cloud::HttpRequest sent = f.transport.requests().at(0);
  EXPECT_EQ(sent.url,
            "https://bedrock-runtime.eu-north-1.amazonaws.com/model/"
            "eu.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse");
  EXPECT_NE(sent.header("Authorization").value_or("").find("/eu-north-1/bedrock/aws4_request"),
            std::string::npos);
  const Json body = Json::parse(sent.body);
  EXPECT_EQ(body["inferenceConfig"]["maxTokens"], 1);
}

TEST(DoctorProbes, ModelAccessDeniedAndValidationHaveTheirOwnFixes) {
  {
    Fixture f;
    f.transport.respond(403, R"({"message":"no"})",
                        {{"x-amzn-ErrorType", "AccessDeniedException"}});
    EXPECT_NE(probe_model(f.session, "m").fix.find("bedrock:InvokeModel"), std::string::npos);
  }
  {
    Fixture f;
    f.transport.respond(400, R"({"message":"The provided model identifier is invalid."})",
                        {{"x-amzn-ErrorType", "ValidationException"}});
    EXPECT_NE(probe_model(f.session, "m").fix.find("not offered in eu-north-1"), std::string::npos);
  }
  {
    Fixture f;
    f.transport.respond(200,
                        R"({"output":{"message":{"role":"assistant","content":[{"text":"OK"}]}},)"
                        R"("stopReason":"max_tokens"})");
    EXPECT_EQ(probe_model(f.session, "m").verdict, Verdict::ok);
  }
}

}  // namespace
}  // namespace agentlift::cli
