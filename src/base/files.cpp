#include "base/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "base/errors.hpp"

namespace agentlift::files {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }

 private:
  int m_fd;
};

ReadResult open_regular(const std::filesystem::path& path, int& fd_out, struct stat& st) {
  ReadResult result;
  // O_NONBLOCK keeps a FIFO from blocking the open; it is rejected below anyway.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    result.status = errno == ENOENT ? ReadResult::Status::missing : ReadResult::Status::unreadable;
    result.error = std::strerror(errno);
    return result;
  }
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    result.status = ReadResult::Status::not_a_file;
    ::close(fd);
    return result;
  }
  fd_out = fd;
  return result;
}

bool read_into(int fd, std::string& out, std::size_t limit, std::string& error) {
  std::size_t have = 0;
  out.resize(limit);
  while (have < limit) {
    const ssize_t n = ::read(fd, out.data() + have, limit - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  out.resize(have);
  return true;
}

}  // namespace

ReadResult read(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  int fd = -1;
  struct stat st {};
  ReadResult result = open_regular(path, fd, st);
  if (fd < 0) return result;
  Fd guard(fd);
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    result.status = ReadResult::Status::too_large;
    return result;
  }
  if (!read_into(fd, result.bytes, static_cast<std::size_t>(st.st_size), result.error)) {
    result.status = ReadResult::Status::unreadable;
  }
  return result;
}

ReadResult read_prefix(const std::filesystem::path& path, std::size_t max_bytes, bool& truncated) {
  int fd = -1;
  struct stat st {};
  ReadResult result = open_regular(path, fd, st);
  truncated = false;
  if (fd < 0) return result;
  Fd guard(fd);
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  truncated = size > max_bytes;
  const std::size_t want = truncated ? max_bytes : static_cast<std::size_t>(size);
  if (!read_into(fd, result.bytes, want, result.error)) {
    result.status = ReadResult::Status::unreadable;
  }
  return result;
}

bool stream(const std::filesystem::path& path, void (*sink)(void*, const char*, std::size_t),
            void* context, std::string& error) {
  int fd = -1;
  struct stat st {};
  ReadResult opened = open_regular(path, fd, st);
  if (fd < 0) {
    error = opened.status == ReadResult::Status::not_a_file ? "not a regular file" : opened.error;
    return false;
  }
  Fd guard(fd);
  if (st.st_size > (4 << 20)) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  thread_local std::vector<char> buffer(1 << 18);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    sink(context, buffer.data(), static_cast<std::size_t>(n));
  }
}

void write_atomic(const std::filesystem::path& path, const std::string& contents) {
  const std::filesystem::path tmp =
      path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw IoError("cannot write " + path.string() + ": " + std::strerror(errno),
                  "check that the folder exists and is writable");
  }
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw IoError("cannot write " + path.string() + ": " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw IoError("cannot write " + path.string() + ": " + why);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw IoError("cannot replace " + path.string() + ": " + why);
  }
}

}  // namespace agentlift::files
