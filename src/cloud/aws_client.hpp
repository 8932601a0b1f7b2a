#pragma once
// The shared core of the thin service clients (architecture.md: "build the
// request, send, decode errors into HttpError, parse into structs"). An
// AwsClient knows one service endpoint: it resolves a relative request path
// against the endpoint, signs with SigV4 at the injected clock's time (plus the
// retrier's clock-skew correction), sends through a Retrier and turns a
// non-2xx reply into HttpError. It reads nothing from the process environment;
// credentials, region, endpoint and clock are all passed in.

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "cloud/aws_error.hpp"
#include "cloud/http.hpp"
#include "cloud/retry.hpp"
#include "cloud/sigv4.hpp"
#include "cloud/transport.hpp"

namespace agentlift::cloud {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// Whether a call carries a SigV4 signature. A few operations take no AWS
// credentials at all (sts:AssumeRoleWithWebIdentity authenticates with the token
// in its body) and are sent without one.
enum class Signing { sigv4, none };

struct AwsClientConfig {
  std::string service;       // display name for errors: "S3", "STS"
  std::string signing_name;  // SigV4 service name: "s3", "sts"
  std::string region;        // "us-east-1"
  std::string endpoint;  // base URL without a trailing '/': "https://sts.us-east-1.amazonaws.com"
  sigv4::Credentials credentials;
  Clock clock;  // signing time; empty means std::chrono::system_clock::now
  RetryPolicy retry_policy;
  RetryHooks retry_hooks;  // tests inject sleep/now/random
};

class AwsClient {
 public:
  AwsClient(AwsClientConfig config, Transport& transport);

  // Sends `request` as `operation` and returns the 2xx reply. A request URL that
  // starts with '/' is taken relative to the endpoint; anything else is used as
  // the full URL (S3 virtual-hosted addressing). Throws HttpError (decoded with
  // `protocol`) for any other status, and TransportError when retries run out.
  // Signing::none sends the request as it is, without Authorization or X-Amz-*.
  HttpResponse call(const std::string& operation, const HttpRequest& request, Protocol protocol,
                    Signing signing = Signing::sigv4);

  // The same for a streamed reply (event streams, server-sent events): a 2xx
  // reply's headers go to `on_headers` and its body to `on_body` chunk by chunk,
  // as they arrive. Retries happen only before the first 2xx byte is delivered;
  // a connection lost mid-stream is a TransportError the caller sees (the
  // request is not sent again, so no event is delivered twice).
  void call_streaming(const std::string& operation, const HttpRequest& request, Protocol protocol,
                      const Transport::HeadersCallback& on_headers,
                      const Transport::BodyCallback& on_body);

  // The request as it would go on the wire for this attempt time: URL resolved,
  // SigV4 headers applied. Exposed for tests.
  HttpRequest signed_request(const HttpRequest& request,
                             std::chrono::system_clock::time_point when) const;

  const AwsClientConfig& config() const { return m_config; }
  const std::string& endpoint() const { return m_config.endpoint; }
  Retrier& retrier(Protocol protocol);

 private:
  std::chrono::system_clock::time_point now() const;
  HttpRequest with_endpoint(HttpRequest request) const;

  AwsClientConfig m_config;
  Transport& m_transport;
  // One Retrier (quota, clock offset) per wire protocol the client speaks.
  std::array<std::unique_ptr<Retrier>, 4> m_retriers;
};

// The URL-form ("application/x-www-form-urlencoded") encoding of one awsQuery
// value: the unreserved set kept, everything else %XX.
std::string form_encode(std::string_view value);

}  // namespace agentlift::cloud
