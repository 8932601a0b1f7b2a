// agentcore-local as a process, driven by our own client stack (AwsClient +
// CurlTransport + the event-stream decoder) the way `agentlift deploy` will
// drive AWS: the banner and start-up time, SigV4 accepted and refused,
// CREATING -> READY, clientToken idempotency, name conflicts, validation
// errors with fieldList, InvokeHarness event streams, InvokeAgentRuntime JSON
// and SSE, --state across a restart, bad flags, clean shutdown and the log.
// Faults, hostile requests and concurrency: emulator_robustness_test.cpp.

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <iterator>

#include "cloud/eventstream.hpp"
#include "cloud/uri_encoding.hpp"
#include "support/emulator_fixture.hpp"

namespace agentlift::cloud {
namespace {

using namespace emulator_testing;
using testing::AgentCoreLocalProcess;

class EmulatorProcess : public EmulatorProcessFixture {};

TEST_F(EmulatorProcess, PrintsItsBannerFirstAndStartsFast) {
  start();
  EXPECT_EQ(process.banner(), "listening on http://127.0.0.1:" + std::to_string(process.port()));
  const double milliseconds = static_cast<double>(process.startup_time().count()) / 1000.0;
  std::cout << "[ emulator ] start-up to banner: " << milliseconds << " ms\n";
  RecordProperty("startup_ms", std::to_string(milliseconds));
  EXPECT_LT(milliseconds, 1000.0);
  EXPECT_EQ(process.stop(SIGINT), 0);
}

TEST_F(EmulatorProcess, SignaturesAreVerified) {
  start();
  AwsClient good = client();
  EXPECT_EQ(json(good.call("ListHarnesses", request("GET", "/harnesses"), Protocol::rest_json1)),
            (Json{{"harnesses", Json::array()}}));

  AwsClient wrong = client("not-the-secret");
  const HttpError bad = error_of(wrong, "ListHarnesses", request("GET", "/harnesses"));
  EXPECT_EQ(bad.status(), 403);
  EXPECT_EQ(bad.code(), "InvalidSignatureException");
  EXPECT_FALSE(bad.request_id().empty());

  const HttpResponse unsigned_reply = transport.send([&] {
    HttpRequest out = request("GET", process.endpoint() + "/harnesses");
    return out;
  }());
  EXPECT_EQ(unsigned_reply.status, 403);
  EXPECT_EQ(error_code_of(Protocol::rest_json1, unsigned_reply),
            "MissingAuthenticationTokenException");

  HttpRequest bearer = request("GET", process.endpoint() + "/harnesses");
  bearer.set_header("Authorization", "Bearer token");
  EXPECT_EQ(transport.send(bearer).status, 403);
  EXPECT_EQ(process.stderr_text().find("not-the-secret"), std::string::npos);
}

TEST_F(EmulatorProcess, CreatePollIdempotencyConflictAndValidation) {
  start();
  AwsClient aws = client();
  const Json body = {{"harnessName", "deployed"},
                     {"executionRoleArn", k_role},
                     {"clientToken", "11111111-2222-4333-8444-555555555555"},
                     {"model", {{"bedrockModelConfig", {{"modelId", "anthropic.claude-test"}}}}}};
  const HttpResponse created =
      aws.call("CreateHarness", request("POST", "/harnesses", body), Protocol::rest_json1);
  EXPECT_EQ(created.status, 201);
  const Json harness = json(created)["harness"];
  EXPECT_EQ(harness["status"], "CREATING");
  EXPECT_EQ(harness["harnessVersion"], "1");

  // The same token and body: the same harness, not a second one.
  const Json again = json(aws.call("CreateHarness", request("POST", "/harnesses", body),
                                   Protocol::rest_json1))["harness"];
  EXPECT_EQ(again["harnessId"], harness["harnessId"]);
  Json changed = body;
  changed["maxIterations"] = 3;
  const HttpError mismatch = error_of(aws, "CreateHarness", request("POST", "/harnesses", changed));
  EXPECT_EQ(mismatch.status(), 400);
  EXPECT_EQ(mismatch.code(), "ValidationException");
  EXPECT_NE(mismatch.aws_message().find("client token"), std::string::npos);

  const std::string path = "/harnesses/" + harness["harnessId"].get<std::string>();
  EXPECT_EQ(wait_until_settled(aws, path, "GetHarness", "harness")["status"], "READY");

  Json other = body;
  other.erase("clientToken");
  const HttpError conflict = error_of(aws, "CreateHarness", request("POST", "/harnesses", other));
  EXPECT_EQ(conflict.status(), 409);
  EXPECT_EQ(conflict.code(), "ConflictException");

  const HttpError invalid = error_of(
      aws, "CreateHarness",
      request("POST", "/harnesses", {{"harnessName", "has-hyphen"}, {"executionRoleArn", "nope"}}));
  EXPECT_EQ(invalid.status(), 400);
  EXPECT_EQ(invalid.code(), "ValidationException");
  EXPECT_EQ(invalid.fields(), (std::vector<std::string>{"harnessName", "executionRoleArn"}));

  const Json updated =
      json(aws.call("UpdateHarness", request("PATCH", path, {{"maxIterations", 4}}),
                    Protocol::rest_json1))["harness"];
  EXPECT_EQ(updated["harnessVersion"], "2");
  EXPECT_EQ(updated["model"], harness["model"]);

  const HttpError missing =
      error_of(aws, "GetHarness", request("GET", "/harnesses/ghost-0123456789"));
  EXPECT_EQ(missing.status(), 404);
  EXPECT_EQ(missing.code(), "ResourceNotFoundException");
}

TEST_F(EmulatorProcess, InvokeHarnessStreamsEventsOurDecoderReads) {
  start();
  AwsClient aws = client();
  const Json harness = json(
      aws.call("CreateHarness",
               request("POST", "/harnesses",
                       {{"harnessName", "chatty"},
                        {"executionRoleArn", k_role},
                        {"model", {{"bedrockModelConfig", {{"modelId", "us.anthropic.claude-x"}}}}},
                        {"tools",
                         {{{"type", "remote_mcp"},
                           {"name", "docs"},
                           {"config", {{"remoteMcp", {{"url", "https://example.com/mcp"}}}}}}}},
                        {"skills", {{{"s3", {{"uri", "s3://bucket/skills/x/"}}}}}}}),
               Protocol::rest_json1))["harness"];
  wait_until_settled(aws, "/harnesses/" + harness["harnessId"].get<std::string>(), "GetHarness",
                     "harness");

  const HttpRequest invoke = request(
      "POST", "/harnesses/invoke?harnessArn=" + percent_encode(harness["arn"].get<std::string>()),
      {{"messages", {{{"role", "user"}, {"content", {{{"text", "ping from the test"}}}}}}}},
      {{"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", k_session}});
  std::string content_type;
  eventstream::Decoder decoder;
  std::vector<eventstream::Event> events;
  aws.call_streaming(
      "InvokeHarness", invoke, Protocol::rest_json1,
      [&](int status, const Headers& headers) {
        EXPECT_EQ(status, 200);
        for (const auto& [name, value] : headers) {
          if (header_name_equals(name, "Content-Type")) content_type = value;
        }
      },
      [&](std::string_view chunk) {
        for (const auto& message : decoder.feed(chunk))
          events.push_back(eventstream::Event::from(message));
      });
  decoder.finish();
  EXPECT_EQ(content_type, "application/vnd.amazon.eventstream");
  ASSERT_GE(events.size(), 5u);
  EXPECT_EQ(events.front().type, "messageStart");
  EXPECT_EQ(events.back().type, "metadata");
  std::string text;
  for (const auto& event : events) {
    EXPECT_EQ(event.kind, eventstream::EventKind::event);
    if (event.type == "contentBlockDelta")
      text += Json::parse(event.payload)["delta"]["text"].get<std::string>();
    if (event.type == "messageStop") {
      EXPECT_EQ(Json::parse(event.payload)["stopReason"], "end_turn");
    }
  }
  EXPECT_NE(text.find("us.anthropic.claude-x"), std::string::npos) << text;
  EXPECT_NE(text.find("docs (remote_mcp)"), std::string::npos) << text;
  EXPECT_NE(text.find("s3:s3://bucket/skills/x/"), std::string::npos) << text;
  EXPECT_NE(text.find("You said: ping from the test"), std::string::npos) << text;

  // Unknown harness: 404 before any event.
  const HttpError missing = error_of(
      aws, "InvokeHarness",
      request("POST",
              "/harnesses/invoke?harnessArn=" +
                  percent_encode(
                      "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/ghost-0123456789"),
              {{"messages", {{{"role", "user"}, {"content", {{{"text", "x"}}}}}}}},
              {{"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", k_session}}));
  EXPECT_EQ(missing.status(), 404);
}

TEST_F(EmulatorProcess, InvokeAgentRuntimeAnswersJsonAndServerSentEvents) {
  start();
  AwsClient aws = client();
  const Json created = create_runtime(aws, "my_agent");
  const std::string arn = created["agentRuntimeArn"];
  wait_until_settled(aws, "/runtimes/" + created["agentRuntimeId"].get<std::string>() + "/",
                     "GetAgentRuntime");
  const std::string target = "/runtimes/" + percent_encode(arn) + "/invocations?qualifier=DEFAULT";

  const HttpResponse reply =
      aws.call("InvokeAgentRuntime",
               request("POST", target, {{"prompt", "hello runtime"}},
                       {{"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", k_session}}),
               Protocol::rest_json1);
  EXPECT_EQ(reply.header("Content-Type"), "application/json");
  EXPECT_EQ(reply.header("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"), k_session);
  const std::string result = json(reply)["result"];
  EXPECT_NE(result.find("my_agent"), std::string::npos);
  EXPECT_NE(result.find("hello runtime"), std::string::npos);

  std::vector<std::string> lines;
  std::string buffer;
  aws.call_streaming(
      "InvokeAgentRuntime",
      request("POST", target, {{"prompt", "stream it"}}, {{"Accept", "text/event-stream"}}),
      Protocol::rest_json1, [](int, const Headers&) {},
      [&](std::string_view chunk) { buffer.append(chunk); });
  std::size_t start_at = 0;
  std::string streamed;
  while (true) {
    const auto end = buffer.find("\n\n", start_at);
    if (end == std::string::npos) break;
    const std::string line = buffer.substr(start_at, end - start_at);
    ASSERT_TRUE(line.starts_with("data: ")) << line;
    lines.push_back(line);
    streamed += Json::parse(line.substr(6)).get<std::string>();
    start_at = end + 2;
  }
  EXPECT_GE(lines.size(), 3u);
  EXPECT_NE(streamed.find("stream it"), std::string::npos) << streamed;
}

TEST_F(EmulatorProcess, StateFileSurvivesARestart) {
  const std::string state = (folder.path() / "state.json").string();
  start({"--state", state});
  std::string id;
  {
    AwsClient aws = client();
    id = create_runtime(aws, "persisted")["agentRuntimeId"];
  }
  EXPECT_EQ(process.stop(SIGTERM), 0);
  ASSERT_TRUE(std::filesystem::exists(state));

  start({"--state", state});
  AwsClient aws = client();
  const Json got = wait_until_settled(aws, "/runtimes/" + id + "/", "GetAgentRuntime");
  EXPECT_EQ(got["agentRuntimeName"], "persisted");
  EXPECT_EQ(got["status"], "READY");
  const Json listed =
      json(aws.call("ListAgentRuntimes", request("POST", "/runtimes/"), Protocol::rest_json1));
  EXPECT_EQ(listed["agentRuntimes"].size(), 1u);
}

TEST_F(EmulatorProcess, BadFlagsExitWithTwoAndAHint) {
  const auto err = folder.path() / "flags.txt";
  EXPECT_EQ(AgentCoreLocalProcess::run({"--port", "99999"}, err), 2);
  std::ifstream in(err);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(text.find("error: --port"), std::string::npos) << text;
  EXPECT_NE(text.find("hint:"), std::string::npos) << text;
  EXPECT_EQ(AgentCoreLocalProcess::run({"--no-such-flag"}, err), 2);
  // Not a flag error, but start-up cannot go on: exit code 1.
  EXPECT_EQ(AgentCoreLocalProcess::run({"--state", "/nonexistent-dir/state.json"}, err), 1);
}

TEST_F(EmulatorProcess, VerboseLogsOneLinePerRequestWithoutSecrets) {
  start({"--verbose", "--secret-access-key", "s3cr3t-value"});
  AwsClient aws = client("s3cr3t-value");
  aws.call("CreateHarness",
           request("POST", "/harnesses",
                   {{"harnessName", "logged"},
                    {"executionRoleArn", k_role},
                    {"environmentVariables", {{"TOKEN", "env-secret-value"}}}}),
           Protocol::rest_json1);
  EXPECT_EQ(process.stop(SIGTERM), 0);
  const std::string log = process.stderr_text();
  EXPECT_NE(log.find("POST /harnesses CreateHarness 201"), std::string::npos) << log;
  EXPECT_EQ(log.find("s3cr3t-value"), std::string::npos);
  EXPECT_EQ(log.find("env-secret-value"), std::string::npos);
}

}  // namespace
}  // namespace agentlift::cloud
