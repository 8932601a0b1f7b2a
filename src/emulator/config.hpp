#pragma once
// agentcore-local's command line: the flags, their defaults and checks. Bad
// flags are a UsageError with a hint; main() prints it and exits with 2.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "emulator/faults.hpp"

namespace agentlift::emulator {

struct Config {
  int port = 0;  // 0: a free port the kernel picks
  std::string region = "us-west-2";
  std::string account_id = "123456789012";
  std::string access_key_id = "test";
  std::string secret_access_key = "test";
  std::optional<std::filesystem::path> state_file;  // none: state lives in memory only
  std::chrono::milliseconds ready_delay{2000};      // CREATING/UPDATING -> READY after this
  bool verbose = false;                             // one log line per request on stderr
  std::vector<FaultRule> faults;                    // armed at start
};

enum class CommandLineAction { run, help, version };

struct CommandLine {
  CommandLineAction action = CommandLineAction::run;
  Config config;
};

// `args` excludes the program name. Accepts "--flag value" and "--flag=value".
CommandLine parse_command_line(const std::vector<std::string>& args);

std::string usage_text();

}  // namespace agentlift::emulator
