#include "cloud/uri_encoding.hpp"

#include <gtest/gtest.h>

namespace agentlift::cloud {
namespace {

TEST(PercentEncode, KeepsOnlyTheUnreservedSet) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode("a b+c=d/e:f"), "a%20b%2Bc%3Dd%2Fe%3Af");
  EXPECT_EQ(percent_encode("\xE1\x88\xB4"), "%E1%88%B4");
  EXPECT_EQ(percent_encode("a/b c", Slash::keep), "a/b%20c");
}

TEST(PercentDecode, DecodesEscapesOnlyAndKeepsMalformedOnes) {
  EXPECT_EQ(percent_decode("arn%3Aaws%3a%2F"), "arn:aws:/");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}

TEST(SplitUrl, SeparatesAuthorityPathAndQuery) {
  const UrlParts url = split_url("https://host.example:8443/a/b?x=1&y#frag");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.authority, "host.example:8443");
  EXPECT_EQ(url.path, "/a/b");
  EXPECT_EQ(url.query, "x=1&y");
  EXPECT_EQ(split_url("https://host?q").path, "");
  EXPECT_EQ(split_url("https://host?q").query, "q");
  EXPECT_EQ(split_url("/only/path?q").path, "/only/path");
}

TEST(HostHeaderValue, DropsOnlyTheSchemesDefaultPort) {
  EXPECT_EQ(host_header_value(split_url("https://h.example:443/")), "h.example");
  EXPECT_EQ(host_header_value(split_url("http://h.example:80/")), "h.example");
  EXPECT_EQ(host_header_value(split_url("http://localhost:4566/")), "localhost:4566");
  EXPECT_EQ(host_header_value(split_url("https://h.example:80/")), "h.example:80");
  EXPECT_EQ(host_header_value(split_url("https://[::1]:443/")), "[::1]");
  EXPECT_EQ(host_header_value(split_url("https://[::1]/")), "[::1]");
}

}  // namespace
}  // namespace agentlift::cloud
