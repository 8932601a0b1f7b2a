// Flag parsing for agentcore-local (config.hpp).
#include "emulator/config.hpp"

#include <charconv>
#include <cmath>

#include "base/errors.hpp"

namespace agentlift::emulator {
namespace {

constexpr const char* k_hint = "run 'agentcore-local --help' for the flags";

[[noreturn]] void usage_error(const std::string& message) { throw UsageError(message, k_hint); }

int parse_port(const std::string& text) {
  int port = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size() || port < 0 || port > 65535) {
    usage_error("--port must be a number from 0 to 65535, not '" + text + "'");
  }
  return port;
}

std::chrono::milliseconds parse_seconds(const std::string& flag, const std::string& text) {
  double seconds = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(seconds) ||
      seconds < 0 || seconds > 86400) {
    usage_error(flag + " must be a number of seconds from 0 to 86400, not '" + text + "'");
  }
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

bool all_of(const std::string& text, bool (*allowed)(char)) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!allowed(c)) return false;
  }
  return true;
}

bool region_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool printable(char c) { return c > ' ' && c < 0x7F; }

}  // namespace

std::string usage_text() {
  return R"(agentcore-local: a local emulator of Amazon Bedrock AgentCore (control and data plane)

usage: agentcore-local [flags]

  --port N                  port on 127.0.0.1 (default: a free port, printed on start)
  --region R                region requests must be signed for (default us-west-2)
  --account-id ID           12-digit account in ARNs (default 123456789012)
  --access-key-id K         the one access key accepted (default test)
  --secret-access-key S     its secret (default test)
  --state FILE              keep resources in FILE (JSON, rewritten after each change)
  --ready-delay SECONDS     CREATING/UPDATING become READY after this (default 2)
  --fault SPEC              arm a fault, e.g. operation=CreateHarness,kind=throttle,nth=2
                            (repeatable; kinds: error, internal_error, unavailable,
                            throttle, reset, delay, create_failed, update_failed)
  --verbose                 log one line per request to stderr
  --help, --version

The first line on stdout is "listening on http://127.0.0.1:PORT".
Unsigned control endpoints: GET /_agentcore_local/state, GET|POST|DELETE /_agentcore_local/faults.
)";
}

CommandLine parse_command_line(const std::vector<std::string>& args) {
  CommandLine out;
  Config& config = out.config;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> inline_value;
    if (const auto equals = flag.find('='); flag.starts_with("--") && equals != std::string::npos) {
      inline_value = flag.substr(equals + 1);
      flag.resize(equals);
    }
    auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) usage_error(flag + " needs a value");
      return args[++i];
    };
    auto no_value = [&] {
      if (inline_value) usage_error(flag + " takes no value");
    };
    if (flag == "--help" || flag == "-h") {
      no_value();
      out.action = CommandLineAction::help;
      return out;
    }
    if (flag == "--version") {
      no_value();
      out.action = CommandLineAction::version;
      return out;
    }
    if (flag == "--port") {
      config.port = parse_port(value());
    } else if (flag == "--region") {
      config.region = value();
      if (!all_of(config.region, region_char)) {
        usage_error("--region must look like us-west-2, not '" + config.region + "'");
      }
    } else if (flag == "--account-id") {
      config.account_id = value();
      if (config.account_id.size() != 12 || !all_of(config.account_id, digit)) {
        usage_error("--account-id must be 12 digits");
      }
    } else if (flag == "--access-key-id") {
      config.access_key_id = value();
      if (!all_of(config.access_key_id, printable)) {
        usage_error("--access-key-id must be non-empty printable ASCII without spaces");
      }
    } else if (flag == "--secret-access-key") {
      config.secret_access_key = value();
      // Never echo the secret.
      if (config.secret_access_key.empty()) usage_error("--secret-access-key must not be empty");
    } else if (flag == "--state") {
      const std::string path = value();
      if (path.empty()) usage_error("--state needs a file path");
      config.state_file = path;
    } else if (flag == "--ready-delay") {
      config.ready_delay = parse_seconds("--ready-delay", value());
    } else if (flag == "--fault") {
      try {
        config.faults.push_back(fault_from_spec(value()));
      } catch (const UsageError&) {
        throw;
      } catch (const Error& error) {
        // "fault: 'kind' must be ..." -> "--fault: 'kind' must be ..."
        usage_error(std::string("--") + error.what());
      }
    } else if (flag == "--verbose" || flag == "-v") {
      no_value();
      config.verbose = true;
    } else {
      usage_error("unknown flag '" + flag + "'");
    }
  }
  return out;
}

}  // namespace agentlift::emulator
