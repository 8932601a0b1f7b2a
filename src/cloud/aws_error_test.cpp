#include "cloud/aws_error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace agentlift::cloud {
namespace {

HttpResponse reply(int status, std::string body, Headers headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

// --- restJson1 (AgentCore) ---------------------------------------------------

TEST(AwsError, RestJson1ConflictReadsLikeTheDesign) {
  const auto error = decode_error(
      Protocol::rest_json1, "AgentCore Control", "CreateHarness",
      reply(409, R"({"message":"a harness named x already exists"})",
            {{"x-amzn-ErrorType",
              "ConflictException:http://internal.amazon.com/coral/com.amazon.agentcore/"},
             {"x-amzn-RequestId", "abc"}}));
  EXPECT_EQ(error.service(), "AgentCore Control");
  EXPECT_EQ(error.operation(), "CreateHarness");
  EXPECT_EQ(error.status(), 409);
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_EQ(error.aws_message(), "a harness named x already exists");
  EXPECT_EQ(error.request_id(), "abc");
  EXPECT_STREQ(error.what(),
               "AgentCore Control CreateHarness failed: ConflictException (HTTP 409): a harness "
               "named x already "
               "exists [request id abc]");
  EXPECT_NE(error.hint().find("already exists"), std::string::npos);
}

TEST(AwsError, RestJson1HeaderWinsOverBody) {
  const auto error = decode_error(Protocol::rest_json1, "S", "Op",
                                  reply(400, R"({"__type":"Other","message":"m"})",
                                        {{"X-Amzn-Errortype", "ValidationException"}}));
  EXPECT_EQ(error.code(), "ValidationException");
}

TEST(AwsError, RestJson1BodyCodeThenTypeWithNamespaceStripped) {
  auto error = decode_error(
      Protocol::rest_json1, "S", "Op",
      reply(404, R"({"code":"ResourceNotFoundException","__type":"X","Message":"gone"})"));
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.aws_message(), "gone");
  error = decode_error(
      Protocol::rest_json1, "S", "Op",
      reply(429, R"({"__type":"com.amazonaws.bedrockagentcore#ThrottlingException:extra"})"));
  EXPECT_EQ(error.code(), "ThrottlingException");
  EXPECT_EQ(error.aws_message(), "Too Many Requests");  // no message: status text
}

TEST(AwsError, ValidationHintNamesTheFields) {
  const auto error =
      decode_error(Protocol::rest_json1, "AgentCore Control", "CreateAgentRuntime",
                   reply(400,
                         R"({"message":"1 validation error","reason":"FieldValidationFailed",
                "fieldList":[{"name":"agentRuntimeName","message":"must match pattern"},{"name":"roleArn","message":"x"}]})",
                         {{"x-amzn-ErrorType", "ValidationException"}}));
  ASSERT_EQ(error.fields().size(), 2u);
  EXPECT_EQ(error.fields()[0], "agentRuntimeName");
  EXPECT_NE(error.hint().find("agentRuntimeName, roleArn"), std::string::npos) << error.hint();
}

// --- awsJson1_1 (ECR) --------------------------------------------------------

TEST(AwsError, AwsJson11TypeWithNamespace) {
  const auto error = decode_error(
      Protocol::aws_json1_1, "ECR", "DescribeRepositories",
      reply(
          400,
          R"({"__type":"com.amazonaws.ecr#RepositoryNotFoundException","message":"The repository with name 'x' does not exist"})",
          {{"x-amzn-RequestId", "r-1"}}));
  EXPECT_EQ(error.code(), "RepositoryNotFoundException");
  EXPECT_EQ(error.aws_message(), "The repository with name 'x' does not exist");
  EXPECT_EQ(error.request_id(), "r-1");
  EXPECT_NE(error.hint().find("does not exist"), std::string::npos);
}

TEST(AwsError, AwsJson11FallsBackToTheErrorTypeHeader) {
  // A gateway in front of the service can answer with a body that is not JSON.
  const auto error = decode_error(Protocol::aws_json1_1, "ECR", "CreateRepository",
                                  reply(403, "<?xml version=\"1.0\"?><Error/>",
                                        {{"X-Amzn-ErrorType", "UnrecognizedClientException:"}}));
  EXPECT_EQ(error.code(), "UnrecognizedClientException");
}

TEST(AwsError, EcrLimitExceededIsAQuotaNotThrottlingHint) {
  const auto error =
      decode_error(Protocol::aws_json1_1, "ECR", "CreateRepository",
                   reply(400, R"({"__type":"LimitExceededException","message":"limit"})"));
  EXPECT_NE(error.hint().find("quota"), std::string::npos);
}

// --- awsQuery (STS) ----------------------------------------------------------

TEST(AwsError, AwsQueryErrorResponse) {
  const auto error =
      decode_error(Protocol::aws_query, "STS", "GetCallerIdentity",
                   reply(403,
                         "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                         "  <Error>\n    <Type>Sender</Type>\n"
                         "    <Code>SignatureDoesNotMatch</Code>\n"
                         "    <Message>Signature expired: 20240101T000000Z is now earlier than "
                         "20240101T000500Z</Message>\n  </Error>\n"
                         "  <RequestId>4f1f-sts</RequestId>\n</ErrorResponse>\n"));
  EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
  EXPECT_EQ(error.request_id(), "4f1f-sts");
  EXPECT_NE(error.aws_message().find("Signature expired"), std::string::npos);
  EXPECT_NE(error.hint().find("clock"), std::string::npos);
}

TEST(AwsError, AwsQueryExpiredTokenAndAccessDeniedHints) {
  auto error = decode_error(
      Protocol::aws_query, "STS", "GetCallerIdentity",
      reply(400,
            "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security "
            "token included in the request is expired</Message></Error></ErrorResponse>"));
  EXPECT_EQ(error.code(), "ExpiredToken");
  EXPECT_NE(error.hint().find("refresh"), std::string::npos);
  error = decode_error(
      Protocol::aws_query, "STS", "AssumeRole",
      reply(403,
            "<ErrorResponse><Error><Code>AccessDenied</Code><Message>User: "
            "arn:aws:iam::1:user/u is not authorized to perform: sts:AssumeRole on resource: "
            "arn:aws:iam::1:role/r</Message></Error></ErrorResponse>"));
  EXPECT_NE(error.hint().find("sts:AssumeRole"), std::string::npos) << error.hint();
}

// --- restXml (S3) ------------------------------------------------------------

TEST(AwsError, RestXmlS3Error) {
  const auto error =
      decode_error(Protocol::rest_xml, "S3", "PutObject",
                   reply(403,
                         "<?xml version=\"1.0\" "
                         "encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access "
                         "Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>host/id=</"
                         "HostId></Error>",
                         {{"x-amz-id-2", "host/id="}}));
  EXPECT_EQ(error.code(), "AccessDenied");
  EXPECT_EQ(error.request_id(), "4442587FB7D0A2F9");
  EXPECT_STREQ(
      error.what(),
      "S3 PutObject failed: AccessDenied (HTTP 403): Access Denied [request id 4442587FB7D0A2F9]");
  EXPECT_NE(error.hint().find("PutObject"), std::string::npos);
}

TEST(AwsError, RestXmlEntitiesAndRedirectRegion) {
  const auto error = decode_error(Protocol::rest_xml, "S3", "PutObject",
                                  reply(301,
                                        "<Error><Code>PermanentRedirect</Code><Message>use "
                                        "&quot;eu&quot; &amp; co</Message></Error>",
                                        {{"x-amz-bucket-region", "eu-west-1"}}));
  EXPECT_EQ(error.aws_message(), "use \"eu\" & co");
  EXPECT_NE(error.hint().find("eu-west-1"), std::string::npos);
}

TEST(AwsError, HeadWithoutBodyUsesStatus) {
  auto error = decode_error(Protocol::rest_xml, "S3", "HeadBucket",
                            reply(404, "", {{"x-amz-request-id", "RID"}, {"x-amz-id-2", "HID"}}));
  EXPECT_EQ(error.code(), "NotFound");
  EXPECT_EQ(error.aws_message(), "Not Found");
  EXPECT_EQ(error.request_id(), "RID");
  error =
      decode_error(Protocol::rest_xml, "S3", "HeadBucket", reply(403, "", {{"x-amz-id-2", "HID"}}));
  EXPECT_EQ(error.code(), "Forbidden");
  EXPECT_EQ(error.request_id(), "HID");
  EXPECT_STREQ(error.what(),
               "S3 HeadBucket failed: Forbidden (HTTP 403): Forbidden [request id HID]");
}

// --- malformed bodies never crash ---------------------------------------------

TEST(AwsError, MalformedBodiesFallBackToStatus) {
  const char* bodies[] = {"",
                          "<html><body><h1>502 Bad Gateway</h1></body></html>",
                          "<Error><Code>AccessDen",
                          "<Error><Code>X</Code><Message>unterminated",
                          "<Error",
                          "<",
                          "{\"message\": ",
                          "[1,2,3]",
                          "\"just a string\"",
                          "{\"__type\": 42, \"message\": {\"nested\": true}}",
                          "not json at all \x01\x02\xff"};
  for (const Protocol protocol :
       {Protocol::rest_json1, Protocol::aws_json1_1, Protocol::aws_query, Protocol::rest_xml}) {
    for (const char* body : bodies) {
      const auto error = decode_error(protocol, "Svc", "Op", reply(502, body));
      EXPECT_EQ(error.status(), 502);
      EXPECT_FALSE(error.code().empty()) << body;
      EXPECT_FALSE(std::string(error.what()).empty());
    }
  }
  const auto html =
      decode_error(Protocol::rest_xml, "S3", "GetObject", reply(502, "<html>oops</html>"));
  EXPECT_EQ(html.code(), "BadGateway");
  EXPECT_EQ(html.aws_message(), "Bad Gateway");
  EXPECT_NE(html.hint().find("internal error"), std::string::npos);
  const auto truncated =
      decode_error(Protocol::rest_xml, "S3", "GetObject", reply(500, "<Error><Code>Inter"));
  EXPECT_EQ(truncated.code(), "InternalError");
  const auto unknown = decode_error(Protocol::rest_json1, "S", "Op", reply(418, "{"));
  EXPECT_EQ(unknown.code(), "UnknownError");
  EXPECT_EQ(unknown.aws_message(), "HTTP 418");
}

TEST(AwsError, MessagesAreOneBoundedLine) {
  const auto error = decode_error(
      Protocol::rest_json1, "S", "Op",
      reply(400, "{\"message\":\"line1\\nline2\\u001b[31m\"}", {{"x-amzn-ErrorType", "BadThing"}}));
  EXPECT_EQ(error.aws_message(), "line1 line2[31m");
  const auto long_error =
      decode_error(Protocol::rest_json1, "S", "Op",
                   reply(400, "{\"message\":\"" + std::string(5000, 'a') + "\"}"));
  EXPECT_LT(long_error.aws_message().size(), 700u);
}

// --- helpers and hints -------------------------------------------------------

TEST(AwsError, SanitizeErrorCode) {
  EXPECT_EQ(sanitize_error_code("FooError"), "FooError");
  EXPECT_EQ(sanitize_error_code("FooError:http://internal.amazon.com/"), "FooError");
  EXPECT_EQ(sanitize_error_code("aws.protocoltests.restjson#FooError"), "FooError");
  EXPECT_EQ(sanitize_error_code("aws.protocoltests.restjson#FooError:http://x"), "FooError");
  EXPECT_EQ(sanitize_error_code("FooError,BarError"), "FooError");
  EXPECT_EQ(sanitize_error_code(""), "");
}

TEST(AwsError, XmlTagText) {
  EXPECT_EQ(xml_tag_text("<ErrorResponse><Error><Code>A</Code></Error></ErrorResponse>", "Error"),
            "<Code>A</Code>");
  EXPECT_EQ(xml_tag_text("<Message/>", "Message"), "");
  EXPECT_EQ(xml_tag_text("<Code xmlns=\"x\">C</Code>", "Code"), "C");
  EXPECT_EQ(xml_tag_text("<Codes>no</Codes>", "Code"), std::nullopt);
  EXPECT_EQ(xml_tag_text("<Code>open", "Code"), std::nullopt);
  EXPECT_EQ(xml_tag_text("", "Code"), std::nullopt);
}

TEST(AwsError, HintsForCommonCodes) {
  const auto hint = [](std::string code, int status, int attempts = 1) {
    HttpErrorInfo info{"S", "Op", status, std::move(code), "msg", "", {}, ""};
    return http_error_hint(info, attempts);
  };
  EXPECT_NE(hint("AccessDeniedException", 403).find("not allowed to call Op"), std::string::npos);
  EXPECT_NE(hint("ExpiredTokenException", 403).find("expired"), std::string::npos);
  EXPECT_NE(hint("InvalidClientTokenId", 403).find("access key"), std::string::npos);
  EXPECT_NE(hint("InvalidSignatureException", 403).find("clock"), std::string::npos);
  EXPECT_NE(hint("ThrottlingException", 429, 3).find("sent it 3 times"), std::string::npos);
  EXPECT_NE(hint("SlowDown", 503, 1).find("sent it 1 time."), std::string::npos);
  EXPECT_NE(hint("ValidationException", 400).find("rejected"), std::string::npos);
  EXPECT_NE(hint("ResourceNotFoundException", 404).find("does not exist"), std::string::npos);
  EXPECT_NE(hint("ConflictException", 409).find("already exists"), std::string::npos);
  EXPECT_NE(hint("ServiceQuotaExceededException", 402).find("quota"), std::string::npos);
  EXPECT_NE(hint("InternalServerException", 500).find("later"), std::string::npos);
  EXPECT_EQ(hint("RuntimeClientError", 424), "");
}

TEST(AwsError, IsAnError) {
  try {
    throw decode_error(Protocol::rest_json1, "S", "Op",
                       reply(404, "", {{"x-amzn-ErrorType", "ResourceNotFoundException"}}));
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("ResourceNotFoundException"), std::string::npos);
    EXPECT_FALSE(error.hint().empty());
  }
}

}  // namespace
}  // namespace agentlift::cloud
