#include "cli/deploy_support.hpp"

#include <unistd.h>

#include <iostream>
#include <thread>

#include "base/errors.hpp"
#include "base/files.hpp"
#include "cli/system_seams.hpp"
#include "cloud/aws_error.hpp"

namespace agentlift::cli {

std::string setting(const std::string& flag, const plan::Environment& environment,
                    const char* variable) {
  if (!flag.empty()) return flag;
  const auto found = environment.find(variable);
  return found == environment.end() ? std::string() : found->second;
}

plan::Environment environment_with_dotenv(const std::filesystem::path& folder) {
  std::vector<std::string> texts;
  for (const auto& path : plan::dotenv_files(std::filesystem::current_path(), folder)) {
    files::ReadResult read = files::read(path, 1u << 20);
    if (read.status == files::ReadResult::Status::ok) texts.push_back(std::move(read.bytes));
  }
  return plan::with_dotenv(process_environment(), texts);
}

void confirm(bool yes, const std::string& what, Io& io) {
  if (yes) return;
  if (!::isatty(STDIN_FILENO)) {
    throw UsageError("refusing to " + what + " without confirmation (stdin is not a terminal)",
                     "pass --yes to go ahead non-interactively");
  }
  io.err << "Proceed to " << what << "? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "y" && answer != "Y" && answer != "yes") throw UsageError("cancelled");
}

cloud::S3Client s3_client(cloud::AwsSession& session) {
  const bool custom_endpoint =
      session.endpoint(cloud::AwsService::s3).source != cloud::endpoints::EndpointSource::rule_set;
  return cloud::S3Client(
      session.client(cloud::AwsService::s3),
      custom_endpoint ? cloud::S3Addressing::path : cloud::S3Addressing::virtual_host);
}

cloud::AgentCoreResource wait_until_settled(
    cloud::AgentCoreResource resource, const std::string& noun,
    const std::function<cloud::AgentCoreResource(const std::string& id)>& get,
    std::chrono::seconds timeout, Io& io) {
  const auto started = std::chrono::steady_clock::now();
  auto delay = std::chrono::milliseconds(1000);
  bool line_open = false;  // a live progress line waits to be finished
  const auto end_line = [&] {
    if (line_open) io.err << "\n" << std::flush;
    line_open = false;
  };
  while (cloud::is_transitional_status(resource.status)) {
    const auto waited = std::chrono::steady_clock::now() - started;
    if (waited > timeout) {
      end_line();
      throw Error(noun + " " + resource.id + " is still " + resource.status + " after " +
                      std::to_string(timeout.count()) + " s",
                  "it may still finish: run the command again later, or raise --timeout");
    }
    // On a terminal one line is rewritten in place; in a log, a line per poll.
    io.err << (io.live_progress ? "\r\033[K" : "") << "  waiting for " << noun << " " << resource.id
           << ": " << resource.status << " ("
           << std::chrono::duration_cast<std::chrono::seconds>(waited).count() << " s)"
           << (io.live_progress ? "" : "\n") << std::flush;
    line_open = io.live_progress;
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds(10'000));
    try {
      resource = get(resource.id);
    } catch (...) {
      end_line();
      throw;
    }
  }
  end_line();
  return resource;
}

bool is_not_found(const std::exception& error) {
  const auto* http = dynamic_cast<const cloud::HttpError*>(&error);
  return http != nullptr && (http->status() == 404 || http->code() == "ResourceNotFoundException");
}

}  // namespace agentlift::cli
