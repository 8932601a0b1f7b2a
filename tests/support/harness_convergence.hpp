#pragma once
// What the crash-safety tests of the live Harness deploy check after breaking a
// deploy (tests/cli_harness_faults_test.cpp, tests/cli_harness_recovery_test.cpp):
// that the lock is consistent with what exists, and that deploying again
// converges on exactly one harness, READY, recorded with the plan's spec hash.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "base/json.hpp"
#include "support/live_harness_project.hpp"

namespace agentlift::testing {

// A port on 127.0.0.1 that nothing listens on (the endpoint of a lost network).
inline std::string closed_endpoint() {
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

// "" unless the MCP secret (k_harness_canary) reached the output or the lock.
inline std::string leaked_secret(const LiveHarnessProject& live, const ProcessOutput& output) {
  if (output.out.find(k_harness_canary) != std::string::npos)
    return "the MCP secret reached stdout";
  if (output.err.find(k_harness_canary) != std::string::npos)
    return "the MCP secret reached stderr";
  if (live.lock_text().find(k_harness_canary) != std::string::npos) {
    return "the MCP secret reached the lock";
  }
  return "";
}

inline std::string summary_of(const ProcessOutput& output) {
  return "exit " + std::to_string(output.exit_code) + ", stderr:\n" + output.err;
}

// "" when at most one harness exists and the lock, if any, parses and names
// only a harness that exists.
inline std::string lock_consistent(const LiveHarnessProject& live) {
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
inline Convergence converge(const LiveHarnessProject& live, const std::string& region = "us-west-2",
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
  if (out.problem = leaked_secret(live, again); !out.problem.empty()) return out;
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

inline void append_to_instructions(const LiveHarnessProject& live, const std::string& line) {
  std::ofstream(live.agent_file(), std::ios::app) << "\n" << line << "\n";
}

}  // namespace agentlift::testing
