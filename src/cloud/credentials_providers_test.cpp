#include <gtest/gtest.h>

#include "cloud/credentials_container.hpp"
#include "cloud/credentials_env.hpp"
#include "cloud/credentials_imds.hpp"
#include "cloud/credentials_process.hpp"
#include "cloud/credentials_profile.hpp"
#include "cloud/credentials_test_fakes.hpp"
#include "cloud/credentials_web_identity.hpp"

namespace agentlift::cloud::credentials {
namespace {

using testing::credentials_json;
using testing::Fakes;
using testing::k_sentinel_secret;
using testing::k_sentinel_token;

using testing::contains;
using testing::error_of;

// ---- env ---------------------------------------------------------------------

TEST(EnvProvider, ReadsKeysTokenAndExpiration) {
  EnvProvider provider({{"AWS_ACCESS_KEY_ID", "AKIA1"},
                        {"AWS_SECRET_ACCESS_KEY", "s"},
                        {"AWS_SESSION_TOKEN", "t"},
                        {"AWS_CREDENTIAL_EXPIRATION", "2025-01-01T01:00:00+01:00"}});
  const auto found = provider.resolve();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->credentials.access_key_id, "AKIA1");
  EXPECT_EQ(found->credentials.session_token, "t");
  EXPECT_EQ(found->expiry, std::chrono::sys_days{std::chrono::year{2025} / 1 / 1});
}

TEST(EnvProvider, NothingSetIsNotConfigured) {
  EXPECT_FALSE(EnvProvider(Environment{{"AWS_ACCESS_KEY_ID", ""}}).resolve());
}

TEST(EnvProvider, PartialKeysNameTheMissingVariable) {
  EXPECT_EQ(error_of([] {
              EnvProvider(Environment{{"AWS_ACCESS_KEY_ID", "AKIA1"}}).resolve();
            }),
            "Partial credentials in the environment: AWS_ACCESS_KEY_ID is set but "
            "AWS_SECRET_ACCESS_KEY is not");
  EXPECT_TRUE(
      contains(error_of([] {
                 EnvProvider(Environment{{"AWS_SECRET_ACCESS_KEY", k_sentinel_secret}}).resolve();
               }),
               "AWS_ACCESS_KEY_ID is not"));
}

// ---- credential_process --------------------------------------------------------

TEST(CredentialProcess, ParsesItsJson) {
  Fakes fakes;
  fakes.process_result.standard_output =
      R"({"Version": 1, "AccessKeyId": "AKIAP", "SecretAccessKey": "s", "SessionToken": "t",
          "Expiration": "2025-01-01T00:30:00.123Z"})";
  const auto found = run_credential_process("get-creds --x", "dev", fakes.seams().run_process);
  EXPECT_EQ(fakes.commands, std::vector<std::string>{"get-creds --x"});
  EXPECT_EQ(found.credentials.access_key_id, "AKIAP");
  EXPECT_EQ(found.expiry, fakes.now + std::chrono::minutes{30});
}

TEST(CredentialProcess, FailuresNeverQuoteTheOutput) {
  Fakes fakes;
  auto run = [&] { run_credential_process("cmd", "dev", fakes.seams().run_process); };
  fakes.process_result = {2, std::string("{\"SecretAccessKey\":\"") + k_sentinel_secret + "\"}",
                          "boom\nmore"};
  EXPECT_EQ(error_of(run), "credential_process of profile 'dev' failed with exit status 2: boom");
  fakes.process_result = {
      0, std::string("{\"Version\":2,\"SecretAccessKey\":\"") + k_sentinel_secret + "\"}", ""};
  EXPECT_TRUE(contains(error_of(run), "no \"Version\": 1"));
  fakes.process_result = {
      0, std::string("{\"Version\":1,\"SecretAccessKey\":\"") + k_sentinel_secret + "\"}", ""};
  EXPECT_EQ(error_of(run), "credential_process of profile 'dev' returned no AccessKeyId");
  fakes.process_result = {0, "not json", ""};
  EXPECT_TRUE(contains(error_of(run), "did not print a JSON object"));
}

// ---- container -----------------------------------------------------------------

TEST(ContainerProvider, RelativeUriGoesToTheEcsHost) {
  Fakes fakes;
  fakes.environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/creds/abc";
  fakes.http["GET http://169.254.170.2/v2/creds/abc"] = {200, {}, credentials_json("Token")};
  const auto found = ContainerProvider(fakes.seams()).resolve();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->credentials.session_token, k_sentinel_token);
  EXPECT_EQ(found->expiry, fakes.now + std::chrono::hours{6});
  EXPECT_FALSE(fakes.requests.at(0).header("Authorization"));
}

TEST(ContainerProvider, FullUriWithTokenFile) {
  Fakes fakes;
  fakes.environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials";
  fakes.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/run/token";
  fakes.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "ignored";
  fakes.files["/var/run/token"] = "pod-token\n";
  fakes.http["GET http://169.254.170.23/v1/credentials"] = {200, {}, credentials_json("Token")};
  ASSERT_TRUE(ContainerProvider(fakes.seams()).resolve());
  EXPECT_EQ(fakes.requests.at(0).header("Authorization"), "pod-token");
}

TEST(ContainerProvider, RejectsRemoteHttpAndReportsFailures) {
  EXPECT_TRUE(container_uri_allowed("https://creds.example.com/x"));
  EXPECT_TRUE(container_uri_allowed("http://127.0.0.1:8080/x"));
  EXPECT_TRUE(container_uri_allowed("http://[::1]/x"));
  EXPECT_FALSE(container_uri_allowed("http://evil.example.com/x"));
  Fakes fakes;
  fakes.environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://evil.example.com/x";
  EXPECT_TRUE(
      contains(error_of([&] { ContainerProvider(fakes.seams()).resolve(); }), "is not allowed"));
  fakes.environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://localhost/x";
  fakes.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = k_sentinel_token;
  EXPECT_TRUE(contains(error_of([&] { ContainerProvider(fakes.seams()).resolve(); }),
                       "connection refused"));
  EXPECT_EQ(fakes.requests.size(), 3u);  // three attempts
  fakes.http["GET http://localhost/x"] = {403, {}, "denied"};
  EXPECT_TRUE(contains(error_of([&] { ContainerProvider(fakes.seams()).resolve(); }), "HTTP 403"));
  EXPECT_FALSE(ContainerProvider(Fakes().seams()).resolve());
}

// ---- IMDS ----------------------------------------------------------------------

void serve_imds(Fakes& fakes, const std::string& role = "app-role") {
  const std::string base = "http://169.254.169.254";
  fakes.http["PUT " + base + "/latest/api/token"] = {200, {}, "imds-token"};
  fakes.http["GET " + base + "/latest/meta-data/iam/security-credentials/"] = {
      200, {}, role + "\n"};
  fakes.http["GET " + base + "/latest/meta-data/iam/security-credentials/" + role] = {
      200, {}, "{\"Code\":\"Success\"," + credentials_json("Token").substr(1)};
}

TEST(ImdsProvider, UsesIMDSv2TokenThenRoleThenCredentials) {
  Fakes fakes;
  serve_imds(fakes);
  const auto found = ImdsProvider(fakes.seams()).resolve();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->source, "EC2 instance metadata (role app-role)");
  ASSERT_EQ(fakes.requests.size(), 3u);
  EXPECT_EQ(fakes.requests[0].header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(fakes.requests[1].header("X-aws-ec2-metadata-token"), "imds-token");
  EXPECT_EQ(fakes.requests[2].header("X-aws-ec2-metadata-token"), "imds-token");
}

TEST(ImdsProvider, DisabledOrUnreachableIsNotConfigured) {
  Fakes fakes;
  serve_imds(fakes);
  fakes.environment["AWS_EC2_METADATA_DISABLED"] = "TRUE";
  ImdsProvider disabled(fakes.seams());
  EXPECT_FALSE(disabled.resolve());
  EXPECT_TRUE(fakes.requests.empty());
  EXPECT_TRUE(contains(disabled.description(), "AWS_EC2_METADATA_DISABLED"));
  ImdsProvider unreachable(Fakes().seams());
  EXPECT_FALSE(unreachable.resolve());
  EXPECT_TRUE(contains(unreachable.description(), "no answer"));
}

TEST(ImdsProvider, EndpointOverrideAndBadDocument) {
  Fakes fakes;
  fakes.environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://[fd00:ec2::254]/";
  fakes.http["PUT http://[fd00:ec2::254]/latest/api/token"] = {200, {}, "t"};
  fakes.http["GET http://[fd00:ec2::254]/latest/meta-data/iam/security-credentials/"] = {
      200, {}, "r"};
  fakes.http["GET http://[fd00:ec2::254]/latest/meta-data/iam/security-credentials/r"] = {
      200,
      {},
      std::string("{\"Code\":\"Failure\",\"SecretAccessKey\":\"") + k_sentinel_secret + "\"}"};
  EXPECT_TRUE(
      contains(error_of([&] { ImdsProvider(fakes.seams()).resolve(); }), "Code \"Failure\""));
}

// ---- web identity ----------------------------------------------------------------

TEST(WebIdentityEnvProvider, ReadsTheTokenFileAndCallsSts) {
  Fakes fakes;
  fakes.environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/oidc";
  fakes.environment["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/ci";
  fakes.environment["AWS_ROLE_SESSION_NAME"] = "ci-run";
  fakes.files["/var/run/oidc"] = "jwt.token.value\n";
  const auto found = WebIdentityEnvProvider(fakes.seams()).resolve();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->credentials.access_key_id, "ASIAWEB");
  ASSERT_EQ(fakes.web_identity_calls.size(), 1u);
  EXPECT_EQ(fakes.web_identity_calls[0].web_identity_token, "jwt.token.value");
  EXPECT_EQ(fakes.web_identity_calls[0].session_name, "ci-run");
  EXPECT_EQ(fakes.web_identity_calls[0].role_arn, "arn:aws:iam::1:role/ci");
}

TEST(WebIdentityEnvProvider, Failures) {
  Fakes fakes;
  EXPECT_FALSE(WebIdentityEnvProvider(fakes.seams()).resolve());
  fakes.environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/oidc";
  EXPECT_EQ(error_of([&] { WebIdentityEnvProvider(fakes.seams()).resolve(); }),
            "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
  fakes.environment["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/ci";
  EXPECT_EQ(error_of([&] { WebIdentityEnvProvider(fakes.seams()).resolve(); }),
            "Web identity token file /var/run/oidc does not exist");
  fakes.files["/var/run/oidc"] = "jwt";
  EXPECT_TRUE(WebIdentityEnvProvider(fakes.seams()).resolve());
  EXPECT_EQ(fakes.web_identity_calls.at(0).session_name, "agentlift-1735689600");
}

}  // namespace
}  // namespace agentlift::cloud::credentials
