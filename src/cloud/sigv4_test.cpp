// Unit tests for each SigV4 stage and rule; the AWS suites run case by case in
// sigv4_suite_test.cpp.
#include "cloud/sigv4.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "base/errors.hpp"
#include "cloud/uri_encoding.hpp"

namespace agentlift::cloud::sigv4 {
namespace {

using namespace std::chrono_literals;

// 2026-01-02T03:04:05Z, the time of the SDK-cross-checked vectors.
constexpr std::chrono::sys_seconds k_time{std::chrono::sys_days{std::chrono::year{2026} / 1 / 2} +
                                          3h + 4min + 5s};

const Credentials k_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                std::nullopt};

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

SigningParams agentcore() { return params_for("bedrock-agentcore", "us-west-2", k_time); }

// ---- canonical URI -----------------------------------------------------------

TEST(CanonicalUri, EncodesAnArnLabelTwiceForAgentCore) {
  EXPECT_EQ(canonical_uri("/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A1%3Aruntime%2Fa/"
                          "invocations",
                          agentcore()),
            "/runtimes/arn%253Aaws%253Abedrock-agentcore%253Aus-west-2%253A1%253Aruntime%252Fa/"
            "invocations");
  EXPECT_EQ(canonical_uri("/model/us.anthropic.claude-v1%3A0/converse",
                          params_for("bedrock", "us-east-1", k_time)),
            "/model/us.anthropic.claude-v1%253A0/converse");
}

TEST(CanonicalUri, SignsTheS3PathExactlyAsSent) {
  const SigningParams s3 = params_for("s3", "us-west-2", k_time);
  EXPECT_EQ(canonical_uri("/a/b%20c%2Bd.txt", s3), "/a/b%20c%2Bd.txt");
  EXPECT_EQ(canonical_uri("/my-object//example//photo.user", s3),
            "/my-object//example//photo.user");
  EXPECT_EQ(canonical_uri("/./a/../b", s3), "/./a/../b");
  EXPECT_EQ(canonical_uri("", s3), "/");
}

TEST(CanonicalUri, NormalizesDotsAndEmptySegmentsButKeepsTheTrailingSlash) {
  const SigningParams params = agentcore();
  EXPECT_EQ(canonical_uri("/runtimes/", params), "/runtimes/");
  EXPECT_EQ(canonical_uri("//example//", params), "/example/");
  EXPECT_EQ(canonical_uri("/a/./b/../c", params), "/a/c");
  EXPECT_EQ(canonical_uri("/a/b/../..", params), "/");
  EXPECT_EQ(canonical_uri("/../../a", params), "/a");
  EXPECT_EQ(canonical_uri("", params), "/");
}

TEST(CanonicalUri, CanEncodeTwiceWithoutNormalizing) {
  SigningParams params = agentcore();
  params.normalize_path = false;
  EXPECT_EQ(canonical_uri("//a/./b%2F/", params), "//a/./b%252F/");
}

// ---- canonical query ---------------------------------------------------------

TEST(CanonicalQuery, SortsByEncodedNameThenValueAndKeepsRepeatedNames) {
  // botocore's get-vanilla-query-order-key and -value inputs.
  EXPECT_EQ(canonical_query("Param1=value2&Param1=Value1"), "Param1=Value1&Param1=value2");
  EXPECT_EQ(canonical_query("Param1=value2&Param1=value1"), "Param1=value1&Param1=value2");
  EXPECT_EQ(canonical_query("b=1&B=2&a=3"), "B=2&a=3&b=1");
  EXPECT_EQ(canonical_query("Param-3=3&Param=2&%E1%88%B4=1"), "%E1%88%B4=1&Param=2&Param-3=3");
}

TEST(CanonicalQuery, EncodesWithTheUnreservedSetWhetherOrNotTheUrlWasEncoded) {
  EXPECT_EQ(canonical_query("nextToken=a%2Fb%2Bc%3D&maxResults=5"),
            "maxResults=5&nextToken=a%2Fb%2Bc%3D");
  EXPECT_EQ(canonical_query("nextToken=a/b+c="), "nextToken=a%2Fb%2Bc%3D");
  EXPECT_EQ(canonical_query("harnessArn=arn:aws:x:us-west-2:1:harness/h"),
            "harnessArn=arn%3Aaws%3Ax%3Aus-west-2%3A1%3Aharness%2Fh");
  EXPECT_EQ(canonical_query("\xE1\x88\xB4=bar"), "%E1%88%B4=bar");
}

TEST(CanonicalQuery, WritesEmptyValuesAndSkipsEmptyPairsAndTheSignature) {
  EXPECT_EQ(canonical_query("flag&x="), "flag=&x=");
  EXPECT_EQ(canonical_query("&a=1&&b=2&"), "a=1&b=2");
  EXPECT_EQ(canonical_query("a=1&X-Amz-Signature=abc"), "a=1");
  EXPECT_EQ(canonical_query(""), "");
}

// ---- canonical headers -------------------------------------------------------

TEST(CanonicalHeaders, LowerCasesTrimsCollapsesJoinsAndSorts) {
  HttpRequest request = get("https://example.amazonaws.com/");
  request.headers = {{"Host", "example.amazonaws.com"},
                     {"My-Header2", "  \"a   b\tc\"  "},
                     {"My-Header1", "value1\n  value2\n     value3"},
                     {"X-Dup", "b"},
                     {"x-dup", " a "},
                     {"X-Empty", "   "}};
  const CanonicalHeaders headers = canonical_headers(request);
  EXPECT_EQ(headers.text,
            "host:example.amazonaws.com\n"
            "my-header1:value1 value2 value3\n"
            "my-header2:\"a b c\"\n"
            "x-dup:b,a\n"
            "x-empty:\n");
  EXPECT_EQ(headers.signed_names, "host;my-header1;my-header2;x-dup;x-empty");
}

TEST(CanonicalHeaders, LeavesOutHeadersProxiesRewrite) {
  HttpRequest request = get("https://example.amazonaws.com/");
  request.headers = {{"Host", "example.amazonaws.com"},
                     {"User-Agent", "agentlift"},
                     {"Authorization", "old"},
                     {"X-Amzn-Trace-Id", "Root=1"},
                     {"Proxy-Authorization", "p"},
                     {"Sec-Fetch-Mode", "cors"},
                     {"Transfer-Encoding", "chunked"},
                     {"Expect", "100-continue"},
                     {"Content-Type", "application/json"}};
  EXPECT_EQ(canonical_headers(request).signed_names, "content-type;host");
}

TEST(CanonicalHeaders, SignsTheHostCurlWillSendWhenTheRequestHasNone) {
  EXPECT_EQ(canonical_headers(get("https://sts.us-west-2.amazonaws.com:443/")).text,
            "host:sts.us-west-2.amazonaws.com\n");
  EXPECT_EQ(canonical_headers(get("http://localhost:4566/bucket")).text, "host:localhost:4566\n");
}

// ---- payload hash and the stages -------------------------------------------

TEST(PayloadHash, HashesTheBodyUnlessUnsignedOrDeclared) {
  HttpRequest request = get("https://h/");
  SigningParams params = agentcore();
  EXPECT_EQ(payload_hash(request, params),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  params.payload_hash = PayloadHash::unsigned_payload;
  EXPECT_EQ(payload_hash(request, params), "UNSIGNED-PAYLOAD");
  request.headers = {{"X-Amz-Content-SHA256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"}};
  EXPECT_EQ(payload_hash(request, params), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
}

TEST(Stages, FormatTheDateAndScope) {
  EXPECT_EQ(amz_date(k_time), "20260102T030405Z");
  EXPECT_EQ(credential_scope(agentcore()), "20260102/us-west-2/bedrock-agentcore/aws4_request");
}

TEST(Stages, DeriveTheSigningKeyOfTheAwsDocumentation) {
  // "Deriving a signing key" example of the SigV4 documentation.
  const SigningKey key =
      signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : key) hex += std::string{k_hex[byte >> 4], k_hex[byte & 0x0F]};
  EXPECT_EQ(hex, "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(Stages, StringToSignHashesTheCanonicalRequest) {
  EXPECT_EQ(string_to_sign("", agentcore()),
            "AWS4-HMAC-SHA256\n20260102T030405Z\n20260102/us-west-2/bedrock-agentcore/"
            "aws4_request\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ParamsFor, GivesS3ItsOwnRules) {
  const SigningParams s3 = params_for("s3", "eu-west-1", k_time);
  EXPECT_FALSE(s3.normalize_path);
  EXPECT_FALSE(s3.double_encode_path);
  EXPECT_EQ(s3.payload_hash, PayloadHash::body_in_header);
  const SigningParams ecr = params_for("ecr", "eu-west-1", k_time);
  EXPECT_TRUE(ecr.normalize_path);
  EXPECT_TRUE(ecr.double_encode_path);
  EXPECT_EQ(ecr.payload_hash, PayloadHash::body);
}

// ---- sign and apply ---------------------------------------------------------

TEST(Sign, ReturnsTheHeadersToAddWithoutTouchingTheRequest) {
  HttpRequest request = get("https://bedrock-agentcore-control.us-west-2.amazonaws.com/runtimes/");
  const Headers added = sign(request, k_credentials, agentcore());
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(added[0], (std::pair<std::string, std::string>{"X-Amz-Date", "20260102T030405Z"}));
  EXPECT_EQ(added[1].first, "Authorization");
  EXPECT_TRUE(added[1].second.starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/us-west-2/bedrock-agentcore/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature="));
  EXPECT_TRUE(request.headers.empty());
  EXPECT_EQ(apply_headers(request, added).headers, added);
}

TEST(Sign, ResigningASignedRequestReplacesItsHeaders) {
  HttpRequest request = get("https://h.example/");
  const HttpRequest first = apply_headers(request, sign(request, k_credentials, agentcore()));
  SigningParams later = agentcore();
  later.timestamp += 90s;
  const HttpRequest again = apply_headers(first, sign(first, k_credentials, later));
  EXPECT_EQ(again.headers, apply_headers(request, sign(request, k_credentials, later)).headers);
}

TEST(Sign, AddsAndSignsTheContentHashForS3) {
  HttpRequest request = get("https://b.s3.us-west-2.amazonaws.com/k");
  request.method = "PUT";
  request.body = "PK";
  SigningParams s3 = params_for("s3", "us-west-2", k_time);
  const HttpRequest signed_request = apply_headers(request, sign(request, k_credentials, s3));
  EXPECT_EQ(signed_request.header("x-amz-content-sha256"),
            "fcab7fcc2b4cffd9bb45003bfc2e468a04ef6f77ca8200a7341f027631584d25");
  EXPECT_NE(signed_request.header("Authorization")->find("host;x-amz-content-sha256;x-amz-date"),
            std::string::npos);

  s3.payload_hash = PayloadHash::unsigned_payload;
  EXPECT_EQ(apply_headers(request, sign(request, k_credentials, s3)).header("x-amz-content-sha256"),
            "UNSIGNED-PAYLOAD");
  // A hash the caller set is signed as it is and not sent twice.
  request.headers = {{"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"}};
  const Headers added = sign(request, k_credentials, params_for("s3", "us-west-2", k_time));
  EXPECT_EQ(added.size(), 2u);
}

TEST(Sign, SignsTheSessionTokenUnlessToldToAddItAfterwards) {
  Credentials temporary = k_credentials;
  temporary.session_token = "TOKEN";
  const HttpRequest request = get("https://h.example/");
  const Headers signed_token = sign(request, temporary, agentcore());
  EXPECT_EQ(signed_token[0],
            (std::pair<std::string, std::string>{"X-Amz-Security-Token", "TOKEN"}));
  EXPECT_NE(signed_token.back().second.find("host;x-amz-date;x-amz-security-token"),
            std::string::npos);

  SigningParams after = agentcore();
  after.omit_session_token = true;
  const Headers unsigned_token = sign(request, temporary, after);
  EXPECT_EQ(unsigned_token[0].second, "TOKEN");
  EXPECT_NE(unsigned_token.back().second.find("SignedHeaders=host;x-amz-date,"), std::string::npos);
  // Still unsigned when re-signing a request that carries the token already.
  const HttpRequest sent = apply_headers(request, unsigned_token);
  EXPECT_EQ(sign(sent, temporary, after), unsigned_token);
}

// ---- presigned URLs ----------------------------------------------------------

TEST(Presign, AppendsTheSignedQueryAfterTheRequestsOwn) {
  Credentials temporary = k_credentials;
  temporary.session_token = "a/b+c=";
  const HttpRequest request = get("https://bedrock.amazonaws.com/?Action=CallWithBearerToken");
  const QueryParameters query =
      presign(request, temporary, params_for("bedrock", "us-east-1", k_time), 43200s);
  const HttpRequest presigned = apply_query(request, query);
  EXPECT_TRUE(presigned.url.starts_with(
      "https://bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIDEXAMPLE%2F20260102%2Fus-east-1%2Fbedrock%2Faws4_request"
      "&X-Amz-Date=20260102T030405Z&X-Amz-SignedHeaders=host&X-Amz-Expires=43200"
      "&X-Amz-Security-Token=a%2Fb%2Bc%3D&X-Amz-Signature="))
      << presigned.url;
  EXPECT_TRUE(presigned.headers.empty());
}

TEST(Presign, RejectsExpiriesAwsRefuses) {
  const HttpRequest request = get("https://h.example/");
  EXPECT_THROW(presign(request, k_credentials, agentcore(), 0s), std::invalid_argument);
  EXPECT_THROW(presign(request, k_credentials, agentcore(), k_max_expires + 1s),
               std::invalid_argument);
  EXPECT_NO_THROW(presign(request, k_credentials, agentcore(), k_max_expires));
}

TEST(ApplyQuery, StartsOrExtendsTheQuery) {
  const QueryParameters one = {{"a b", "c/d"}};
  EXPECT_EQ(apply_query(get("https://h/p"), one).url, "https://h/p?a%20b=c%2Fd");
  EXPECT_EQ(apply_query(get("https://h/p?"), one).url, "https://h/p?a%20b=c%2Fd");
  EXPECT_EQ(apply_query(get("https://h/p?x=1"), one).url, "https://h/p?x=1&a%20b=c%2Fd");
  EXPECT_EQ(apply_query(get("https://h/p?x=1#f"), one).url, "https://h/p?x=1&a%20b=c%2Fd#f");
}

// ---- secrets -----------------------------------------------------------------

TEST(Secrets, TheSecretKeyOnlyEverLeavesAsASignature) {
  const std::string secret = "Do/Not+Leak/This-Secret-Key-0123456789";
  const Credentials credentials{"AKIDEXAMPLE", secret, "SESSION"};
  HttpRequest request = get("https://b.s3.us-west-2.amazonaws.com/k?x=1");
  request.headers = {{"Content-Type", "application/json"}};
  request.body = "{}";
  std::string everything;
  for (SigningParams params : {agentcore(), params_for("s3", "us-west-2", k_time)}) {
    for (bool omit : {false, true}) {
      params.omit_session_token = omit;
      const HttpRequest with_headers = apply_headers(request, sign(request, credentials, params));
      const HttpRequest presigned =
          apply_query(request, presign(request, credentials, params, 60s));
      everything += with_headers.url + presigned.url;
      for (const auto& [name, value] : with_headers.headers) everything += name + value;
      for (const auto& [name, value] : headers_to_sign(request, credentials, params)) {
        everything += name + value;
      }
      for (const auto& parameter : query_to_sign(request, credentials, params, 60s)) {
        everything += parameter.name + parameter.value;
      }
      everything += canonical_request(with_headers, params) + string_to_sign("", params);
    }
  }
  EXPECT_EQ(everything.find(secret), std::string::npos);
  EXPECT_EQ(everything.find(percent_encode(secret)), std::string::npos);
  EXPECT_EQ(everything.find("Not+Leak"), std::string::npos);
  EXPECT_EQ(everything.find("Not%2BLeak"), std::string::npos);
  EXPECT_NE(everything.find("SESSION"), std::string::npos);  // the token is meant to be sent
}

// ---- Bedrock bearer tokens ---------------------------------------------------

TEST(Bearer, SendsOnlyTheAuthorizationHeader) {
  EXPECT_EQ(bearer_headers("bedrock-api-key-abc", "bedrock"),
            (Headers{{"Authorization", "Bearer bedrock-api-key-abc"}}));
  EXPECT_EQ(bearer_token_variable("bedrock"), "AWS_BEARER_TOKEN_BEDROCK");
  EXPECT_EQ(bearer_token_variable("bedrock-agentcore"), "AWS_BEARER_TOKEN_BEDROCK_AGENTCORE");
}

TEST(Bearer, RefusesEveryServiceButBedrockWithoutEchoingTheToken) {
  for (const char* service : {"bedrock-agentcore", "s3", "bedrock-runtime", "sts"}) {
    try {
      bearer_headers("secret-token", service);
      ADD_FAILURE() << service << " accepted a bearer token";
    } catch (const Error& error) {
      const std::string message = std::string(error.what()) + error.hint();
      EXPECT_NE(message.find(std::string("\"") + service + "\""), std::string::npos) << message;
      EXPECT_NE(message.find("only Bedrock (signing name \"bedrock\") accepts bearer tokens"),
                std::string::npos)
          << message;
      EXPECT_EQ(message.find("secret-token"), std::string::npos) << message;
    }
  }
}

TEST(Bearer, RefusesAnEmptyTokenOrOneThatWouldBreakTheHeader) {
  EXPECT_THROW(bearer_headers("", "bedrock"), Error);
  EXPECT_THROW(bearer_headers("abc\r\nX-Injected: 1", "bedrock"), Error);
}

}  // namespace
}  // namespace agentlift::cloud::sigv4
