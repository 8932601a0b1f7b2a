#include "parse/yaml_scalars.hpp"

#include <gtest/gtest.h>

#include <string>

namespace agentlift::parse::yaml11 {
namespace {

TEST(Yaml11Scalars, FloatsFollowPyYaml) {
  for (const char* yes : {"1.5", "-1.", "+1_0.0_1", ".5", ".5_", "1.0e+3", ".5E-1", "1:30.5",
                          "-1:2:03.", ".inf", "-.Inf", "+.INF", ".nan", ".NaN"}) {
    EXPECT_TRUE(is_float(yes)) << yes;
  }
  for (const char* no : {"1", "1e3", "1.0e3", "1.0e+", ".", "-.5", "-.nan", "1:30", "1:60.5", "._5",
                         "a.5", "1.5x", "", ":30.5"}) {
    EXPECT_FALSE(is_float(no)) << no;
  }
}

TEST(Yaml11Scalars, IntsFollowPyYaml) {
  for (const char* yes :
       {"0", "-0", "42", "1_000", "0b1_0", "-0x1F", "017", "0_7", "1:30", "+1:2:59", "190:20:30"}) {
    EXPECT_TRUE(is_int(yes)) << yes;
  }
  for (const char* no : {"09", "0b", "0x", "0b2", "1:", "1:7x", "0:30", "-", "+", "1a", "0o17"}) {
    EXPECT_FALSE(is_int(no)) << no;
  }
}

TEST(Yaml11Scalars, HugeScalarsDoNotRecurse) {
  const std::string digits(200000, '1');
  EXPECT_TRUE(is_int(digits));
  EXPECT_TRUE(is_float(digits + "."));
}

TEST(Yaml11Scalars, BoolsAndNulls) {
  EXPECT_TRUE(is_bool("Off"));
  EXPECT_FALSE(is_bool("oFF"));
  EXPECT_TRUE(is_true("YES"));
  EXPECT_TRUE(is_null("~"));
  EXPECT_FALSE(is_null("nil"));
}

}  // namespace
}  // namespace agentlift::parse::yaml11

#include <fstream>

#include <nlohmann/json.hpp>

namespace agentlift::parse::yaml11 {
namespace {

TEST(Yaml11Scalars, AgreeWithPyYamlOnFifteenThousandStrings) {
  std::ifstream in(std::string(AGENTLIFT_SOURCE_DIR) + "/tests/data/yaml11-resolve.json");
  ASSERT_TRUE(in) << "tests/data/yaml11-resolve.json is missing";
  const nlohmann::json expected = nlohmann::json::parse(in);
  ASSERT_GT(expected.size(), 10000u);
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string& text = it.key();
    const char* got = is_null(text)    ? "null"
                      : is_bool(text)  ? "bool"
                      : is_float(text) ? "float"
                      : is_int(text)   ? "int"
                                       : "str";
    EXPECT_EQ(got, it.value().get<std::string>()) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace agentlift::parse::yaml11
