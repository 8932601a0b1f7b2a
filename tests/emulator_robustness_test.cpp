// agentcore-local under stress, as a process: faults on the Nth call (armed by
// flag and by the admin endpoint), connection resets, slow replies, our
// retrier absorbing a throttle, hostile raw HTTP (garbage, long targets, bad
// Authorization, bodies over the cap, POST without Content-Length) and
// concurrent clients.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "cloud/uri_encoding.hpp"
#include "support/emulator_fixture.hpp"

namespace agentlift::cloud {
namespace {

using namespace emulator_testing;
using testing::AgentCoreLocalProcess;

class EmulatorRobustness : public EmulatorProcessFixture {};

TEST_F(EmulatorRobustness, FaultsBreakTheNthCallAndResetsDropTheConnection) {
  start({"--fault", "operation=ListAgentRuntimes,kind=unavailable,nth=2"});
  AwsClient aws = client();
  const HttpRequest list = request("POST", "/runtimes/");
  EXPECT_NO_THROW(aws.call("ListAgentRuntimes", list, Protocol::rest_json1));
  const HttpError unavailable = error_of(aws, "ListAgentRuntimes", list);
  EXPECT_EQ(unavailable.status(), 503);
  EXPECT_EQ(unavailable.code(), "ServiceUnavailableException");
  EXPECT_NO_THROW(aws.call("ListAgentRuntimes", list, Protocol::rest_json1));

  // Armed through the admin endpoint, which needs no signature.
  HttpRequest arm = request("POST", process.endpoint() + "/_agentcore_local/faults",
                            {{"faults",
                              {{{"operation", "ListHarnesses"}, {"kind", "throttle"}, {"nth", 2}},
                               {{"operation", "GetHarness"}, {"kind", "reset"}}}}});
  ASSERT_EQ(transport.send(arm).status, 200);
  const HttpRequest harnesses = request("GET", "/harnesses");
  EXPECT_NO_THROW(aws.call("ListHarnesses", harnesses, Protocol::rest_json1));
  const HttpError throttled = error_of(aws, "ListHarnesses", harnesses);
  EXPECT_EQ(throttled.status(), 429);
  EXPECT_EQ(throttled.code(), "ThrottlingException");
  EXPECT_NO_THROW(aws.call("ListHarnesses", harnesses, Protocol::rest_json1));

  try {
    aws.call("GetHarness", request("GET", "/harnesses/any-0123456789"), Protocol::rest_json1);
    ADD_FAILURE() << "the reset fault did not fire";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.kind(), TransportErrorKind::reset) << error.what();
  }

  // Our retrier absorbs a single throttle.
  ASSERT_EQ(transport
                .send(request("POST", process.endpoint() + "/_agentcore_local/faults",
                              {{"operation", "ListHarnesses"}, {"kind", "throttle"}}))
                .status,
            200);
  AwsClient retrying = client("test", 3);
  EXPECT_NO_THROW(retrying.call("ListHarnesses", harnesses, Protocol::rest_json1));

  // A slow reply.
  ASSERT_EQ(
      transport
          .send(request("POST", process.endpoint() + "/_agentcore_local/faults",
                        {{"operation", "ListHarnesses"}, {"kind", "delay"}, {"delayMs", 300}}))
          .status,
      200);
  const auto before = std::chrono::steady_clock::now();
  aws.call("ListHarnesses", harnesses, Protocol::rest_json1);
  EXPECT_GE(std::chrono::steady_clock::now() - before, 300ms);
}

TEST_F(EmulatorRobustness, HostileRequestsGetErrorsAndTheServerLivesOn) {
  start();
  const int port = process.port();
  EXPECT_EQ(raw_exchange(port, "HELLO\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(raw_exchange(port, "GET /" + std::string(8000, 'a') +
                                   " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .rfind("HTTP/1.1 404", 0),
            0u);
  EXPECT_EQ(raw_exchange(port, "GET /" + std::string(20000, 'a') +
                                   " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .rfind("HTTP/1.1 4", 0),
            0u);
  const std::string bad_auth = raw_exchange(
      port,
      "GET /harnesses HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Amz-Date: 20260101T000000Z\r\n"
      "Authorization: AWS4-HMAC-SHA256 Credential=%%%, SignedHeaders=, Signature=\r\n\r\n");
  EXPECT_EQ(bad_auth.rfind("HTTP/1.1 403", 0), 0u) << bad_auth;
  EXPECT_NE(bad_auth.find("IncompleteSignatureException"), std::string::npos);
  // A declared body over the 100 MB cap is refused without being stored.
  const std::string declared = raw_exchange(
      port, "POST /runtimes/x/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 100000001\r\n\r\n",
      true);
  EXPECT_TRUE(declared.empty() || declared.rfind("HTTP/1.1 4", 0) == 0) << declared.substr(0, 200);
  // A chunked body past the cap is cut off with 413.
  std::string chunked =
      "POST /runtimes/x/invocations HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: "
      "chunked\r\n\r\n";
  const std::string chunk(1 << 20, 'x');
  std::string framed = "100000\r\n" + chunk + "\r\n";
  for (int i = 0; i < 100; ++i) chunked += framed;
  chunked += "0\r\n\r\n";
  const std::string over = raw_exchange(port, chunked);
  EXPECT_EQ(over.rfind("HTTP/1.1 413", 0), 0u) << over.substr(0, 200);
  // A POST without Content-Length has an empty body (httplib alone would wait for EOF).
  AwsClient aws = client();
  HttpRequest list = request("POST", process.endpoint() + "/runtimes/");
  list = aws.signed_request(list, std::chrono::system_clock::now());
  const std::string raw_list = [&] {
    std::string text = "POST /runtimes/ HTTP/1.1\r\n";
    for (const auto& [name, value] : list.headers) text += name + ": " + value + "\r\n";
    text += "Host: 127.0.0.1:" + std::to_string(port) + "\r\nConnection: close\r\n\r\n";
    return text;
  }();
  const std::string listed = raw_exchange(port, raw_list);
  EXPECT_EQ(listed.rfind("HTTP/1.1 200", 0), 0u) << listed.substr(0, 300);

  EXPECT_NO_THROW(aws.call("ListHarnesses", request("GET", "/harnesses"), Protocol::rest_json1));
}

TEST_F(EmulatorRobustness, ConcurrentClientsSeeConsistentState) {
  start();
  constexpr int k_threads = 8;
  constexpr int k_per_thread = 6;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      CurlTransport own_transport;
      AwsClientConfig config;
      config.service = "AgentCore";
      config.signing_name = "bedrock-agentcore";
      config.region = "us-west-2";
      config.endpoint = process.endpoint();
      config.credentials = {"test", "test", std::nullopt};
      AwsClient aws(config, own_transport);
      for (int i = 0; i < k_per_thread; ++i) {
        try {
          aws.call("CreateHarness",
                   request("POST", "/harnesses",
                           {{"harnessName", "h_" + std::to_string(t) + "_" + std::to_string(i)},
                            {"executionRoleArn", k_role}}),
                   Protocol::rest_json1);
          aws.call("ListHarnesses", request("GET", "/harnesses?maxResults=3"),
                   Protocol::rest_json1);
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  AwsClient aws = client();
  std::set<std::string> names;
  std::string token;
  do {
    const Json page = json(
        aws.call("ListHarnesses",
                 request("GET", "/harnesses?maxResults=7" +
                                    (token.empty() ? "" : "&nextToken=" + percent_encode(token))),
                 Protocol::rest_json1));
    for (const Json& item : page["harnesses"]) names.insert(item["harnessName"]);
    token = page.value("nextToken", "");
  } while (!token.empty());
  EXPECT_EQ(names.size(), static_cast<std::size_t>(k_threads * k_per_thread));
}

}  // namespace
}  // namespace agentlift::cloud
