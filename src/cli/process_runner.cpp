#include "cli/process_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/system_seams.hpp"

namespace agentlift::cli {
namespace {

// Closes a descriptor once.
class Descriptor {
 public:
  explicit Descriptor(int fd = -1) : m_fd(fd) {}
  ~Descriptor() { close(); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return m_fd; }
  void close() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

 private:
  int m_fd;
};

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// Splits the output into lines as it arrives; "\r\n" and "\n" end a line.
class LineSplitter {
 public:
  explicit LineSplitter(const OutputLine& on_line) : m_on_line(on_line) {}
  void feed(std::string_view bytes) {
    m_pending.append(bytes);
    std::size_t start = 0;
    for (auto end = m_pending.find('\n'); end != std::string::npos;
         end = m_pending.find('\n', start)) {
      emit(std::string_view(m_pending).substr(start, end - start));
      start = end + 1;
    }
    m_pending.erase(0, start);
  }
  void finish() {
    if (!m_pending.empty()) emit(m_pending);
    m_pending.clear();
  }

 private:
  void emit(std::string_view line) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (m_on_line) m_on_line(line);
  }

  const OutputLine& m_on_line;
  std::string m_pending;
};

struct SpawnActions {
  posix_spawn_file_actions_t actions;
  SpawnActions() { posix_spawn_file_actions_init(&actions); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions); }
};

// Writes what is left of `text` without blocking; false once all is written.
bool write_some(int fd, std::string_view& text) {
  const ssize_t written = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (written > 0) text.remove_prefix(static_cast<std::size_t>(written));
  // EPIPE: the child exited without reading; nothing more to send.
  if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
  return !text.empty();
}

}  // namespace

int SystemProcessRunner::run(const ProcessSpec& spec, const OutputLine& on_line) {
  if (spec.argv.empty()) throw Error("no program to run");
  std::map<std::string, std::string> environment = process_environment();
  for (const auto& [name, value] : m_environment) environment[name] = value;
  for (const auto& [name, value] : spec.environment) environment[name] = value;
  std::vector<std::string> entries;
  for (const auto& [name, value] : environment) entries.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& entry : entries) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> arguments = spec.argv;
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  int output_fds[2];
  if (::pipe2(output_fds, O_CLOEXEC) != 0) throw Error(system_error("cannot create a pipe"));
  Descriptor output_read(output_fds[0]);
  Descriptor output_write(output_fds[1]);
  // A socket rather than a pipe for stdin: send(MSG_NOSIGNAL) to a child that
  // exited early is an error, not a SIGPIPE that would end agentlift.
  int input_fds[2] = {-1, -1};
  if (spec.stdin_text && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, input_fds) != 0) {
    throw Error(system_error("cannot create a socket pair"));
  }
  Descriptor input_write(input_fds[0]);
  Descriptor input_read(input_fds[1]);

  SpawnActions spawn;
  if (spec.stdin_text) {
    posix_spawn_file_actions_adddup2(&spawn.actions, input_read.get(), STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&spawn.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&spawn.actions, output_write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&spawn.actions, output_write.get(), STDERR_FILENO);

  pid_t pid = 0;
  const int spawned =
      ::posix_spawnp(&pid, argv[0], &spawn.actions, nullptr, argv.data(), envp.data());
  if (spawned == ENOENT || spawned == EACCES) throw ProgramNotFound(spec.argv[0]);
  if (spawned != 0) {
    throw Error("cannot start " + spec.argv[0] + ": " + std::strerror(spawned));
  }
  output_write.close();
  input_read.close();

  std::string_view unsent = spec.stdin_text ? std::string_view(*spec.stdin_text) : "";
  if (spec.stdin_text && !write_some(input_write.get(), unsent)) input_write.close();
  LineSplitter lines(on_line);
  char buffer[8192];
  while (true) {
    pollfd fds[2] = {{output_read.get(), POLLIN, 0}, {input_write.get(), POLLOUT, 0}};
    const nfds_t count = input_write.get() >= 0 ? 2 : 1;
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (count == 2 && fds[1].revents != 0 && !write_some(input_write.get(), unsent)) {
      input_write.close();
    }
    if (fds[0].revents == 0) continue;
    const ssize_t got = ::read(output_read.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    lines.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
  }
  lines.finish();
  input_write.close();

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error(system_error("waiting for " + spec.argv[0]));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

bedrock::BuildHost probe_build_host() {
  bedrock::BuildHost host;
  utsname name{};
  if (::uname(&name) == 0) host.machine = name.machine;
  std::error_code ignored;
  host.arm64_emulation = std::filesystem::exists("/proc/sys/fs/binfmt_misc/qemu-aarch64", ignored);
  return host;
}

}  // namespace agentlift::cli
