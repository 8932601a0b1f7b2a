#include "parse/yaml_value.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace agentlift::parse {
namespace {

TEST(YamlValue, ResolvesPlainScalarsWithYaml11Rules) {
  EXPECT_EQ(resolve_plain_scalar("yes"), Json(true));
  EXPECT_EQ(resolve_plain_scalar("Off"), Json(false));
  EXPECT_EQ(resolve_plain_scalar("~"), Json());
  EXPECT_EQ(resolve_plain_scalar("0x1F"), Json(31));
  EXPECT_EQ(resolve_plain_scalar("017"), Json(15));
  EXPECT_EQ(resolve_plain_scalar("1_000"), Json(1000));
  EXPECT_EQ(resolve_plain_scalar("1:30"), Json(90));
  EXPECT_EQ(resolve_plain_scalar("1.5"), Json(1.5));
  EXPECT_EQ(resolve_plain_scalar("09"), Json("09"));    // not octal, not decimal: text
  EXPECT_EQ(resolve_plain_scalar("1e3"), Json("1e3"));  // YAML 1.1 floats need a dot
  EXPECT_EQ(resolve_plain_scalar("y"), Json("y"));
}

TEST(YamlValue, HugeNumbersResolveLikePython) {
  // float("1" * 400 + ".") is inf in Python; a 60 000-digit int stays exact text.
  EXPECT_TRUE(std::isinf(resolve_plain_scalar(std::string(400, '1') + ".").get<double>()));
  EXPECT_EQ(resolve_plain_scalar(std::string(60000, '1')), Json(std::string(60000, '1')));
  EXPECT_FALSE(load_yaml("x: " + std::string(60000, '7') + "\n").error);
}

TEST(YamlValue, QuotedScalarsStayText) {
  const YamlLoad loaded = load_yaml("a: 'yes'\nb: \"12\"\nc: !!str 3\n");
  ASSERT_FALSE(loaded.error);
  EXPECT_EQ(loaded.value["a"], Json("yes"));
  EXPECT_EQ(loaded.value["b"], Json("12"));
  EXPECT_EQ(loaded.value["c"], Json("3"));
}

TEST(YamlValue, LaterDuplicateKeyWinsInPlace) {
  const YamlLoad loaded = load_yaml("a: 1\nb: 2\na: 3\n");
  ASSERT_FALSE(loaded.error);
  EXPECT_EQ(loaded.value.dump(), "{\"a\":3,\"b\":2}");
}

TEST(YamlValue, AliasBombIsAnErrorNotAHang) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  const YamlLoad loaded = load_yaml(bomb);
  ASSERT_TRUE(loaded.error);
  EXPECT_NE(loaded.error->message.find("alias bomb"), std::string::npos);
}

TEST(YamlValue, DeepNestingIsAnError) {
  const YamlLoad flow = load_yaml("a: " + std::string(100, '[') + std::string(100, ']'));
  ASSERT_TRUE(flow.error);
  const YamlLoad deeper = load_yaml("a: " + std::string(100000, '['));
  ASSERT_TRUE(deeper.error);
}

TEST(YamlValue, SyntaxErrorCarriesItsLine) {
  const YamlLoad loaded = load_yaml("name: ok\ntools: [read\nmodel: x\n");
  ASSERT_TRUE(loaded.error);
  EXPECT_GE(loaded.error->line, 2u);
}

TEST(YamlValue, MergeKeysApplyLikePyYaml) {
  const YamlLoad loaded =
      load_yaml("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n");
  ASSERT_FALSE(loaded.error);
  EXPECT_EQ(loaded.value["c"].dump(), "{\"y\":1,\"z\":3,\"x\":1}");
}

TEST(YamlValue, UnknownTagIsAnError) { EXPECT_TRUE(load_yaml("a: !python/object foo\n").error); }

}  // namespace
}  // namespace agentlift::parse
