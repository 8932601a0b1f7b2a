// SystemProcessRunner with ordinary programs (cat, printenv, true, false):
// stdin delivery, added environment, line splitting, exit statuses, a missing
// program, and a child that ignores a large stdin (no SIGPIPE for us).

#include "cli/process_runner.hpp"

#include <gtest/gtest.h>

namespace agentlift::cli {
namespace {

std::vector<std::string> run_lines(ProcessRunner& runner, const ProcessSpec& spec,
                                   int* status = nullptr) {
  std::vector<std::string> lines;
  const int exit_status =
      runner.run(spec, [&](std::string_view line) { lines.emplace_back(line); });
  if (status != nullptr) *status = exit_status;
  return lines;
}

TEST(SystemProcessRunner, WritesStdinAndSplitsTheOutputIntoLines) {
  SystemProcessRunner runner;
  int status = -1;
  const auto lines = run_lines(runner, {{"cat"}, "one\r\ntwo\n\nlast", {}}, &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "", "last"}));
}

TEST(SystemProcessRunner, WithoutStdinTextTheChildReadsNothing) {
  SystemProcessRunner runner;
  EXPECT_TRUE(run_lines(runner, {{"cat"}, std::nullopt, {}}).empty());
}

TEST(SystemProcessRunner, AddsTheEnvironmentSpecOverRunner) {
  SystemProcessRunner runner({{"AGENTLIFT_TEST_A", "runner"}, {"AGENTLIFT_TEST_B", "runner"}});
  const auto lines = run_lines(runner, {{"printenv", "AGENTLIFT_TEST_A", "AGENTLIFT_TEST_B"},
                                        std::nullopt,
                                        {{"AGENTLIFT_TEST_B", "spec"}}});
  EXPECT_EQ(lines, (std::vector<std::string>{"runner", "spec"}));
}

TEST(SystemProcessRunner, ReportsExitStatusesAndMissingPrograms) {
  SystemProcessRunner runner;
  EXPECT_EQ(runner.run({{"false"}, std::nullopt, {}}, {}), 1);
  EXPECT_EQ(runner.run({{"true"}, std::nullopt, {}}, {}), 0);
  try {
    runner.run({{"agentlift-no-such-program-4711"}, std::nullopt, {}}, {});
    FAIL() << "no error";
  } catch (const ProgramNotFound& error) {
    EXPECT_EQ(error.program(), "agentlift-no-such-program-4711");
    EXPECT_NE(std::string(error.what()).find("not found on PATH"), std::string::npos);
  }
}

TEST(SystemProcessRunner, AChildThatIgnoresALargeStdinDoesNotStopUs) {
  SystemProcessRunner runner;
  EXPECT_EQ(runner.run({{"true"}, std::string(4u << 20, 'x'), {}}, {}), 0);
  // And one that reads it all while writing: no deadlock.
  std::size_t bytes = 0;
  runner.run({{"cat"}, std::string(1u << 20, 'y') + "\n", {}},
             [&](std::string_view line) { bytes += line.size(); });
  EXPECT_EQ(bytes, 1u << 20);
}

}  // namespace
}  // namespace agentlift::cli
