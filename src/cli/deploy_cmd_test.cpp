#include <gtest/gtest.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "support/cli_runner.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::cli {
namespace {

using testing::run_cli;
using testing::TempFolder;

TEST(DeployCommand, BuildOnlyWritesThePackageAndNoLockfile) {
  TempFolder t;
  t.write(".managed-agents/lead/agent.md", "---\nsubagents: [helper]\n---\nLead.\n");
  t.write(".managed-agents/helper/agent.md", "---\ntools: []\n---\nHelp.\n");
  const auto result = run_cli({"deploy", t.path().string(), "--build-only"});
  EXPECT_EQ(result.code, 0) << result.out << result.err;
  const auto dir = t.path() / ".agentlift-build" / "bedrock";
  for (const char* file : {"agentlift_runtime/agent.py", "agentlift_runtime/__init__.py", "main.py",
                           "requirements.txt", "Dockerfile", ".dockerignore", "NOTES.txt"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  EXPECT_FALSE(std::filesystem::exists(t.path() / ".agentlift-bedrock.json"));
}

TEST(DeployCommand, BuildOnlyRefusesAHarnessFolder) {
  TempFolder t;
  t.write(".managed-agents/solo/agent.md", "Solo.\n");
  const auto result = run_cli({"deploy", t.path().string(), "--build-only"});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("--mode runtime"), std::string::npos) << result.err;
  EXPECT_EQ(run_cli({"deploy", t.path().string(), "--build-only", "--mode", "runtime"}).code, 0);
}

TEST(DeployCommand, NotDeployableBuildsNothing) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "---\nsubagents: [ghost]\n---\nx\n");
  const auto result = run_cli({"deploy", t.path().string(), "--build-only"});
  EXPECT_EQ(result.code, 1);
  EXPECT_NE(result.out.find("Not building"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(t.path() / ".agentlift-build"));
}

TEST(DeployCommand, RuntimeDeployWithoutARoleStopsBeforeAnyNetworkCall) {
  if (std::getenv("AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN") != nullptr) GTEST_SKIP();
  TempFolder t;
  t.write("agent.md", "x\n");
  const auto result = run_cli({"deploy", t.path().string(), "--mode", "runtime", "--yes"});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("--role-arn"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(t.path() / ".agentlift-bedrock.json"));
  EXPECT_FALSE(std::filesystem::exists(t.path() / ".agentlift-build"));
}

TEST(DeployCommand, RuntimeCodeDeployWithoutABucketNamesTheSettings) {
  if (std::getenv("AGENTLIFT_BEDROCK_S3_BUCKET") != nullptr) GTEST_SKIP();
  TempFolder t;
  t.write("agent.md", "x\n");
  const auto result = run_cli({"deploy", t.path().string(), "--mode", "runtime", "--yes",
                               "--role-arn", "arn:aws:iam::123456789012:role/R"});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("--s3-bucket"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("AGENTLIFT_BEDROCK_S3_BUCKET"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(t.path() / ".agentlift-build"));
}

TEST(DeployCommand, RuntimeDeployRefusesAPythonAgentCoreDoesNotRun) {
  TempFolder t;
  t.write("agent.md", "x\n");
  const auto result = run_cli({"deploy", t.path().string(), "--mode", "runtime", "--yes",
                               "--python", "2.7", "--s3-bucket", "b"});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("3.12"), std::string::npos) << result.err;
}

TEST(DeployCommand, WheelDirAndNoDependenciesContradictEachOther) {
  TempFolder t;
  t.write("agent.md", "x\n");
  const auto result =
      run_cli({"deploy", t.path().string(), "--mode", "runtime", "--yes", "--code-deps", "none",
               "--wheel-dir", t.path().string(), "--s3-bucket", "b"});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("--wheel-dir"), std::string::npos) << result.err;
}

TEST(DeployCommand, HarnessDeployWithoutARoleStopsBeforeAnyNetworkCall) {
  if (std::getenv("AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN") != nullptr) GTEST_SKIP();
  TempFolder t;
  t.write("agent.md", "x\n");
  const auto result = run_cli({"deploy", t.path().string(), "--yes"});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("--role-arn"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(t.path() / ".agentlift-harness.json"));
}

TEST(DeployCommand, RuntimeFlagsOnAHarnessDeployAreNamedAsIgnored) {
  if (std::getenv("AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN") != nullptr) GTEST_SKIP();
  TempFolder t;
  t.write("agent.md", "x\n");
  const auto result = run_cli(
      {"deploy", t.path().string(), "--yes", "--artifact", "container", "--python", "3.13"});
  EXPECT_NE(result.err.find("warning: --artifact applies to a Runtime"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("warning: --python applies to a Runtime"), std::string::npos);
  EXPECT_EQ(result.err.find("--code-deps"), std::string::npos) << "not given, so not named";
}

TEST(DeployCommand, BaseImageOverride) {
  TempFolder t;
  t.write("agent.md", "x\n");
  ASSERT_EQ(run_cli({"deploy", t.path().string(), "--build-only", "--mode", "runtime",
                     "--base-image", "mirror.example.com/python:3.12-slim"})
                .code,
            0);
  std::ifstream in(t.path() / ".agentlift-build/bedrock/Dockerfile");
  const std::string dockerfile((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(dockerfile.find("FROM --platform=linux/arm64 mirror.example.com/python:3.12-slim"),
            std::string::npos);
}

TEST(ExportCommand, PrintsWithoutContainerFilesAndExitsZero) {
  TempFolder t;
  t.write(".managed-agents/a/agent.md", "---\nskills: [missing]\n---\nx\n");
  const auto result = run_cli({"export", "bedrock-strands", t.path().string()});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_NE(result.out.find("# ===== agentlift_runtime/agent.py ====="), std::string::npos);
  EXPECT_EQ(result.out.find("Dockerfile"), std::string::npos);
  EXPECT_EQ(run_cli({"export", "google-adk", t.path().string()}).code, 2);
}

}  // namespace
}  // namespace agentlift::cli
