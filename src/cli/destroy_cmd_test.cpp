// `agentlift destroy` before any AWS call: what it refuses and when there is
// nothing to do (the deletions themselves: tests/cli_import_destroy_test.cpp).

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::cli {
namespace {

using testing::run_cli;
using testing::TempFolder;

TEST(DestroyCommand, AFolderWithNoLockHasNothingToDestroy) {
  TempFolder t;
  t.write("agent.md", "x\n");
  const auto result = run_cli({"destroy", t.path().string(), "--yes"});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_EQ(result.out, "Nothing to destroy.\n");
}

TEST(DestroyCommand, AMistypedFolderIsAUsageError) {
  TempFolder t;
  const auto result = run_cli({"destroy", (t.path() / "no-such-folder").string(), "--yes"});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("no folder"), std::string::npos) << result.err;
}

TEST(DestroyCommand, AnUnreadableLockStopsItWithoutQuotingTheFile) {
  TempFolder t;
  t.write(".agentlift-bedrock.json", "{not json canary-SECRET-lock");
  const auto result = run_cli({"destroy", t.path().string(), "--yes"});
  EXPECT_EQ(result.code, 1);
  EXPECT_NE(result.err.find(".agentlift-bedrock.json cannot be read"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("canary-SECRET"), std::string::npos);
}

}  // namespace
}  // namespace agentlift::cli
