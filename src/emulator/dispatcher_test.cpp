#include "emulator/dispatcher.hpp"

#include <gtest/gtest.h>

#include "cloud/eventstream.hpp"
#include "cloud/sigv4.hpp"
#include "cloud/uri_encoding.hpp"

namespace agentlift::emulator {
namespace {

namespace sigv4 = cloud::sigv4;
using namespace std::chrono_literals;

const std::string k_role = "arn:aws:iam::123456789012:role/R";
const std::string k_session = "0123456789abcdef0123456789abcdef01";

// The whole request pipeline in-process: requests signed by our signer, a
// fake clock for both the status timestamps and the SigV4 skew check.
class EmulatorDispatcher : public ::testing::Test {
 protected:
  EmulatorDispatcher()
      : store(store_options(), [this] { return seconds(); }),
        dispatcher(config(), store, faults,
                   DispatcherHooks{[this] { return now; },
                                   [this](std::chrono::milliseconds ms) { slept += ms; }}) {}

  static Config config() {
    Config out;
    out.access_key_id = "AKIDTEST";
    out.secret_access_key = "the-secret";
    return out;
  }
  static StoreOptions store_options() {
    StoreOptions options;
    options.id_seed = 1;
    return options;
  }
  double seconds() const {
    return static_cast<double>(
               std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch())
                   .count()) /
           1000.0;
  }

  cloud::HttpRequest build(const std::string& method, const std::string& target,
                           const std::string& body = "", cloud::Headers headers = {}) {
    cloud::HttpRequest request;
    request.method = method;
    request.url = "http://127.0.0.1:4566" + target;
    request.headers = std::move(headers);
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    request.body = body;
    return request;
  }

  IncomingRequest incoming(const cloud::HttpRequest& request) {
    const cloud::UrlParts url = cloud::split_url(request.url);
    IncomingRequest out;
    out.method = request.method;
    out.path = std::string(url.path);
    out.query = std::string(url.query);
    out.headers = request.headers;
    if (!request.header("Host")) out.headers.emplace_back("Host", std::string(url.authority));
    out.body = request.body;
    return out;
  }

  Reply send(const std::string& method, const std::string& target, const std::string& body = "",
             cloud::Headers headers = {}, std::string secret = "the-secret") {
    const cloud::HttpRequest request = build(method, target, body, std::move(headers));
    const sigv4::Credentials credentials{"AKIDTEST", std::move(secret), std::nullopt};
    const auto params = sigv4::params_for("bedrock-agentcore", "us-west-2",
                                          std::chrono::floor<std::chrono::seconds>(now));
    return dispatcher.handle(
        incoming(sigv4::apply_headers(request, sigv4::sign(request, credentials, params))));
  }

  Reply send_unsigned(const std::string& method, const std::string& target,
                      const std::string& body = "", cloud::Headers headers = {}) {
    return dispatcher.handle(incoming(build(method, target, body, std::move(headers))));
  }

  static std::string header(const Reply& reply, const std::string& name) {
    for (const auto& [key, value] : reply.headers) {
      if (cloud::header_name_equals(key, name)) return value;
    }
    return "";
  }
  static Json body(const Reply& reply) { return Json::parse(reply.body); }

  Json create_harness(const std::string& name, Json extra = Json::object()) {
    Json input = {{"harnessName", name}, {"executionRoleArn", k_role}};
    input.update(extra);
    const Reply reply = send("POST", "/harnesses", input.dump());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return body(reply)["harness"];
  }

  std::string invoke_target(const Json& harness) {
    return "/harnesses/invoke?harnessArn=" +
           cloud::percent_encode(harness["arn"].get<std::string>());
  }

  std::chrono::system_clock::time_point now =
      std::chrono::sys_days(std::chrono::year{2026} / 11 / 25) + 14h;
  std::chrono::milliseconds slept{0};
  ResourceStore store;
  FaultTable faults;
  Dispatcher dispatcher;
};

TEST_F(EmulatorDispatcher, EveryReplyHasARequestId) {
  for (const Reply& reply :
       {send("GET", "/harnesses"), send_unsigned("GET", "/harnesses"),
        send("GET", "/no/such/thing"), send_unsigned("GET", "/_agentcore_local/health")}) {
    EXPECT_EQ(header(reply, "x-amzn-RequestId").size(), 36u) << reply.body;
  }
}

TEST_F(EmulatorDispatcher, UnknownRoutesAre404UnknownOperation) {
  const Reply reply = send("GET", "/no/such/thing");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(header(reply, "x-amzn-ErrorType"), "UnknownOperationException");
  EXPECT_TRUE(body(reply).contains("message"));
}

TEST_F(EmulatorDispatcher, SignaturesAreCheckedBeforeAnythingElse) {
  const Reply missing = send_unsigned("POST", "/harnesses", R"({"harnessName":"bad-name"})");
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(header(missing, "x-amzn-ErrorType"), "MissingAuthenticationTokenException");

  const Reply wrong = send("POST", "/harnesses", R"({"harnessName":"bad-name"})", {}, "guess");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(header(wrong, "x-amzn-ErrorType"), "InvalidSignatureException");
  EXPECT_EQ(wrong.body.find("the-secret"), std::string::npos);

  const Reply bearer = send_unsigned("GET", "/harnesses", "", {{"Authorization", "Bearer abc"}});
  EXPECT_EQ(bearer.status, 403);
  EXPECT_EQ(header(bearer, "x-amzn-ErrorType"), "IncompleteSignatureException");

  const Reply good = send("GET", "/harnesses");
  EXPECT_EQ(good.status, 200);
  EXPECT_EQ(good.operation, "ListHarnesses");
}

TEST_F(EmulatorDispatcher, StaleSignaturesExpire) {
  const cloud::HttpRequest request = build("GET", "/harnesses");
  const auto params = sigv4::params_for("bedrock-agentcore", "us-west-2",
                                        std::chrono::floor<std::chrono::seconds>(now - 6min));
  const Reply reply = dispatcher.handle(incoming(sigv4::apply_headers(
      request, sigv4::sign(request, {"AKIDTEST", "the-secret", std::nullopt}, params))));
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(header(reply, "x-amzn-ErrorType"), "InvalidSignatureException");
  EXPECT_NE(body(reply)["message"].get<std::string>().find("Signature expired"), std::string::npos);
}

TEST_F(EmulatorDispatcher, InvalidInputIsAValidationExceptionWithFieldList) {
  const Reply reply = send("POST", "/harnesses",
                           R"({"harnessName":"bad-name","executionRoleArn":")" + k_role + R"("})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(header(reply, "x-amzn-ErrorType"), "ValidationException");
  const Json error = body(reply);
  EXPECT_EQ(error["reason"], "FieldValidationFailed");
  ASSERT_EQ(error["fieldList"].size(), 1u);
  EXPECT_EQ(error["fieldList"][0]["name"], "harnessName");

  const Reply unparsable = send("POST", "/harnesses", "{not json");
  EXPECT_EQ(unparsable.status, 400);
  EXPECT_EQ(body(unparsable)["reason"], "CannotParse");
}

TEST_F(EmulatorDispatcher, CreateThenPollUntilReady) {
  const Json harness = create_harness("polled");
  EXPECT_EQ(harness["status"], "CREATING");
  EXPECT_TRUE(harness["createdAt"].is_string());  // ISO-8601 on the wire
  const std::string path = "/harnesses/" + harness["harnessId"].get<std::string>();
  EXPECT_EQ(body(send("GET", path))["harness"]["status"], "CREATING");
  now += 2s;
  EXPECT_EQ(body(send("GET", path))["harness"]["status"], "READY");
}

TEST_F(EmulatorDispatcher, InvokeHarnessStreamsEventsOurDecoderReads) {
  const Json harness = create_harness(
      "talker",
      {{"model", {{"bedrockModelConfig", {{"modelId", "anthropic.claude-x"}}}}},
       {"tools",
        {{{"type", "inline_function"},
          {"name", "lookup"},
          {"config",
           {{"inlineFunction", {{"description", "d"}, {"inputSchema", Json::object()}}}}}}}},
       {"skills", {{{"path", "/opt/skills/z"}}}}});
  const std::string request =
      R"({"messages":[{"role":"user","content":[{"text":"first"}]},{"role":"assistant","content":[{"text":"ok"}]},{"role":"user","content":[{"text":"hello there"}]}]})";
  const cloud::Headers session = {{"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", k_session}};

  const Reply early = send("POST", invoke_target(harness), request, session);
  EXPECT_EQ(early.status, 400);
  EXPECT_EQ(body(early)["reason"], "ResourceConflict");

  now += 3s;
  const Reply reply = send("POST", invoke_target(harness), request, session);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.stream_content_type, "application/vnd.amazon.eventstream");
  cloud::eventstream::Decoder decoder;
  std::vector<std::string> types;
  std::string text;
  for (const std::string& chunk : reply.chunks) {
    for (const auto& message : decoder.feed(chunk)) {
      const auto event = cloud::eventstream::Event::from(message);
      types.push_back(event.type);
      const Json payload = Json::parse(event.payload);
      if (event.type == "contentBlockDelta") text += payload["delta"]["text"].get<std::string>();
      if (event.type == "messageStop") {
        EXPECT_EQ(payload["stopReason"], "end_turn");
      }
      if (event.type == "metadata") {
        EXPECT_GT(payload["usage"]["totalTokens"].get<int>(), 0);
      }
    }
  }
  decoder.finish();
  ASSERT_GE(types.size(), 5u);
  EXPECT_EQ(types.front(), "messageStart");
  EXPECT_EQ(types[types.size() - 3], "contentBlockStop");
  EXPECT_EQ(types[types.size() - 2], "messageStop");
  EXPECT_EQ(types.back(), "metadata");
  EXPECT_NE(text.find("anthropic.claude-x"), std::string::npos) << text;
  EXPECT_NE(text.find("lookup (inline_function)"), std::string::npos) << text;
  EXPECT_NE(text.find("path:/opt/skills/z"), std::string::npos) << text;
  EXPECT_NE(text.find("You said: hello there"), std::string::npos) << text;
}

TEST_F(EmulatorDispatcher, InvokeHarnessNeedsAKnownHarnessAndASession) {
  const std::string arn =
      "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/ghost-0123456789";
  const std::string request = R"({"messages":[{"role":"user","content":[{"text":"hi"}]}]})";
  const Reply missing = send("POST", "/harnesses/invoke?harnessArn=" + cloud::percent_encode(arn),
                             request, {{"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", k_session}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_FALSE(missing.streamed());
  const Reply no_session =
      send("POST", "/harnesses/invoke?harnessArn=" + cloud::percent_encode(arn), request);
  EXPECT_EQ(no_session.status, 400);
  EXPECT_EQ(body(no_session)["fieldList"][0]["name"], "runtimeSessionId");
}

TEST_F(EmulatorDispatcher, InvokeAgentRuntimeAnswersJsonOrServerSentEvents) {
  const Reply created =
      send("PUT", "/runtimes/",
           Json{{"agentRuntimeName", "my_agent"},
                {"roleArn", k_role},
                {"agentRuntimeArtifact",
                 {{"containerConfiguration", {{"containerUri", "public.ecr.aws/a/b:1"}}}}}}
               .dump());
  ASSERT_EQ(created.status, 202) << created.body;
  now += 3s;
  const std::string arn = body(created)["agentRuntimeArn"];
  const std::string target =
      "/runtimes/" + cloud::percent_encode(arn) + "/invocations?qualifier=DEFAULT";

  const Reply json_reply =
      send("POST", target, R"({"prompt":"what is 2+2"})",
           {{"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", k_session + "-abc"}});
  ASSERT_EQ(json_reply.status, 200) << json_reply.body;
  EXPECT_EQ(header(json_reply, "Content-Type"), "application/json");
  EXPECT_EQ(header(json_reply, "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"), k_session + "-abc");
  const std::string result = body(json_reply)["result"];
  EXPECT_NE(result.find("my_agent"), std::string::npos);
  EXPECT_NE(result.find("what is 2+2"), std::string::npos);

  const Reply sse =
      send("POST", target, R"({"prompt":"stream please"})", {{"Accept", "text/event-stream"}});
  ASSERT_EQ(sse.status, 200);
  EXPECT_EQ(sse.stream_content_type, "text/event-stream");
  EXPECT_EQ(header(sse, "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id").size(), 36u);  // generated
  ASSERT_GE(sse.chunks.size(), 2u);
  std::string streamed;
  for (const std::string& chunk : sse.chunks) {
    ASSERT_TRUE(chunk.starts_with("data: ") && chunk.ends_with("\n\n")) << chunk;
    streamed += Json::parse(chunk.substr(6)).get<std::string>();
  }
  EXPECT_NE(streamed.find("stream please"), std::string::npos);

  // By bare id with the account, too.
  const std::string id = body(created)["agentRuntimeId"];
  EXPECT_EQ(send("POST", "/runtimes/" + id + "/invocations?accountId=123456789012", "x").status,
            200);
  EXPECT_EQ(send("POST", "/runtimes/" + id + "/invocations?accountId=999999999999", "x").status,
            404);
}

TEST_F(EmulatorDispatcher, BearerTokensOnlyForTargetsWithAJwtAuthorizer) {
  const auto runtime = [&](const std::string& name, bool jwt) {
    Json input = {{"agentRuntimeName", name},
                  {"roleArn", k_role},
                  {"agentRuntimeArtifact",
                   {{"containerConfiguration", {{"containerUri", "public.ecr.aws/a/b:1"}}}}}};
    if (jwt) {
      input["authorizerConfiguration"] = {
          {"customJWTAuthorizer",
           {{"discoveryUrl", "https://issuer.example.com/.well-known/openid-configuration"}}}};
    }
    return body(send("PUT", "/runtimes/", input.dump()))["agentRuntimeId"].get<std::string>();
  };
  const std::string plain = runtime("plain", false);
  const std::string guarded = runtime("guarded", true);
  now += 3s;
  const cloud::Headers bearer = {{"Authorization", "Bearer eyJ.token.sig"}};
  const Reply refused = send_unsigned("POST", "/runtimes/" + plain + "/invocations", "{}", bearer);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(header(refused, "x-amzn-ErrorType"), "AccessDeniedException");
  EXPECT_NE(refused.body.find("Authorization method mismatch"), std::string::npos);
  EXPECT_EQ(send_unsigned("POST", "/runtimes/" + guarded + "/invocations", "{}", bearer).status,
            200);
  const Reply sigv4_to_jwt = send("POST", "/runtimes/" + guarded + "/invocations", "{}");
  EXPECT_EQ(sigv4_to_jwt.status, 403);
  EXPECT_EQ(header(sigv4_to_jwt, "x-amzn-ErrorType"), "AccessDeniedException");
}

TEST_F(EmulatorDispatcher, FaultsHitExactlyTheChosenCalls) {
  faults.add(fault_from_spec("operation=ListHarnesses,kind=throttle,nth=2"));
  EXPECT_EQ(send("GET", "/harnesses").status, 200);
  const Reply throttled = send("GET", "/harnesses");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(header(throttled, "x-amzn-ErrorType"), "ThrottlingException");
  EXPECT_EQ(send("GET", "/harnesses").status, 200);

  faults.add(fault_from_spec("operation=GetHarness,kind=reset"));
  const Reply reset = send("GET", "/harnesses/any-0123456789");
  EXPECT_TRUE(reset.abort_connection);

  faults.add(fault_from_spec("operation=ListHarnesses,kind=delay,delayMs=1500"));
  EXPECT_EQ(send("GET", "/harnesses").status, 200);
  EXPECT_EQ(slept, 1500ms);

  faults.add(fault_from_spec("operation=CreateHarness,kind=unavailable,count=2"));
  EXPECT_EQ(
      send("POST", "/harnesses", R"({"harnessName":"a","executionRoleArn":")" + k_role + R"("})")
          .status,
      503);
  EXPECT_EQ(send("POST", "/harnesses", "{not even json").status, 503);  // before validation
  EXPECT_EQ(
      send("POST", "/harnesses", R"({"harnessName":"a","executionRoleArn":")" + k_role + R"("})")
          .status,
      201);

  // Unsigned calls do not use up a fault.
  faults.add(fault_from_spec("operation=ListHarnesses,kind=internal_error"));
  EXPECT_EQ(send_unsigned("GET", "/harnesses").status, 403);
  EXPECT_EQ(send("GET", "/harnesses").status, 500);
}

TEST_F(EmulatorDispatcher, CreateFailedFaultMarksTheResource) {
  faults.add(
      fault_from_spec("operation=CreateAgentRuntime,kind=create_failed,reason=Image not found"));
  const Reply created =
      send("PUT", "/runtimes/",
           Json{{"agentRuntimeName", "doomed"},
                {"roleArn", k_role},
                {"agentRuntimeArtifact",
                 {{"containerConfiguration", {{"containerUri", "public.ecr.aws/a/b:1"}}}}}}
               .dump());
  ASSERT_EQ(created.status, 202);
  now += 3s;
  const Json got =
      body(send("GET", "/runtimes/" + body(created)["agentRuntimeId"].get<std::string>() + "/"));
  EXPECT_EQ(got["status"], "CREATE_FAILED");
  EXPECT_EQ(got["failureReason"], "Image not found");
}

TEST_F(EmulatorDispatcher, AdminEndpointsNeedNoSignature) {
  const Reply armed = send_unsigned("POST", "/_agentcore_local/faults",
                                    R"({"operation":"GetHarness","kind":"throttle","count":2})");
  EXPECT_EQ(armed.status, 200) << armed.body;
  EXPECT_EQ(body(armed)["faults"].size(), 1u);
  const Reply unknown = send_unsigned("POST", "/_agentcore_local/faults",
                                      R"({"operation":"Nope","kind":"throttle"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(send_unsigned("DELETE", "/_agentcore_local/faults").status, 200);
  EXPECT_EQ(body(send_unsigned("GET", "/_agentcore_local/faults"))["faults"].size(), 0u);

  create_harness(
      "secretive",
      {{"environmentVariables", {{"API_KEY", "hunter2"}}},
       {"tools",
        {{{"type", "remote_mcp"},
          {"name", "docs"},
          {"config",
           {{"remoteMcp",
             {{"url", "https://x.example/mcp"}, {"headers", {{"X-Key", "sesame"}}}}}}}}}}});
  const Reply state = send_unsigned("GET", "/_agentcore_local/state");
  EXPECT_EQ(state.status, 200);
  EXPECT_NE(state.body.find("secretive"), std::string::npos);
  EXPECT_EQ(state.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(state.body.find("sesame"), std::string::npos);
  EXPECT_EQ(send_unsigned("GET", "/_agentcore_local/nothing").status, 404);
}

TEST_F(EmulatorDispatcher, OversizedControlBodiesAre413) {
  const Reply reply = send("POST", "/harnesses", std::string(k_max_control_body + 1, ' '));
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(header(reply, "x-amzn-ErrorType"), "RequestEntityTooLargeException");
}

TEST_F(EmulatorDispatcher, HostileRequestsGetErrorsNotCrashes) {
  const std::vector<IncomingRequest> requests = {
      {"GET", "/harnesses/%ZZ", "", {}, ""},
      {"GET", "/harnesses", "maxResults=abc&&&=&nextToken", {}, ""},
      {"POST",
       "/harnesses",
       "",
       {{"Authorization", "AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=;, Signature="}},
       "[]"},
      {"GET", "/" + std::string(8000, 'a'), "", {}, ""},
      {"PATCH",
       "/harnesses/" + std::string(500, '%'),
       "",
       {{"Authorization", std::string(10000, 'x')}},
       ""},
      {"POST", "/_agentcore_local/faults", "", {}, "\xff\xfe"},
  };
  for (const IncomingRequest& request : requests) {
    const Reply reply = dispatcher.handle(request);
    EXPECT_GE(reply.status, 400) << request.method << " " << request.path.substr(0, 40);
    EXPECT_LT(reply.status, 500) << request.method << " " << request.path.substr(0, 40);
  }
}

}  // namespace
}  // namespace agentlift::emulator
