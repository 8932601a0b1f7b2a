// Aborting one TCP connection by its ports (connection_abort.hpp).
#include "emulator/connection_abort.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace agentlift::emulator {
namespace {

int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return -1;
}

bool matches(int fd, int local_port, int remote_port) {
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) return false;
  sockaddr_storage local{};
  sockaddr_storage remote{};
  socklen_t local_size = sizeof local;
  socklen_t remote_size = sizeof remote;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) return false;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_size) != 0) return false;
  return port_of(local) == local_port && port_of(remote) == remote_port;
}

}  // namespace

bool abort_connection(int local_port, int remote_port) {
  DIR* directory = opendir("/proc/self/fd");
  if (!directory) return false;
  const int own_fd = dirfd(directory);
  bool aborted = false;
  while (const dirent* entry = readdir(directory)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == own_fd) continue;
    if (!matches(static_cast<int>(fd), local_port, remote_port)) continue;
    // Linger 0 makes the close abortive (RST). dup2 closes the socket and puts
    // /dev/null in its place atomically, so the number is never free for
    // another connection before httplib closes it.
    const linger abortive{1, 0};
    setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd >= 0) {
      aborted = dup2(null_fd, static_cast<int>(fd)) >= 0;
      close(null_fd);
    }
    if (!aborted) aborted = shutdown(static_cast<int>(fd), SHUT_RDWR) == 0;
    break;
  }
  closedir(directory);
  return aborted;
}

}  // namespace agentlift::emulator
