#pragma once
// Runs the real CLI in process with captured streams.

#include <sstream>
#include <string>
#include <vector>

#include "cli/run.hpp"

namespace agentlift::testing {

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

inline CliResult run_cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  cli::Io io{out, err};
  const int code = cli::run(args, io);
  return {code, out.str(), err.str()};
}

}  // namespace agentlift::testing
