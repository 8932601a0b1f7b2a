#include "cli/deploy_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "base/errors.hpp"

namespace agentlift::cli {
namespace {

cloud::AgentCoreResource resource(const std::string& status) {
  cloud::AgentCoreResource out;
  out.id = "h-0123456789";
  out.status = status;
  return out;
}

std::string wait_output(bool live) {
  std::ostringstream out, err;
  Io io{out, err, false, live};
  int polls = 0;
  const cloud::AgentCoreResource settled = wait_until_settled(
      resource("CREATING"), "harness",
      [&polls](const std::string&) { return resource(++polls < 1 ? "CREATING" : "READY"); },
      std::chrono::seconds(60), io);
  EXPECT_EQ(settled.status, "READY");
  EXPECT_EQ(out.str(), "");
  return err.str();
}

TEST(WaitUntilSettled, OnATerminalOneProgressLineIsRewrittenThenEnded) {
  const std::string err = wait_output(/*live=*/true);
  EXPECT_EQ(err.find('\n'), err.size() - 1) << err;  // one line, finished once
  EXPECT_NE(err.find("\r\033[K  waiting for harness h-0123456789: CREATING"), std::string::npos);
}

TEST(WaitUntilSettled, InALogEachPollIsItsOwnLine) {
  const std::string err = wait_output(/*live=*/false);
  EXPECT_EQ(err.find('\r'), std::string::npos);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("  waiting for harness h-0123456789: CREATING (0 s)\n"), std::string::npos);
}

TEST(WaitUntilSettled, ATimeoutSaysTheResourceMayStillFinish) {
  std::ostringstream out, err;
  Io io{out, err, false, true};
  try {
    wait_until_settled(
        resource("UPDATING"), "agent runtime",
        [](const std::string&) { return resource("UPDATING"); }, std::chrono::seconds(0), io);
    FAIL() << "no timeout";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("still UPDATING"), std::string::npos);
    EXPECT_NE(error.hint().find("--timeout"), std::string::npos);
  }
}

}  // namespace
}  // namespace agentlift::cli
