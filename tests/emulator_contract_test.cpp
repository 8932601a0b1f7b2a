// agentcore-local held to AWS's own SDKs: the built emulator is driven by the
// official JavaScript clients (@aws-sdk/client-bedrock-agentcore-control and
// @aws-sdk/client-bedrock-agentcore, pinned in tests/js/package-lock.json;
// tests/js/emulator_contract.mjs) and by the machine's boto3/botocore
// (tests/emulator_contract_boto3.py). Every harness and agent-runtime
// operation goes through the SDK's own serialisation, signing and parsing
// (event stream and SSE included), and hand-made malformed or badly signed
// requests must be refused as AWS refuses them. Each script prints one JSON
// line per check; every check becomes a gtest expectation here, so a failure
// names the check and says what the SDK saw.
//
// Each test starts its own emulator (fresh state, --ready-delay 0.05) and runs
// the script with an exact environment. Skips when node or `npm ci` in
// tests/js is missing, or when python3 cannot import boto3.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOutput;

const fs::path k_source_dir = AGENTLIFT_SOURCE_DIR;
const fs::path k_js_dir = k_source_dir / "tests" / "js";
constexpr auto k_script_timeout = std::chrono::seconds(90);

// The first executable `name` on the runner's PATH.
std::optional<fs::path> find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream folders(path ? path : "");
  for (std::string folder; std::getline(folders, folder, ':');) {
    if (folder.empty()) continue;
    const fs::path candidate = fs::path(folder) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

std::string getenv_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// The last `count` lines of `text`.
std::string last_lines(const std::string& text, std::size_t count) {
  std::size_t start = text.size();
  for (std::size_t seen = 0; start > 0 && seen <= count;) {
    if (text[--start] == '\n') ++seen;
  }
  return start == 0 ? text : text.substr(start + 1);
}

// Turns each JSON line of a contract script into an expectation.
void expect_every_check_passed(const ProcessOutput& result, const std::string& script) {
  int checks = 0;
  int passed = 0;
  bool coverage = false;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const Json entry = Json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object() || !entry.contains("check")) {
      ADD_FAILURE() << script << " printed a line that is not a check: " << line;
      continue;
    }
    ++checks;
    const std::string name = entry["check"].is_string() ? entry["check"].get<std::string>() : "?";
    const bool ok = entry.value("ok", false);
    passed += ok ? 1 : 0;
    coverage = coverage || name == "coverage";
    const Json detail = entry.value("detail", Json(""));
    if (!ok) {
      ADD_FAILURE() << script << ": check failed: " << name << "\n    "
                    << (detail.is_string() ? detail.get<std::string>() : detail.dump());
    }
  }
  EXPECT_GT(checks, 0) << script << " reported no checks; stderr:\n" << result.err;
  EXPECT_TRUE(coverage) << script << " stopped before its coverage check; stderr:\n" << result.err;
  EXPECT_EQ(result.exit_code, 0) << script << " exited with " << result.exit_code << " (" << passed
                                 << " of " << checks << " checks passed); stderr:\n"
                                 << result.err;
}

class EmulatorContract : public ::testing::Test {
 protected:
  void TearDown() override {
    // Stopped (SIGTERM, reaped; SIGKILL after 10 s, and the destructor kills
    // too) before anything more is printed.
    const bool started = m_emulator.port() > 0;
    m_emulator.stop();
    if (HasFailure() && started) {
      std::cout << "agentcore-local request log (--verbose), last lines:\n"
                << last_lines(m_emulator.stderr_text(), 60);
    }
  }

  // Starts a fresh emulator; statuses settle 0.05 s after each change.
  std::string start_emulator() {
    return m_emulator.start({"--port", "0", "--ready-delay", "0.05", "--verbose"},
                            m_folder.path() / "agentcore-local.log");
  }

  // Nothing from the runner but the tool's own folder on PATH; HOME is an
  // empty folder, so no ~/.aws configuration or credentials are read.
  std::vector<std::string> environment(const fs::path& tool_folder) const {
    const fs::path home = m_folder.path() / "home";
    fs::create_directories(home);
    return {"PATH=" + tool_folder.string() + ":/usr/bin:/bin",
            "HOME=" + home.string(),
            "NO_PROXY=*",
            "no_proxy=*",
            "AWS_EC2_METADATA_DISABLED=true",
            "AWS_CONFIG_FILE=" + (home / "no-aws-config").string(),
            "AWS_SHARED_CREDENTIALS_FILE=" + (home / "no-aws-credentials").string(),
            "PYTHONDONTWRITEBYTECODE=1"};
  }

  testing::TempFolder m_folder;
  testing::AgentCoreLocalProcess m_emulator;
};

TEST_F(EmulatorContract, OfficialJavaScriptSdkDrivesEveryOperation) {
  const std::optional<fs::path> node = find_on_path("node");
  if (!node) GTEST_SKIP() << "node is not on PATH";
  if (!fs::exists(k_js_dir / "node_modules" / "@aws-sdk" / "client-bedrock-agentcore-control")) {
    GTEST_SKIP() << "tests/js/node_modules is absent: run `npm ci` in tests/js";
  }
  ASSERT_EQ(start_emulator(), "");

  const ProcessOutput result = testing::run_process(
      {node->string(), (k_js_dir / "emulator_contract.mjs").string(), m_emulator.endpoint()},
      environment(node->parent_path()), k_script_timeout);
  expect_every_check_passed(result, "tests/js/emulator_contract.mjs");
}

TEST_F(EmulatorContract, Boto3DrivesEveryOperation) {
  const std::optional<fs::path> python = find_on_path("python3");
  if (!python) GTEST_SKIP() << "python3 is not on PATH";
  // The interpreter behind python3 (a pyenv shim needs the runner's HOME and
  // PYENV_* to find it), and whether it has boto3.
  std::vector<std::string> runner{"PATH=" + getenv_or_empty("PATH"),
                                  "HOME=" + getenv_or_empty("HOME")};
  for (const char* name : {"PYENV_ROOT", "PYENV_VERSION"}) {
    if (std::getenv(name)) runner.push_back(std::string(name) + "=" + getenv_or_empty(name));
  }
  const ProcessOutput probe = testing::run_process(
      {python->string(), "-c", "import sys, boto3; print(sys.executable)"}, runner);
  if (probe.exit_code != 0) {
    const std::string why = probe.err.substr(probe.err.rfind('\n', probe.err.size() - 2) + 1);
    GTEST_SKIP() << "python3 cannot import boto3: " << why;
  }
  const fs::path interpreter = probe.out.substr(0, probe.out.find('\n'));
  ASSERT_TRUE(fs::exists(interpreter)) << "python3 reported " << probe.out;
  ASSERT_EQ(start_emulator(), "");

  const ProcessOutput result = testing::run_process(
      {interpreter.string(), (k_source_dir / "tests" / "emulator_contract_boto3.py").string(),
       m_emulator.endpoint(), (k_source_dir / "src" / "emulator" / "models").string()},
      environment(interpreter.parent_path()), k_script_timeout);
  expect_every_check_passed(result, "tests/emulator_contract_boto3.py");
}

}  // namespace
}  // namespace agentlift
