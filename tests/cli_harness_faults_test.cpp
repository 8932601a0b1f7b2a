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
//  - SIGKILL at seeded pseudo-random moments of a create and of an update.
// (Single scenarios, Ctrl-C among them, are in cli_harness_recovery_test.cpp.)
//
// Scenarios run a few at a time (each has its own emulator and folder), since
// most of a deploy is waiting for the harness to become READY.

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "base/json.hpp"
#include "support/harness_convergence.hpp"

namespace agentlift {
namespace {

using namespace std::chrono_literals;
using testing::append_to_instructions;
using testing::ChildProcess;
using testing::closed_endpoint;
using testing::converge;
using testing::Convergence;
using testing::LiveHarnessProject;
using testing::lock_consistent;
using testing::ProcessOutput;
using testing::summary_of;

// AWS_MAX_ATTEMPTS' default: a fault armed for this many calls defeats the retries.
constexpr int k_attempts = 3;
constexpr unsigned k_workers = 4;

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

class CliHarnessFaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_s3.start(testing::k_harness_bucket); }
  static void TearDownTestSuite() { s_s3.stop(); }

  void SetUp() override {
    if (!s_s3.skip.empty()) GTEST_SKIP() << s_s3.skip;
    ASSERT_TRUE(s_s3.failure.empty()) << s_s3.failure;
  }

  static testing::MotoS3Server s_s3;
};

testing::MotoS3Server CliHarnessFaults::s_s3;

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
  if (result.problem = testing::leaked_secret(live, faulted); !result.problem.empty()) {
    return result;
  }
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

// Kills one deploy after `after`, lets an in-flight call land, edits the
// folder (so the re-run's create clientToken differs: only the lookup by name
// can find a harness whose create reply was lost), re-runs.
std::string kill_and_rerun(LiveHarnessProject& live, std::chrono::milliseconds after,
                           const std::string& edit, KillResult& result) {
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
  append_to_instructions(live, edit);
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
    result.problem = kill_and_rerun(live, moments[i].first, "Be concise.", result);
    if (!result.problem.empty()) return result;
    append_to_instructions(live, "Cite the order number.");
    result.problem = kill_and_rerun(live, moments[i].second, "Be polite.", result);
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

}  // namespace
}  // namespace agentlift
