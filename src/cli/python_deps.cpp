// Installing the code zip's Python dependencies with pip or uv (see python_deps.hpp).

#include "cli/python_deps.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "base/errors.hpp"

extern char** environ;

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_alternatives =
    "install pip for python3 (or uv), or pass --wheel-dir DIR with wheels for linux/arm64, or "
    "--code-deps none (the zip will not start on AWS), or --artifact container";

// The program's path on PATH, "" when absent.
std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path == nullptr ? "/usr/bin:/bin" : path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path candidate = fs::path(dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

// Runs `argv` with this process's environment; its stdout goes to our stderr
// (progress), so --json output on stdout stays clean. Returns the exit status
// (-1 when it could not start).
int run_program(const std::vector<std::string>& argv, bool quiet) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  } else {
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  }
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> pip_command(const std::string& python, const DependencyInstall& install) {
  std::vector<std::string> argv{python,
                                "-m",
                                "pip",
                                "install",
                                "--disable-pip-version-check",
                                "--no-input",
                                "--no-compile",
                                "--target",
                                install.target.string(),
                                "--platform",
                                "manylinux2014_aarch64",
                                "--implementation",
                                "cp",
                                "--python-version",
                                install.python_version,
                                "--only-binary=:all:"};
  if (!install.wheel_dir.empty()) {
    argv.insert(argv.end(), {"--no-index", "--find-links", install.wheel_dir.string()});
  }
  argv.insert(argv.end(), {"-r", install.requirements.string()});
  return argv;
}

std::vector<std::string> uv_command(const std::string& uv, const DependencyInstall& install) {
  std::vector<std::string> argv{uv,
                                "pip",
                                "install",
                                "--target",
                                install.target.string(),
                                "--python-platform",
                                "aarch64-manylinux2014",
                                "--python-version",
                                install.python_version,
                                "--only-binary",
                                ":all:"};
  if (!install.wheel_dir.empty()) {
    argv.insert(argv.end(), {"--no-index", "--find-links", install.wheel_dir.string()});
  }
  argv.insert(argv.end(), {"-r", install.requirements.string()});
  return argv;
}

}  // namespace

CodeDependencies parse_code_dependencies(const std::string& text) {
  if (text == "install") return CodeDependencies::install;
  if (text == "none") return CodeDependencies::none;
  throw UsageError("--code-deps " + text + " is not a choice",
                   "use --code-deps install (the default) or --code-deps none");
}

const char* code_dependencies_name(CodeDependencies mode) {
  return mode == CodeDependencies::none ? "none" : "installed";
}

std::string install_python_dependencies(const DependencyInstall& install, Io& io) {
  if (!install.wheel_dir.empty() && !fs::is_directory(install.wheel_dir)) {
    throw UsageError(
        "--wheel-dir " + install.wheel_dir.string() + " is not a folder",
        "name a folder of .whl files built for linux/arm64 and Python " + install.python_version);
  }
  std::string installer;
  std::vector<std::string> argv;
  const std::string python = find_on_path("python3");
  if (!python.empty() && run_program({python, "-m", "pip", "--version"}, /*quiet=*/true) == 0) {
    installer = "pip";
    argv = pip_command(python, install);
  } else if (const std::string uv = find_on_path("uv"); !uv.empty()) {
    installer = "uv";
    argv = uv_command(uv, install);
  } else {
    throw Error(
        "cannot install the runtime's Python dependencies: neither 'python3 -m pip' nor "
        "'uv' is available",
        k_alternatives);
  }
  io.err << "  installing Python dependencies for linux/arm64, Python " << install.python_version
         << " with " << installer
         << (install.wheel_dir.empty() ? "" : " from " + install.wheel_dir.string()) << "\n"
         << std::flush;
  const int status = run_program(argv, /*quiet=*/false);
  if (status != 0) {
    throw Error("installing the runtime's Python dependencies with " + installer +
                    " failed (exit " + std::to_string(status) + "); its output is above",
                install.wheel_dir.empty()
                    ? std::string("check the network access to PyPI, or ") + k_alternatives
                    : "the wheel folder must hold a linux/arm64 (or pure-Python) wheel for every "
                      "requirement and their dependencies");
  }
  return installer;
}

}  // namespace agentlift::cli
