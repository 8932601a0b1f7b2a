#pragma once
// The --debug wire log: what went over the wire, minus credentials. Everything
// that reaches the stream passes redaction first: signing headers and query
// parameters, credential-shaped JSON/XML/form fields, and any string registered
// as a secret (MCP header values, tokens read from the environment).

#include <cstddef>
#include <exception>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/http.hpp"
#include "cloud/transport.hpp"

namespace agentlift::cloud {

inline constexpr std::string_view k_redacted = "<redacted>";

class WireLog {
 public:
  explicit WireLog(std::ostream& out, std::size_t body_preview_bytes = 2048);

  // From now on `secret` is replaced wherever it appears (also percent-encoded).
  // Secrets shorter than 4 bytes only redact header values equal to them: as
  // substrings they would shred the log.
  void add_secret(std::string secret);

  void log_request(const HttpRequest& request);
  void log_response_head(int status, const Headers& headers);
  // `preview` is the start of a body of `total_bytes` bytes (all of it for send()).
  void log_response_body(std::string_view preview, std::size_t total_bytes);
  void log_response(const HttpResponse& response);
  void log_failure(const HttpRequest& request, const std::exception& error);

  // The redactions the log applies, exposed for tests and for error messages.
  std::string redact_url(std::string_view url) const;
  std::string redact_header(std::string_view name, std::string_view value) const;
  std::string redact_body(std::string_view body) const;
  std::string redact_text(std::string_view text) const;  // registered secrets only

  // How much of a body a caller must keep for log_response_body: the preview
  // plus room for a secret that starts inside the preview to end.
  std::size_t body_window() const;

 private:
  std::vector<std::string> secrets() const;
  void write(const std::string& block);

  std::ostream& m_out;
  std::size_t m_preview_bytes;
  mutable std::mutex m_mutex;
  std::vector<std::string> m_secrets;  // longest first
};

// Logs every exchange of `inner` to `log`; sends are otherwise unchanged.
class LoggingTransport : public Transport {
 public:
  LoggingTransport(Transport& inner, WireLog& log) : m_inner(inner), m_log(log) {}

  HttpResponse send(const HttpRequest& request) override;
  void send_streaming(const HttpRequest& request, const HeadersCallback& on_headers,
                      const BodyCallback& on_body) override;

 private:
  Transport& m_inner;
  WireLog& m_log;
};

}  // namespace agentlift::cloud
