#pragma once
// Runs a program as a child process with an exact environment (nothing
// inherited) and captures stdout and stderr separately. For tests that must see
// what the real binary prints, e.g. that no secret reaches its --debug output,
// or that interrupt it (ChildProcess: signal it while it runs).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace agentlift::testing {

struct ProcessOutput {
  int exit_code = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
};

// A running child. `argv[0]` is the program's path; `environment` holds
// "NAME=value" entries; stdin is /dev/null. It dies with the test process.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& environment)
      : m_program(argv.at(0)) {
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    std::vector<char*> env;
    for (const auto& entry : environment) env.push_back(const_cast<char*>(entry.c_str()));
    env.push_back(nullptr);

    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(out_pipe[1], STDOUT_FILENO);
      ::dup2(err_pipe[1], STDERR_FILENO);
      ::close(out_pipe[0]);
      ::close(err_pipe[0]);
      ::close(out_pipe[1]);
      ::close(err_pipe[1]);
      const int null_in = ::open("/dev/null", O_RDONLY);
      if (null_in >= 0) ::dup2(null_in, STDIN_FILENO);
      ::execve(args[0], args.data(), env.data());
      ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    m_fds[0] = {out_pipe[0], POLLIN, 0};
    m_fds[1] = {err_pipe[0], POLLIN, 0};
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
    close_streams();
  }

  // Collects output until `done(output so far)` holds (true), the child closes
  // both streams, or `timeout` passes (false). `done` is asked at least every 20 ms.
  bool read_until(const std::function<bool(const ProcessOutput&)>& done,
                  std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (done && done(m_output)) return true;
      if (m_open_streams == 0) return false;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      // Short slices, so `done` may also watch something other than the output.
      const int slice =
          static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 20));
      if (::poll(m_fds, 2, slice) < 0) return false;
      std::string* sinks[2] = {&m_output.out, &m_output.err};
      for (int i = 0; i < 2; ++i) {
        if (m_fds[i].fd < 0 || (m_fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        char buffer[4096];
        const ssize_t got = ::read(m_fds[i].fd, buffer, sizeof buffer);
        if (got > 0) {
          sinks[i]->append(buffer, static_cast<std::size_t>(got));
        } else {
          ::close(m_fds[i].fd);
          m_fds[i].fd = -1;
          --m_open_streams;
        }
      }
    }
  }

  // Keeps collecting output for `duration` (so the child never blocks on a full pipe).
  void run_for(std::chrono::milliseconds duration) { read_until(nullptr, duration); }

  void signal(int signal) {
    if (m_pid > 0) ::kill(m_pid, signal);
  }

  // Reads to the end and reaps the child; kills it and throws after `timeout`.
  ProcessOutput wait(std::chrono::seconds timeout = std::chrono::seconds(60)) {
    read_until(nullptr, timeout);
    const bool killed = m_open_streams > 0;
    if (killed) ::kill(m_pid, SIGKILL);
    close_streams();
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    if (killed) throw std::runtime_error(m_program + " did not finish in time");
    m_output.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return m_output;
  }

 private:
  void close_streams() {
    for (auto& fd : m_fds) {
      if (fd.fd >= 0) ::close(fd.fd);
      fd.fd = -1;
    }
    m_open_streams = 0;
  }

  std::string m_program;
  pid_t m_pid = -1;
  pollfd m_fds[2] = {{-1, 0, 0}, {-1, 0, 0}};
  int m_open_streams = 2;
  ProcessOutput m_output;
};

// Runs the program to completion. The child is killed after `timeout`.
inline ProcessOutput run_process(const std::vector<std::string>& argv,
                                 const std::vector<std::string>& environment,
                                 std::chrono::seconds timeout = std::chrono::seconds(60)) {
  ChildProcess child(argv, environment);
  return child.wait(timeout);
}

}  // namespace agentlift::testing
