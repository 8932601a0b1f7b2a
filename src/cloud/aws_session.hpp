#pragma once
// Everything one agentlift command needs to call AWS, put together once: the
// profile, the region (flag > AWS_REGION > AWS_DEFAULT_REGION > profile), the
// credentials chain (cached, refreshed before expiry), each service's endpoint
// (override or rule set) and one AwsClient per service, made on first use.
//
// The process is not read here: the environment, files, processes, HTTP and STS
// come in as credentials::Seams and a Transport, so the whole session can be
// built in a test.

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cloud/aws_client.hpp"
#include "cloud/credentials_provider.hpp"
#include "cloud/endpoint_resolver.hpp"
#include "cloud/transport.hpp"

namespace agentlift::cloud {

// IAM has no rule set: its endpoint is global per partition (iam_client.hpp).
enum class AwsService { agentcore_control, agentcore, s3, ecr, sts, bedrock_runtime, iam };
inline constexpr std::size_t k_aws_service_count = 7;

struct AwsServiceInfo {
  AwsService service;
  const char* service_id;    // the model's serviceId, as endpoint overrides name it
  const char* display_name;  // in messages: "AgentCore Control"
  const char* signing_name;  // SigV4 service name
};

const AwsServiceInfo& service_info(AwsService service);
const std::array<AwsServiceInfo, k_aws_service_count>& all_services();

struct SessionOptions {
  std::optional<std::string> profile;  // --profile
  std::optional<std::string> region;   // --region
  // --endpoint-url: both AgentCore planes (they share a host in agentcore-local);
  // other services take AWS_ENDPOINT_URL_<SERVICE>.
  std::optional<std::string> agentcore_endpoint_url;
  // Told about every secret the session learns (credential values), so a
  // --debug wire log can redact them wherever they appear.
  std::function<void(const std::string& secret)> on_secret;
};

class AwsSession {
 public:
  AwsSession(SessionOptions options, credentials::Seams seams, Transport& transport);
  ~AwsSession();
  AwsSession(const AwsSession&) = delete;
  AwsSession& operator=(const AwsSession&) = delete;

  const std::string& profile() const { return m_profile; }
  // Resolved on first use; an agentlift::Error with a hint when there is none.
  const std::string& region();
  // Where the region came from: "--region", "AWS_REGION", "profile <name>", ….
  std::string region_source();
  credentials::ResolvedCredentials credentials();
  endpoints::ResolvedEndpoint endpoint(AwsService service);
  // The client for `service`, built on first use with the credentials current
  // at that moment.
  AwsClient& client(AwsService service);

 private:
  SessionOptions m_options;
  credentials::Seams m_seams;
  Transport& m_transport;
  std::string m_profile;
  std::optional<std::string> m_region;
  std::unique_ptr<credentials::CredentialsProvider> m_chain;
  endpoints::EndpointResolver m_resolver;
  std::array<std::unique_ptr<AwsClient>, k_aws_service_count> m_clients;
};

}  // namespace agentlift::cloud
