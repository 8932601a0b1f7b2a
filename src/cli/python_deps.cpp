// Installing the code zip's Python dependencies with pip or uv (see python_deps.hpp).

#include "cli/python_deps.hpp"

#include <vector>

#include "base/errors.hpp"
#include "cli/process_runner.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_alternatives =
    "install pip for python3 (or uv), or pass --wheel-dir DIR with wheels for linux/arm64, or "
    "--code-deps none (the zip will not start on AWS), or --artifact container";

// Runs `argv`; unless `quiet`, its output goes to our stderr (progress), so
// --json output on stdout stays clean. -1 when the program is not on PATH.
int run_program(const std::vector<std::string>& argv, bool quiet, Io& io) {
  try {
    return SystemProcessRunner().run(ProcessSpec{argv, std::nullopt, {}},
                                     [&](std::string_view line) {
                                       if (!quiet) io.err << "  | " << line << "\n" << std::flush;
                                     });
  } catch (const ProgramNotFound&) {
    return -1;
  }
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
  if (run_program({"python3", "-m", "pip", "--version"}, /*quiet=*/true, io) == 0) {
    installer = "pip";
    argv = pip_command("python3", install);
  } else if (run_program({"uv", "--version"}, /*quiet=*/true, io) == 0) {
    installer = "uv";
    argv = uv_command("uv", install);
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
  const int status = run_program(argv, /*quiet=*/false, io);
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
