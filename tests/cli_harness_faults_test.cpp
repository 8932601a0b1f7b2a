// Crash safety of `agentlift deploy` for a Harness (docs/harness-crash-safety.md):
// the real binary against agentcore-local and moto, broken on purpose, then run
// again without the fault. Every scenario must end with exactly one harness,
// READY, and a lock whose harness_id and spec_hash match it.
//
//  - the fault matrix: each control-plane call a deploy makes (create path:
//    ListHarnesses, CreateHarness, GetHarness polls; update path: GetHarness
//    check, UpdateHarness, GetHarness polls) x 500, 503, 429, connection reset
//    x a blip (retried) or a fault that outlasts the retries, plus an
//    unreachable endpoint on both paths;
//  - SIGKILL at seeded pseudo-random moments of a create and of an update;
//  - Ctrl-C while waiting, a create whose reply was lost, a lost lockfile, a
//    harness deleted outside agentlift, and a region change.
//
// Scenarios run a few at a time (each has its own emulator and folder), since
// most of a deploy is waiting for the harness to become READY.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "base/json.hpp"
#include "support/live_harness_project.hpp"

namespace agentlift {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::LiveHarnessProject;
using testing::ProcessOutput;

// AWS_MAX_ATTEMPTS' default: a fault armed for this many calls defeats the retries.
constexpr int k_attempts = 3;
constexpr unsigned k_workers = 4;

// A port on 127.0.0.1 that nothing listens on (the endpoint of a lost network).
std::string closed_endpoint() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
}

std::string summary_of(const ProcessOutput& output) {
  return "exit " + std::to_string(output.exit_code) + ", stderr:\n" + output.err;
}

// "" when at most one harness exists and the lock, if any, parses and names
// only a harness that exists.
std::string lock_consistent(const LiveHarnessProject& live) {
  const auto listed = live.harnesses();
  if (listed.size() > 1) return std::to_string(listed.size()) + " harnesses exist";
  if (!live.has_lock()) return "";
  Json lock;
  try {
    lock = Json::parse(live.lock_text());
  } catch (const std::exception&) {
    return "the lock is not JSON";
  }
  const std::string id = lock.value("harness_id", "");
  if (id.empty()) return "";
  if (listed.empty() || listed[0].id != id) return "the lock names " + id + ", which is gone";
  return "";
}

struct Convergence {
  std::string problem;  // "" when converged
  std::size_t harnesses = 0;
  std::string action;  // of the re-run: create, update or skip
  std::string err;     // its stderr
};

// Deploys again without any fault and checks: exactly one harness, READY, and
// the lock names it with the plan's spec hash.
Convergence converge(const LiveHarnessProject& live, const std::string& region = "us-west-2",
                     const std::string& endpoint = "") {
  Convergence out;
  const ProcessOutput again =
      live.deploy({"--yes", "--json", "--bedrock-region", region}, endpoint);
  out.err = again.err;
  const auto listed = live.harnesses(region, endpoint);
  out.harnesses = listed.size();
  if (again.exit_code != 0) {
    out.problem = "the re-run failed: " + summary_of(again);
    return out;
  }
  const Json result = Json::parse(again.out);
  out.action = result.value("action", "");
  const Json lock = Json::parse(live.lock_text());
  if (listed.size() != 1) {
    out.problem = std::to_string(listed.size()) + " harnesses exist after the re-run";
  } else if (listed[0].status != "READY") {
    out.problem = "the harness is " + listed[0].status;
  } else if (lock.value("harness_id", "") != listed[0].id ||
             lock.value("harness_arn", "") != listed[0].arn) {
    out.problem =
        "the lock names " + lock.value("harness_id", "") + ", the harness is " + listed[0].id;
  } else if (lock.value("spec_hash", "") != result.value("spec_hash", "") ||
             lock.value("spec_hash", "").empty()) {
    out.problem = "the lock's spec_hash is '" + lock.value("spec_hash", "") + "'";
  } else if (lock.value("region", "") != region) {
    out.problem = "the lock's region is '" + lock.value("region", "") + "'";
  }
  return out;
}

// Runs job(i) for i in [0, count) on k_workers threads. A job reports a
// problem in its result instead of asserting (assertions stay on this thread).
template <typename Result, typename Job>
std::vector<Result> run_in_parallel(std::size_t count, Job job) {
  std::vector<Result> results(count);
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (unsigned worker = 0; worker < k_workers; ++worker) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < count; i = next++) {
        try {
          results[i] = job(i);
        } catch (const std::exception& error) {
          results[i].problem = std::string("exception: ") + error.what();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}

void append_to_instructions(const LiveHarnessProject& live, const std::string& line) {
  std::ofstream(live.agent_file(), std::ios::app) << "\n" << line << "\n";
}

class CliHarnessFaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_s3.start(); }
  static void TearDownTestSuite() { s_s3.stop(); }

  void SetUp() override {
    if (!s_s3.skip.empty()) GTEST_SKIP() << s_s3.skip;
    ASSERT_TRUE(s_s3.failure.empty()) << s_s3.failure;
  }

  static testing::SkillBucketServer s_s3;
};

testing::SkillBucketServer CliHarnessFaults::s_s3;

// ---- the fault matrix ---------------------------------------------------------

struct FaultedCall {
  bool update_path;   // the deploy updates a deployed harness (else it creates one)
  const char* label;  // for messages
  const char* operation;
  int nth;  // which call of `operation` the fault starts at
};

constexpr FaultedCall k_calls[] = {
    {false, "ListHarnesses", "ListHarnesses", 1},  {false, "CreateHarness", "CreateHarness", 1},
    {false, "GetHarness (poll)", "GetHarness", 1}, {true, "GetHarness (check)", "GetHarness", 1},
    {true, "UpdateHarness", "UpdateHarness", 1},   {true, "GetHarness (poll)", "GetHarness", 2},
};

struct FaultKindCase {
  const char* label;
  const char* kind;
  int status;  // for kind "error"
};

constexpr FaultKindCase k_kinds[] = {
    {"500", "error", 500}, {"503", "error", 503}, {"429", "throttle", 0}, {"reset", "reset", 0}};

struct FaultScenario {
  std::string name;
  bool update_path = false;
  std::optional<Json> rule;  // none: the endpoint is unreachable
  bool expect_success = false;
};

struct ScenarioResult {
  std::string problem;  // "" when it behaved and converged
  bool first_succeeded = false;
  std::size_t harnesses = 0;
};

std::vector<FaultScenario> fault_scenarios() {
  std::vector<FaultScenario> scenarios;
  for (const FaultedCall& call : k_calls) {
    for (const FaultKindCase& kind : k_kinds) {
      for (const int count : {1, k_attempts}) {
        Json rule{{"operation", call.operation},
                  {"kind", kind.kind},
                  {"nth", call.nth},
                  {"count", count}};
        if (kind.status != 0) rule["status"] = kind.status;
        scenarios.push_back({std::string(call.update_path ? "update" : "create") + ": " +
                                 call.label + " " + kind.label + " x" + std::to_string(count),
                             call.update_path, rule, count < k_attempts});
      }
    }
  }
  scenarios.push_back({"create: endpoint unreachable", false, std::nullopt, false});
  scenarios.push_back({"update: endpoint unreachable", true, std::nullopt, false});
  return scenarios;
}

ScenarioResult run_fault_scenario(const std::string& s3_endpoint, const FaultScenario& scenario) {
  ScenarioResult result;
  LiveHarnessProject live(s3_endpoint);
  if (std::string failure = live.start_emulator(); !failure.empty()) {
    result.problem = "emulator: " + failure;
    return result;
  }
  if (scenario.update_path) {
    const ProcessOutput first = live.deploy({"--yes"});
    if (first.exit_code != 0) {
      result.problem = "the initial deploy failed: " + summary_of(first);
      return result;
    }
    append_to_instructions(live, "Always answer in one paragraph.");
  }
  if (scenario.rule) {
    if (std::string failure = live.arm_fault(*scenario.rule); !failure.empty()) {
      result.problem = "arming the fault: " + failure;
      return result;
    }
  }
  const ProcessOutput faulted = live.deploy({"--yes"}, scenario.rule ? "" : closed_endpoint());
  result.first_succeeded = faulted.exit_code == 0;
  if (scenario.rule) {
    const Json report = live.fault_report();
    const bool listed = report.is_object() && report.contains("faults") &&
                        report.at("faults").is_array() && !report.at("faults").empty();
    const int fired = listed ? report.at("faults").at(0).value("fired", 0) : -1;
    const int count = (*scenario.rule)["count"].get<int>();
    if (fired != count) {
      result.problem = "the fault fired " + std::to_string(fired) + " times, not " +
                       std::to_string(count) + "; " + summary_of(faulted);
      return result;
    }
  }
  if (result.first_succeeded != scenario.expect_success) {
    result.problem = std::string(scenario.expect_success ? "expected the retries to succeed"
                                                         : "expected a failure") +
                     ": " + summary_of(faulted);
    return result;
  }
  if (!result.first_succeeded &&
      (faulted.exit_code != 1 || faulted.err.find("error: ") == std::string::npos ||
       faulted.err.find("hint: ") == std::string::npos)) {
    result.problem = "not a clear error: " + summary_of(faulted);
    return result;
  }
  if (std::string problem = lock_consistent(live); !problem.empty()) {
    result.problem = "after the fault: " + problem;
    return result;
  }
  live.disarm_faults();
  const Convergence converged = converge(live);
  result.harnesses = converged.harnesses;
  result.problem = converged.problem;
  return result;
}

TEST_F(CliHarnessFaults, EveryCallAndFaultKindConvergesOnOneHarnessAndACorrectLock) {
  const std::vector<FaultScenario> scenarios = fault_scenarios();
  const std::string s3 = s_s3.endpoint();
  const auto results = run_in_parallel<ScenarioResult>(
      scenarios.size(), [&](std::size_t i) { return run_fault_scenario(s3, scenarios[i]); });

  std::size_t converged = 0;
  std::size_t retried = 0;
  std::size_t one_harness = 0;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    EXPECT_EQ(results[i].problem, "") << scenarios[i].name;
    if (results[i].problem.empty()) ++converged;
    if (results[i].first_succeeded) ++retried;
    if (results[i].harnesses == 1) ++one_harness;
  }
  std::cout << "fault matrix: " << scenarios.size() << " scenarios (" << std::size(k_calls)
            << " calls x " << std::size(k_kinds) << " kinds x blip/outlasting retries, "
            << "+2 unreachable endpoint), " << retried << " succeeded through retries, "
            << scenarios.size() - retried << " failed with error+hint, " << converged
            << " converged, " << one_harness << " with exactly 1 harness" << std::endl;
}

// ---- SIGKILL at seeded moments ------------------------------------------------

// How far a killed deploy got, read from the lock and the harnesses that exist.
std::string stage_after_kill(const LiveHarnessProject& live, const std::string& spec_before) {
  const auto listed = live.harnesses();
  if (!live.has_lock()) return listed.empty() ? "nothing yet" : "harness not in the lock";
  const Json lock = Json::parse(live.lock_text());
  const std::string id = lock.value("harness_id", "");
  const std::string spec = lock.value("spec_hash", "");
  if (id.empty()) return listed.empty() ? "objects recorded" : "harness not in the lock";
  if (spec.empty()) return "harness recorded, not settled";
  if (spec == spec_before) return "update not recorded yet";
  return "deploy finished";
}

struct KillResult {
  std::string problem;
  std::vector<std::string> stages;  // one per killed deploy
  std::size_t harnesses = 0;
};

// The calls take a while (as over a real network), so kills land inside
// them as well as between them.
const Json k_slow_calls =
    Json{{"faults",
          {{{"operation", "ListHarnesses"}, {"kind", "delay"}, {"delayMs", 100}, {"count", 1000}},
           {{"operation", "CreateHarness"}, {"kind", "delay"}, {"delayMs", 500}, {"count", 1000}},
           {{"operation", "UpdateHarness"}, {"kind", "delay"}, {"delayMs", 300}, {"count", 1000}},
           {{"operation", "GetHarness"}, {"kind", "delay"}, {"delayMs", 100}, {"count", 1000}}}}};

// Kills one deploy after `after`, lets an in-flight call land, re-runs.
std::string kill_and_rerun(LiveHarnessProject& live, std::chrono::milliseconds after,
                           KillResult& result) {
  std::string spec_before;
  if (live.has_lock()) spec_before = Json::parse(live.lock_text()).value("spec_hash", "");
  if (std::string failure = live.arm_fault(k_slow_calls); !failure.empty()) return failure;
  {
    ChildProcess deploy(live.deploy_argv({"--yes"}), live.environment());
    deploy.run_for(after);
    deploy.signal(SIGKILL);
    deploy.wait();
  }
  std::this_thread::sleep_for(600ms);  // a call the killed process sent still lands
  live.disarm_faults();
  result.stages.push_back(stage_after_kill(live, spec_before));
  const Convergence converged = converge(live);
  result.harnesses = converged.harnesses;
  return converged.problem;
}

TEST_F(CliHarnessFaults, SigkillAtSeededMomentsThenARerunConverges) {
  constexpr std::size_t k_points = 12;
  std::mt19937 random(20261208);  // fixed seed: the same moments every run
  std::vector<std::pair<std::chrono::milliseconds, std::chrono::milliseconds>> moments;
  for (std::size_t i = 0; i < k_points; ++i) {
    const auto create_at = std::chrono::milliseconds(random() % 2000);
    const auto update_at = std::chrono::milliseconds(random() % 1800);
    moments.emplace_back(create_at, update_at);
  }
  const std::string s3 = s_s3.endpoint();
  const auto results = run_in_parallel<KillResult>(k_points, [&](std::size_t i) {
    KillResult result;
    LiveHarnessProject live(s3);
    if (std::string failure = live.start_emulator("0.5"); !failure.empty()) {
      result.problem = failure;
      return result;
    }
    result.problem = kill_and_rerun(live, moments[i].first, result);
    if (!result.problem.empty()) return result;
    append_to_instructions(live, "Cite the order number.");
    result.problem = kill_and_rerun(live, moments[i].second, result);
    return result;
  });

  std::map<std::string, int> stages;
  std::size_t converged = 0;
  std::size_t one_harness = 0;
  for (std::size_t i = 0; i < k_points; ++i) {
    EXPECT_EQ(results[i].problem, "")
        << "kill point " << i << " (create +" << moments[i].first.count() << " ms, update +"
        << moments[i].second.count() << " ms)";
    if (results[i].problem.empty()) converged += results[i].stages.size();
    if (results[i].harnesses == 1) ++one_harness;
    for (const std::string& stage : results[i].stages) ++stages[stage];
  }
  std::ostringstream seen;
  for (const auto& [stage, count] : stages)
    seen << (seen.tellp() > 0 ? ", " : "") << stage << " " << count;
  std::cout << "sigkill: " << 2 * k_points << " killed deploys (" << k_points << " creates, "
            << k_points << " updates; seed 20261208), " << converged << " converged, "
            << one_harness << "/" << k_points
            << " projects with exactly 1 harness; stages: " << seen.str() << std::endl;
}

// ---- single scenarios -----------------------------------------------------------

class CliHarnessRecovery : public CliHarnessFaults {
 protected:
  void SetUp() override {
    CliHarnessFaults::SetUp();
    if (IsSkipped()) return;
    m_live = std::make_unique<LiveHarnessProject>(s_s3.endpoint());
    ASSERT_EQ(m_live->start_emulator("1"), "");
  }

  std::unique_ptr<LiveHarnessProject> m_live;
};

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
    // The lock records the uploaded skill file before any harness call.
    const auto started = std::chrono::steady_clock::now();
    while (!m_live->has_lock() && std::chrono::steady_clock::now() - started < 20s) {
      deploy.run_for(20ms);
    }
    deploy.run_for(500ms);  // ListHarnesses answered; CreateHarness is in flight
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
  append_to_instructions(*m_live, "Be brief.");  // so the deploy is not a skip

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
