#pragma once
// The AWS SDKs' "standard" retry mode as plain, testable logic: error
// classification (aws-wire.md §0), full-jitter exponential backoff, the retry
// quota (a token bucket shared by every call of one client) and clock-skew
// correction. Time, sleeping and randomness are injected, so tests never wait.
//
// Constants are the JS SDK v3 ones (@aws-sdk/middleware-retry and
// @smithy/util-retry constants.ts), which aws-wire.md observes; botocore's
// standard mode has the same quota numbers and the same 20 s cap.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/errors.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/http.hpp"
#include "cloud/transport.hpp"

namespace agentlift::cloud {

inline constexpr int k_default_max_attempts = 3;                       // AWS_MAX_ATTEMPTS default
inline constexpr std::chrono::milliseconds k_default_base_delay{100};  // DEFAULT_RETRY_DELAY_BASE
inline constexpr std::chrono::milliseconds k_throttling_base_delay{
    500};                                                           // THROTTLING_RETRY_DELAY_BASE
inline constexpr std::chrono::milliseconds k_max_backoff{20'000};   // MAXIMUM_RETRY_DELAY
inline constexpr int k_initial_retry_tokens = 500;                  // INITIAL_RETRY_TOKENS
inline constexpr int k_retry_cost = 5;                              // RETRY_COST
inline constexpr int k_timeout_retry_cost = 10;                     // TIMEOUT_RETRY_COST
inline constexpr int k_no_retry_increment = 1;                      // NO_RETRY_INCREMENT
inline constexpr std::chrono::seconds k_clock_skew_threshold{300};  // JS isClockSkewed: 5 min

// Throttling: HTTP 429 or one of the SDKs' throttling codes.
bool is_throttling(std::string_view code, int status);
// Transient: 500/502/503/504, RequestTimeout(Exception), PriorRequestNotComplete,
// or a transport failure of kind dns, connect, timeout or reset (tls and other
// are configuration problems a retry will not fix). `failure` is set when no
// response arrived.
bool is_transient(int status, std::string_view code,
                  std::optional<TransportErrorKind> failure = std::nullopt);
// Errors the service models mark `retryable` (AgentCore, Bedrock Runtime).
bool is_modeled_retryable(std::string_view code);
// Codes that can mean "the local clock is off": RequestTimeTooSkewed,
// RequestExpired, RequestInTheFuture, InvalidSignatureException,
// SignatureDoesNotMatch, AuthFailure (JS CLOCK_SKEW_ERROR_CODES).
bool is_clock_skew_error(std::string_view code);

enum class RetryKind { none, throttling, transient };
RetryKind classify_retry(int status, std::string_view code,
                         std::optional<TransportErrorKind> failure = std::nullopt);

using RetryEnvironment = std::map<std::string, std::string>;

struct RetryPolicy {
  int max_attempts = k_default_max_attempts;  // total sends, first one included
  std::chrono::milliseconds base_delay = k_default_base_delay;
  std::chrono::milliseconds throttling_base_delay = k_throttling_base_delay;
  std::chrono::milliseconds max_backoff = k_max_backoff;

  // max_attempts from AWS_MAX_ATTEMPTS (a positive integer); anything else
  // (missing, empty, "abc", "0", "-2", "3x", overflow) keeps the default.
  static RetryPolicy from_environment(const RetryEnvironment& environment);
};

// Full jitter: random(0, min(max_backoff, base * 2^retry_index)), where
// retry_index is 0 before the first retry and `random01` is in [0, 1).
// Throttling errors use the larger throttling base.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry_index, bool throttling,
                                        double random01);

// The retry quota: a token bucket shared per client, so a failing service
// stops being hammered by retries. Thread-safe.
class RetryQuota {
 public:
  explicit RetryQuota(int capacity = k_initial_retry_tokens)
      : m_capacity(capacity), m_tokens(capacity) {}
  // Takes `cost` tokens for one retry; false (and takes none) when too few remain.
  bool try_acquire(int cost);
  // After a success: give back `amount` (the last retry's cost, or
  // k_no_retry_increment when no retry was needed), capped at capacity.
  void release(int amount);
  int available() const;

 private:
  mutable std::mutex m_mutex;
  int m_capacity;
  int m_tokens;
};

// Parses an HTTP Date header (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT").
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

// server Date minus local_now, when they differ by at least
// k_clock_skew_threshold; nullopt when close enough or the header is unusable.
std::optional<std::chrono::seconds> clock_skew_from(
    std::string_view date_header, std::chrono::system_clock::time_point local_now);

struct RetryHooks {
  std::function<void(std::chrono::milliseconds)> sleep;        // default: really sleep
  std::function<std::chrono::system_clock::time_point()> now;  // default: system_clock
  std::function<double()> random01;                            // default: mt19937 in [0, 1)
};

struct RetryResult {
  HttpResponse response;  // the last reply: 2xx, or the error to decode
  int attempts = 1;       // how many times the request was sent
};

// Runs one logical request with retries. Keep one Retrier per service client:
// its quota and clock offset are shared by all of that client's calls.
//
// `send_attempt(attempt)` (attempt = 1, 2, …) must build, sign and send the
// request. It is called again for every retry, so it must reuse the same
// idempotency token (clientToken) each time: generate the token once, outside
// the callback. It should sign with `now() + clock_offset()`, which changes
// after a clock-skew error. A TransportError (transport.hpp) it throws is
// retried when is_transient() says so and rethrown when retries run out; other
// exceptions pass through untouched.
class Retrier {
 public:
  Retrier(Protocol protocol, RetryPolicy policy = {}, RetryHooks hooks = {});

  RetryResult run(const std::function<HttpResponse(int attempt)>& send_attempt);

  std::chrono::seconds clock_offset() const { return std::chrono::seconds(m_clock_offset.load()); }
  const RetryQuota& quota() const { return m_quota; }
  RetryQuota& quota() { return m_quota; }
  const RetryPolicy& policy() const { return m_policy; }

 private:
  // Decides whether to retry after a failed attempt; sleeps if so.
  bool prepare_retry(int attempt, RetryKind kind, bool timeout, int& last_cost);

  Protocol m_protocol;
  RetryPolicy m_policy;
  RetryHooks m_hooks;
  RetryQuota m_quota;
  std::atomic<long long> m_clock_offset{0};
};

}  // namespace agentlift::cloud
