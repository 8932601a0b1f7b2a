#include "emit/python_literals.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "support/temp_folder.hpp"

namespace agentlift::emit::python {
namespace {

const std::vector<std::string> k_hostile = {
    "",
    "plain",
    "ends with a quote \"",
    "has \"\"\" triple quotes inside",
    "a backslash \\ and a quote \"",
    "trailing backslash \\",
    "mixed \"\"\"\\\"\"\" chaos \"",
    "\"\"",
    "\"",
    "''' single triples '''",
    "it's",
    "line one\nline two\r\nthree\rfour",
    std::string("nul \0 inside", 12),
    "tab\tand bell\x07 and del\x7f",
    "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80 \xE2\x80\xA8 line separator",
    "\\N{BULLET} \\x41 \\u0041 not escapes",
    "{braces} %s %(name)s $dollar$",
    std::string(100000, 'x') + "\"",
};

// Writes a module holding every literal, runs it with python3 and has Python
// compare each value with the original bytes (passed as hex).
void expect_round_trip(bool block_form) {
  testing::TempFolder t;
  std::string module = "import sys\nvalues = [\n";
  std::string hex;
  for (const std::string& text : k_hostile) {
    module += "    " + (block_form ? block(text) : repr(text)) + ",\n";
    for (unsigned char c : text) {
      char buf[3];
      std::snprintf(buf, sizeof buf, "%02x", c);
      hex += buf;
    }
    hex += "\n";
  }
  module +=
      "]\nexpected = [bytes.fromhex(h).decode('utf-8') for h in open(sys.argv[1]).read()"
      ".split('\\n')[:-1]]\n"
      "assert len(values) == len(expected), (len(values), len(expected))\n"
      "for i, (v, e) in enumerate(zip(values, expected)):\n"
      "    assert v == e, (i, v[:80], e[:80])\n"
      "print('ok')\n";
  t.write("literals.py", module);
  t.write("expected.hex", hex);
  const std::string command = "python3 " + (t.path() / "literals.py").string() + " " +
                              (t.path() / "expected.hex").string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, "ok\n");
}

TEST(PythonLiterals, ReprRoundTripsHostileStrings) { expect_round_trip(false); }

TEST(PythonLiterals, BlockRoundTripsHostileStrings) { expect_round_trip(true); }

TEST(PythonLiterals, BlockKeepsOrdinaryTextReadable) {
  EXPECT_EQ(block("Say \"hi\".\nThen stop."), "\"\"\"Say \"hi\".\nThen stop.\"\"\"");
}

TEST(PythonLiterals, ListsDictsAndNone) {
  EXPECT_EQ(repr(std::vector<std::string>{"a", "it's"}), "['a', \"it's\"]");
  EXPECT_EQ(repr(std::optional<std::vector<std::string>>{}), "None");
  EXPECT_EQ(repr(model::StringPairs{{"Authorization", "ENV"}}), "{'Authorization': 'ENV'}");
  EXPECT_EQ(repr(Json::parse("[1, true, null, 1.5, {\"k\": \"v\"}]")),
            "[1, True, None, 1.5, {'k': 'v'}]");
}

}  // namespace
}  // namespace agentlift::emit::python
