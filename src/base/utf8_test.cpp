#include "base/utf8.hpp"

#include <gtest/gtest.h>

namespace agentlift::utf8 {
namespace {

TEST(Utf8, ReplacesEachMaximalInvalidSubpartOnce) {
  // Python: b"a\xe2\x82b\xffc\xf0\x9f".decode("utf-8", "replace") == "a\ufffdb\ufffdc\ufffd"
  EXPECT_EQ(decode_replacing("a\xE2\x82"
                             "b\xFF"
                             "c\xF0\x9F"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD");
  // Surrogates and overlongs are invalid byte by byte.
  EXPECT_EQ(decode_replacing("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(decode_replacing("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8, FindsTheLineOfTheFirstInvalidByte) {
  const auto bad = find_invalid("ok\nfine\nbad \xFF here");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->line, 3u);
  EXPECT_EQ(bad->offset, 12u);
  EXPECT_FALSE(find_invalid("caf\xC3\xA9 \xF0\x9F\x98\x80"));
}

TEST(Utf8, NormalizesCrlfAndLoneCr) { EXPECT_EQ(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n"); }

TEST(Utf8, CountsCodePoints) { EXPECT_EQ(length("caf\xC3\xA9\xF0\x9F\x98\x80"), 5u); }

TEST(Utf8, StripsPythonWhitespaceButNotTheBom) {
  EXPECT_EQ(strip("\xC2\xA0 \t text \xE3\x80\x80\n"), "text");
  EXPECT_EQ(strip("\xEF\xBB\xBFtext"), "\xEF\xBB\xBFtext");
}

TEST(Utf8, SplitsLinesLikePython) {
  const auto lines = split_lines(
      "a\nb\r\nc\x0C"
      "d\xE2\x80\xA8"
      "e\n");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[2], "c");
  EXPECT_EQ(lines[4], "e");
  EXPECT_TRUE(split_lines("").empty());
}

}  // namespace
}  // namespace agentlift::utf8
