// Unit tests of the thin clients (AwsClient, StsClient, S3Client) and the XML
// extractor against FakeTransport. tests/moto_integration_test.cpp runs them
// against a real (local) server.

#include <gtest/gtest.h>

#include <chrono>

#include "cloud/aws_client.hpp"
#include "cloud/fake_transport.hpp"
#include "cloud/s3_client.hpp"
#include "cloud/sts_client.hpp"
#include "cloud/xml_text.hpp"

namespace agentlift::cloud {
namespace {

using namespace std::chrono;

AwsClientConfig test_config(const std::string& service, const std::string& signing_name,
                            const std::string& endpoint) {
  AwsClientConfig config;
  config.service = service;
  config.signing_name = signing_name;
  config.region = "us-east-1";
  config.endpoint = endpoint;
  config.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::nullopt};
  config.clock = [] { return sys_days{year{2015} / 8 / 30} + hours{12} + minutes{36}; };
  config.retry_policy.max_attempts = 1;
  return config;
}

TEST(XmlText, FindsWholeTagNamesAndDecodesEntities) {
  const std::string xml =
      "<R><KeyCount>2</KeyCount><Key a=\"1\">a &amp; b&#x2B;&#34;&lt;</Key><Empty/></R>";
  EXPECT_EQ(xml::text(xml, "Key").value(), "a & b+\"<");
  EXPECT_EQ(xml::text(xml, "KeyCount").value(), "2");
  EXPECT_EQ(xml::text(xml, "Empty").value(), "");
  EXPECT_FALSE(xml::text(xml, "Missing").has_value());
  EXPECT_FALSE(xml::text("<Key>unterminated", "Key").has_value());
  EXPECT_EQ(xml::decode_entities("&#233;&bogus;&"), "\xC3\xA9&bogus;&");
  const auto all = xml::elements("<C>1</C><C>2</C><Cx>3</Cx><C>4</C>", "C");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2], "4");
}

TEST(StsClient, SendsTheQueryFormAndParsesTheIdentity) {
  FakeTransport transport;
  transport.respond(
      200,
      "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/alice</Arn>"
      "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
      "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
      "</ResponseMetadata></GetCallerIdentityResponse>");
  AwsClient client(test_config("STS", "sts", "https://sts.us-east-1.amazonaws.com/"), transport);
  const CallerIdentity identity = StsClient(client).get_caller_identity();
  EXPECT_EQ(identity.account, "123456789012");
  EXPECT_EQ(identity.arn, "arn:aws:iam::123456789012:user/alice");
  EXPECT_EQ(identity.user_id, "AIDAEXAMPLE");
  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://sts.us-east-1.amazonaws.com/");
  EXPECT_EQ(sent.body, "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(sent.header("X-Amz-Date").value(), "20150830T123600Z");
  EXPECT_NE(sent.header("Authorization").value().find("/20150830/us-east-1/sts/aws4_request"),
            std::string::npos);
}

TEST(StsClient, NonSuccessBecomesHttpError) {
  FakeTransport transport;
  transport.respond(403,
                    "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>"
                    "<Message>bad</Message></Error><RequestId>x</RequestId></ErrorResponse>");
  AwsClient client(test_config("STS", "sts", "https://sts.us-east-1.amazonaws.com"), transport);
  try {
    StsClient(client).get_caller_identity();
    FAIL();
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
    EXPECT_EQ(error.operation(), "GetCallerIdentity");
  }
}

TEST(S3Client, BuildsPathAndVirtualHostUrlsWithSingleEncodedKeys) {
  FakeTransport transport;
  AwsClient client(test_config("S3", "s3", "https://s3.us-east-1.amazonaws.com"), transport);
  const std::string key = "a/b c+d~\xC3\xA9.txt";
  EXPECT_EQ(S3Client(client, S3Addressing::path).object_url("bkt", key),
            "https://s3.us-east-1.amazonaws.com/bkt/a/b%20c%2Bd~%C3%A9.txt");
  EXPECT_EQ(S3Client(client, S3Addressing::virtual_host).object_url("bkt", key),
            "https://bkt.s3.us-east-1.amazonaws.com/a/b%20c%2Bd~%C3%A9.txt");
  EXPECT_EQ(S3Client(client, S3Addressing::virtual_host).object_url("bkt", "", "list-type=2"),
            "https://bkt.s3.us-east-1.amazonaws.com/?list-type=2");
}

TEST(S3Client, PutSignsThePayloadHashAndThePathAsSent) {
  FakeTransport transport;
  transport.respond(200, "", {{"ETag", "\"abc\""}});
  AwsClient client(test_config("S3", "s3", "https://s3.us-east-1.amazonaws.com"), transport);
  S3Client s3(client, S3Addressing::virtual_host);
  EXPECT_EQ(s3.put_object("bkt", "a b+c", "hello").etag, "\"abc\"");
  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.method, "PUT");
  // SHA-256("hello")
  EXPECT_EQ(sent.header("x-amz-content-sha256").value(),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_NE(sent.header("Authorization").value().find("x-amz-content-sha256"), std::string::npos);
  const auto canonical =
      sigv4::canonical_request(sent, sigv4::params_for("s3", "us-east-1", sys_seconds{}));
  EXPECT_EQ(canonical.substr(0, canonical.find('\n', 4)), "PUT\n/a%20b%2Bc");
}

TEST(S3Client, HeadOf404IsNulloptAndOtherErrorsThrow) {
  FakeTransport transport;
  transport.respond(404)
      .respond(200, "", {{"Content-Length", "42"}, {"ETag", "\"e\""}})
      .respond(403);
  AwsClient client(test_config("S3", "s3", "https://s3.us-east-1.amazonaws.com"), transport);
  S3Client s3(client, S3Addressing::path);
  EXPECT_FALSE(s3.head_object("bkt", "missing").has_value());
  const auto head = s3.head_object("bkt", "there");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->content_length, 42u);
  EXPECT_EQ(head->etag, "\"e\"");
  EXPECT_THROW(s3.head_object("bkt", "forbidden"), HttpError);
}

TEST(S3Client, HeadBucketReturnsTheStatusAndTheBucketRegion) {
  FakeTransport transport;
  transport.respond(200, "", {{"x-amz-bucket-region", "eu-north-1"}}).respond(404).respond(301);
  AwsClient client(test_config("S3", "s3", "https://s3.us-east-1.amazonaws.com"), transport);
  S3Client s3(client, S3Addressing::path);
  const S3BucketHead found = s3.head_bucket("bkt");
  EXPECT_EQ(found.status, 200);
  EXPECT_EQ(found.region, "eu-north-1");
  EXPECT_EQ(s3.head_bucket("gone").status, 404);
  EXPECT_EQ(s3.head_bucket("elsewhere").status, 301);
  const auto sent = transport.requests();
  EXPECT_EQ(sent.at(0).method, "HEAD");
  EXPECT_EQ(sent.at(0).url, "https://s3.us-east-1.amazonaws.com/bkt");
}

TEST(S3Client, ListSendsEncodedParametersAndParsesPages) {
  FakeTransport transport;
  transport.respond(
      200,
      "<ListBucketResult><IsTruncated>true</IsTruncated><KeyCount>2</KeyCount>"
      "<Contents><Key>a &amp; b</Key><Size>3</Size><ETag>&quot;x&quot;</ETag></Contents>"
      "<Contents><Key>c</Key><Size>10</Size><ETag>\"y\"</ETag></Contents>"
      "<NextContinuationToken>tok+/=</NextContinuationToken></ListBucketResult>");
  AwsClient client(test_config("S3", "s3", "https://s3.us-east-1.amazonaws.com"), transport);
  S3ListRequest list;
  list.prefix = "dir/a b+";
  list.continuation_token = "t+/=";
  list.max_keys = 2;
  const S3ListResult result =
      S3Client(client, S3Addressing::virtual_host).list_objects_v2("bkt", list);
  EXPECT_EQ(transport.requests().at(0).url,
            "https://bkt.s3.us-east-1.amazonaws.com/?continuation-token=t%2B%2F%3D&list-type=2"
            "&max-keys=2&prefix=dir%2Fa%20b%2B");
  ASSERT_EQ(result.objects.size(), 2u);
  EXPECT_EQ(result.objects[0].key, "a & b");
  EXPECT_EQ(result.objects[0].size, 3u);
  EXPECT_EQ(result.objects[0].etag, "\"x\"");
  EXPECT_EQ(result.objects[1].size, 10u);
  EXPECT_TRUE(result.is_truncated);
  EXPECT_EQ(result.next_continuation_token.value(), "tok+/=");
}

}  // namespace
}  // namespace agentlift::cloud
