// AgentCoreDataClient and the SSE parser against FakeTransport: InvokeHarness
// on AWS event-stream bytes (the synthetic sample the JS SDK parses, delivered
// in awkward chunks), InvokeAgentRuntime with JSON and with server-sent events,
// and AwsClient::call_streaming's rule that a stream is never sent twice.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "cloud/agentcore_data_client.hpp"
#include "cloud/eventstream.hpp"
#include "cloud/fake_transport.hpp"
#include "cloud/sse.hpp"

namespace agentlift::cloud {
namespace {

using namespace std::chrono;

AwsClientConfig data_config() {
  AwsClientConfig config;
  config.service = "AgentCore";
  config.signing_name = "bedrock-agentcore";
  config.region = "us-west-2";
  config.endpoint = "https://bedrock-agentcore.us-west-2.amazonaws.com";
  config.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::nullopt};
  config.clock = [] { return sys_days{year{2026} / 11 / 25} + hours{12}; };
  config.retry_hooks.sleep = [](milliseconds) {};
  config.retry_hooks.random01 = [] { return 0.0; };
  return config;
}

std::string sample_stream() {
  std::ifstream in(std::string(AGENTLIFT_SOURCE_DIR) +
                       "/tests/data/aws/eventstream-samples/invoke-harness-stream.bin",
                   std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<std::string> split_every(const std::string& bytes, std::size_t size) {
  std::vector<std::string> chunks;
  for (std::size_t at = 0; at < bytes.size(); at += size) chunks.push_back(bytes.substr(at, size));
  return chunks;
}

const char* const k_harness_arn =
    "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/support_bot-AbCdEf1234";
const char* const k_session = "session-0000000000000000000000000000001";

TEST(AgentCoreDataClient, InvokeHarnessStreamsEventsThenRaisesTheInStreamException) {
  FakeTransport transport;
  transport.respond_chunks(200, {{"Content-Type", "application/vnd.amazon.eventstream"}},
                           split_every(sample_stream(), 7));
  AwsClient client(data_config(), transport);
  AgentCoreDataClient data(client);
  std::vector<std::string> types;
  InvokeHarnessRequest request;
  request.harness_arn = k_harness_arn;
  request.session_id = k_session;
  request.body = Json{
      {"messages",
       Json::array({Json{{"role", "user"}, {"content", Json::array({Json{{"text", "hi"}}})}}})}};
  try {
    data.invoke_harness(request, [&](const HarnessEvent& event) { types.push_back(event.type); });
    FAIL() << "the sample ends in a runtimeClientError exception frame";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "RuntimeClientError");
    EXPECT_EQ(error.aws_message(), "boom");
  }
  ASSERT_EQ(types.size(), 8u);
  EXPECT_EQ(types.front(), "messageStart");
  EXPECT_EQ(types.back(), "metadata");

  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url,
            "https://bedrock-agentcore.us-west-2.amazonaws.com/harnesses/invoke?harnessArn="
            "arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A123456789012%3Aharness%2Fsupport_bot-"
            "AbCdEf1234");
  EXPECT_EQ(sent.header("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id").value_or(""), k_session);
  EXPECT_EQ(Json::parse(sent.body)["messages"][0]["content"][0]["text"], "hi");
}

TEST(AgentCoreDataClient, InvokeHarnessMakesASessionIdWhenNoneIsGiven) {
  FakeTransport transport;
  transport.respond(200, "", {{"Content-Type", "application/vnd.amazon.eventstream"}});
  AwsClient client(data_config(), transport);
  AgentCoreDataClient data(client, [] { return std::string(k_session); });
  InvokeHarnessRequest request;
  request.harness_arn = k_harness_arn;
  request.qualifier = "live";
  const auto result = data.invoke_harness(request, [](const HarnessEvent&) {});
  EXPECT_EQ(result.session_id, k_session);
  EXPECT_EQ(result.events, 0);
  EXPECT_TRUE(transport.requests().at(0).url.ends_with("&qualifier=live"));
}

TEST(AgentCoreDataClient, ATruncatedHarnessStreamIsADecodeError) {
  FakeTransport transport;
  const std::string bytes = sample_stream();
  transport.respond_chunks(200, {}, {bytes.substr(0, 100)});
  AwsClient client(data_config(), transport);
  AgentCoreDataClient data(client);
  InvokeHarnessRequest request;
  request.harness_arn = k_harness_arn;
  request.session_id = k_session;
  EXPECT_THROW(data.invoke_harness(request, [](const HarnessEvent&) {}), eventstream::DecodeError);
}

TEST(AgentCoreDataClient, HarnessErrorsBeforeTheStreamAreDecoded) {
  FakeTransport transport;
  transport.respond(404, R"({"message":"no such harness"})",
                    {{"x-amzn-ErrorType", "ResourceNotFoundException"}});
  AwsClient client(data_config(), transport);
  AgentCoreDataClient data(client);
  InvokeHarnessRequest request;
  request.harness_arn = k_harness_arn;
  request.session_id = k_session;
  try {
    data.invoke_harness(request, [](const HarnessEvent&) { FAIL(); });
    FAIL();
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "ResourceNotFoundException");
    EXPECT_EQ(error.aws_message(), "no such harness");
  }
}

TEST(AgentCoreDataClient, HarnessTextDeltaReadsOnlyTextDeltas) {
  EXPECT_EQ(harness_text_delta({"contentBlockDelta", Json::parse(R"({"delta":{"text":"Hel"}})")}),
            "Hel");
  EXPECT_EQ(harness_text_delta({"contentBlockDelta", Json::parse(R"({"delta":{"toolUse":{}}})")}),
            "");
  EXPECT_EQ(harness_text_delta({"messageStart", Json::parse(R"({"role":"assistant"})")}), "");
}

TEST(AgentCoreDataClient, InvokeAgentRuntimeEncodesTheArnAndReturnsAJsonBody) {
  FakeTransport transport;
  transport.respond(200, R"({"result":"hello"})",
                    {{"Content-Type", "application/json"},
                     {"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", "srv-session"}});
  AwsClient client(data_config(), transport);
  AgentCoreDataClient data(client);
  InvokeRuntimeRequest request;
  request.runtime_arn = "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/team-AbCdEf1234";
  request.payload = R"({"prompt":"hi"})";
  const auto result = data.invoke_agent_runtime(request, [](const std::string&) { FAIL(); });
  EXPECT_FALSE(result.streamed);
  EXPECT_EQ(result.body, R"({"result":"hello"})");
  EXPECT_EQ(result.session_id, "srv-session");
  const HttpRequest sent = transport.requests().at(0);
  EXPECT_EQ(sent.url,
            "https://bedrock-agentcore.us-west-2.amazonaws.com/runtimes/"
            "arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A123456789012%3Aruntime%2Fteam-AbCdEf1234/"
            "invocations");
  EXPECT_EQ(sent.body, R"({"prompt":"hi"})");
  EXPECT_EQ(sent.header("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id")->size(), 36u);
  // The canonical URI double-encodes the ARN (aws-wire.md §3.2): visible in the
  // signature only, so check that signing did not touch the URL.
  EXPECT_NE(sent.header("Authorization").value_or("").find("SignedHeaders="), std::string::npos);
}

TEST(AgentCoreDataClient, InvokeAgentRuntimeDeliversServerSentEventsAsTheyArrive) {
  FakeTransport transport;
  transport.respond_chunks(
      200, {{"Content-Type", "text/event-stream; charset=utf-8"}},
      {"data: {\"text\":\"Hel\"}\n", "\ndata: {\"text\":\"lo\"}\r\n\r", "\n: ping\n\ndata: last"});
  AwsClient client(data_config(), transport);
  AgentCoreDataClient data(client);
  InvokeRuntimeRequest request;
  request.runtime_arn = "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/team-AbCdEf1234";
  std::vector<std::string> received;
  const auto result = data.invoke_agent_runtime(
      request, [&](const std::string& chunk) { received.push_back(chunk); });
  EXPECT_TRUE(result.streamed);
  EXPECT_TRUE(result.body.empty());
  EXPECT_EQ(received, (std::vector<std::string>{R"({"text":"Hel"})", R"({"text":"lo"})", "last"}));
}

TEST(SseParser, JoinsDataLinesAndSkipsCommentsAndOtherFields) {
  sse::Parser parser;
  auto events = parser.feed("event: delta\nid: 1\ndata: a\ndata:b\nretry: 5\n\n:comment\n\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event, "delta");
  EXPECT_EQ(events[0].data, "a\nb");
  EXPECT_TRUE(parser.finish().empty());
}

TEST(SseParser, BoundsTheSizeOfOneEvent) {
  sse::Parser parser(16);
  EXPECT_THROW(parser.feed("data: 0123456789abcdef\n"), Error);
}

// Sends headers and one chunk of a 2xx stream, then loses the connection.
class BreaksMidStream : public Transport {
 public:
  int sends = 0;
  HttpResponse send(const HttpRequest&) override { throw std::logic_error("unused"); }
  void send_streaming(const HttpRequest&, const HeadersCallback& on_headers,
                      const BodyCallback& on_body) override {
    ++sends;
    on_headers(200, {{"Content-Type", "text/event-stream"}});
    on_body("data: one\n\n");
    throw TransportError(TransportErrorKind::reset, "connection reset by peer");
  }
};

TEST(AwsClientStreaming, AStreamLostMidwayIsNotSentAgain) {
  BreaksMidStream transport;
  AwsClient client(data_config(), transport);
  std::string body;
  EXPECT_THROW(client.call_streaming(
                   "InvokeAgentRuntime", HttpRequest{"POST", "/x", {}, ""}, Protocol::rest_json1,
                   [](int, const Headers&) {}, [&](std::string_view chunk) { body += chunk; }),
               TransportError);
  EXPECT_EQ(transport.sends, 1);
  EXPECT_EQ(body, "data: one\n\n");
}

TEST(AwsClientStreaming, ErrorsBeforeTheStreamAreRetried) {
  FakeTransport transport;
  transport.respond(503, R"({"message":"later"})");
  transport.fail(TransportErrorKind::connect);
  transport.respond_chunks(200, {}, {"a", "b"});
  AwsClient client(data_config(), transport);
  std::string body;
  int headers_seen = 0;
  client.call_streaming(
      "InvokeAgentRuntime", HttpRequest{"POST", "/x", {}, ""}, Protocol::rest_json1,
      [&](int status, const Headers&) {
        EXPECT_EQ(status, 200);
        ++headers_seen;
      },
      [&](std::string_view chunk) { body += chunk; });
  EXPECT_EQ(transport.requests().size(), 3u);
  EXPECT_EQ(headers_seen, 1);
  EXPECT_EQ(body, "ab");  // the 503's body never reached the caller
}

}  // namespace
}  // namespace agentlift::cloud
