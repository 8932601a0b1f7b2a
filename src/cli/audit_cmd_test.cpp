// The audit command end to end: the real CLI, in process, on a folder written
// to a temporary directory.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "cli/io.hpp"
#include "cli/run.hpp"

namespace agentlift::cli {
namespace {

class AuditCli : public ::testing::Test {
 protected:
  void SetUp() override {
    m_root = std::filesystem::temp_directory_path() /
             ("agentlift-audit-" +
              std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
              std::to_string(std::random_device{}()));
    std::filesystem::remove_all(m_root);
    std::filesystem::create_directories(m_root / ".managed-agents");
  }
  void TearDown() override { std::filesystem::remove_all(m_root); }

  void write(const std::filesystem::path& relative, const std::string& text) {
    std::filesystem::create_directories((m_root / relative).parent_path());
    std::ofstream(m_root / relative, std::ios::binary) << text;
  }

  int run(std::vector<std::string> args) {
    Io io{m_out, m_err};
    return cli::run(args, io);
  }

  std::filesystem::path m_root;
  std::ostringstream m_out, m_err;
};

TEST_F(AuditCli, AuditsAFolderAsTextAndJson) {
  write(".managed-agents/helper/agent.md",
        "---\nname: helper\ntools: [read, grep, bash:ask]\n---\nYou help.\n");
  EXPECT_EQ(run({"audit", m_root.string(), "--targets", "Bedrock, nowhere"}), 0) << m_err.str();
  const std::string text = m_out.str();
  EXPECT_NE(text.find("Agents: helper\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  - builtin_sandbox: uses bash, grep\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  - tool_approval: :ask on helper:bash\n"), std::string::npos) << text;
  EXPECT_NE(text.find("== nowhere ==   (unknown target)"), std::string::npos) << text;

  m_out.str("");
  EXPECT_EQ(run({"audit", m_root.string(), "--json"}), 0) << m_err.str();
  const Json out = Json::parse(m_out.str());
  EXPECT_EQ(out["agents"], Json::parse(R"(["helper"])"));
  ASSERT_EQ(out["targets"].size(), 4u);
  EXPECT_EQ(out["targets"][1]["target"], "bedrock");
  EXPECT_EQ(out["targets"][1]["verdict"], "lossy");
  EXPECT_TRUE(out["diagnostics"].is_array());
}

TEST_F(AuditCli, FolderWithoutAgentsFailsWithAMessage) {
  EXPECT_EQ(run({"audit", m_root.string()}), 1);
  EXPECT_NE(m_out.str().find("No agents found to audit"), std::string::npos) << m_out.str();
}

TEST_F(AuditCli, EmptyTargetListIsAUsageError) {
  write(".managed-agents/helper/agent.md", "---\nname: helper\n---\nYou help.\n");
  EXPECT_EQ(run({"audit", m_root.string(), "--targets", " , "}), 2);
  EXPECT_NE(m_err.str().find("error: --targets"), std::string::npos) << m_err.str();
}

}  // namespace
}  // namespace agentlift::cli
