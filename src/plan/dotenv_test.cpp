#include "plan/dotenv.hpp"

#include <gtest/gtest.h>

namespace agentlift::plan {
namespace {

using Pairs = model::StringPairs;

TEST(DotEnv, ReadsKeyValueLinesAndSkipsTheRest) {
  EXPECT_EQ(parse_dotenv("# comment\n\nA=1\n  B = two words  \nno equals sign\n=orphan\n"),
            (Pairs{{"A", "1"}, {"B", "two words"}}));
}

TEST(DotEnv, SplitsOnTheFirstEquals) {
  EXPECT_EQ(parse_dotenv("URL=https://x.example/?a=b&c=d\n"),
            (Pairs{{"URL", "https://x.example/?a=b&c=d"}}));
}

TEST(DotEnv, TakesQuotedValuesVerbatim) {
  EXPECT_EQ(parse_dotenv("A=\"Bearer abc\"\nB='x # y'\nC=\"it's\"\nD=\"a\\nb\"\nE=\"\"\n"),
            (Pairs{{"A", "Bearer abc"}, {"B", "x # y"}, {"C", "it's"}, {"D", "a\\nb"}, {"E", ""}}));
}

TEST(DotEnv, IgnoresCommentsAfterValues) {
  EXPECT_EQ(parse_dotenv("A=\"quoted\"  # note\nB=plain # note\nC=pass#word\nD=x\t# tab\n"),
            (Pairs{{"A", "quoted"}, {"B", "plain"}, {"C", "pass#word"}, {"D", "x"}}));
}

TEST(DotEnv, StripsStrayQuotesAs08Did) {
  // 0.8: value.strip('"').strip("'")
  EXPECT_EQ(parse_dotenv("A=\"unterminated\nB=trailing\"\nC='\n"),
            (Pairs{{"A", "unterminated"}, {"B", "trailing"}, {"C", ""}}));
}

TEST(DotEnv, AcceptsExportPrefix) {
  EXPECT_EQ(parse_dotenv("export TOKEN=abc\nexport\tB=2\nexport=3\nexporter=4\n"),
            (Pairs{{"TOKEN", "abc"}, {"B", "2"}, {"export", "3"}, {"exporter", "4"}}));
}

TEST(DotEnv, ToleratesCrlfAndByteOrderMark) {
  EXPECT_EQ(parse_dotenv("\xEF\xBB\xBF"
                         "A=1\r\nB=\"2\"\r\n"),
            (Pairs{{"A", "1"}, {"B", "2"}}));
}

TEST(DotEnv, FirstValueOfARepeatedKeyWins) {
  EXPECT_EQ(parse_dotenv("A=first\nA=second\n"), (Pairs{{"A", "first"}}));
}

TEST(DotEnv, EmptyValueIsKept) {
  EXPECT_EQ(parse_dotenv("A=\nB=   \n"), (Pairs{{"A", ""}, {"B", ""}}));
}

TEST(DotEnv, ProcessEnvironmentWinsThenEarlierFiles) {
  const Environment env =
      with_dotenv({{"A", "process"}}, {"A=cwd\nB=cwd\n", "A=project\nB=project\nC=project\n"});
  EXPECT_EQ(env, (Environment{{"A", "process"}, {"B", "cwd"}, {"C", "project"}}));
}

TEST(DotEnv, FilesAreCwdThenProjectOnce) {
  EXPECT_EQ(dotenv_files("/work", "/work/proj"),
            (std::vector<std::filesystem::path>{"/work/.env", "/work/proj/.env"}));
  EXPECT_EQ(dotenv_files("/work/proj", "/work/proj/."),
            (std::vector<std::filesystem::path>{"/work/proj/.env"}));
}

}  // namespace
}  // namespace agentlift::plan
