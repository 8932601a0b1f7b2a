#include "cli/aws_access.hpp"

#include "cli/system_seams.hpp"

namespace agentlift::cli {
namespace {

std::optional<std::string> flag_value(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace

void add_aws_options(CLI::App& command, AwsOptions& options, bool with_region) {
  command.add_option("--profile", options.profile,
                     "AWS profile from ~/.aws/config and ~/.aws/credentials (default: "
                     "AWS_PROFILE, then 'default')");
  if (with_region) {
    command.add_option("--region", options.region,
                       "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile)");
  }
  command.add_option("--endpoint-url", options.endpoint_url,
                     "AgentCore endpoint for both the control and the data plane, e.g. "
                     "agentcore-local's http://127.0.0.1:PORT");
  command.add_flag("--debug", options.debug,
                   "Log every HTTP exchange to stderr (credentials and secrets redacted)");
}

AwsAccess::AwsAccess(const AwsOptions& options, std::ostream& debug_out,
                     std::optional<cloud::credentials::Environment> environment) {
  cloud::credentials::Seams seams = system_seams();
  if (environment) seams.environment = std::move(*environment);
  m_curl = cloud::CurlTransport(cloud::CurlTransport::options_from_env(seams.environment));
  cloud::Transport* transport = &m_curl;
  if (options.debug) {
    m_log = std::make_unique<cloud::WireLog>(debug_out);
    m_logging = std::make_unique<cloud::LoggingTransport>(m_curl, *m_log);
    transport = m_logging.get();
  }
  cloud::SessionOptions session_options;
  session_options.profile = flag_value(options.profile);
  session_options.region = flag_value(options.region);
  session_options.agentcore_endpoint_url = flag_value(options.endpoint_url);
  session_options.on_secret = [this](const std::string& secret) { add_secret(secret); };
  m_session =
      std::make_unique<cloud::AwsSession>(std::move(session_options), std::move(seams), *transport);
}

AwsAccess::~AwsAccess() = default;

void AwsAccess::add_secret(const std::string& secret) {
  if (m_log && !secret.empty()) m_log->add_secret(secret);
}

}  // namespace agentlift::cli
