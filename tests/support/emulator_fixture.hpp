#pragma once
// The fixture of the agentcore-local process tests (tests/emulator_*_test.cpp):
// a real agentcore-local started on a free port with a short --ready-delay, and
// our own client stack pointed at it (AwsClient + CurlTransport, signing name
// bedrock-agentcore, us-west-2, key test/test). Only 127.0.0.1 is contacted.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "base/json.hpp"
#include "cloud/aws_client.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/curl_transport.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::cloud::emulator_testing {

using namespace std::chrono_literals;

inline const std::string k_role = "arn:aws:iam::123456789012:role/R";
inline const std::string k_session = "0123456789abcdef0123456789abcdef01";

class EmulatorProcessFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Never go through a proxy to the local server.
    setenv("NO_PROXY", "*", 1);
    setenv("no_proxy", "*", 1);
  }

  void start(std::vector<std::string> flags = {}) {
    flags.insert(flags.end(), {"--ready-delay", "0.3"});
    const std::string failure = process.start(flags, folder.path() / "stderr.txt");
    ASSERT_EQ(failure, "") << process.stderr_text();
  }

  AwsClient client(const std::string& secret = "test", int max_attempts = 1) {
    AwsClientConfig config;
    config.service = "AgentCore";
    config.signing_name = "bedrock-agentcore";
    config.region = "us-west-2";
    config.endpoint = process.endpoint();
    config.credentials = {"test", secret, std::nullopt};
    config.retry_policy.max_attempts = max_attempts;
    config.retry_hooks.sleep = [](std::chrono::milliseconds) {};
    return AwsClient(config, transport);
  }

  static HttpRequest request(const std::string& method, const std::string& path,
                             const Json& body = nullptr, Headers headers = {}) {
    HttpRequest out;
    out.method = method;
    out.url = path;
    out.headers = std::move(headers);
    if (!body.is_null()) {
      out.body = body.dump();
      out.set_header("Content-Type", "application/json");
    }
    return out;
  }

  static Json json(const HttpResponse& response) { return Json::parse(response.body); }

  HttpError error_of(AwsClient& aws, const std::string& operation, const HttpRequest& call) {
    try {
      aws.call(operation, call, Protocol::rest_json1);
    } catch (const HttpError& error) {
      return error;
    }
    ADD_FAILURE() << operation << " succeeded";
    return HttpError(HttpErrorInfo{});
  }

  Json create_runtime(AwsClient& aws, const std::string& name) {
    return json(aws.call(
        "CreateAgentRuntime",
        request("PUT", "/runtimes/",
                {{"agentRuntimeName", name},
                 {"roleArn", k_role},
                 {"agentRuntimeArtifact",
                  {{"codeConfiguration",
                    {{"code", {{"s3", {{"bucket", "my-bucket"}, {"prefix", "a/code.zip"}}}}},
                     {"runtime", "PYTHON_3_12"},
                     {"entryPoint", {"main.py"}}}}}}}),
        Protocol::rest_json1));
  }

  // Polls Get until the status leaves CREATING/UPDATING (at most 10 s).
  Json wait_until_settled(AwsClient& aws, const std::string& path, const std::string& operation,
                          const std::string& member = "") {
    for (int i = 0; i < 200; ++i) {
      Json got = json(aws.call(operation, request("GET", path), Protocol::rest_json1));
      const Json& resource = member.empty() ? got : got[member];
      const std::string status = resource["status"];
      if (status != "CREATING" && status != "UPDATING") return resource;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << path << " never settled";
    return Json();
  }

  testing::TempFolder folder;
  testing::AgentCoreLocalProcess process;
  CurlTransport transport;
};

// Sends raw bytes on a fresh connection and returns what comes back before the
// server closes it or 10 s pass. Requests should say "Connection: close";
// `half_close` also ends our side after sending (httplib then drops requests
// it has not started on, so only for bodies that are never sent).
inline std::string raw_exchange(int port, const std::string& bytes, bool half_close = false) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "<connect failed>";
  }
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  if (half_close) shutdown(fd, SHUT_WR);
  std::string reply;
  char buffer[4096];
  while (true) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
    // httplib keeps a connection open after some error replies: stop once the
    // reply (headers plus Content-Length bytes) is complete.
    const auto head_end = reply.find("\r\n\r\n");
    const auto length_at = reply.find("Content-Length: ");
    if (head_end != std::string::npos && length_at != std::string::npos && length_at < head_end) {
      const std::size_t length = std::stoul(reply.substr(length_at + 16));
      if (reply.size() >= head_end + 4 + length) break;
    }
  }
  close(fd);
  return reply;
}

}  // namespace agentlift::cloud::emulator_testing
