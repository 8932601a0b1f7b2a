#include "cloud/endpoint_functions.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "cloud/endpoint_rules.hpp"
#include "cloud/partitions.hpp"

namespace agentlift::cloud::endpoints {
namespace {

Value call(std::string_view name, std::vector<Value> arguments) {
  const auto* function = find_library_function(name);
  if (function == nullptr) throw std::logic_error("no function " + std::string(name));
  EXPECT_EQ(function->arity, arguments.size());
  return function->call(arguments);
}

TEST(EndpointFunctions, LibraryHasTheStandardFunctionsOnly) {
  for (const char* name : {"isSet", "not", "booleanEquals", "stringEquals", "getAttr", "substring",
                           "uriEncode", "parseURL", "isValidHostLabel", "aws.partition",
                           "aws.parseArn", "aws.isVirtualHostableS3Bucket"}) {
    EXPECT_NE(find_library_function(name), nullptr) << name;
  }
  EXPECT_EQ(find_library_function("coalesce"), nullptr);
  EXPECT_EQ(find_library_function("IsSet"), nullptr);
}

TEST(EndpointFunctions, UnsetArgumentsGiveFalseOrUnset) {
  EXPECT_EQ(call("isSet", {nullptr}), false);
  EXPECT_EQ(call("isSet", {""}), true);
  EXPECT_EQ(call("not", {nullptr}), true);
  EXPECT_EQ(call("not", {true}), false);
  EXPECT_EQ(call("booleanEquals", {nullptr, false}), false);
  EXPECT_EQ(call("stringEquals", {"a", nullptr}), false);
  EXPECT_EQ(call("stringEquals", {"a", "a"}), true);
  EXPECT_EQ(call("isValidHostLabel", {nullptr, false}), false);
  EXPECT_TRUE(call("parseURL", {nullptr}).is_null());
  EXPECT_TRUE(call("aws.partition", {nullptr}).is_null());
  EXPECT_TRUE(call("getAttr", {nullptr, "a"}).is_null());
  EXPECT_TRUE(call("substring", {nullptr, 0, 1, false}).is_null());
  EXPECT_THROW(call("stringEquals", {"a", true}), RuleSetError);
  EXPECT_THROW(call("substring", {"abc", "0", 1, false}), RuleSetError);
}

TEST(EndpointFunctions, UriEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(uri_encode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(uri_encode("a/b c+d:é"), "a%2Fb%20c%2Bd%3A%C3%A9");
  EXPECT_EQ(uri_encode(""), "");
}

TEST(EndpointFunctions, HostLabels) {
  EXPECT_TRUE(is_valid_host_label("us-east-1", false));
  EXPECT_TRUE(is_valid_host_label("a", false));
  EXPECT_TRUE(is_valid_host_label(std::string(63, 'a'), false));
  EXPECT_FALSE(is_valid_host_label(std::string(64, 'a'), false));
  EXPECT_FALSE(is_valid_host_label("", false));
  EXPECT_FALSE(is_valid_host_label("-a", false));
  EXPECT_FALSE(is_valid_host_label("a-", false));
  EXPECT_FALSE(is_valid_host_label("a_b", false));
  EXPECT_FALSE(is_valid_host_label("a.b", false));
  EXPECT_TRUE(is_valid_host_label("a.b-c.d", true));
  EXPECT_FALSE(is_valid_host_label("a..b", true));
  EXPECT_FALSE(is_valid_host_label("a.", true));
  EXPECT_FALSE(is_valid_host_label(".a", true));
}

TEST(EndpointFunctions, VirtualHostableBuckets) {
  EXPECT_TRUE(is_virtual_hostable_s3_bucket("my-bucket", false));
  EXPECT_FALSE(is_virtual_hostable_s3_bucket("ab", false));
  EXPECT_FALSE(is_virtual_hostable_s3_bucket("My-Bucket", false));
  EXPECT_FALSE(is_virtual_hostable_s3_bucket("my.bucket", false));
  EXPECT_TRUE(is_virtual_hostable_s3_bucket("my.bucket", true));
  EXPECT_FALSE(is_virtual_hostable_s3_bucket("192.168.5.4", true));
  EXPECT_TRUE(is_virtual_hostable_s3_bucket("192.168.5.4.5", true));
}

TEST(EndpointFunctions, SubstringCountsFromEitherEnd) {
  EXPECT_EQ(substring("abcdefg", 0, 3, false), "abc");
  EXPECT_EQ(substring("abcdefg", 0, 3, true), "efg");
  EXPECT_EQ(substring("abcdefg", 1, 7, false), "bcdefg");
  EXPECT_EQ(substring("abc", 0, 4, false), std::nullopt);
  EXPECT_EQ(substring("abc", 2, 2, false), std::nullopt);
  EXPECT_EQ(substring("ab\xC3\xA9", 0, 1, false), std::nullopt);
}

TEST(EndpointFunctions, ParseUrl) {
  const auto url = parse_url("https://example.com:8443/a/./b/../c//d");
  ASSERT_TRUE(url.is_object());
  EXPECT_EQ(url["scheme"], "https");
  EXPECT_EQ(url["authority"], "example.com:8443");
  EXPECT_EQ(url["path"], "/a/./b/../c//d");
  EXPECT_EQ(url["normalizedPath"], "/a/c/d/");
  EXPECT_EQ(url["isIp"], false);
  EXPECT_EQ(parse_url("http://localhost")["normalizedPath"], "/");
  EXPECT_EQ(parse_url("http://localhost")["path"], "");
  EXPECT_EQ(parse_url("HTTP://10.0.0.1:80/")["scheme"], "http");
  EXPECT_EQ(parse_url("http://10.0.0.1:80/")["isIp"], true);
  EXPECT_EQ(parse_url("http://[::1]:8080/x")["isIp"], true);
  EXPECT_EQ(parse_url("http://[fe80::1%25eth0]/")["isIp"], true);
  EXPECT_EQ(parse_url("http://a b/x").is_null(), true);
  EXPECT_EQ(parse_url("https://example.com/?q=1").is_null(), true);
  EXPECT_EQ(parse_url("ftp://example.com").is_null(), true);
  EXPECT_EQ(parse_url("abcde://nota#url").is_null(), true);
  EXPECT_EQ(parse_url("example.com").is_null(), true);
  EXPECT_EQ(parse_url("https://").is_null(), true);
  EXPECT_EQ(parse_url("https://host:port").is_null(), true);
  EXPECT_EQ(parse_url("https://host:70000").is_null(), true);
}

TEST(EndpointFunctions, ParseArn) {
  const auto arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/my:ap/x");
  ASSERT_TRUE(arn.is_object());
  EXPECT_EQ(arn.dump(),
            R"({"partition":"aws","service":"s3","region":"us-west-2","accountId":"123456789012",)"
            R"("resourceId":["accesspoint","my","ap","x"]})");
  EXPECT_EQ(parse_arn("arn:aws:s3:::bucket")["resourceId"], Json::array({"bucket"}));
  EXPECT_TRUE(parse_arn("arn:aws:s3:us-west-2:123456789012:").is_null());
  EXPECT_TRUE(parse_arn("arn::s3:::x").is_null());
  EXPECT_TRUE(parse_arn("arn:aws::::x").is_null());
  EXPECT_TRUE(parse_arn("arn:aws:s3:x").is_null());
  EXPECT_TRUE(parse_arn("urn:aws:s3:::x").is_null());
}

TEST(EndpointFunctions, GetAttrFollowsNamesAndIndexes) {
  const auto value = Json::parse(R"({"a": {"list": ["x", "y"]}, "b": 1})");
  EXPECT_EQ(get_attr(value, "b"), 1);
  EXPECT_EQ(get_attr(value, "a.list[1]"), "y");
  EXPECT_TRUE(get_attr(value, "a.list[2]").is_null());
  EXPECT_TRUE(get_attr(value, "c").is_null());
  EXPECT_TRUE(get_attr(value, "b.c").is_null());
  EXPECT_EQ(get_attr(Json::array({"p", "q"}), "[1]"), "q");
  EXPECT_THROW(get_attr(value, "a[x]"), RuleSetError);
  EXPECT_THROW(get_attr(value, "a..b"), RuleSetError);
  EXPECT_THROW(get_attr(value, "a[1"), RuleSetError);
}

TEST(Partitions, RegionsMapToTheirPartitions) {
  EXPECT_EQ(partition_for_region("us-east-1").id, "aws");
  EXPECT_EQ(partition_for_region("xx-future-1").id, "aws");  // unknown: aws
  EXPECT_EQ(partition_for_region("eu-central-9").id, "aws");
  EXPECT_EQ(partition_for_region("cn-north-1").id, "aws-cn");
  EXPECT_EQ(partition_for_region("us-gov-west-1").id, "aws-us-gov");
  EXPECT_EQ(partition_for_region("us-iso-east-1").id, "aws-iso");
  EXPECT_EQ(partition_for_region("us-isob-east-1").id, "aws-iso-b");
  EXPECT_EQ(partition_for_region("eu-isoe-west-1").id, "aws-iso-e");
  EXPECT_EQ(partition_for_region("us-isof-south-1").id, "aws-iso-f");
  EXPECT_EQ(partition_for_region("eusc-de-east-1").id, "aws-eusc");
  EXPECT_EQ(partition_for_region("aws-iso-b-global").id, "aws-iso-b");
  EXPECT_EQ(partition_for_region("aws-global").id, "aws");
  const auto record = partition_record("us-isob-east-1");
  EXPECT_EQ(record.dump(),
            R"({"name":"aws-iso-b","dnsSuffix":"sc2s.sgov.gov","dualStackDnsSuffix":)"
            R"("api.aws.scloud","supportsFIPS":true,"supportsDualStack":true,)"
            R"("implicitGlobalRegion":"us-isob-east-1"})");
}

TEST(Partitions, PatternMatcherAgreesWithThePublishedRegexes) {
  const std::vector<std::string> samples = {"us-east-1",
                                            "us-gov-west-1",
                                            "us-iso-east-1",
                                            "us-isob-west-1",
                                            "us-isof-south-1",
                                            "eu-isoe-west-1",
                                            "eusc-de-east-1",
                                            "eusc-fr-east-1",
                                            "cn-north-1",
                                            "cn-north",
                                            "cn--1",
                                            "us-east-",
                                            "-east-1",
                                            "us-east-1a",
                                            "us_x-east-1",
                                            "us-e_st-12",
                                            "mx-central-1",
                                            "il-central-1",
                                            "zz-east-1",
                                            "US-EAST-1",
                                            "us-east-1-x",
                                            "useast-1",
                                            "us-iso-east",
                                            "ap-southeast-7",
                                            "eusc-de-east-x",
                                            "aws-global",
                                            "",
                                            "us-",
                                            "me-south-1 "};
  for (const auto& partition : partitions()) {
    const std::regex pattern(std::string(partition.region_regex), std::regex::ECMAScript);
    for (const auto& region : samples) {
      EXPECT_EQ(matches_region_pattern(partition, region), std::regex_search(region, pattern))
          << partition.id << " " << region;
    }
    for (const auto region : partition.regions) {
      EXPECT_EQ(&partition_for_region(region), &partition) << region;
    }
  }
  EXPECT_EQ(partitions().size(), 8u);
  EXPECT_EQ(partitions().front().id, "aws");
}

}  // namespace
}  // namespace agentlift::cloud::endpoints
