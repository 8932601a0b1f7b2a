#include "cloud/aws_client.hpp"

#include <utility>

#include "cloud/uri_encoding.hpp"

namespace agentlift::cloud {

AwsClient::AwsClient(AwsClientConfig config, Transport& transport)
    : m_config(std::move(config)), m_transport(transport) {
  while (!m_config.endpoint.empty() && m_config.endpoint.back() == '/')
    m_config.endpoint.pop_back();
}

std::chrono::system_clock::time_point AwsClient::now() const {
  return m_config.clock ? m_config.clock() : std::chrono::system_clock::now();
}

Retrier& AwsClient::retrier(Protocol protocol) {
  auto& slot = m_retriers[static_cast<std::size_t>(protocol)];
  if (!slot)
    slot = std::make_unique<Retrier>(protocol, m_config.retry_policy, m_config.retry_hooks);
  return *slot;
}

HttpRequest AwsClient::signed_request(const HttpRequest& request,
                                      std::chrono::system_clock::time_point when) const {
  HttpRequest out = request;
  if (out.url.empty() || out.url.front() == '/') out.url = m_config.endpoint + out.url;
  const auto seconds = std::chrono::floor<std::chrono::seconds>(when);
  const sigv4::SigningParams params =
      sigv4::params_for(m_config.signing_name, m_config.region, seconds);
  const Headers added = sigv4::sign(out, m_config.credentials, params);
  return sigv4::apply_headers(std::move(out), added);
}

HttpResponse AwsClient::call(const std::string& operation, const HttpRequest& request,
                             Protocol protocol) {
  Retrier& runner = retrier(protocol);
  const RetryResult result = runner.run([&](int /*attempt*/) {
    const HttpRequest wire = signed_request(request, now() + runner.clock_offset());
    return m_transport.send(wire);
  });
  if (result.response.status < 200 || result.response.status > 299) {
    throw decode_error(protocol, m_config.service, operation, result.response, result.attempts);
  }
  return result.response;
}

std::string form_encode(std::string_view value) { return percent_encode(value, Slash::encode); }

}  // namespace agentlift::cloud
