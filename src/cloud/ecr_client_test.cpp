// EcrClient against FakeTransport: the awsJson1_1 request (target header,
// content type, body, "ecr" signature), reading replies, error decoding
// (RepositoryAlreadyExists/NotFound), malformed replies and that the registry
// password never reaches an error. The real wire: tests/moto_integration_test.cpp.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "cloud/aws_client.hpp"
#include "cloud/ecr_client.hpp"
#include "cloud/fake_transport.hpp"

namespace agentlift::cloud {
namespace {

using namespace std::chrono;

constexpr const char* k_endpoint = "https://api.ecr.us-east-1.amazonaws.com";
// base64("AWS:SENTINEL-ECR-PASSWORD-do-not-print"): a fixture, not a credential.
constexpr const char* k_token = "QVdTOlNFTlRJTkVMLUVDUi1QQVNTV09SRC1kby1ub3QtcHJpbnQ=";
constexpr const char* k_password = "SENTINEL-ECR-PASSWORD-do-not-print";

AwsClientConfig ecr_config() {
  AwsClientConfig config;
  config.service = "ECR";
  config.signing_name = "ecr";
  config.region = "us-east-1";
  config.endpoint = k_endpoint;
  config.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::nullopt};
  config.clock = [] { return sys_days{year{2025} / 3 / 4} + hours{5}; };
  config.retry_policy.max_attempts = 1;
  return config;
}

std::string repository_json(const std::string& name) {
  return R"({"repositoryArn":"arn:aws:ecr:us-east-1:123456789012:repository/)" + name +
         R"(","registryId":"123456789012","repositoryName":")" + name +
         R"(","repositoryUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/)" + name +
         R"(","createdAt":1.7410644E9,"imageTagMutability":"MUTABLE"})";
}

std::string error_json(const std::string& type, const std::string& message) {
  return R"({"__type":")" + type + R"(","message":")" + message + R"("})";
}

// Runs `call`, expects an agentlift::Error and returns its text (what + hint).
template <typename F>
std::string error_text(F&& call) {
  try {
    call();
  } catch (const Error& error) {
    return std::string(error.what()) + " | " + error.hint();
  }
  ADD_FAILURE() << "no error";
  return {};
}

struct EcrFixture : ::testing::Test {
  FakeTransport transport;
  AwsClient client{ecr_config(), transport};
  EcrClient ecr{client};
};

using EcrClientTest = EcrFixture;

TEST_F(EcrClientTest, CreateRepositorySendsTheTargetBodyAndEcrSignature) {
  transport.respond(200, R"({"repository":)" + repository_json("agents/support") + "}");
  const EcrRepository repository =
      ecr.create_repository("agents/support", {{"team", "ai"}, {"env", "dev"}});
  EXPECT_EQ(repository.name, "agents/support");
  EXPECT_EQ(repository.arn, "arn:aws:ecr:us-east-1:123456789012:repository/agents/support");
  EXPECT_EQ(repository.registry_id, "123456789012");
  EXPECT_EQ(repository.uri, "123456789012.dkr.ecr.us-east-1.amazonaws.com/agents/support");
  EXPECT_EQ(repository.created_at, sys_seconds{seconds{1741064400}});

  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(k_endpoint) + "/");
  EXPECT_EQ(sent.header("X-Amz-Target").value(),
            "AmazonEC2ContainerRegistry_V20150921.CreateRepository");
  EXPECT_EQ(sent.header("Content-Type").value(), "application/x-amz-json-1.1");
  EXPECT_EQ(sent.body, R"({"repositoryName":"agents/support","tags":[{"Key":"team","Value":"ai"},)"
                       R"({"Key":"env","Value":"dev"}]})");
  const std::string authorization = sent.header("Authorization").value_or("");
  EXPECT_NE(authorization.find("Credential=AKIDEXAMPLE/20250304/us-east-1/ecr/aws4_request"),
            std::string::npos)
      << authorization;
  EXPECT_NE(authorization.find("SignedHeaders=content-type;host;x-amz-date;x-amz-target"),
            std::string::npos)
      << authorization;
}

TEST_F(EcrClientTest, CreateRepositoryWithoutTagsSendsOnlyTheName) {
  transport.respond(200, R"({"repository":)" + repository_json("r") + "}");
  ecr.create_repository("r");
  EXPECT_EQ(transport.requests().at(0).body, R"({"repositoryName":"r"})");
}

TEST_F(EcrClientTest, AlreadyExistsIsItsOwnCatchableError) {
  transport.respond(400, error_json("RepositoryAlreadyExistsException",
                                    "The repository with name 'r' already exists"));
  try {
    ecr.create_repository("r");
    FAIL() << "no error";
  } catch (const EcrRepositoryAlreadyExists& error) {
    EXPECT_EQ(error.code(), "RepositoryAlreadyExistsException");
    EXPECT_EQ(error.operation(), "CreateRepository");
    EXPECT_EQ(error.status(), 400);
    EXPECT_FALSE(error.hint().empty());
  }
  // Other errors stay plain HttpErrors.
  transport.respond(400, error_json("InvalidParameterException", "bad name"));
  try {
    ecr.create_repository("R");
    FAIL() << "no error";
  } catch (const EcrRepositoryAlreadyExists&) {
    FAIL() << "not an already-exists error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "InvalidParameterException");
  }
}

TEST_F(EcrClientTest, EnsureRepositoryCreatesOrFindsTheExistingOne) {
  transport.respond(200, R"({"repository":)" + repository_json("new") + "}");
  const EcrEnsureResult created = ecr.ensure_repository("new");
  EXPECT_TRUE(created.created);
  EXPECT_EQ(created.repository.name, "new");

  transport.respond(400, error_json("RepositoryAlreadyExistsException", "exists"));
  transport.respond(200, R"({"repositories":[)" + repository_json("old") + "]}");
  const EcrEnsureResult existing = ecr.ensure_repository("old");
  EXPECT_FALSE(existing.created);
  EXPECT_EQ(existing.repository.uri, "123456789012.dkr.ecr.us-east-1.amazonaws.com/old");
  const auto requests = transport.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].header("X-Amz-Target").value(),
            "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories");
  EXPECT_EQ(requests[2].body, R"({"repositoryNames":["old"]})");
}

TEST_F(EcrClientTest, DescribeOfOneMissingRepositoryIsEmpty) {
  transport.respond(400, error_json("com.amazonaws.ecr#RepositoryNotFoundException",
                                    "The repository with name 'gone' does not exist"));
  EXPECT_TRUE(ecr.describe_repositories({"gone"}).empty());
  transport.respond(400, error_json("RepositoryNotFoundException", "gone"));
  EXPECT_FALSE(ecr.describe_repository("gone").has_value());
}

TEST_F(EcrClientTest, DescribeOfSeveralWithOneMissingIsAnError) {
  transport.respond(400, error_json("com.amazonaws.ecr#RepositoryNotFoundException",
                                    "The repository with name 'b' does not exist"));
  try {
    ecr.describe_repositories({"a", "b"});
    FAIL() << "no error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "RepositoryNotFoundException");
    EXPECT_EQ(error.operation(), "DescribeRepositories");
    EXPECT_NE(std::string(error.what()).find("ECR DescribeRepositories failed"), std::string::npos);
  }
}

TEST_F(EcrClientTest, DescribeAllFollowsNextToken) {
  transport.respond(200, R"({"repositories":[)" + repository_json("a") + R"(],"nextToken":"t1"})");
  transport.respond(200, R"({"repositories":[)" + repository_json("b") + "]}");
  const auto all = ecr.describe_repositories({});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].name, "b");
  const auto requests = transport.requests();
  EXPECT_EQ(requests[0].body, "{}");
  EXPECT_EQ(requests[1].body, R"({"nextToken":"t1"})");

  transport.respond(200, R"({"repositories":[],"nextToken":"same"})");
  transport.respond(200, R"({"repositories":[],"nextToken":"same"})");
  EXPECT_NE(error_text([&] { ecr.describe_repositories({}); }).find("nextToken"),
            std::string::npos);
}

TEST_F(EcrClientTest, DeleteRepositorySendsForceAndToleratesAMissingOne) {
  transport.respond(200, R"({"repository":)" + repository_json("r") + "}");
  const auto deleted = ecr.delete_repository("r", EcrClient::Force::yes);
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->name, "r");
  EXPECT_EQ(transport.requests().at(0).body, R"({"repositoryName":"r","force":true})");
  EXPECT_EQ(transport.requests().at(0).header("X-Amz-Target").value(),
            "AmazonEC2ContainerRegistry_V20150921.DeleteRepository");

  transport.respond(400, error_json("RepositoryNotFoundException", "no"));
  EXPECT_FALSE(ecr.delete_repository("r").has_value());
  EXPECT_EQ(transport.requests().at(1).body, R"({"repositoryName":"r"})");

  transport.respond(400, error_json("RepositoryNotEmptyException", "has images"));
  try {
    ecr.delete_repository("r");
    FAIL() << "no error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "RepositoryNotEmptyException");
  }
}

TEST_F(EcrClientTest, AuthorizationTokenIsDecodedIntoUserAndPassword) {
  transport.respond(
      200, std::string(R"({"authorizationData":[{"authorizationToken":")") + k_token +
               R"(","expiresAt":1741107600.5,)"
               R"("proxyEndpoint":"https://123456789012.dkr.ecr.us-east-1.amazonaws.com"}]})");
  const EcrAuthorization auth = ecr.get_authorization_token();
  EXPECT_EQ(auth.username, "AWS");
  EXPECT_TRUE(auth.password == k_password) << "password not decoded";
  EXPECT_EQ(auth.proxy_endpoint, "https://123456789012.dkr.ecr.us-east-1.amazonaws.com");
  EXPECT_EQ(auth.expires_at, sys_seconds{seconds{1741107600}});
  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.body, "{}");
  EXPECT_EQ(sent.header("X-Amz-Target").value(),
            "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
}

TEST_F(EcrClientTest, BadAuthorizationTokensNeverShowTheSecret) {
  // Not base64; base64 of text without a ':'; no token at all.
  const std::string bad_tokens[] = {"SENTINEL-not*base64",
                                    "U0VOVElORUwtRUNSLVBBU1NXT1JELW5vLWNvbG9u", ""};
  for (const auto& token : bad_tokens) {
    SCOPED_TRACE(token.empty() ? "empty" : "bad token");
    transport.respond(200, R"({"authorizationData":[{"authorizationToken":")" + token +
                               R"(","proxyEndpoint":"https://x"}]})");
    const std::string text = error_text([&] { ecr.get_authorization_token(); });
    EXPECT_NE(text.find("ECR GetAuthorizationToken"), std::string::npos) << text;
    EXPECT_EQ(text.find("SENTINEL"), std::string::npos) << "an error shows the token";
    EXPECT_EQ(text.find(token.empty() ? "SENTINEL" : token), std::string::npos)
        << "an error shows the token";
  }
}

TEST_F(EcrClientTest, MalformedRepliesAreErrorsNamingTheOperation) {
  const std::pair<const char*, std::string> cases[] = {
      {"CreateRepository", "not json"},
      {"CreateRepository", "[]"},
      {"CreateRepository", "{}"},
      {"CreateRepository", R"({"repository":"x"})"},
      {"CreateRepository", R"({"repository":{"repositoryName":"r"}})"},
      {"CreateRepository", R"({"repository":{"repositoryName":5,"repositoryArn":"a",)"
                           R"("registryId":"1","repositoryUri":"u"}})"},
      {"DescribeRepositories", R"({"repositories":{}})"},
      {"DescribeRepositories", R"({"repositories":[7]})"},
      {"DeleteRepository", ""},
      {"GetAuthorizationToken", R"({"authorizationData":[]})"},
      {"GetAuthorizationToken", R"({"authorizationData":[{"authorizationToken":"QVdTOng="}]})"},
      {"GetAuthorizationToken", "{\"authorizationData\":[{\"authorizationToken\":\"QVdTOng="},
  };
  for (const auto& [operation, body] : cases) {
    SCOPED_TRACE(std::string(operation) + ": " + body);
    transport.respond(200, body);
    const std::string text = error_text([&, op = std::string(operation)] {
      if (op == "CreateRepository") ecr.create_repository("r");
      if (op == "DescribeRepositories") ecr.describe_repositories({"r"});
      if (op == "DeleteRepository") ecr.delete_repository("r");
      if (op == "GetAuthorizationToken") ecr.get_authorization_token();
    });
    EXPECT_NE(text.find(std::string("ECR ") + operation), std::string::npos) << text;
  }
}

TEST(EcrBase64, DecodesWithAndWithoutPaddingAndRejectsJunk) {
  EXPECT_EQ(decode_base64("QVdTOng=").value(), "AWS:x");
  EXPECT_EQ(decode_base64("QVdTOng").value(), "AWS:x");
  EXPECT_EQ(decode_base64("").value(), "");
  EXPECT_EQ(decode_base64("YQ==").value(), "a");
  EXPECT_EQ(decode_base64("+/+/").value(), "\xFB\xFF\xBF");
  EXPECT_FALSE(decode_base64("QVdT*ng=").has_value());
  EXPECT_FALSE(decode_base64("QVdTO").has_value());
  EXPECT_FALSE(decode_base64("QV dT").has_value());
}

}  // namespace
}  // namespace agentlift::cloud
