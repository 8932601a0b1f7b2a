#include "cloud/retry.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace agentlift::cloud {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

HttpResponse reply(int status, std::string body = {}, Headers headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

HttpResponse json_error(int status, const std::string& type) {
  return reply(status, R"({"message":"m"})", {{"x-amzn-ErrorType", type}});
}

// 2024-01-01T00:00:00Z
const system_clock::time_point k_local_now{seconds(1704067200)};

// Hooks that record instead of sleeping; random is fixed.
struct FakeHooks {
  std::vector<milliseconds> sleeps;
  double random = 1.0;

  RetryHooks hooks() {
    return {[this](milliseconds delay) { sleeps.push_back(delay); }, [] { return k_local_now; },
            [this] { return random; }};
  }
};

// --- classification ----------------------------------------------------------

TEST(RetryClassify, ThrottlingTable) {
  for (const char* code :
       {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException"}) {
    EXPECT_TRUE(is_throttling(code, 400)) << code;
    EXPECT_EQ(classify_retry(400, code), RetryKind::throttling) << code;
  }
  EXPECT_TRUE(is_throttling("", 429));
  EXPECT_TRUE(is_throttling("Anything", 429));
  EXPECT_FALSE(is_throttling("ThrottlingExceptionX", 400));
  EXPECT_FALSE(is_throttling("throttlingexception", 400));  // codes are case-sensitive
  EXPECT_FALSE(is_throttling("ValidationException", 400));
}

TEST(RetryClassify, TransientTable) {
  for (const int status : {500, 502, 503, 504}) {
    EXPECT_TRUE(is_transient(status, "")) << status;
    EXPECT_EQ(classify_retry(status, "InternalServerException"), RetryKind::transient);
  }
  for (const char* code :
       {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}) {
    EXPECT_TRUE(is_transient(400, code)) << code;
  }
  for (const auto failure : {TransportErrorKind::dns, TransportErrorKind::connect,
                             TransportErrorKind::timeout, TransportErrorKind::reset}) {
    EXPECT_TRUE(is_transient(0, "", failure));
    EXPECT_EQ(classify_retry(0, "", failure), RetryKind::transient);
  }
  EXPECT_FALSE(is_transient(0, "", TransportErrorKind::tls));
  EXPECT_FALSE(is_transient(0, "", TransportErrorKind::other));
  EXPECT_FALSE(is_transient(501, ""));
  EXPECT_FALSE(is_transient(400, "ValidationException"));
}

TEST(RetryClassify, ModeledRetryableAndNeverRetried) {
  EXPECT_EQ(classify_retry(409, "RetryableConflictException"), RetryKind::transient);
  EXPECT_EQ(classify_retry(429, "ModelNotReadyException"), RetryKind::throttling);  // 429 wins
  EXPECT_EQ(classify_retry(400, "ModelNotReadyException"), RetryKind::transient);
  for (const auto& [status, code] :
       std::vector<std::pair<int, std::string>>{{400, "ValidationException"},
                                                {402, "ServiceQuotaExceededException"},
                                                {403, "AccessDeniedException"},
                                                {404, "ResourceNotFoundException"},
                                                {409, "ConflictException"},
                                                {424, "RuntimeClientError"},
                                                {403, "SignatureDoesNotMatch"}}) {
    EXPECT_EQ(classify_retry(status, code), RetryKind::none) << code;
  }
}

TEST(RetryClassify, ClockSkewCodes) {
  for (const char* code :
       {"RequestTimeTooSkewed", "InvalidSignatureException", "SignatureDoesNotMatch",
        "RequestExpired", "RequestInTheFuture", "AuthFailure"}) {
    EXPECT_TRUE(is_clock_skew_error(code)) << code;
  }
  EXPECT_FALSE(is_clock_skew_error("AccessDenied"));
}

// --- policy and backoff ------------------------------------------------------

TEST(RetryPolicy, MaxAttemptsFromEnvironment) {
  EXPECT_EQ(RetryPolicy::from_environment({}).max_attempts, 3);
  EXPECT_EQ(RetryPolicy::from_environment({{"AWS_MAX_ATTEMPTS", "5"}}).max_attempts, 5);
  EXPECT_EQ(RetryPolicy::from_environment({{"AWS_MAX_ATTEMPTS", " 1 "}}).max_attempts, 1);
  for (const char* bad : {"", "abc", "0", "-2", "3x", "2.5", "99999999999999999999", "+"}) {
    EXPECT_EQ(RetryPolicy::from_environment({{"AWS_MAX_ATTEMPTS", bad}}).max_attempts, 3) << bad;
  }
  const RetryPolicy policy;
  EXPECT_EQ(policy.base_delay, milliseconds(100));
  EXPECT_EQ(policy.throttling_base_delay, milliseconds(500));
  EXPECT_EQ(policy.max_backoff, milliseconds(20000));
}

TEST(RetryBackoff, FullJitterBounds) {
  const RetryPolicy policy;
  EXPECT_EQ(backoff_delay(policy, 0, false, 0.0), milliseconds(0));
  EXPECT_EQ(backoff_delay(policy, 0, false, 0.999999), milliseconds(99));
  EXPECT_EQ(backoff_delay(policy, 1, false, 0.5), milliseconds(100));
  EXPECT_EQ(backoff_delay(policy, 3, false, 1.0), milliseconds(800));
  EXPECT_EQ(backoff_delay(policy, 0, true, 1.0), milliseconds(500));
  EXPECT_EQ(backoff_delay(policy, 2, true, 0.5), milliseconds(1000));
  // Capped at 20 s however many retries, never negative, odd inputs clamped.
  EXPECT_EQ(backoff_delay(policy, 8, false, 1.0), milliseconds(20000));
  EXPECT_EQ(backoff_delay(policy, 1000, true, 1.0), milliseconds(20000));
  EXPECT_EQ(backoff_delay(policy, -3, false, 1.0), milliseconds(100));
  EXPECT_EQ(backoff_delay(policy, 2, false, 7.0), milliseconds(400));
  EXPECT_EQ(backoff_delay(policy, 2, false, -1.0), milliseconds(0));
  for (int retry = 0; retry < 40; ++retry) {
    for (const double r : {0.0, 0.25, 0.5, 0.75, 0.9999}) {
      const auto delay = backoff_delay(policy, retry, retry % 2 == 0, r);
      EXPECT_GE(delay.count(), 0);
      EXPECT_LE(delay, policy.max_backoff);
    }
  }
}

// --- quota -------------------------------------------------------------------

TEST(RetryQuota, TokenBucket) {
  RetryQuota quota;
  EXPECT_EQ(quota.available(), 500);
  EXPECT_TRUE(quota.try_acquire(k_retry_cost));
  EXPECT_TRUE(quota.try_acquire(k_timeout_retry_cost));
  EXPECT_EQ(quota.available(), 485);
  quota.release(k_timeout_retry_cost);
  EXPECT_EQ(quota.available(), 495);
  quota.release(100);  // capped
  EXPECT_EQ(quota.available(), 500);
  RetryQuota small(7);
  EXPECT_TRUE(small.try_acquire(5));
  EXPECT_FALSE(small.try_acquire(5));
  EXPECT_EQ(small.available(), 2);
}

// --- clock skew --------------------------------------------------------------

TEST(RetryClockSkew, ParseHttpDate) {
  const auto date = parse_http_date("Mon, 01 Jan 2024 00:00:00 GMT");
  ASSERT_TRUE(date);
  EXPECT_EQ(*date, k_local_now);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")->time_since_epoch(),
            seconds(784111777));
  for (const char* bad :
       {"", "garbage", "Mon, 01 Foo 2024 00:00:00 GMT", "Mon, 01 Jan 2024 25:00:00 GMT",
        "Mon, 01 Jan 2024 00:00:00 PST", "Mon, 01 Jan 2024"}) {
    EXPECT_FALSE(parse_http_date(bad)) << bad;
  }
}

TEST(RetryClockSkew, OffsetOnlyWhenFar) {
  EXPECT_EQ(clock_skew_from("Mon, 01 Jan 2024 01:00:00 GMT", k_local_now), seconds(3600));
  EXPECT_EQ(clock_skew_from("Sun, 31 Dec 2023 23:50:00 GMT", k_local_now), seconds(-600));
  EXPECT_EQ(clock_skew_from("Mon, 01 Jan 2024 00:04:59 GMT", k_local_now), std::nullopt);
  EXPECT_EQ(clock_skew_from("not a date", k_local_now), std::nullopt);
}

// --- Retrier -----------------------------------------------------------------

TEST(Retrier, SucceedsFirstTimeWithoutSleepingAndRefundsOne) {
  FakeHooks fake;
  Retrier retrier(Protocol::rest_json1, {}, fake.hooks());
  ASSERT_TRUE(retrier.quota().try_acquire(10));
  const auto result = retrier.run([](int) { return reply(200, "{}"); });
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.response.status, 200);
  EXPECT_TRUE(fake.sleeps.empty());
  EXPECT_EQ(retrier.quota().available(), 491);
}

TEST(Retrier, RetriesThrottlingWithTheSameClientToken) {
  FakeHooks fake;
  Retrier retrier(Protocol::rest_json1, {}, fake.hooks());
  const std::string client_token =
      "3f1c2b9e-8d4a-4f7e-9a6b-1c2d3e4f5a6b";  // generated once per logical request
  std::vector<std::string> seen_tokens;
  std::vector<int> seen_attempts;
  const auto result = retrier.run([&](int attempt) {
    HttpRequest request;
    request.method = "POST";
    request.body = R"({"harnessName":"x","clientToken":")" + client_token + "\"}";
    seen_tokens.push_back(request.body);
    seen_attempts.push_back(attempt);
    return attempt < 3 ? json_error(429, "ThrottlingException") : reply(201, "{}");
  });
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(result.response.status, 201);
  EXPECT_EQ(seen_attempts, (std::vector<int>{1, 2, 3}));
  ASSERT_EQ(seen_tokens.size(), 3u);
  EXPECT_EQ(seen_tokens[0], seen_tokens[1]);
  EXPECT_EQ(seen_tokens[1], seen_tokens[2]);
  // Throttling base 500 ms, random 1.0: 500 then 1000.
  EXPECT_EQ(fake.sleeps, (std::vector<milliseconds>{milliseconds(500), milliseconds(1000)}));
  // Two retries cost 10; success refunds the last retry's cost.
  EXPECT_EQ(retrier.quota().available(), 495);
}

TEST(Retrier, GivesUpAfterMaxAttemptsAndReturnsTheLastError) {
  FakeHooks fake;
  Retrier retrier(Protocol::rest_json1, RetryPolicy::from_environment({{"AWS_MAX_ATTEMPTS", "4"}}),
                  fake.hooks());
  int calls = 0;
  const auto result = retrier.run([&](int) {
    ++calls;
    return json_error(503, "ServiceUnavailableException");
  });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(result.attempts, 4);
  EXPECT_EQ(result.response.status, 503);
  EXPECT_EQ(fake.sleeps,
            (std::vector<milliseconds>{milliseconds(100), milliseconds(200), milliseconds(400)}));
  EXPECT_EQ(retrier.quota().available(), 485);
  const auto error =
      decode_error(Protocol::rest_json1, "S", "Op", result.response, result.attempts);
  EXPECT_EQ(error.attempts(), 4);
}

TEST(Retrier, DoesNotRetryClientErrors) {
  FakeHooks fake;
  Retrier retrier(Protocol::rest_json1, {}, fake.hooks());
  int calls = 0;
  const auto result = retrier.run([&](int) {
    ++calls;
    return json_error(409, "ConflictException");
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result.response.status, 409);
  EXPECT_TRUE(fake.sleeps.empty());
  EXPECT_EQ(retrier.quota().available(), 500);
}

TEST(Retrier, QuotaExhaustionStopsRetrying) {
  FakeHooks fake;
  Retrier retrier(Protocol::rest_xml, RetryPolicy::from_environment({{"AWS_MAX_ATTEMPTS", "10"}}),
                  fake.hooks());
  ASSERT_TRUE(retrier.quota().try_acquire(490));  // 10 tokens left: two retries
  int calls = 0;
  const auto result = retrier.run([&](int) {
    ++calls;
    return reply(
        503,
        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
  });
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(retrier.quota().available(), 0);
  // The quota is per client: the next call gets no retry at all.
  calls = 0;
  retrier.run([&](int) {
    ++calls;
    return reply(500);
  });
  EXPECT_EQ(calls, 1);
}

TEST(Retrier, TransportErrorsRetryThenRethrow) {
  FakeHooks fake;
  Retrier retrier(Protocol::aws_json1_1, {}, fake.hooks());
  int calls = 0;
  const auto result = retrier.run([&](int attempt) -> HttpResponse {
    ++calls;
    if (attempt == 1) throw TransportError(TransportErrorKind::reset, "connection reset");
    return reply(200, "{}");
  });
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(retrier.quota().available(), 500);  // cost 5 refunded on success

  calls = 0;
  EXPECT_THROW(retrier.run([&](int) -> HttpResponse {
    ++calls;
    throw TransportError(TransportErrorKind::timeout, "timed out");
  }),
               TransportError);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(retrier.quota().available(), 480);  // timeouts cost 10 each

  calls = 0;
  EXPECT_THROW(retrier.run([&](int) -> HttpResponse {
    ++calls;
    throw TransportError(TransportErrorKind::tls, "certificate verify failed");
  }),
               TransportError);
  EXPECT_EQ(calls, 1);

  calls = 0;
  EXPECT_THROW(retrier.run([&](int) -> HttpResponse {
    ++calls;
    throw IoError("not a transport failure");
  }),
               IoError);
  EXPECT_EQ(calls, 1);
}

TEST(Retrier, RequestTimeoutCodeCostsTimeoutTokens) {
  FakeHooks fake;
  Retrier retrier(Protocol::rest_xml, {}, fake.hooks());
  retrier.run([](int attempt) {
    return attempt == 1 ? reply(400, "<Error><Code>RequestTimeout</Code></Error>") : reply(500);
  });
  EXPECT_EQ(retrier.quota().available(), 485);  // 10 + 5
}

TEST(Retrier, ClockSkewCorrectsOffsetAndRetriesOnce) {
  FakeHooks fake;
  Retrier retrier(Protocol::aws_query, {}, fake.hooks());
  std::vector<seconds> offsets;
  const auto result = retrier.run([&](int attempt) {
    offsets.push_back(retrier.clock_offset());
    if (attempt == 1) {
      return reply(
          403,
          "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>Signature expired"
          "</Message></Error><RequestId>r</RequestId></ErrorResponse>",
          {{"Date", "Mon, 01 Jan 2024 01:00:00 GMT"}});
    }
    return reply(200, "<GetCallerIdentityResponse/>");
  });
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(offsets, (std::vector<seconds>{seconds(0), seconds(3600)}));
  EXPECT_EQ(retrier.clock_offset(), seconds(3600));
}

TEST(Retrier, SignatureErrorWithCloseClockIsNotRetried) {
  FakeHooks fake;
  Retrier retrier(Protocol::rest_json1, {}, fake.hooks());
  int calls = 0;
  retrier.run([&](int) {
    ++calls;
    return reply(403, "{}",
                 {{"x-amzn-ErrorType", "InvalidSignatureException"},
                  {"Date", "Mon, 01 Jan 2024 00:01:00 GMT"}});
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(retrier.clock_offset(), seconds(0));
}

}  // namespace
}  // namespace agentlift::cloud
