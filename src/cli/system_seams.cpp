#include "cli/system_seams.hpp"

#include <stdio.h>
#include <sys/wait.h>

#include <cstring>

#include "base/errors.hpp"
#include "base/files.hpp"
#include "cloud/curl_transport.hpp"

extern char** environ;

namespace agentlift::cli {
namespace {

// AWS config files and web identity tokens are small; anything bigger is not one.
constexpr std::uintmax_t k_max_config_file_bytes = 4u << 20;
// credential_process prints one JSON object.
constexpr std::size_t k_max_process_output = 1u << 20;

std::optional<std::string> read_config_file(const std::string& path) {
  files::ReadResult result = files::read(path, k_max_config_file_bytes);
  switch (result.status) {
    case files::ReadResult::Status::ok:
      return std::move(result.bytes);
    case files::ReadResult::Status::missing:
      return std::nullopt;
    case files::ReadResult::Status::not_a_file:
      throw IoError(path + " is not a regular file");
    case files::ReadResult::Status::too_large:
      throw IoError(path + " is larger than 4 MiB; it cannot be an AWS config file");
    case files::ReadResult::Status::unreadable:
      throw IoError("cannot read " + path + ": " + result.error);
  }
  return std::nullopt;
}

// Runs `command` with /bin/sh; stdout is captured, stderr goes to ours, as the
// AWS CLI does with credential_process.
cloud::credentials::ProcessResult run_shell(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    throw Error(std::string("could not start credential_process: ") + std::strerror(errno));
  }
  cloud::credentials::ProcessResult result;
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    if (result.standard_output.size() + read > k_max_process_output) {
      ::pclose(pipe);
      throw Error("credential_process printed more than 1 MiB; that is not a credentials object");
    }
    result.standard_output.append(buffer, read);
  }
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

cloud::HttpResponse send_with_timeout(const cloud::HttpRequest& request,
                                      std::chrono::milliseconds timeout) {
  cloud::CurlTransportOptions options;
  options.connect_timeout = timeout;
  options.read_timeout =
      std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(timeout));
  options.max_response_bytes = k_max_process_output;
  cloud::CurlTransport transport(options);
  return transport.send(request);
}

}  // namespace

cloud::credentials::Environment process_environment() {
  cloud::credentials::Environment environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) continue;
    environment.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return environment;
}

cloud::credentials::Seams system_seams() {
  cloud::credentials::Seams seams;
  seams.environment = process_environment();
  seams.read_file = read_config_file;
  seams.run_process = run_shell;
  seams.send_http = send_with_timeout;
  seams.clock = [] {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  };
  return seams;
}

}  // namespace agentlift::cli
