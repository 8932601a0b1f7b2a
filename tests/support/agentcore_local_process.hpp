#pragma once
// Runs the real agentcore-local binary (AGENTCORE_LOCAL_BINARY) for tests: starts
// it with the given flags, reads its banner ("listening on http://127.0.0.1:PORT",
// the first stdout line) with a deadline, measures how long that took, and
// stops it with a signal, reporting the exit status. Its stderr goes to a file
// the test can read.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace agentlift::testing {

class AgentCoreLocalProcess {
 public:
  AgentCoreLocalProcess() = default;
  AgentCoreLocalProcess(const AgentCoreLocalProcess&) = delete;
  AgentCoreLocalProcess& operator=(const AgentCoreLocalProcess&) = delete;
  ~AgentCoreLocalProcess() {
    if (m_pid > 0) stop(SIGKILL);
  }

  // Starts the binary; returns "" once the banner arrived, else what went wrong.
  std::string start(const std::vector<std::string>& flags, const std::filesystem::path& stderr_file,
                    std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
    m_stderr_file = stderr_file;
    int out[2];
    if (pipe(out) != 0) return "pipe failed";
    const auto started = std::chrono::steady_clock::now();
    m_pid = fork();
    if (m_pid < 0) return "fork failed";
    if (m_pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a killed test binary
      dup2(out[1], STDOUT_FILENO);
      const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (err >= 0) dup2(err, STDERR_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      std::string binary = AGENTCORE_LOCAL_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copies = flags;
      for (std::string& flag : copies) argv.push_back(flag.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    close(out[1]);
    m_stdout = out[0];
    std::string line;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          started + deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return "no banner within the deadline";
      pollfd fd{m_stdout, POLLIN, 0};
      if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[256];
      const ssize_t n = read(m_stdout, buffer, sizeof buffer);
      if (n <= 0) return "agentcore-local exited before its banner: " + stderr_text();
      line.append(buffer, static_cast<std::size_t>(n));
    }
    m_startup = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    m_banner = line.substr(0, line.find('\n'));
    const std::string prefix = "listening on http://127.0.0.1:";
    if (!m_banner.starts_with(prefix)) return "unexpected first line: " + m_banner;
    m_port = std::stoi(m_banner.substr(prefix.size()));
    return "";
  }

  // Sends `signal` and waits up to 10 s; returns the exit code (128 + signal
  // when it was killed, -1 when it would not stop).
  int stop(int signal = SIGTERM) {
    if (m_pid <= 0) return -1;
    kill(m_pid, signal);
    int status = 0;
    for (int i = 0; i < 200; ++i) {
      if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        if (m_stdout >= 0) close(m_stdout);
        m_stdout = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(m_pid, SIGKILL);
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    return -1;
  }

  // Runs the binary to completion (for flag errors): exit code, stderr in `err`.
  static int run(const std::vector<std::string>& flags, const std::filesystem::path& stderr_file) {
    AgentCoreLocalProcess process;
    process.start(flags, stderr_file, std::chrono::seconds(10));
    int status = 0;
    if (process.m_pid > 0) {
      waitpid(process.m_pid, &status, 0);
      process.m_pid = -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  std::string stderr_text() const {
    std::ifstream in(m_stderr_file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  int port() const { return m_port; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  const std::string& banner() const { return m_banner; }
  std::chrono::microseconds startup_time() const { return m_startup; }

 private:
  pid_t m_pid = -1;
  int m_stdout = -1;
  int m_port = 0;
  std::string m_banner;
  std::chrono::microseconds m_startup{0};
  std::filesystem::path m_stderr_file;
};

}  // namespace agentlift::testing
