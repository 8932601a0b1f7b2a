// AgentCoreControlClient against FakeTransport: the exact method, path, query
// and body of each call (aws-wire.md §1-2), idempotency tokens that survive
// retries, pagination, and replies that are not what AgentCore sends.

#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "cloud/agentcore_control_client.hpp"
#include "cloud/fake_transport.hpp"
#include "cloud/uuid.hpp"

namespace agentlift::cloud {
namespace {

using namespace std::chrono;

AwsClientConfig control_config() {
  AwsClientConfig config;
  config.service = "AgentCore Control";
  config.signing_name = "bedrock-agentcore";
  config.region = "us-west-2";
  config.endpoint = "https://bedrock-agentcore-control.us-west-2.amazonaws.com";
  config.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::nullopt};
  config.clock = [] { return sys_days{year{2026} / 11 / 25} + hours{12}; };
  config.retry_policy.max_attempts = 3;
  config.retry_hooks.sleep = [](milliseconds) {};
  config.retry_hooks.random01 = [] { return 0.0; };
  return config;
}

const char* const k_harness_reply = R"({"harness":{"harnessId":"support_bot-AbCdEf1234",
  "harnessName":"support_bot","arn":"arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/support_bot-AbCdEf1234",
  "status":"CREATING","harnessVersion":"1","createdAt":"2026-11-25T12:00:00Z"}})";

struct ControlFixture : ::testing::Test {
  FakeTransport transport;
  AwsClient client{control_config(), transport};
  AgentCoreControlClient control{client,
                                 [] { return std::string("token-0000-1111-2222-3333-4444"); }};

  HttpRequest only_request() {
    const auto requests = transport.requests();
    EXPECT_EQ(requests.size(), 1u);
    return requests.empty() ? HttpRequest{} : requests.front();
  }
};

TEST(Uuid, IsVersionFourInTheCanonicalForm) {
  const std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::string first = random_uuid_v4();
  EXPECT_TRUE(std::regex_match(first, shape)) << first;
  EXPECT_NE(first, random_uuid_v4());
}

TEST_F(ControlFixture, CreateHarnessPostsTheBodyWithAClientToken) {
  transport.respond(201, k_harness_reply);
  const AgentCoreResource harness = control.create_harness(Json{
      {"harnessName", "support_bot"}, {"executionRoleArn", "arn:aws:iam::123456789012:role/r"}});
  EXPECT_EQ(harness.id, "support_bot-AbCdEf1234");
  EXPECT_EQ(harness.name, "support_bot");
  EXPECT_EQ(harness.status, "CREATING");
  EXPECT_EQ(harness.version, "1");
  EXPECT_EQ(harness.raw["createdAt"], "2026-11-25T12:00:00Z");

  const HttpRequest sent = only_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://bedrock-agentcore-control.us-west-2.amazonaws.com/harnesses");
  EXPECT_EQ(sent.header("Content-Type").value_or(""), "application/json");
  const Json body = Json::parse(sent.body);
  EXPECT_EQ(body["harnessName"], "support_bot");
  EXPECT_EQ(body["clientToken"], "token-0000-1111-2222-3333-4444");
  // Signed for the data-plane signing name, as AgentCore requires.
  EXPECT_NE(
      sent.header("Authorization").value_or("").find("/us-west-2/bedrock-agentcore/aws4_request"),
      std::string::npos);
}

TEST_F(ControlFixture, ACallersClientTokenIsKept) {
  transport.respond(201, k_harness_reply);
  control.create_harness(
      Json{{"harnessName", "a"}, {"clientToken", "mine-0000000000000000000000000000000"}});
  EXPECT_EQ(Json::parse(only_request().body)["clientToken"],
            "mine-0000000000000000000000000000000");
}

TEST_F(ControlFixture, RetriesSendTheSameClientToken) {
  int made = 0;
  AgentCoreControlClient counting(client, [&made] {
    return "token-" + std::to_string(++made) + "-0000000000000000000000000000";
  });
  transport.respond(503, R"({"message":"busy"})", {{"x-amzn-ErrorType", "ServiceUnavailable"}});
  transport.fail(TransportErrorKind::reset);
  transport.respond(201, k_harness_reply);
  counting.create_harness(Json{{"harnessName", "support_bot"}});
  const auto requests = transport.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(made, 1);
  for (const auto& request : requests) {
    EXPECT_EQ(Json::parse(request.body)["clientToken"], "token-1-0000000000000000000000000000");
  }
}

TEST_F(ControlFixture, GetHarnessEncodesTheIdAndVersion) {
  transport.respond(200, k_harness_reply);
  control.get_harness("support_bot-AbCdEf1234", std::string("2"));
  const HttpRequest sent = only_request();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url,
            "https://bedrock-agentcore-control.us-west-2.amazonaws.com/harnesses/"
            "support_bot-AbCdEf1234?harnessVersion=2");
  EXPECT_TRUE(sent.body.empty());
  EXPECT_FALSE(sent.header("Content-Type").has_value());
}

TEST_F(ControlFixture, UpdateHarnessIsAPatch) {
  transport.respond(200, k_harness_reply);
  control.update_harness("support_bot-AbCdEf1234", Json{{"maxIterations", 5}});
  const HttpRequest sent = only_request();
  EXPECT_EQ(sent.method, "PATCH");
  EXPECT_TRUE(sent.url.ends_with("/harnesses/support_bot-AbCdEf1234"));
  const Json body = Json::parse(sent.body);
  EXPECT_EQ(body["maxIterations"], 5);
  EXPECT_TRUE(body.contains("clientToken"));
}

TEST_F(ControlFixture, DeleteHarnessPutsTheTokenInTheQuery) {
  transport.respond(200, R"({"harness":{"harnessId":"h-AbCdEf1234","status":"DELETING"}})");
  const AgentCoreResource gone = control.delete_harness("h-AbCdEf1234");
  EXPECT_EQ(gone.status, "DELETING");
  const HttpRequest sent = only_request();
  EXPECT_EQ(sent.method, "DELETE");
  EXPECT_TRUE(
      sent.url.ends_with("/harnesses/h-AbCdEf1234?clientToken=token-0000-1111-2222-3333-4444"))
      << sent.url;
}

TEST_F(ControlFixture, ListAllHarnessesFollowsNextToken) {
  transport.respond(
      200,
      R"({"harnesses":[{"harnessId":"a-0000000001","harnessName":"a","status":"READY"}],"nextToken":"p/2+"})");
  transport.respond(
      200, R"({"harnesses":[{"harnessId":"b-0000000002","harnessName":"b","status":"READY"}]})");
  const auto all = control.list_all_harnesses();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].name, "b");
  const auto requests = transport.requests();
  EXPECT_TRUE(requests[0].url.ends_with("/harnesses"));
  EXPECT_TRUE(requests[1].url.ends_with("/harnesses?nextToken=p%2F2%2B")) << requests[1].url;
}

TEST_F(ControlFixture, AServerThatRepeatsItsNextTokenDoesNotLoopForever) {
  transport.respond(200, R"({"harnesses":[],"nextToken":"same"})");
  transport.respond(200, R"({"harnesses":[],"nextToken":"same"})");
  EXPECT_THROW(control.list_all_harnesses(), Error);
}

TEST_F(ControlFixture, CreateAgentRuntimeIsAPutOnTheCollection) {
  transport.respond(
      202,
      R"({"agentRuntimeArn":"arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/team-AbCdEf1234",
    "agentRuntimeId":"team-AbCdEf1234","agentRuntimeVersion":"1","createdAt":"2026-11-25T12:00:00Z","status":"CREATING"})");
  const AgentCoreResource runtime = control.create_agent_runtime(
      Json{{"agentRuntimeName", "team"}, {"roleArn", "arn:aws:iam::1:role/r"}});
  EXPECT_EQ(runtime.id, "team-AbCdEf1234");
  EXPECT_EQ(runtime.name, "team");  // from the request: the reply has none
  EXPECT_EQ(runtime.version, "1");
  const HttpRequest sent = only_request();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_TRUE(sent.url.ends_with("/runtimes/"));
}

TEST_F(ControlFixture, ListAgentRuntimesIsABodylessPost) {
  transport.respond(
      200, R"({"agentRuntimes":[{"agentRuntimeId":"team-AbCdEf1234","agentRuntimeName":"team",
    "agentRuntimeArn":"arn","agentRuntimeVersion":"3","status":"READY","description":"","lastUpdatedAt":"2026-11-25T12:00:00Z"}]})");
  const auto page = control.list_agent_runtimes(ListOptions{50, std::nullopt});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].version, "3");
  EXPECT_FALSE(page.next_token.has_value());
  const HttpRequest sent = only_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_TRUE(sent.url.ends_with("/runtimes/?maxResults=50"));
  EXPECT_TRUE(sent.body.empty());
}

TEST_F(ControlFixture, GetUpdateAndDeleteAgentRuntimeUseTheTrailingSlashPaths) {
  const char* reply =
      R"({"agentRuntimeId":"team-AbCdEf1234","agentRuntimeArn":"arn","agentRuntimeVersion":"2",
    "status":"UPDATING","createdAt":"2026-11-25T12:00:00Z","lastUpdatedAt":"2026-11-25T12:00:00Z"})";
  transport.respond(200, reply);
  transport.respond(202, reply);
  transport.respond(202, R"({"status":"DELETING","agentRuntimeId":"team-AbCdEf1234"})");
  control.get_agent_runtime("team-AbCdEf1234", std::string("2"));
  control.update_agent_runtime("team-AbCdEf1234", Json{{"roleArn", "r"}});
  EXPECT_EQ(control.delete_agent_runtime("team-AbCdEf1234").status, "DELETING");
  const auto requests = transport.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_TRUE(requests[0].url.ends_with("/runtimes/team-AbCdEf1234/?version=2"));
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_TRUE(requests[1].url.ends_with("/runtimes/team-AbCdEf1234/"));
  EXPECT_EQ(requests[2].method, "DELETE");
  EXPECT_TRUE(requests[2].url.ends_with(
      "/runtimes/team-AbCdEf1234/?clientToken=token-0000-1111-2222-3333-4444"));
}

TEST_F(ControlFixture, ServiceErrorsAreHttpErrorsWithTheFieldList) {
  transport.respond(
      400,
      R"({"message":"1 validation error","reason":"FieldValidationFailed",
                        "fieldList":[{"name":"harnessName","message":"bad"}]})",
      {{"x-amzn-ErrorType", "ValidationException:http://internal"}, {"x-amzn-RequestId", "req-1"}});
  try {
    control.create_harness(Json{{"harnessName", "bad-name"}});
    FAIL() << "expected an HttpError";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "ValidationException");
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.request_id(), "req-1");
    ASSERT_EQ(error.fields().size(), 1u);
    EXPECT_EQ(error.fields()[0], "harnessName");
    EXPECT_EQ(transport.requests().size(), 1u);  // a 400 is never retried
  }
}

TEST_F(ControlFixture, RepliesThatAreNotAgentCoresAreClearErrors) {
  transport.respond(201, "<html>proxy login</html>");
  EXPECT_THROW(control.create_harness(Json{{"harnessName", "a"}}), Error);
  transport.respond(201, R"({"something":"else"})");
  EXPECT_THROW(control.create_harness(Json{{"harnessName", "a"}}), Error);
  transport.respond(200, R"({"harnesses":"not a list"})");
  EXPECT_THROW(control.list_harnesses(), Error);
  transport.respond(200, R"({"harness":{"harnessName":"no id"}})");
  EXPECT_THROW(control.get_harness("x-0000000000"), Error);
}

TEST(AgentCoreStatus, TransitionalStatuses) {
  EXPECT_TRUE(is_transitional_status("CREATING"));
  EXPECT_TRUE(is_transitional_status("UPDATING"));
  EXPECT_TRUE(is_transitional_status("DELETING"));
  EXPECT_FALSE(is_transitional_status("READY"));
  EXPECT_FALSE(is_transitional_status("CREATE_FAILED"));
}

}  // namespace
}  // namespace agentlift::cloud
