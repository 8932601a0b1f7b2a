#pragma once
// Runs tests/support/check_python.py (py_compile, pyflakes, verified imports) on
// a generated package and returns its report ("ok" when clean).

#include <cstdio>
#include <filesystem>
#include <string>

namespace agentlift::testing {

inline std::string check_python_package(const std::filesystem::path& dir) {
  const std::string source = AGENTLIFT_SOURCE_DIR;
  const std::string command = "python3 " + source + "/tests/support/check_python.py '" +
                              dir.string() + "' " + source +
                              "/tests/data/strands-api-names.txt 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "cannot run python3";
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  ::pclose(pipe);
  return output;
}

}  // namespace agentlift::testing
