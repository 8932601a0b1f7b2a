#pragma once
// A scripted Transport for unit tests: queue responses (or failures) in the
// order the code under test will send, run it, then inspect what it sent.
// Header-only; nothing outside tests should include it.

#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cloud/transport.hpp"

namespace agentlift::cloud {

class FakeTransport : public Transport {
 public:
  // Answers the next request with `response` (send_streaming delivers its body
  // as one chunk).
  FakeTransport& respond(HttpResponse response) {
    Step step;
    step.status = response.status;
    step.headers = std::move(response.headers);
    if (!response.body.empty()) step.chunks.push_back(std::move(response.body));
    return push(std::move(step));
  }

  FakeTransport& respond(int status, std::string body = {}, Headers headers = {}) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers = std::move(headers);
    return respond(std::move(response));
  }

  // Answers the next request with a body in these chunks (send() joins them).
  FakeTransport& respond_chunks(int status, Headers headers, std::vector<std::string> chunks) {
    Step step;
    step.status = status;
    step.headers = std::move(headers);
    step.chunks = std::move(chunks);
    return push(std::move(step));
  }

  // Fails the next request.
  FakeTransport& fail(TransportErrorKind kind, std::string message = "scripted failure") {
    Step step;
    step.error = TransportError(kind, std::move(message));
    return push(std::move(step));
  }

  HttpResponse send(const HttpRequest& request) override {
    const Step step = take(request);
    HttpResponse response;
    response.status = step.status;
    response.headers = step.headers;
    for (const auto& chunk : step.chunks) response.body += chunk;
    return response;
  }

  void send_streaming(const HttpRequest& request, const HeadersCallback& on_headers,
                      const BodyCallback& on_body) override {
    const Step step = take(request);
    on_headers(step.status, step.headers);
    for (const auto& chunk : step.chunks) on_body(chunk);
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }
  std::size_t pending() const {
    std::lock_guard lock(m_mutex);
    return m_steps.size();
  }

 private:
  struct Step {
    int status = 200;
    Headers headers;
    std::vector<std::string> chunks;
    std::optional<TransportError> error;
  };

  FakeTransport& push(Step step) {
    std::lock_guard lock(m_mutex);
    m_steps.push_back(std::move(step));
    return *this;
  }

  Step take(const HttpRequest& request) {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(request);
    if (m_steps.empty()) {
      throw std::logic_error("FakeTransport: nothing scripted for " + request.method + " " +
                             request.url);
    }
    Step step = std::move(m_steps.front());
    m_steps.pop_front();
    if (step.error) throw *step.error;
    return step;
  }

  mutable std::mutex m_mutex;
  std::deque<Step> m_steps;
  std::vector<HttpRequest> m_requests;
};

}  // namespace agentlift::cloud
