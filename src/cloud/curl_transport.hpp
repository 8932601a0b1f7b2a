#pragma once
// The Transport that talks to the network, and the only user of libcurl.
// TLS verification is always on; proxies come from the process environment the
// way libcurl reads them (HTTPS_PROXY, NO_PROXY, ...); redirects are not followed.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "cloud/transport.hpp"

namespace agentlift::cloud {

struct CurlTransportOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  // The transfer fails when no byte moves for this long (libcurl's low-speed
  // check, so whole seconds; at least one second).
  std::chrono::seconds read_timeout{60};
  // send() refuses larger response bodies; send_streaming() has no cap.
  std::size_t max_response_bytes = 64u << 20;
  // A PEM file of trusted CAs instead of the system store (AWS_CA_BUNDLE).
  std::optional<std::string> ca_bundle;
};

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {});

  // Options from the (injected) environment: AWS_CA_BUNDLE.
  static CurlTransportOptions options_from_env(const std::map<std::string, std::string>& env,
                                               CurlTransportOptions base = {});

  HttpResponse send(const HttpRequest& request) override;
  void send_streaming(const HttpRequest& request, const HeadersCallback& on_headers,
                      const BodyCallback& on_body) override;

  const CurlTransportOptions& options() const { return m_options; }

 private:
  CurlTransportOptions m_options;
};

}  // namespace agentlift::cloud
