// `agentlift run` (the real binary) against a one-shot HTTP server on
// 127.0.0.1 that answers InvokeHarness with an event stream ending in an
// in-stream exception, which agentcore-local cannot produce: the text that
// arrived is printed, then a clear error, exit 1.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "base/files.hpp"
#include "emulator/eventstream_writer.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"
#include "targets/bedrock/harness_lock.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;

// Accepts one connection (waiting at most 20 s), reads the request and sends
// `reply`, then closes.
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply) : m_reply(std::move(reply)) {
    m_socket = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(m_socket, 1);
    socklen_t length = sizeof address;
    ::getsockname(m_socket, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~OneShotServer() {
    m_thread.join();
    ::close(m_socket);
  }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  const std::string& request() const { return m_request; }

 private:
  void serve() {
    pollfd waiting{m_socket, POLLIN, 0};
    if (::poll(&waiting, 1, 20000) <= 0) return;
    const int client = ::accept(m_socket, nullptr, nullptr);
    if (client < 0) return;
    char buffer[4096];
    while (m_request.find("\r\n\r\n") == std::string::npos) {
      const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      m_request.append(buffer, static_cast<std::size_t>(got));
    }
    const auto length_at = m_request.find("Content-Length: ");
    const std::size_t body_length =
        length_at == std::string::npos ? 0 : std::stoul(m_request.substr(length_at + 16));
    while (m_request.size() < m_request.find("\r\n\r\n") + 4 + body_length) {
      const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      m_request.append(buffer, static_cast<std::size_t>(got));
    }
    ::send(client, m_reply.data(), m_reply.size(), MSG_NOSIGNAL);
    ::close(client);
  }

  std::string m_reply;
  int m_socket = -1;
  int m_port = 0;
  std::string m_request;
  std::thread m_thread;
};

TEST(CliRunStreamError, AnInStreamExceptionAfterSomeTextIsAClearErrorExitingOne) {
  const std::string stream =
      emulator::encode_event("messageStart", {{"role", "assistant"}}) +
      emulator::encode_event("contentBlockDelta",
                             {{"contentBlockIndex", 0}, {"delta", {{"text", "Partial answer"}}}}) +
      emulator::encode_exception("internalServerException", "the model call failed");
  OneShotServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\n"
      "Content-Length: " +
      std::to_string(stream.size()) + "\r\nConnection: close\r\n\r\n" + stream);

  testing::TempFolder work;
  const fs::path project = work.path() / "project";
  fs::copy(fs::path(AGENTLIFT_SOURCE_DIR) / "examples" / "single-agent", project,
           fs::copy_options::recursive);
  bedrock::HarnessLock lock;
  lock.harness_id = "agentlift_support_agent-AbCdEf1234";
  lock.harness_arn = "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/" + lock.harness_id;
  lock.region = "us-west-2";
  lock.display_name = "agentlift-support_agent";
  files::write_atomic(bedrock::harness_lock_path(project), bedrock::serialize_harness_lock(lock));

  const testing::ProcessOutput result = testing::run_process(
      {AGENTLIFT_BINARY, "run", "support-agent", "--project", project.string(), "--task", "hi",
       "--endpoint-url", server.endpoint()},
      {"PATH=/usr/bin:/bin", "HOME=" + work.path().string(), "NO_PROXY=*",
       "AWS_EC2_METADATA_DISABLED=true", "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.out, "Partial answer\n");
  EXPECT_NE(result.err.find("error: the harness stopped its answer with InternalServerException: "
                            "the model call failed"),
            std::string::npos)
      << result.err;
  EXPECT_NE(server.request().find("POST /harnesses/invoke?harnessArn="), std::string::npos);
}

}  // namespace
}  // namespace agentlift
