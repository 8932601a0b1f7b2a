#pragma once
// The Python dependencies of the Runtime's code zip: requirements.txt installed
// into a folder for AgentCore's machines (Linux ARM64, the runtime's Python
// version), with pip (`python3 -m pip install --target ... --platform
// manylinux2014_aarch64 --only-binary=:all: --python-version 3.12`), or with uv
// when pip is missing, from PyPI or offline from a folder of wheels.

#include <filesystem>
#include <string>

#include "cli/io.hpp"

namespace agentlift::cli {

enum class CodeDependencies {
  install,  // install requirements.txt (from PyPI, or from `wheel_dir`)
  none,     // leave them out: the zip will not start on AWS (tests, demos)
};

// "install" / "none"; throws UsageError for anything else.
CodeDependencies parse_code_dependencies(const std::string& text);
const char* code_dependencies_name(CodeDependencies mode);  // "installed" / "none"

struct DependencyInstall {
  std::filesystem::path requirements;  // requirements.txt
  std::filesystem::path target;        // created; must not exist yet
  std::string python_version = "3.12";
  std::filesystem::path wheel_dir;  // non-empty: offline, only these wheels
};

// Runs pip (or uv) with its output on stderr and returns the installer's name
// ("pip" or "uv"). Throws agentlift::Error when neither is available (naming
// --wheel-dir, --code-deps none and --artifact container) or the install fails.
std::string install_python_dependencies(const DependencyInstall& install, Io& io);

}  // namespace agentlift::cli
