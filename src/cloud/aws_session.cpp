#include "cloud/aws_session.hpp"

#include "base/errors.hpp"
#include "cloud/aws_config_files.hpp"
#include "cloud/credentials_chain.hpp"
#include "cloud/credentials_sts.hpp"
#include "cloud/iam_client.hpp"
#include "cloud/retry.hpp"

namespace agentlift::cloud {
namespace {

const std::array<AwsServiceInfo, k_aws_service_count> k_services{{
    {AwsService::agentcore_control, "Bedrock AgentCore Control", "AgentCore Control",
     "bedrock-agentcore"},
    {AwsService::agentcore, "Bedrock AgentCore", "AgentCore", "bedrock-agentcore"},
    {AwsService::s3, "S3", "S3", "s3"},
    {AwsService::ecr, "ECR", "ECR", "ecr"},
    {AwsService::sts, "STS", "STS", "sts"},
    {AwsService::bedrock_runtime, "Bedrock Runtime", "Bedrock Runtime", "bedrock"},
    {AwsService::iam, "IAM", "IAM", "iam"},
}};

bool is_agentcore(AwsService service) {
  return service == AwsService::agentcore_control || service == AwsService::agentcore;
}

}  // namespace

const AwsServiceInfo& service_info(AwsService service) {
  return k_services[static_cast<std::size_t>(service)];
}

const std::array<AwsServiceInfo, k_aws_service_count>& all_services() { return k_services; }

AwsSession::AwsSession(SessionOptions options, credentials::Seams seams, Transport& transport)
    : m_options(std::move(options)),
      m_seams(std::move(seams)),
      m_transport(transport),
      m_profile(credentials::select_profile(m_options.profile, m_seams.environment)),
      m_resolver(endpoints::EndpointResolver::embedded()) {
  if (!m_seams.sts_assume_role || !m_seams.sts_assume_role_with_web_identity) {
    // Roles are assumed in the profile's region; without one, in the region
    // this command runs in, if it is known already.
    StsSeamOptions sts;
    sts.environment = m_seams.environment;
    if (m_options.region && !m_options.region->empty()) {
      sts.default_region = *m_options.region;
    } else if (auto region = credentials::env_value(m_seams.environment, "AWS_REGION")) {
      sts.default_region = *region;
    } else if (auto fallback = credentials::env_value(m_seams.environment, "AWS_DEFAULT_REGION")) {
      sts.default_region = *fallback;
    }
    sts.retry_policy = RetryPolicy::from_environment(
        RetryEnvironment(m_seams.environment.begin(), m_seams.environment.end()));
    StsSeams made = make_sts_seams(m_transport, m_resolver, std::move(sts));
    if (!m_seams.sts_assume_role) m_seams.sts_assume_role = std::move(made.assume_role);
    if (!m_seams.sts_assume_role_with_web_identity) {
      m_seams.sts_assume_role_with_web_identity = std::move(made.assume_role_with_web_identity);
    }
  }
}

AwsSession::~AwsSession() = default;

const std::string& AwsSession::region() {
  if (!m_region) {
    const auto config = credentials::load_shared_config(m_seams.environment, m_seams.read_file);
    m_region =
        credentials::resolve_region(m_options.region, m_seams.environment, config, m_profile);
  }
  return *m_region;
}

std::string AwsSession::region_source() {
  if (m_options.region && !m_options.region->empty()) return "--region";
  if (credentials::env_value(m_seams.environment, "AWS_REGION")) return "AWS_REGION";
  if (credentials::env_value(m_seams.environment, "AWS_DEFAULT_REGION"))
    return "AWS_DEFAULT_REGION";
  return "profile " + m_profile;
}

credentials::ResolvedCredentials AwsSession::credentials() {
  if (!m_chain) {
    credentials::ChainOptions chain_options;
    chain_options.profile = m_options.profile;
    m_chain = credentials::make_default_chain(chain_options, m_seams);
  }
  credentials::ResolvedCredentials resolved = credentials::resolve_credentials(*m_chain);
  if (m_options.on_secret) {
    m_options.on_secret(resolved.credentials.secret_access_key);
    if (resolved.credentials.session_token)
      m_options.on_secret(*resolved.credentials.session_token);
  }
  return resolved;
}

endpoints::ResolvedEndpoint AwsSession::endpoint(AwsService service) {
  endpoints::EndpointParams params;
  params.region = region();
  if (service == AwsService::iam) return iam_endpoint(region(), m_seams.environment);
  if (is_agentcore(service)) params.endpoint = m_options.agentcore_endpoint_url;
  return m_resolver.resolve(service_info(service).service_id, params, m_seams.environment);
}

AwsClient& AwsSession::client(AwsService service) {
  auto& slot = m_clients[static_cast<std::size_t>(service)];
  if (!slot) {
    const AwsServiceInfo& info = service_info(service);
    AwsClientConfig config;
    config.service = info.display_name;
    config.signing_name = info.signing_name;
    config.region = service == AwsService::iam ? iam_signing_region(region()) : region();
    config.endpoint = endpoint(service).endpoint.url;
    config.credentials = credentials().credentials;
    config.retry_policy = RetryPolicy::from_environment(
        RetryEnvironment(m_seams.environment.begin(), m_seams.environment.end()));
    slot = std::make_unique<AwsClient>(std::move(config), m_transport);
  }
  return *slot;
}

}  // namespace agentlift::cloud
