#pragma once
// What the end-to-end tests of the live Harness deploy share
// (tests/cli_harness_deploy_test.cpp, tests/cli_harness_faults_test.cpp):
//
//  - MotoS3Server (support/moto_s3.hpp): moto serving S3 with the skill bucket;
//  - LiveHarnessProject: a copy of examples/single-agent, an agentcore-local
//    process of its own, and the real agentlift binary run against both with an
//    exact environment (a canary MCP secret included), plus the emulator's
//    fault admin API and ListHarnesses to see what exists.
//
// Everything is on 127.0.0.1. A LiveHarnessProject touches no global state,
// so tests may run several at once from different threads.

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/aws_client.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/s3_client.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/moto_s3.hpp"
#include "support/moto_server.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::testing {

inline constexpr const char* k_harness_canary = "canary-SECRET-orders-token-8c1f";
inline constexpr const char* k_harness_role = "arn:aws:iam::123456789012:role/agentlift-harness";
inline constexpr const char* k_harness_bucket = "agentlift-deploy-test";

class LiveHarnessProject {
 public:
  explicit LiveHarnessProject(std::string s3_endpoint) : m_s3_endpoint(std::move(s3_endpoint)) {
    std::filesystem::copy(std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "examples" / "single-agent",
                          project(), std::filesystem::copy_options::recursive);
  }

  // Starts agentcore-local with `flags` (a free port, --verbose, and the given
  // --ready-delay); "" when it is up, else why not.
  std::string start_emulator(const std::string& ready_delay = "0.2",
                             std::vector<std::string> flags = {}) {
    flags.insert(flags.end(), {"--port", "0", "--ready-delay", ready_delay, "--verbose"});
    return m_emulator.start(flags, m_work.path() / "emulator.log");
  }

  AgentCoreLocalProcess& emulator() { return m_emulator; }
  const AgentCoreLocalProcess& emulator() const { return m_emulator; }
  std::filesystem::path project() const { return m_work.path() / "project"; }
  std::filesystem::path agent_file() const {
    return project() / ".managed-agents" / "support-agent" / "agent.md";
  }

  std::vector<std::string> environment() const {
    return {"PATH=/usr/bin:/bin",
            "HOME=" + m_work.path().string(),
            "NO_PROXY=*",
            "AWS_EC2_METADATA_DISABLED=true",
            "AWS_ACCESS_KEY_ID=test",
            "AWS_SECRET_ACCESS_KEY=test",
            "AWS_ENDPOINT_URL_S3=" + m_s3_endpoint,
            "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN=" + std::string(k_harness_role),
            std::string("ORDERS_API_TOKEN=") + k_harness_canary};
  }

  // `agentlift deploy <project> --endpoint-url <endpoint> --s3-bucket … <extra>`;
  // the endpoint defaults to this project's emulator.
  std::vector<std::string> deploy_argv(const std::vector<std::string>& extra = {},
                                       const std::string& endpoint = "") const {
    std::vector<std::string> argv{AGENTLIFT_BINARY,
                                  "deploy",
                                  project().string(),
                                  "--endpoint-url",
                                  endpoint.empty() ? m_emulator.endpoint() : endpoint,
                                  "--s3-bucket",
                                  k_harness_bucket};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  ProcessOutput deploy(const std::vector<std::string>& extra = {},
                       const std::string& endpoint = "") const {
    return run_process(deploy_argv(extra, endpoint), environment());
  }

  bool has_lock() const { return std::filesystem::exists(project() / ".agentlift-harness.json"); }
  std::string lock_text() const {
    std::ifstream in(project() / ".agentlift-harness.json");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Arms a fault rule (docs/emulator.md, "Faults"); "" on success.
  std::string arm_fault(const Json& rule) const {
    return admin("POST", "/_agentcore_local/faults", rule.dump());
  }
  std::string disarm_faults() const { return admin("DELETE", "/_agentcore_local/faults", ""); }
  // The armed rules with their counters ({"faults": [{…, "fired": N}]}).
  Json fault_report() const {
    std::string body;
    const std::string failure = admin("GET", "/_agentcore_local/faults", "", &body);
    return failure.empty() ? Json::parse(body) : Json();
  }

  // Calls the control plane through `use(client)`, signed as test/test.
  template <typename Use>
  auto with_control(const std::string& region, const std::string& endpoint, Use use) const {
    cloud::CurlTransport curl;
    LoopbackTransport transport(curl);
    cloud::AwsClientConfig config;
    config.service = "AgentCore";
    config.signing_name = "bedrock-agentcore";
    config.region = region;
    config.endpoint = endpoint.empty() ? m_emulator.endpoint() : endpoint;
    config.credentials = {"test", "test", std::nullopt};
    config.retry_policy.max_attempts = 1;
    cloud::AwsClient client(config, transport);
    cloud::AgentCoreControlClient control(client);
    return use(control);
  }

  // Every harness the emulator (in `region`, or another one at `endpoint`) lists.
  std::vector<cloud::AgentCoreResource> harnesses(const std::string& region = "us-west-2",
                                                  const std::string& endpoint = "") const {
    return with_control(region, endpoint, [](cloud::AgentCoreControlClient& control) {
      return control.list_all_harnesses();
    });
  }

 private:
  std::string admin(const std::string& method, const std::string& path, const std::string& body,
                    std::string* reply = nullptr) const {
    cloud::CurlTransport curl;
    LoopbackTransport transport(curl);
    cloud::HttpRequest request{method, m_emulator.endpoint() + path, {}, body};
    if (!body.empty()) request.set_header("Content-Type", "application/json");
    const cloud::HttpResponse response = transport.send(request);
    if (reply != nullptr) *reply = response.body;
    return response.status < 300 ? "" : std::to_string(response.status) + " " + response.body;
  }

  std::string m_s3_endpoint;
  TempFolder m_work;
  AgentCoreLocalProcess m_emulator;
};

}  // namespace agentlift::testing
