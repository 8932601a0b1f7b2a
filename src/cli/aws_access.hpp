#pragma once
// The AWS flags commands share (--profile, --region, --endpoint-url, --debug)
// and the objects behind them: the libcurl transport, the --debug wire log
// (redacting) on stderr, and the AwsSession every AWS call goes through.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cloud/aws_session.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/wire_log.hpp"

namespace agentlift::cli {

struct AwsOptions {
  std::string profile;
  std::string region;
  std::string endpoint_url;
  bool debug = false;
};

// Adds the flags; `with_region` is false for commands whose --region already
// comes from the Bedrock options.
void add_aws_options(CLI::App& command, AwsOptions& options, bool with_region = true);

class AwsAccess {
 public:
  // `debug_out` receives the wire log when options.debug is set. The process
  // environment is used unless `environment` is given (e.g. merged with .env).
  AwsAccess(const AwsOptions& options, std::ostream& debug_out,
            std::optional<cloud::credentials::Environment> environment = std::nullopt);
  ~AwsAccess();
  AwsAccess(const AwsAccess&) = delete;
  AwsAccess& operator=(const AwsAccess&) = delete;

  cloud::AwsSession& session() { return *m_session; }
  // Redacts `secret` from the wire log from now on (MCP header values, …).
  void add_secret(const std::string& secret);

 private:
  cloud::CurlTransport m_curl;
  std::unique_ptr<cloud::WireLog> m_log;
  std::unique_ptr<cloud::LoggingTransport> m_logging;
  std::unique_ptr<cloud::AwsSession> m_session;
};

}  // namespace agentlift::cli
