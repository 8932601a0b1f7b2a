#pragma once
// The whole CLI as a function: tests drive it in process with injected streams.
// Exit codes: 0 ok, 1 a failure the user must fix (not deployable), 2 usage or
// configuration error.

#include <string>
#include <vector>

#include "cli/io.hpp"

namespace agentlift::cli {

int run(const std::vector<std::string>& args, Io& io);

}  // namespace agentlift::cli
