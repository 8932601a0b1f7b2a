#include "cloud/retry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>
#include <utility>

namespace agentlift::cloud {
namespace {

bool one_of(std::initializer_list<std::string_view> list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const long long era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace

bool is_throttling(std::string_view code, int status) {
  if (status == 429) return true;
  return one_of(
      {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
       "TooManyRequestsException", "ProvisionedThroughputExceededException",
       "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
       "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
       "EC2ThrottledException"},
      code);
}

bool is_transient(int status, std::string_view code, std::optional<TransportErrorKind> failure) {
  if (failure) {
    return *failure == TransportErrorKind::dns || *failure == TransportErrorKind::connect ||
           *failure == TransportErrorKind::timeout || *failure == TransportErrorKind::reset;
  }
  if (status == 500 || status == 502 || status == 503 || status == 504) return true;
  return one_of({"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}, code);
}

bool is_modeled_retryable(std::string_view code) {
  // aws-wire.md §0 (AgentCore control/data) and §8 (Bedrock Runtime ModelNotReadyException).
  return one_of({"RetryableConflictException", "ServiceException", "ThrottledException",
                 "ModelNotReadyException"},
                code);
}

bool is_clock_skew_error(std::string_view code) {
  return one_of({"AuthFailure", "InvalidSignatureException", "RequestExpired", "RequestInTheFuture",
                 "RequestTimeTooSkewed", "SignatureDoesNotMatch"},
                code);
}

RetryKind classify_retry(int status, std::string_view code,
                         std::optional<TransportErrorKind> failure) {
  if (!failure && is_throttling(code, status)) return RetryKind::throttling;
  if (is_transient(status, code, failure) || is_modeled_retryable(code))
    return RetryKind::transient;
  return RetryKind::none;
}

RetryPolicy RetryPolicy::from_environment(const RetryEnvironment& environment) {
  RetryPolicy policy;
  const auto it = environment.find("AWS_MAX_ATTEMPTS");
  if (it == environment.end()) return policy;
  std::string_view text = it->second;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size() && !text.empty() && value >= 1) {
    policy.max_attempts = value;
  }
  return policy;
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry_index, bool throttling,
                                        double random01) {
  const double base =
      static_cast<double>((throttling ? policy.throttling_base_delay : policy.base_delay).count());
  const double cap = static_cast<double>(policy.max_backoff.count());
  const int exponent = std::clamp(retry_index, 0, 62);
  const double ceiling = std::min(cap, base * std::ldexp(1.0, exponent));
  const double fraction = std::isnan(random01) ? 0.0 : std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(std::floor(ceiling * fraction)));
}

bool RetryQuota::try_acquire(int cost) {
  const std::lock_guard lock(m_mutex);
  if (m_tokens < cost) return false;
  m_tokens -= cost;
  return true;
}

void RetryQuota::release(int amount) {
  const std::lock_guard lock(m_mutex);
  m_tokens = std::min(m_capacity, m_tokens + amount);
}

int RetryQuota::available() const {
  const std::lock_guard lock(m_mutex);
  return m_tokens;
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"; the weekday is optional here.
  if (const auto comma = text.find(','); comma != std::string_view::npos)
    text.remove_prefix(comma + 1);
  if (text.size() > 64) return std::nullopt;
  const std::string copy(text);
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  char month_name[4] = {};
  char zone[4] = {};
  if (std::sscanf(copy.c_str(), " %2d %3s %4d %2d:%2d:%2d %3s", &day, month_name, &year, &hour,
                  &minute, &second, zone) != 7) {
    return std::nullopt;
  }
  if (std::string_view(zone) != "GMT" && std::string_view(zone) != "UTC") return std::nullopt;
  static constexpr std::string_view k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (k_months[i] == month_name) month = i + 1;
  }
  if (month == 0 || day < 1 || day > 31 || year < 1970 || hour > 23 || minute > 59 || second > 60 ||
      hour < 0 || minute < 0 || second < 0) {
    return std::nullopt;
  }
  const long long seconds = days_from_civil(year, month, static_cast<unsigned>(day)) * 86400 +
                            hour * 3600 + minute * 60 + second;
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

std::optional<std::chrono::seconds> clock_skew_from(
    std::string_view date_header, std::chrono::system_clock::time_point local_now) {
  const auto server = parse_http_date(date_header);
  if (!server) return std::nullopt;
  const auto skew = std::chrono::duration_cast<std::chrono::seconds>(*server - local_now);
  if (std::chrono::abs(skew) < k_clock_skew_threshold) return std::nullopt;
  return skew;
}

Retrier::Retrier(Protocol protocol, RetryPolicy policy, RetryHooks hooks)
    : m_protocol(protocol), m_policy(std::move(policy)), m_hooks(std::move(hooks)) {
  if (!m_hooks.sleep)
    m_hooks.sleep = [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
  if (!m_hooks.now) m_hooks.now = [] { return std::chrono::system_clock::now(); };
  if (!m_hooks.random01) {
    m_hooks.random01 = [] {
      thread_local std::mt19937_64 engine{std::random_device{}()};
      return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
    };
  }
}

bool Retrier::prepare_retry(int attempt, RetryKind kind, bool timeout, int& last_cost) {
  if (kind == RetryKind::none || attempt >= m_policy.max_attempts) return false;
  const int cost = timeout ? k_timeout_retry_cost : k_retry_cost;
  if (!m_quota.try_acquire(cost)) return false;
  last_cost = cost;
  m_hooks.sleep(
      backoff_delay(m_policy, attempt - 1, kind == RetryKind::throttling, m_hooks.random01()));
  return true;
}

RetryResult Retrier::run(const std::function<HttpResponse(int attempt)>& send_attempt) {
  int last_cost = 0;  // tokens taken for the latest retry; 0 while none was needed
  for (int attempt = 1;; ++attempt) {
    HttpResponse response;
    try {
      response = send_attempt(attempt);
    } catch (const TransportError& error) {
      const RetryKind kind = classify_retry(0, "", error.kind());
      if (!prepare_retry(attempt, kind, error.kind() == TransportErrorKind::timeout, last_cost)) {
        throw;
      }
      continue;
    }
    if (response.status >= 200 && response.status < 300) {
      m_quota.release(last_cost > 0 ? last_cost : k_no_retry_increment);
      return {std::move(response), attempt};
    }
    const std::string code = error_code_of(m_protocol, response);
    RetryKind kind = classify_retry(response.status, code);
    if (kind == RetryKind::none && is_clock_skew_error(code)) {
      // Only worth a retry when the server's clock really disagrees with ours:
      // otherwise the secret key is wrong and a retry cannot help.
      if (const auto date = response.header("Date")) {
        if (const auto skew = clock_skew_from(*date, m_hooks.now() + clock_offset())) {
          m_clock_offset += skew->count();
          kind = RetryKind::transient;
        }
      }
    }
    const bool timeout = code == "RequestTimeout" || code == "RequestTimeoutException";
    if (!prepare_retry(attempt, kind, timeout, last_cost)) return {std::move(response), attempt};
  }
}

}  // namespace agentlift::cloud
