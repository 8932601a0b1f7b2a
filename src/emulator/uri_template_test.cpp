// UriTemplate: label decoding, greedy labels, trailing slashes, expansion.
#include "emulator/uri_template.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"

namespace agentlift::emulator {
namespace {

TEST(UriTemplateTest, LabelsMatchOneSegmentDecodedAfterSplitting) {
  const UriTemplate uri = UriTemplate::parse("/runtimes/{agentRuntimeArn}/invocations");
  const auto labels = uri.match(
      "/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A123456789012%3Aruntime%2Fmy_agent-"
      "AbCdEf1234/invocations");
  ASSERT_TRUE(labels);
  ASSERT_EQ(labels->size(), 1u);
  EXPECT_EQ((*labels)[0].first, "agentRuntimeArn");
  EXPECT_EQ((*labels)[0].second,
            "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/my_agent-AbCdEf1234");
  // An unencoded '/' splits the label: no match.
  EXPECT_FALSE(uri.match("/runtimes/arn:aws:x:runtime/my_agent/invocations"));
  EXPECT_FALSE(uri.match("/runtimes//invocations"));
  EXPECT_FALSE(uri.match("/runtimes/x/invocations/"));
}

TEST(UriTemplateTest, TrailingSlashIsSignificantBothWays) {
  const UriTemplate with_slash = UriTemplate::parse("/runtimes/{agentRuntimeId}/");
  EXPECT_TRUE(with_slash.match("/runtimes/abc/"));
  EXPECT_FALSE(with_slash.match("/runtimes/abc"));
  const UriTemplate without = UriTemplate::parse("/harnesses/{harnessId}");
  EXPECT_TRUE(without.match("/harnesses/abc"));
  EXPECT_FALSE(without.match("/harnesses/abc/"));
  const UriTemplate collection = UriTemplate::parse("/runtimes/");
  EXPECT_TRUE(collection.match("/runtimes/"));
  EXPECT_FALSE(collection.match("/runtimes"));
  EXPECT_EQ(collection.literal_count(), 2u);  // "runtimes" and the empty last segment
}

TEST(UriTemplateTest, GreedyLabelTakesOneOrMoreSegments) {
  const UriTemplate uri = UriTemplate::parse("/buckets/{Bucket}/{Key+}/acl");
  const auto labels = uri.match("/buckets/b/a/b%2Fc/d/acl");
  ASSERT_TRUE(labels);
  EXPECT_EQ((*labels)[0].second, "b");
  EXPECT_EQ((*labels)[1].first, "Key");
  EXPECT_EQ((*labels)[1].second, "a/b/c/d");
  EXPECT_TRUE(uri.match("/buckets/b/k/acl"));
  EXPECT_FALSE(uri.match("/buckets/b/acl"));
}

TEST(UriTemplateTest, QueryPartOfTheTemplateIsDropped) {
  const UriTemplate uri = UriTemplate::parse("/things/{id}?versioning");
  EXPECT_EQ(uri.path(), "/things/{id}");
  EXPECT_EQ(uri.label_names(), std::vector<std::string>{"id"});
}

TEST(UriTemplateTest, ExpandEncodesLabelsForTheirSegment) {
  const UriTemplate uri = UriTemplate::parse("/runtimes/{agentRuntimeArn}/invocations");
  EXPECT_EQ(uri.expand({{"agentRuntimeArn", "arn:aws:x:runtime/a"}}),
            "/runtimes/arn%3Aaws%3Ax%3Aruntime%2Fa/invocations");
  EXPECT_EQ(UriTemplate::parse("/k/{Key+}").expand({{"Key", "a/b c"}}), "/k/a/b%20c");
  EXPECT_EQ(UriTemplate::parse("/runtimes/").expand({}), "/runtimes/");
}

TEST(UriTemplateTest, MalformedTemplatesAreModelErrors) {
  EXPECT_THROW(UriTemplate::parse("/a/pre{x}"), Error);
  EXPECT_THROW(UriTemplate::parse("/a/{}"), Error);
  EXPECT_THROW(UriTemplate::parse("/a/{x+}/{y+}"), Error);
  EXPECT_THROW(UriTemplate::parse("no-slash"), Error);
}

}  // namespace
}  // namespace agentlift::emulator
