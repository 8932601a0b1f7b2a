#include "emulator/sigv4_verifier.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "base/json.hpp"
#include "cloud/sigv4.hpp"
#include "cloud/uri_encoding.hpp"

namespace agentlift::emulator {
namespace {

namespace sigv4 = cloud::sigv4;
using std::chrono::sys_days;
using namespace std::chrono_literals;

const sys_days k_day = std::chrono::year{2026} / 1 / 2;
const std::chrono::sys_seconds k_signed_at = k_day + 3h + 4min + 5s;

VerifierConfig test_config() {
  VerifierConfig config;
  config.region = "us-west-2";
  config.access_key_id = "AKIDEXAMPLE";
  config.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  return config;
}

// The request as httplib hands it to the server: raw path and query apart.
IncomingRequest incoming(const cloud::HttpRequest& request) {
  const cloud::UrlParts url = cloud::split_url(request.url);
  IncomingRequest out;
  out.method = request.method;
  out.path = std::string(url.path);
  out.query = std::string(url.query);
  out.headers = request.headers;
  if (!request.header("Host")) out.headers.emplace_back("Host", std::string(url.authority));
  out.body = request.body;
  return out;
}

const sigv4::Credentials k_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       std::nullopt};

IncomingRequest signed_request(cloud::HttpRequest request,
                               const sigv4::Credentials& credentials = k_credentials) {
  const auto params = sigv4::params_for("bedrock-agentcore", "us-west-2", k_signed_at);
  return incoming(sigv4::apply_headers(request, sigv4::sign(request, credentials, params)));
}

cloud::HttpRequest invoke_runtime() {
  cloud::HttpRequest request;
  request.method = "POST";
  request.url =
      "http://127.0.0.1:8080/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A123456789012"
      "%3Aruntime%2Fmy_agent-AbCdEf1234/invocations?qualifier=DEFAULT";
  request.headers = {
      {"Content-Type", "application/json"},
      {"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", "0123456789abcdef0123456789abcdef01"}};
  request.body = R"({"prompt":"hi"})";
  return request;
}

AuthResult verify(const IncomingRequest& request, std::chrono::seconds late = 0s) {
  return verify_sigv4(request, test_config(), k_signed_at + late);
}

TEST(Sigv4Verifier, AcceptsWhatOurSignerSigns) {
  const AuthResult result = verify(signed_request(invoke_runtime()));
  EXPECT_TRUE(result.ok) << result.error_code << ": " << result.message;
  EXPECT_EQ(result.scheme, AuthScheme::sigv4);
}

TEST(Sigv4Verifier, AcceptsSessionTokensForTheKnownKey) {
  const AuthResult result = verify(signed_request(
      invoke_runtime(), {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "any-token"}));
  EXPECT_TRUE(result.ok) << result.message;
}

TEST(Sigv4Verifier, AcceptsEveryAgentCoreVectorTheJsSdkSigned) {
  std::ifstream in(std::string(AGENTLIFT_SOURCE_DIR) +
                   "/tests/data/aws/sigv4-testsuite/sdk-cross-checked/"
                   "agentcore-s3-ecr-sts-bedrock.json");
  if (!in) GTEST_SKIP() << "cross-checked vectors not present";
  const Json suite = Json::parse(in);
  int checked = 0;
  for (const Json& vector : suite["vectors"]) {
    if (vector["service"] != "bedrock-agentcore") continue;
    IncomingRequest request;
    request.method = vector["request"]["method"];
    request.path = vector["request"]["path"];
    for (const auto& [name, value] : vector["request"]["query"].items()) {
      if (!request.query.empty()) request.query += '&';
      request.query +=
          cloud::percent_encode(name) + "=" + cloud::percent_encode(value.get<std::string>());
    }
    for (const auto& [name, value] : vector["request"]["headers"].items()) {
      request.headers.emplace_back(name, value.get<std::string>());
    }
    for (const auto& [name, value] : vector["signedHeaders"].items()) {
      if (!vector["request"]["headers"].contains(name)) {
        request.headers.emplace_back(name, value.get<std::string>());
      }
    }
    request.body = vector["request"]["body"].get<std::string>();
    VerifierConfig config = test_config();
    config.region = vector["region"];
    const std::string date = vector["signingDate"];
    const auto when = sys_days(std::chrono::year{std::stoi(date.substr(0, 4))} /
                               std::stoi(date.substr(4, 2)) / std::stoi(date.substr(6, 2))) +
                      std::chrono::hours{std::stoi(date.substr(9, 2))} +
                      std::chrono::minutes{std::stoi(date.substr(11, 2))} +
                      std::chrono::seconds{std::stoi(date.substr(13, 2))};
    const AuthResult result = verify_sigv4(request, config, when);
    EXPECT_TRUE(result.ok) << vector["name"] << ": " << result.message;
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

TEST(Sigv4Verifier, AnyChangeAfterSigningBreaksTheSignature) {
  IncomingRequest body = signed_request(invoke_runtime());
  body.body = R"({"prompt":"ho"})";
  IncomingRequest path = signed_request(invoke_runtime());
  path.path.replace(path.path.find("my_agent"), 8, "my_agenT");
  IncomingRequest query = signed_request(invoke_runtime());
  query.query = "qualifier=OTHER";
  IncomingRequest header = signed_request(invoke_runtime());
  for (auto& [name, value] : header.headers) {
    if (name == "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id") value.back() = '2';
  }
  IncomingRequest method = signed_request(invoke_runtime());
  method.method = "PUT";
  for (const IncomingRequest& request : {body, path, query, header, method}) {
    const AuthResult result = verify(request);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.error_code, "InvalidSignatureException");
    EXPECT_EQ(result.status, 403);
  }
}

TEST(Sigv4Verifier, UnsignedHeadersMayChange) {
  IncomingRequest request = signed_request(invoke_runtime());
  request.headers.emplace_back("User-Agent", "curl/8");
  request.headers.emplace_back("X-Unsigned", "anything");
  EXPECT_TRUE(verify(request).ok);
}

TEST(Sigv4Verifier, WrongSecretIsAnInvalidSignature) {
  const AuthResult result =
      verify(signed_request(invoke_runtime(), {"AKIDEXAMPLE", "not-the-secret", std::nullopt}));
  EXPECT_EQ(result.error_code, "InvalidSignatureException");
  EXPECT_NE(result.message.find("does not match"), std::string::npos);
  EXPECT_EQ(result.message.find("wJalr"), std::string::npos);
}

TEST(Sigv4Verifier, UnknownKeyIdIsAnUnrecognizedClient) {
  const AuthResult result =
      verify(signed_request(invoke_runtime(), {"AKIDOTHER", "secret", std::nullopt}));
  EXPECT_EQ(result.error_code, "UnrecognizedClientException");
  EXPECT_EQ(result.status, 403);
}

TEST(Sigv4Verifier, MoreThanFiveMinutesOfSkewEitherWayIsRefused) {
  const IncomingRequest request = signed_request(invoke_runtime());
  EXPECT_TRUE(verify(request, 299s).ok);
  EXPECT_TRUE(verify(request, -299s).ok);
  const AuthResult expired = verify(request, 301s);
  EXPECT_EQ(expired.error_code, "InvalidSignatureException");
  EXPECT_EQ(expired.message.rfind("Signature expired: 20260102T030405Z is now earlier than", 0), 0u)
      << expired.message;
  const AuthResult future = verify(request, -301s);
  EXPECT_EQ(future.error_code, "InvalidSignatureException");
  EXPECT_NE(future.message.find("not yet current"), std::string::npos);
}

TEST(Sigv4Verifier, ScopeMustNameOurRegionAndService) {
  cloud::HttpRequest request = invoke_runtime();
  const sigv4::Credentials credentials{"AKIDEXAMPLE", "secret", std::nullopt};
  const auto other_region = sigv4::params_for("bedrock-agentcore", "us-east-1", k_signed_at);
  const AuthResult region = verify(
      incoming(sigv4::apply_headers(request, sigv4::sign(request, credentials, other_region))));
  EXPECT_EQ(region.error_code, "InvalidSignatureException");
  EXPECT_NE(region.message.find("region"), std::string::npos);
  const auto other_service = sigv4::params_for("bedrock", "us-west-2", k_signed_at);
  const AuthResult service = verify(
      incoming(sigv4::apply_headers(request, sigv4::sign(request, credentials, other_service))));
  EXPECT_EQ(service.error_code, "InvalidSignatureException");
  EXPECT_NE(service.message.find("bedrock-agentcore"), std::string::npos);
}

TEST(Sigv4Verifier, SignedContentHashMustMatchTheBody) {
  cloud::HttpRequest request = invoke_runtime();
  request.set_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  const AuthResult result = verify(signed_request(request));
  EXPECT_EQ(result.error_code, "InvalidSignatureException");
  EXPECT_NE(result.message.find("x-amz-content-sha256"), std::string::npos);
}

TEST(Sigv4Verifier, MissingOrForeignAuthorization) {
  IncomingRequest none = incoming(invoke_runtime());
  EXPECT_EQ(verify(none).error_code, "MissingAuthenticationTokenException");
  EXPECT_EQ(verify(none).scheme, AuthScheme::none);

  IncomingRequest bearer = none;
  bearer.headers.emplace_back("Authorization", "Bearer eyJhbGciOi");
  EXPECT_EQ(verify(bearer).scheme, AuthScheme::bearer);
  EXPECT_FALSE(verify(bearer).ok);

  IncomingRequest basic = none;
  basic.headers.emplace_back("Authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(verify(basic).error_code, "IncompleteSignatureException");
}

TEST(Sigv4Verifier, MalformedHeadersAreIncompleteSignaturesNeverCrashes) {
  const char* values[] = {
      "AWS4-HMAC-SHA256",
      "AWS4-HMAC-SHA256 ",
      "AWS4-HMAC-SHA256 Credential",
      "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
      "AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=00",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/us-west-2/bedrock-agentcore/aws4_request, "
      "SignedHeaders=host;;x, Signature=00",
      "AWS4-HMAC-SHA256 ,,,,",
      "AWS4-HMAC-SHA256 Credential=====",
  };
  for (const char* value : values) {
    IncomingRequest request = incoming(invoke_runtime());
    request.headers.emplace_back("Authorization", value);
    request.headers.emplace_back("X-Amz-Date", "20260102T030405Z");
    const AuthResult result = verify(request);
    EXPECT_FALSE(result.ok) << value;
    EXPECT_EQ(result.error_code, "IncompleteSignatureException") << value;
  }
}

TEST(Sigv4Verifier, DateHeaderMustBePresentAndWellFormed) {
  IncomingRequest request = signed_request(invoke_runtime());
  for (auto& [name, value] : request.headers) {
    if (name == "X-Amz-Date") value = "2026-01-02T03:04:05Z";
  }
  EXPECT_EQ(verify(request).error_code, "IncompleteSignatureException");
  std::erase_if(request.headers, [](const auto& header) { return header.first == "X-Amz-Date"; });
  EXPECT_EQ(verify(request).error_code, "IncompleteSignatureException");
}

TEST(Sigv4Verifier, ParsesTheAuthorizationHeader) {
  const ParsedAuthorization parsed = parse_authorization(
      "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam/aws4_request,"
      "SignedHeaders=host;x-amz-date,  Signature=abc");
  EXPECT_EQ(parsed.problem, "");
  EXPECT_EQ(parsed.access_key_id, "AK");
  EXPECT_EQ(parsed.scope_date, "20150830");
  EXPECT_EQ(parsed.scope_service, "iam");
  EXPECT_EQ(parsed.signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(parsed.signature, "abc");
}

}  // namespace
}  // namespace agentlift::emulator
