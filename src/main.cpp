#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/run.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  agentlift::cli::Io io{std::cout, std::cerr,
                        ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr,
                        ::isatty(STDERR_FILENO) != 0};
  const int code = agentlift::cli::run(args, io);
  std::cout.flush();
  return code;
}
