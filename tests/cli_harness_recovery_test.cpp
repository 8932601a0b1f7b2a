// Single crash-safety scenarios of `agentlift deploy` for a Harness
// (docs/harness-crash-safety.md), the real binary against agentcore-local and
// moto: Ctrl-C while waiting, a create whose reply was lost, a lost lockfile, a
// harness deleted outside agentlift, and a region change. Each ends with a
// deploy that must converge on exactly one harness and a lock that records it.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "base/json.hpp"
#include "support/harness_convergence.hpp"

namespace agentlift {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::converge;
using testing::Convergence;
using testing::LiveHarnessProject;
using testing::ProcessOutput;

class CliHarnessRecovery : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_s3.start(testing::k_harness_bucket); }
  static void TearDownTestSuite() { s_s3.stop(); }

  void SetUp() override {
    if (!s_s3.skip.empty()) GTEST_SKIP() << s_s3.skip;
    ASSERT_TRUE(s_s3.failure.empty()) << s_s3.failure;
    m_live = std::make_unique<LiveHarnessProject>(s_s3.endpoint());
    ASSERT_EQ(m_live->start_emulator("1"), "");
  }

  static testing::MotoS3Server s_s3;
  std::unique_ptr<LiveHarnessProject> m_live;
};

testing::MotoS3Server CliHarnessRecovery::s_s3;

TEST_F(CliHarnessRecovery, CtrlCWhileWaitingLeavesALockThatRecordsTheHarness) {
  {
    ChildProcess deploy(m_live->deploy_argv({"--yes"}), m_live->environment());
    ASSERT_TRUE(deploy.read_until(
        [](const ProcessOutput& output) {
          return output.err.find("waiting for harness") != std::string::npos;
        },
        20s));
    deploy.signal(SIGINT);
    const ProcessOutput interrupted = deploy.wait();
    EXPECT_EQ(interrupted.exit_code, 128 + SIGINT) << interrupted.err;
  }
  const Json lock = Json::parse(m_live->lock_text());
  const auto listed = m_live->harnesses();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(lock["harness_id"], listed[0].id);
  EXPECT_EQ(lock["spec_hash"], "");  // not known to match yet: the re-run updates it

  const Convergence converged = converge(*m_live);
  EXPECT_EQ(converged.problem, "") << converged.err;
  EXPECT_EQ(converged.action, "update");
}

TEST_F(CliHarnessRecovery, ACreateWhoseReplyWasLostIsFoundByNameAndAdopted) {
  ASSERT_EQ(
      m_live->arm_fault(Json{{"operation", "CreateHarness"}, {"kind", "delay"}, {"delayMs", 1500}}),
      "");
  {
    ChildProcess deploy(m_live->deploy_argv({"--yes"}), m_live->environment());
    // Kill it once CreateHarness has reached the emulator (and sleeps there).
    const auto create_sent = [&](const ProcessOutput&) {
      const Json report = m_live->fault_report();
      return report.is_object() && report.contains("faults") && !report["faults"].empty() &&
             report["faults"][0].value("fired", 0) == 1;
    };
    ASSERT_TRUE(deploy.read_until(create_sent, 20s));
    deploy.signal(SIGKILL);
    deploy.wait();
  }
  std::this_thread::sleep_for(1500ms);  // the create lands; nobody hears the reply
  ASSERT_EQ(m_live->harnesses().size(), 1u);
  const Json lock = Json::parse(m_live->lock_text());
  EXPECT_EQ(lock.value("harness_id", ""), "");
  EXPECT_EQ(lock["skill_objects"].size(), 1u);

  const Convergence converged = converge(*m_live);
  EXPECT_EQ(converged.problem, "") << converged.err;
  EXPECT_EQ(converged.action, "update");
  EXPECT_NE(converged.err.find("adopting it"), std::string::npos) << converged.err;
}

TEST_F(CliHarnessRecovery, ALostLockfileAdoptsTheHarnessInsteadOfCreatingASecond) {
  ASSERT_EQ(m_live->deploy({"--yes"}).exit_code, 0);
  const std::string id = m_live->harnesses().at(0).id;
  std::filesystem::remove(m_live->project() / ".agentlift-harness.json");

  const Convergence converged = converge(*m_live);
  EXPECT_EQ(converged.problem, "") << converged.err;
  EXPECT_EQ(converged.action, "update");
  EXPECT_EQ(Json::parse(m_live->lock_text())["harness_id"], id);
}

TEST_F(CliHarnessRecovery, AHarnessDeletedOutsideAgentliftIsReplaced) {
  ASSERT_EQ(m_live->deploy({"--yes"}).exit_code, 0);
  const std::string old_id = Json::parse(m_live->lock_text())["harness_id"].get<std::string>();
  m_live->with_control("us-west-2", "", [&](cloud::AgentCoreControlClient& control) {
    control.delete_harness(old_id);
  });
  testing::append_to_instructions(*m_live, "Be brief.");  // so the deploy is not a skip

  // Still DELETING when the deploy starts: it waits until the harness is gone.
  const Convergence converged = converge(*m_live);
  EXPECT_EQ(converged.problem, "") << converged.err;
  EXPECT_EQ(converged.action, "create");
  EXPECT_NE(converged.err.find("no longer exists"), std::string::npos) << converged.err;
  EXPECT_NE(Json::parse(m_live->lock_text())["harness_id"], old_id);
}

TEST_F(CliHarnessRecovery, ARegionChangeCreatesANewHarnessThere) {
  ASSERT_EQ(m_live->deploy({"--yes"}).exit_code, 0);
  const std::string west_id = Json::parse(m_live->lock_text())["harness_id"].get<std::string>();

  testing::AgentCoreLocalProcess east;
  testing::TempFolder east_log;
  ASSERT_EQ(east.start({"--port", "0", "--ready-delay", "0.2", "--region", "us-east-1"},
                       east_log.path() / "emulator.log"),
            "");
  const Convergence converged = converge(*m_live, "us-east-1", east.endpoint());
  EXPECT_EQ(converged.problem, "") << converged.err;
  EXPECT_EQ(converged.action, "create");
  const Json lock = Json::parse(m_live->lock_text());
  EXPECT_NE(lock["harness_id"], west_id);
  EXPECT_NE(lock["harness_arn"].get<std::string>().find(":us-east-1:"), std::string::npos);
  // The harness in us-west-2 is left as it is.
  ASSERT_EQ(m_live->harnesses().size(), 1u);
  EXPECT_EQ(m_live->harnesses()[0].id, west_id);
}

}  // namespace
}  // namespace agentlift
