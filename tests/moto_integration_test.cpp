// The thin AWS clients (AwsClient, StsClient, S3Client, EcrClient) and the
// credentials chain's STS seams against a local moto server with SigV4
// authentication enforced: a wrong signature must fail, so a passing test means
// our signatures match botocore's (moto verifies with it).
//
// The server, the IAM bootstrap and LoopbackTransport (nothing but 127.0.0.1 is
// contacted; "{bucket}.localhost" is sent to 127.0.0.1 with the Host header the
// request was signed with) live in support/moto_server.hpp. A second server
// without authentication takes what the enforced one cannot check. Skipped when
// python3 cannot import moto.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cloud/aws_client.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/credentials_chain.hpp"
#include "cloud/credentials_sts.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/ecr_client.hpp"
#include "cloud/endpoint_resolver.hpp"
#include "cloud/s3_client.hpp"
#include "cloud/sts_client.hpp"
#include "support/moto_server.hpp"

namespace agentlift::cloud {
namespace {

using testing::k_moto_account;
using testing::k_moto_region;
using testing::LoopbackTransport;
using testing::MotoFixture;

constexpr const char* k_account = k_moto_account;
constexpr const char* k_role_name = "agentlift-deploy";
// Characters that must be form-encoded, all allowed in an external id.
constexpr const char* k_external_id = "agentlift:ext/id+1=2@x";

class MotoIntegration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_moto.start(/*with_open_server=*/true);
    if (s_moto.skip_reason.empty() && s_moto.failure.empty()) create_deploy_role();
  }

  static void TearDownTestSuite() { s_moto.stop(); }

  void SetUp() override {
    if (!s_moto.skip_reason.empty()) GTEST_SKIP() << s_moto.skip_reason;
    ASSERT_TRUE(s_moto.failure.empty()) << s_moto.failure;
    ASSERT_TRUE(s_moto.credentials.has_value()) << "IAM bootstrap failed";
  }

  static AwsClientConfig config(const std::string& service, const std::string& signing_name,
                                sigv4::Credentials credentials, const std::string& endpoint = "") {
    return testing::moto_config(service, signing_name, std::move(credentials),
                                endpoint.empty() ? s_moto.server->endpoint() : endpoint);
  }

  static std::string role_arn() {
    return std::string("arn:aws:iam::") + k_account + ":role/" + k_role_name;
  }

  // A role only the test user may assume, and only with k_external_id, with an
  // allow-all inline policy. moto checks the trust policy's principal (exact
  // ARN only: it does not understand "<account>:root") and refuses a wrong
  // sts:ExternalId; without the role it would hand out credentials for any ARN.
  static void create_deploy_role() {
    const std::string trust =
        std::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)") +
        R"("Principal":{"AWS":"arn:aws:iam::)" + k_account + R"(:user/agentlift-test"},)" +
        R"("Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":")" +
        k_external_id + R"("}}}]})";
    try {
      CurlTransport curl;
      LoopbackTransport transport(curl);
      AwsClient iam(config("IAM", "iam", *s_moto.credentials), transport);
      testing::moto_query(iam, "CreateRole", "2010-05-08",
                          std::string("RoleName=") + k_role_name +
                              "&AssumeRolePolicyDocument=" + form_encode(trust));
      testing::moto_query(
          iam, "PutRolePolicy", "2010-05-08",
          std::string("RoleName=") + k_role_name +
              "&PolicyName=all&PolicyDocument=" + form_encode(testing::k_allow_all_policy));
    } catch (const std::exception& error) {
      s_role_failure = std::string("IAM CreateRole: ") + error.what();
    }
  }

  // Seams for the credentials chain whose files are `files` (AWS_CONFIG_FILE
  // /virtual/config, AWS_SHARED_CREDENTIALS_FILE /virtual/credentials) and whose
  // STS calls go to `sts_endpoint` through the real StsClient.
  credentials::Seams chain_seams(const std::map<std::string, std::string>& files,
                                 credentials::Environment environment,
                                 const std::string& sts_endpoint) {
    credentials::Seams seams;
    environment["HOME"] = "/nonexistent";
    environment["AWS_CONFIG_FILE"] = "/virtual/config";
    environment["AWS_SHARED_CREDENTIALS_FILE"] = "/virtual/credentials";
    seams.environment = std::move(environment);
    seams.read_file = [files](const std::string& path) -> std::optional<std::string> {
      const auto found = files.find(path);
      if (found == files.end()) return std::nullopt;
      return found->second;
    };
    seams.clock = [] {
      return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    };
    StsSeamOptions options;
    options.environment = {{"AWS_ENDPOINT_URL_STS", sts_endpoint}};
    options.retry_policy.max_attempts = 1;
    install_sts_seams(seams, m_transport, m_resolver, std::move(options));
    return seams;
  }

  // The ARN GetCallerIdentity reports for `credentials` on `endpoint`.
  std::string caller_arn(const sigv4::Credentials& credentials, const std::string& endpoint = "") {
    AwsClient client(config("STS", "sts", credentials, endpoint), m_transport);
    return StsClient(client).get_caller_identity().arn;
  }

  static sigv4::Credentials wrong_secret() {
    sigv4::Credentials credentials = *s_moto.credentials;
    credentials.secret_access_key += "x";
    return credentials;
  }

  // Put, get, head, list, delete of awkward keys in a fresh bucket.
  // `keys` must include "plain.txt"; `prefix` must select exactly `prefixed_key`.
  void round_trip(S3Addressing addressing, const std::string& endpoint, const std::string& bucket,
                  const std::vector<std::string>& keys, const std::string& prefix,
                  const std::string& prefixed_key) {
    AwsClient client(config("S3", "s3", *s_moto.credentials, endpoint), m_transport);
    S3Client s3(client, addressing);
    s3.create_bucket(bucket);
    for (const auto& key : keys) {
      SCOPED_TRACE(key);
      const std::string body = "body of " + key;
      S3PutResult put;
      try {
        put = s3.put_object(bucket, key, body, "text/plain");
      } catch (const HttpError& error) {
        ADD_FAILURE() << "PutObject " << key << ": " << error.what();
        continue;
      }
      EXPECT_FALSE(put.etag.empty());
      const S3GetResult got = s3.get_object(bucket, key);
      EXPECT_EQ(got.body, body);
      EXPECT_EQ(got.etag, put.etag);
      const auto head = s3.head_object(bucket, key);
      ASSERT_TRUE(head.has_value());
      EXPECT_EQ(head->content_length, body.size());
      EXPECT_EQ(head->etag, put.etag);
    }
    S3ListResult all = s3.list_objects_v2(bucket, {});
    ASSERT_EQ(all.objects.size(), keys.size());
    for (const auto& key : keys) {
      bool found = false;
      for (const auto& object : all.objects) {
        if (object.key != key) continue;
        found = true;
        EXPECT_EQ(object.size, ("body of " + key).size()) << key;
        EXPECT_FALSE(object.etag.empty());
      }
      EXPECT_TRUE(found) << key;
    }
    // Prefix with a space and '+' in it; then paging two at a time.
    S3ListRequest prefixed;
    prefixed.prefix = prefix;
    const S3ListResult only = s3.list_objects_v2(bucket, prefixed);
    ASSERT_EQ(only.objects.size(), 1u);
    EXPECT_EQ(only.objects[0].key, prefixed_key);

    S3ListRequest page;
    page.max_keys = 2;
    std::size_t seen = 0;
    for (int i = 0; i < 10; ++i) {
      const S3ListResult result = s3.list_objects_v2(bucket, page);
      seen += result.objects.size();
      if (!result.is_truncated) break;
      ASSERT_TRUE(result.next_continuation_token.has_value());
      page.continuation_token = result.next_continuation_token;
    }
    EXPECT_EQ(seen, keys.size());

    for (const auto& key : keys) {
      SCOPED_TRACE(key);
      s3.delete_object(bucket, key);
      EXPECT_FALSE(s3.head_object(bucket, key).has_value());
    }
    EXPECT_TRUE(s3.list_objects_v2(bucket, {}).objects.empty());
    try {
      s3.get_object(bucket, "plain.txt");
      ADD_FAILURE() << "GetObject of a deleted key succeeded";
    } catch (const HttpError& error) {
      EXPECT_EQ(error.status(), 404);
      EXPECT_EQ(error.code(), "NoSuchKey");
    }
  }

  CurlTransport m_curl;
  LoopbackTransport m_transport{m_curl};
  const endpoints::EndpointResolver m_resolver = endpoints::EndpointResolver::embedded();

  // server: SigV4 enforced; open_server: no authentication; credentials: the
  // allow-all user on server.
  static inline MotoFixture s_moto;
  static inline std::string s_role_failure;
};

TEST_F(MotoIntegration, StsGetCallerIdentityReturnsMotoAccount) {
  AwsClient client(config("STS", "sts", *s_moto.credentials), m_transport);
  const CallerIdentity identity = StsClient(client).get_caller_identity();
  EXPECT_EQ(identity.account, k_account);
  EXPECT_EQ(identity.arn, std::string("arn:aws:iam::") + k_account + ":user/agentlift-test");
  EXPECT_FALSE(identity.user_id.empty());
}

TEST_F(MotoIntegration, StsRejectsAWrongSecretKey) {
  AwsClient client(config("STS", "sts", wrong_secret()), m_transport);
  try {
    StsClient(client).get_caller_identity();
    FAIL() << "a wrong signature was accepted: authentication is not enforced";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
    EXPECT_EQ(error.status(), 403);
  }
}

TEST_F(MotoIntegration, StsRejectsAnUnknownAccessKey) {
  // A made-up key id that moto has never issued (a test fixture, not a credential).
  AwsClient client(config("STS", "sts", {"AKIAUNKNOWNKEY000000", "secret", std::nullopt}),
                   m_transport);
  try {
    StsClient(client).get_caller_identity();
    FAIL() << "an unknown access key was accepted";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "InvalidClientTokenId");
  }
}

// Keys whose signatures moto can check: it re-derives the canonical URI from
// werkzeug's request.url, which re-quotes the decoded path leaving
// !$&'()*+,;=:@ and non-ASCII literal. Real S3 (and botocore, which fails the
// same way against moto) signs the path as sent: "+" is "%2B". So keys with
// those characters are only checked against the unauthenticated server below.
// The same goes for query values: werkzeug turns prefix=dir%2F into prefix=dir/,
// so signed listings use a prefix without '/'.
const std::vector<std::string> k_signable_keys = {
    "plain.txt",
    "dir/with space.txt",
    "tilde~/under_score-dash.v1.txt",
    "deep/a/b/c d/e.txt",
};
const std::vector<std::string> k_awkward_keys = {
    "plain.txt",
    "plus+sign=equals&amp.txt",
    "tilde~/unicode-\xC3\xA9\xC3\xBC-\xE6\x97\xA5\xE6\x9C\xAC.txt",
    "a/b c+d.txt",
    "odd chars !$'()*,;:@.txt",
};

TEST_F(MotoIntegration, S3PathStyleRoundTripSigned) {
  round_trip(S3Addressing::path, s_moto.server->endpoint(), "agentlift-path", k_signable_keys,
             "tilde", "tilde~/under_score-dash.v1.txt");
}

TEST_F(MotoIntegration, S3VirtualHostRoundTripSigned) {
  round_trip(S3Addressing::virtual_host,
             "http://localhost:" + std::to_string(s_moto.server->port()), "agentlift-vhost",
             k_signable_keys, "tilde", "tilde~/under_score-dash.v1.txt");
}

TEST_F(MotoIntegration, S3PathStyleRoundTripAwkwardKeysUnauthenticated) {
  round_trip(S3Addressing::path, s_moto.open_server->endpoint(), "agentlift-path-odd",
             k_awkward_keys, "a/b c+", "a/b c+d.txt");
}

TEST_F(MotoIntegration, S3VirtualHostRoundTripAwkwardKeysUnauthenticated) {
  round_trip(S3Addressing::virtual_host,
             "http://localhost:" + std::to_string(s_moto.open_server->port()),
             "agentlift-vhost-odd", k_awkward_keys, "a/b c+", "a/b c+d.txt");
}

TEST_F(MotoIntegration, S3RejectsAWrongSecretKey) {
  {
    AwsClient good(config("S3", "s3", *s_moto.credentials), m_transport);
    S3Client(good, S3Addressing::path).create_bucket("agentlift-auth");
  }
  AwsClient client(config("S3", "s3", wrong_secret()), m_transport);
  S3Client s3(client, S3Addressing::path);
  try {
    s3.put_object("agentlift-auth", "x.txt", "data");
    FAIL() << "a wrong signature was accepted: authentication is not enforced";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
    EXPECT_EQ(error.status(), 403);
  }
  AwsClient good(config("S3", "s3", *s_moto.credentials), m_transport);
  EXPECT_FALSE(
      S3Client(good, S3Addressing::path).head_object("agentlift-auth", "x.txt").has_value());
}

TEST_F(MotoIntegration, LoopbackTransportRefusesOtherHosts) {
  HttpRequest request;
  request.url = "http://example.com/";
  EXPECT_THROW(m_transport.send(request), std::logic_error);
}

// ---- ECR ----------------------------------------------------------------------------

TEST_F(MotoIntegration, EcrRepositoryLifecycleSigned) {
  AwsClient client(config("ECR", "ecr", *s_moto.credentials), m_transport);
  EcrClient ecr(client);
  const std::string name = "agentlift/lifecycle";
  const std::string missing = "agentlift/missing";
  const EcrRepository created = ecr.create_repository(name, {{"owner", "agentlift"}});
  EXPECT_EQ(created.name, name);
  EXPECT_EQ(created.registry_id, k_account);
  EXPECT_EQ(created.arn, std::string("arn:aws:ecr:us-east-1:") + k_account + ":repository/" + name);
  EXPECT_EQ(created.uri, std::string(k_account) + ".dkr.ecr.us-east-1.amazonaws.com/" + name);
  EXPECT_THROW(ecr.create_repository(name), EcrRepositoryAlreadyExists);
  const EcrEnsureResult ensured = ecr.ensure_repository(name);
  EXPECT_FALSE(ensured.created);
  EXPECT_EQ(ensured.repository.arn, created.arn);

  const auto described = ecr.describe_repository(name);
  ASSERT_TRUE(described.has_value());
  EXPECT_EQ(described->uri, created.uri);
  EXPECT_TRUE(ecr.describe_repositories({missing}).empty());
  try {
    ecr.describe_repositories({name, missing});
    ADD_FAILURE() << "a missing repository among several was not reported";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "RepositoryNotFoundException");
  }
  bool listed = false;
  for (const auto& repository : ecr.describe_repositories({})) listed |= repository.name == name;
  EXPECT_TRUE(listed);

  const auto deleted = ecr.delete_repository(name, EcrClient::Force::yes);
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->arn, created.arn);
  EXPECT_FALSE(ecr.describe_repository(name).has_value());
  EXPECT_FALSE(ecr.delete_repository(name).has_value());
  EXPECT_TRUE(ecr.ensure_repository(name).created);
  ecr.delete_repository(name);
}

TEST_F(MotoIntegration, EcrAuthorizationTokenIsDecoded) {
  AwsClient client(config("ECR", "ecr", *s_moto.credentials), m_transport);
  const EcrAuthorization auth = EcrClient(client).get_authorization_token();
  EXPECT_EQ(auth.username, "AWS");
  // moto's password is "<account>-auth-token"; compared without printing it.
  EXPECT_TRUE(auth.password == std::string(k_account) + "-auth-token") << "unexpected password";
  EXPECT_EQ(auth.proxy_endpoint,
            std::string("https://") + k_account + ".dkr.ecr.us-east-1.amazonaws.com");
  EXPECT_TRUE(auth.expires_at.has_value());
}

TEST_F(MotoIntegration, EcrRejectsAWrongSecretKey) {
  AwsClient client(config("ECR", "ecr", wrong_secret()), m_transport);
  try {
    EcrClient(client).create_repository("agentlift/never");
    FAIL() << "a wrong signature was accepted: authentication is not enforced";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status(), 403);
    // AWS names the code in a JSON body ({"__type":"InvalidSignatureException"});
    // moto answers awsJson1_1 with an awsQuery-style XML body and no
    // X-Amzn-ErrorType header, so only the status is left to decide.
    EXPECT_TRUE(is_clock_skew_error(error.code()) || error.code() == "Forbidden") << error.code();
  }
  AwsClient good(config("ECR", "ecr", *s_moto.credentials), m_transport);
  EXPECT_FALSE(EcrClient(good).describe_repository("agentlift/never").has_value());
}

// ---- STS roles ----------------------------------------------------------------------

TEST_F(MotoIntegration, StsAssumeRoleSignedGivesWorkingSessionCredentials) {
  ASSERT_TRUE(s_role_failure.empty()) << s_role_failure;
  AwsClient client(config("STS", "sts", *s_moto.credentials), m_transport);
  AssumeRoleParams params;
  params.role_arn = role_arn();
  params.session_name = "agentlift-it";
  params.external_id = k_external_id;
  params.duration = std::chrono::seconds{900};
  const auto before = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const credentials::ResolvedCredentials assumed = StsClient(client).assume_role(params);
  EXPECT_FALSE(assumed.credentials.access_key_id.empty());
  EXPECT_TRUE(assumed.credentials.session_token.has_value());
  ASSERT_TRUE(assumed.expiry.has_value());
  EXPECT_GE(*assumed.expiry, before + std::chrono::seconds{900 - 5});
  EXPECT_LE(*assumed.expiry, before + std::chrono::seconds{900 + 120});
  // The session credentials (their token signed along) work for STS and ECR.
  EXPECT_EQ(caller_arn(assumed.credentials), std::string("arn:aws:sts::") + k_account +
                                                 ":assumed-role/" + k_role_name + "/agentlift-it");
  AwsClient ecr(config("ECR", "ecr", assumed.credentials), m_transport);
  EXPECT_EQ(EcrClient(ecr).get_authorization_token().username, "AWS");
}

TEST_F(MotoIntegration, StsAssumeRoleRejectsAWrongSecretKey) {
  AwsClient client(config("STS", "sts", wrong_secret()), m_transport);
  try {
    StsClient(client).assume_role({role_arn(), "agentlift-it", k_external_id, std::nullopt});
    FAIL() << "a wrong signature was accepted: authentication is not enforced";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
    EXPECT_EQ(error.status(), 403);
  }
}

// The external id reaches moto decoded exactly: one character off is refused.
// (moto lets a request *without* ExternalId through a condition on it; AWS does not.)
TEST_F(MotoIntegration, StsAssumeRoleWithTheWrongExternalIdIsRefused) {
  ASSERT_TRUE(s_role_failure.empty()) << s_role_failure;
  AwsClient client(config("STS", "sts", *s_moto.credentials), m_transport);
  try {
    StsClient(client).assume_role({role_arn(), "agentlift-it", "agentlift:ext/id+1=3@x", {}});
    FAIL() << "the trust policy's condition was not applied";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "AccessDenied");
    EXPECT_NE(error.hint().find("sts:AssumeRole"), std::string::npos) << error.hint();
  }
}

// moto with authentication enforced cannot serve an unsigned call (it looks up
// the Authorization header and answers HTTP 500), so web identity goes to the
// open server. That the request is unsigned is checked in sts_client_test.cpp.
TEST_F(MotoIntegration, StsAssumeRoleWithWebIdentityUnsigned) {
  const std::string endpoint = s_moto.open_server->endpoint();
  AwsClient client(config("STS", "sts", {}, endpoint), m_transport);
  WebIdentityParams params;
  params.role_arn = std::string("arn:aws:iam::") + k_account + ":role/ci";
  params.session_name = "ci-run";
  params.web_identity_token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.";  // unsigned test JWT
  params.duration = std::chrono::seconds{3600};
  const auto assumed = StsClient(client).assume_role_with_web_identity(params);
  EXPECT_TRUE(assumed.credentials.session_token.has_value());
  EXPECT_TRUE(assumed.expiry.has_value());
  EXPECT_EQ(caller_arn(assumed.credentials, endpoint),
            std::string("arn:aws:sts::") + k_account + ":assumed-role/ci/ci-run");
}

// ---- the credentials chain through the real STS seam --------------------------------

TEST_F(MotoIntegration, ChainResolvesARoleProfileThroughSts) {
  ASSERT_TRUE(s_role_failure.empty()) << s_role_failure;
  const sigv4::Credentials& admin = *s_moto.credentials;
  // No region in the profile: STS is called for the default region, us-east-1.
  std::map<std::string, std::string> files{
      {"/virtual/credentials", "[base]\naws_access_key_id = " + admin.access_key_id +
                                   "\naws_secret_access_key = " + admin.secret_access_key + "\n"},
      {"/virtual/config", "[profile deploy]\nrole_arn = " + role_arn() +
                              "\nsource_profile = base\nrole_session_name = chain-e2e\n"
                              "external_id = " +
                              k_external_id + "\nduration_seconds = 1800\n"}};
  const credentials::Seams seams = chain_seams(files, {}, s_moto.server->endpoint());
  const auto chain = credentials::make_default_chain({std::string("deploy")}, seams);
  const credentials::ResolvedCredentials resolved = credentials::resolve_credentials(*chain);
  EXPECT_EQ(resolved.source, "profile 'deploy' (assumed role " + role_arn() + ")");
  EXPECT_EQ(caller_arn(resolved.credentials), std::string("arn:aws:sts::") + k_account +
                                                  ":assumed-role/" + k_role_name + "/chain-e2e");

  // The same profile whose source key has a wrong secret: STS refuses the signature.
  files["/virtual/credentials"] = "[base]\naws_access_key_id = " + admin.access_key_id +
                                  "\naws_secret_access_key = " + wrong_secret().secret_access_key +
                                  "\n";
  const auto broken = credentials::make_default_chain(
      {std::string("deploy")}, chain_seams(files, {}, s_moto.server->endpoint()));
  try {
    credentials::resolve_credentials(*broken);
    FAIL() << "a wrong source secret was accepted";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
    const std::string text = std::string(error.what()) + error.hint();
    EXPECT_EQ(text.find(admin.secret_access_key), std::string::npos) << "an error shows a secret";
  }
}

TEST_F(MotoIntegration, ChainResolvesWebIdentityFromTheEnvironmentThroughSts) {
  const std::string endpoint = s_moto.open_server->endpoint();
  const std::string role = std::string("arn:aws:iam::") + k_account + ":role/ci";
  const credentials::Seams seams =
      chain_seams({{"/virtual/token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.\n"}},
                  {{"AWS_WEB_IDENTITY_TOKEN_FILE", "/virtual/token"},
                   {"AWS_ROLE_ARN", role},
                   {"AWS_ROLE_SESSION_NAME", "gh-actions"},
                   {"AWS_REGION", k_moto_region}},
                  endpoint);
  const auto chain = credentials::make_default_chain({}, seams);
  const credentials::ResolvedCredentials resolved = credentials::resolve_credentials(*chain);
  EXPECT_EQ(resolved.source, "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, role " + role + ")");
  EXPECT_EQ(caller_arn(resolved.credentials, endpoint),
            std::string("arn:aws:sts::") + k_account + ":assumed-role/ci/gh-actions");
}

}  // namespace
}  // namespace agentlift::cloud
