#include "base/json.hpp"

#include <gtest/gtest.h>

namespace agentlift::json {
namespace {

TEST(Json, CanonicalFormSortsKeysAndKeepsUtf8Raw) {
  Json value = Json::object();
  value["b"] = "caf\xC3\xA9\n\"q\"\x01";
  value["a"] = Json::array({1, true, nullptr});
  EXPECT_EQ(canonical(value),
            "{\"a\": [1, true, null], \"b\": \"caf\xC3\xA9\\n\\\"q\\\"\\u0001\"}");
}

TEST(Json, PrettyFormEscapesNonAsciiWithSurrogatePairs) {
  Json value = Json::object();
  value["z"] = "\xE2\x80\x94\xF0\x9F\x98\x80";
  value["a"] = Json::array();
  EXPECT_EQ(pretty(value), "{\n  \"z\": \"\\u2014\\ud83d\\ude00\",\n  \"a\": []\n}");
}

TEST(Json, CanonicalHashMatchesPython) {
  // hashlib.sha256(json.dumps({"k": "v"}, sort_keys=True).encode()).hexdigest()
  Json value = Json::object();
  value["k"] = "v";
  EXPECT_EQ(canonical_hash(value),
            "4be281edc378f1c5e5eb9c15f9dbf5a80da2977981850f93553d5d70b75f1626");
}

TEST(Json, FormatsFloatsLikePythonRepr) {
  EXPECT_EQ(python_float(1.0), "1.0");
  EXPECT_EQ(python_float(0.1), "0.1");
  EXPECT_EQ(python_float(1e16), "1e+16");
  EXPECT_EQ(python_float(1e15), "1000000000000000.0");
  EXPECT_EQ(python_float(0.0001), "0.0001");
  EXPECT_EQ(python_float(0.00001), "1e-05");
  EXPECT_EQ(python_float(-2.5e-7), "-2.5e-07");
}

TEST(Json, StringifiesLikePythonStr) {
  EXPECT_EQ(python_str(Json(true)), "True");
  EXPECT_EQ(python_str(Json()), "None");
  EXPECT_EQ(python_str(Json(12)), "12");
  EXPECT_EQ(python_str(Json::parse("[\"a\", 1, null]")), "['a', 1, None]");
  EXPECT_EQ(python_str(Json::parse("{\"k\": \"it's\"}")), "{'k': \"it's\"}");
}

TEST(Json, TruthinessFollowsPython) {
  EXPECT_FALSE(truthy(Json("")));
  EXPECT_FALSE(truthy(Json(0)));
  EXPECT_FALSE(truthy(Json::array()));
  EXPECT_TRUE(truthy(Json("x")));
  EXPECT_TRUE(truthy(Json(0.5)));
}

}  // namespace
}  // namespace agentlift::json
