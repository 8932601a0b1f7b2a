// `agentlift run` (the real binary) against a one-shot HTTP server on
// 127.0.0.1 that answers what agentcore-local cannot produce: an InvokeHarness
// event stream ending in an in-stream exception (the text that arrived is
// printed, then a clear error, exit 1), and the generated Runtime package's
// replies with nested tool calls, as JSON and as server-sent events (the tree
// goes to stderr).

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
#include "targets/bedrock/runtime_lock.hpp"

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

TEST(CliRunReplies, AnInStreamExceptionAfterSomeTextIsAClearErrorExitingOne) {
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

const char* const k_team_reply = R"({"result": "The brief.", "agent": "lead",
  "stop_reason": "end_turn", "tool_calls": [
    {"name": "researcher", "count": 1, "errors": 0,
     "delegations": [[{"name": "docs_search", "count": 2, "errors": 0}]]},
    {"name": "writer", "count": 1, "errors": 1, "delegations": [[]]}]})";

constexpr const char* k_team_tree =
    "tool calls:\n"
    "  researcher (1 call)\n"
    "    delegation 1:\n"
    "      docs_search (2 calls)\n"
    "  writer (1 call, 1 error)\n"
    "    delegation 1: no tool calls\n";

testing::ProcessOutput run_team(const OneShotServer& server, const testing::TempFolder& work,
                                std::vector<std::string> extra = {}) {
  const fs::path project = work.path() / "project";
  fs::copy(fs::path(AGENTLIFT_SOURCE_DIR) / "examples" / "team", project,
           fs::copy_options::recursive);
  bedrock::RuntimeLock lock;
  lock.agent_runtime_id = "agentlift_lead-AbCdEf1234";
  lock.agent_runtime_arn =
      "arn:aws:bedrock-agentcore:eu-north-1:123456789012:runtime/" + lock.agent_runtime_id;
  lock.region = "eu-north-1";
  files::write_atomic(bedrock::runtime_lock_path(project), bedrock::serialize_runtime_lock(lock));
  std::vector<std::string> argv{AGENTLIFT_BINARY, "run",    "lead",     "--project",
                                project.string(), "--task", "Brief me", "--endpoint-url",
                                server.endpoint()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return testing::run_process(argv, {"PATH=/usr/bin:/bin", "HOME=" + work.path().string(),
                                     "NO_PROXY=*", "AWS_EC2_METADATA_DISABLED=true",
                                     "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test"});
}

TEST(CliRunReplies, ARuntimeReplyPrintsTheResultAndTheNestedToolCallTree) {
  const std::string body = k_team_reply;
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  testing::TempFolder work;
  const testing::ProcessOutput result = run_team(server, work);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "The brief.\n");
  EXPECT_NE(result.err.find(k_team_tree), std::string::npos) << result.err;
  EXPECT_NE(server.request().find(R"("prompt":"Brief me")"), std::string::npos);
  EXPECT_NE(server.request().find(R"("agent":"lead")"), std::string::npos);
}

TEST(CliRunReplies, ARuntimeStreamPrintsTextAsItComesAndTheTreeAtTheEnd) {
  Json result = Json::parse(k_team_reply);
  result["type"] = "result";
  const std::string body =
      "data: {\"type\": \"text\", \"data\": \"The \"}\n\n"
      "data: {\"type\": \"tool_call\", \"name\": \"researcher\"}\n\n"
      "data: {\"type\": \"text\", \"data\": \"brief.\"}\n\n"
      "data: " +
      result.dump() + "\n\n";
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  testing::TempFolder work;
  const testing::ProcessOutput out = run_team(server, work, {"--stream"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out, "The brief.\n");
  EXPECT_NE(out.err.find("[tool: researcher]"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find(k_team_tree), std::string::npos) << out.err;
  EXPECT_NE(server.request().find(R"("stream":true)"), std::string::npos);
}

TEST(CliRunReplies, ARuntimeThatRefusesTheRequestIsAnError) {
  const std::string body = R"({"error": "unknown agent 'x'; this runtime has lead"})";
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  testing::TempFolder work;
  const testing::ProcessOutput out = run_team(server, work);
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.err.find("error: the runtime refused the request: unknown agent 'x'"),
            std::string::npos)
      << out.err;
}

}  // namespace
}  // namespace agentlift
