#include "cloud/iam_client.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"
#include "cloud/aws_session.hpp"
#include "cloud/fake_transport.hpp"

namespace agentlift::cloud {
namespace {

TEST(IamClient, ParsesAPercentEncodedTrustPolicy) {
  const IamRole role = parse_get_role(
      "<GetRoleResponse><GetRoleResult><Role><Path>/</Path><RoleName>r</RoleName>"
      "<Arn>arn:aws:iam::123456789012:role/r</Arn>"
      "<AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>"
      "</Role></GetRoleResult></GetRoleResponse>");
  EXPECT_EQ(role.arn, "arn:aws:iam::123456789012:role/r");
  EXPECT_EQ(role.role_name, "r");
  EXPECT_EQ(role.assume_role_policy_document, R"({"Version":"2012-10-17"})");
}

TEST(IamClient, KeepsAPlainTrustPolicyAsSent) {
  const IamRole role = parse_get_role(
      "<GetRoleResponse><GetRoleResult><Role><Arn>arn:aws:iam::1:role/r</Arn>"
      "<AssumeRolePolicyDocument>{&quot;a&quot;:&quot;50%&quot;}</AssumeRolePolicyDocument>"
      "</Role></GetRoleResult></GetRoleResponse>");
  EXPECT_EQ(role.assume_role_policy_document, R"({"a":"50%"})");
}

TEST(IamClient, AReplyWithoutARoleIsAnError) {
  EXPECT_THROW(parse_get_role("<GetRoleResponse/>"), Error);
  EXPECT_THROW(parse_get_role("<Role><RoleName>r</RoleName></Role>"), Error);
}

TEST(IamClient, GlobalEndpointPerPartitionAndOverrides) {
  EXPECT_EQ(iam_endpoint("eu-north-1", {}).endpoint.url, "https://iam.amazonaws.com");
  EXPECT_EQ(iam_signing_region("eu-north-1"), "us-east-1");
  EXPECT_EQ(iam_endpoint("cn-north-1", {}).endpoint.url, "https://iam.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(iam_signing_region("us-gov-west-1"), "us-gov-west-1");
  const auto overridden =
      iam_endpoint("us-west-2", {{"AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:5000/"}});
  EXPECT_EQ(overridden.endpoint.url, "http://127.0.0.1:5000");
  EXPECT_EQ(overridden.origin, "AWS_ENDPOINT_URL_IAM");
  EXPECT_EQ(iam_endpoint("us-west-2", {{"AWS_ENDPOINT_URL", "http://127.0.0.1:1"}}).origin,
            "AWS_ENDPOINT_URL");
  EXPECT_EQ(iam_endpoint("us-west-2", {{"AWS_ENDPOINT_URL", "http://127.0.0.1:1"},
                                       {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}})
                .endpoint.url,
            "https://iam.amazonaws.com");
}

TEST(IamClient, TheSessionSignsIamForUsEast1AndBedrockRuntimeAsBedrock) {
  credentials::Seams seams;
  seams.environment = {{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
                       {"AWS_SECRET_ACCESS_KEY", "secret-value"},
                       {"AWS_REGION", "ap-southeast-2"},
                       {"HOME", "/nonexistent"}};
  seams.read_file = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  FakeTransport transport;
  AwsSession session({}, std::move(seams), transport);
  const AwsClient& iam = session.client(AwsService::iam);
  EXPECT_EQ(iam.endpoint(), "https://iam.amazonaws.com");
  EXPECT_EQ(iam.config().region, "us-east-1");
  EXPECT_EQ(iam.config().signing_name, "iam");
  const AwsClient& runtime = session.client(AwsService::bedrock_runtime);
  EXPECT_EQ(runtime.endpoint(), "https://bedrock-runtime.ap-southeast-2.amazonaws.com");
  EXPECT_EQ(runtime.config().signing_name, "bedrock");
}

}  // namespace
}  // namespace agentlift::cloud
