#pragma once
// The one seam between the cloud layer and the network: service clients build an
// HttpRequest and hand it to a Transport. CurlTransport talks to real endpoints,
// FakeTransport scripts responses in unit tests, LoggingTransport adds --debug.

#include <functional>
#include <string>
#include <string_view>

#include "base/errors.hpp"
#include "cloud/http.hpp"

namespace agentlift::cloud {

// What went wrong below HTTP, coarse enough for a retry policy: `dns` and
// `connect` mean the request never left (safe to retry any call); `timeout` and
// `reset` mean it may have reached the server; `tls` is usually a configuration
// problem (CA bundle, proxy) and not worth retrying.
enum class TransportErrorKind { dns, connect, tls, timeout, reset, other };

const char* transport_error_kind_name(TransportErrorKind kind);

class TransportError : public Error {
 public:
  TransportError(TransportErrorKind kind, std::string message, std::string hint = {})
      : Error(std::move(message), std::move(hint)), m_kind(kind) {}
  TransportErrorKind kind() const { return m_kind; }

 private:
  TransportErrorKind m_kind;
};

class Transport {
 public:
  using HeadersCallback = std::function<void(int status, const Headers& headers)>;
  using BodyCallback = std::function<void(std::string_view chunk)>;

  virtual ~Transport() = default;

  // Sends `request` and returns the whole response. HTTP error statuses are
  // responses, not exceptions; only transport failures throw TransportError.
  virtual HttpResponse send(const HttpRequest& request) = 0;

  // Sends `request` and delivers the response as it arrives: `on_headers` once
  // with the final status and headers, then `on_body` for each chunk in order
  // (event streams, server-sent events). An exception thrown by a callback
  // aborts the transfer and propagates out of send_streaming.
  virtual void send_streaming(const HttpRequest& request, const HeadersCallback& on_headers,
                              const BodyCallback& on_body) = 0;
};

inline const char* transport_error_kind_name(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::dns:
      return "dns";
    case TransportErrorKind::connect:
      return "connect";
    case TransportErrorKind::tls:
      return "tls";
    case TransportErrorKind::timeout:
      return "timeout";
    case TransportErrorKind::reset:
      return "reset";
    case TransportErrorKind::other:
      return "other";
  }
  return "other";
}

}  // namespace agentlift::cloud
