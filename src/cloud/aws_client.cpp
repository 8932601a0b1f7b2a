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

HttpRequest AwsClient::with_endpoint(HttpRequest request) const {
  if (request.url.empty() || request.url.front() == '/')
    request.url = m_config.endpoint + request.url;
  return request;
}

HttpRequest AwsClient::signed_request(const HttpRequest& request,
                                      std::chrono::system_clock::time_point when) const {
  HttpRequest out = with_endpoint(request);
  const auto seconds = std::chrono::floor<std::chrono::seconds>(when);
  const sigv4::SigningParams params =
      sigv4::params_for(m_config.signing_name, m_config.region, seconds);
  const Headers added = sigv4::sign(out, m_config.credentials, params);
  return sigv4::apply_headers(std::move(out), added);
}

HttpResponse AwsClient::call(const std::string& operation, const HttpRequest& request,
                             Protocol protocol, Signing signing) {
  Retrier& runner = retrier(protocol);
  const RetryResult result = runner.run([&](int /*attempt*/) {
    const HttpRequest wire = signing == Signing::none
                                 ? with_endpoint(request)
                                 : signed_request(request, now() + runner.clock_offset());
    return m_transport.send(wire);
  });
  if (result.response.status < 200 || result.response.status > 299) {
    throw decode_error(protocol, m_config.service, operation, result.response, result.attempts);
  }
  return result.response;
}

namespace {

// Error replies are read whole for decoding; anything beyond this is noise.
constexpr std::size_t k_max_error_body = 1024 * 1024;

// A transport failure after part of a 2xx stream was delivered. Deliberately
// not a TransportError, so the Retrier lets it through instead of retrying.
struct StreamInterrupted {
  TransportError cause;
};

}  // namespace

void AwsClient::call_streaming(const std::string& operation, const HttpRequest& request,
                               Protocol protocol, const Transport::HeadersCallback& on_headers,
                               const Transport::BodyCallback& on_body) {
  Retrier& runner = retrier(protocol);
  RetryResult result;
  try {
    result = runner.run([&](int /*attempt*/) {
      const HttpRequest wire = signed_request(request, now() + runner.clock_offset());
      HttpResponse reply;  // status and headers; the body only when it is an error
      bool streaming = false;
      try {
        m_transport.send_streaming(
            wire,
            [&](int status, const Headers& headers) {
              reply.status = status;
              reply.headers = headers;
              streaming = status >= 200 && status <= 299;
              if (streaming) on_headers(status, headers);
            },
            [&](std::string_view chunk) {
              if (streaming) {
                on_body(chunk);
              } else if (reply.body.size() < k_max_error_body) {
                reply.body.append(chunk.substr(0, k_max_error_body - reply.body.size()));
              }
            });
      } catch (const TransportError& error) {
        if (streaming) throw StreamInterrupted{error};
        throw;
      }
      return reply;
    });
  } catch (const StreamInterrupted& interrupted) {
    throw interrupted.cause;
  }
  if (result.response.status < 200 || result.response.status > 299) {
    throw decode_error(protocol, m_config.service, operation, result.response, result.attempts);
  }
}

std::string form_encode(std::string_view value) { return percent_encode(value, Slash::encode); }

}  // namespace agentlift::cloud
