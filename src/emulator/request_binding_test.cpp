// Binding HTTP requests to operation inputs: labels, query, headers, JSON body,
// raw payloads, leniency and CannotParse, on the embedded models and a toy one.
#include "emulator/request_binding.hpp"

#include <gtest/gtest.h>

#include "emulator/service_model.hpp"

namespace agentlift::emulator {
namespace {

const ServiceModel& control() {
  static const ServiceModel model = ServiceModel::load_embedded("agentcore-control.botocore.json");
  return model;
}

const ServiceModel& data_plane() {
  static const ServiceModel model = ServiceModel::load_embedded("agentcore.botocore.json");
  return model;
}

BoundRequest bind_http(const ServiceModel& model, const std::string& method,
                       const std::string& path, const std::string& query = "",
                       const std::string& body = "", const Headers& headers = {}) {
  const Operation* operation = model.match(method, path);
  if (operation == nullptr) {
    ADD_FAILURE() << "no operation for " << method << " " << path;
    return {};
  }
  return model.bind(*operation, {method, path, query, headers, body});
}

std::vector<std::string> lines(const BoundRequest& bound) {
  std::vector<std::string> out;
  for (const FieldError& error : bound.errors) out.push_back(error.path + ": " + error.message);
  return out;
}

using Lines = std::vector<std::string>;

const char* const k_create_harness_body = R"({
  "harnessName": "research_assistant",
  "clientToken": "0b6e3b7c-4d6e-4c1f-9a55-3f7f6f8e2a10",
  "executionRoleArn": "arn:aws:iam::123456789012:role/AgentCoreHarnessRole",
  "model": {"bedrockModelConfig": {"modelId": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                                   "maxTokens": 4096, "temperature": 0.2,
                                   "additionalParams": {"anything": [1, {"goes": null}]}}},
  "systemPrompt": [{"text": "You are a careful research assistant."}],
  "tools": [
    {"type": "remote_mcp", "name": "docs",
     "config": {"remoteMcp": {"url": "https://mcp.example.com/mcp",
                              "headers": {"Authorization": "Bearer t"}}}},
    {"type": "agentcore_code_interpreter"},
    {"type": "agentcore_gateway",
     "config": {"agentCoreGateway": {
       "gatewayArn": "arn:aws:bedrock-agentcore:us-west-2:123456789012:gateway/my-gw-abcdef1234",
       "outboundAuth": {"awsIam": {}}}}},
    {"type": "inline_function", "name": "approve",
     "config": {"inlineFunction": {"description": "Ask a human",
                                   "inputSchema": {"type": "object"}}}}
  ],
  "skills": [{"s3": {"uri": "s3://bucket/skills/pdf/"}}, {"awsSkills": {"paths": ["core-skills/*"]}}],
  "allowedTools": ["*", "@docs/search_*"],
  "memory": {"managedMemoryConfiguration": {"strategies": ["SEMANTIC"], "eventExpiryDuration": 30}},
  "truncation": {"strategy": "sliding_window", "config": {"slidingWindow": {"messagesCount": 40}}},
  "environmentVariables": {"LOG_LEVEL": "debug"},
  "maxIterations": 20,
  "timeoutSeconds": 900,
  "tags": {"team": "research"},
  "someFutureField": {"ignored": true}
})";

TEST(RequestBindingTest, RealisticCreateHarnessIsValid) {
  BoundRequest bound = bind_http(control(), "POST", "/harnesses", "", k_create_harness_body,
                                 {{"Content-Type", "application/json"}});
  EXPECT_TRUE(bound.valid()) << ::testing::PrintToString(lines(bound));
  ASSERT_NE(bound.operation, nullptr);
  EXPECT_EQ(bound.operation->name, "CreateHarness");
  EXPECT_EQ(bound.input["harnessName"], "research_assistant");
  EXPECT_EQ(bound.input["tools"][3]["config"]["inlineFunction"]["inputSchema"]["type"], "object");
  // Documents are kept whole; unknown keys are dropped.
  EXPECT_EQ(bound.input["model"]["bedrockModelConfig"]["additionalParams"]["anything"][1].dump(),
            R"({"goes":null})");
  EXPECT_FALSE(bound.input.contains("someFutureField"));
  // Members in model order.
  EXPECT_EQ(bound.input.begin().key(), "harnessName");
}

TEST(RequestBindingTest, UnknownKeysAreIgnoredAtEveryDepth) {
  BoundRequest bound = bind_http(control(), "POST", "/harnesses", "", R"({
    "harnessName": "h", "executionRoleArn": "arn:aws:iam::123456789012:role/R",
    "bogus": 1, "truncation": {"strategy": "none", "bogus": [1]}})");
  EXPECT_TRUE(bound.valid()) << ::testing::PrintToString(lines(bound));
  EXPECT_EQ(bound.input["truncation"].dump(), R"({"strategy":"none"})");
}

TEST(RequestBindingTest, InvalidJsonIsCannotParse) {
  for (const std::string body : {"{\"harnessName\": ", "not json", "{\"a\": \"\xff\"}"}) {
    BoundRequest bound = bind_http(control(), "POST", "/harnesses", "", body);
    EXPECT_EQ(bound.reason, "CannotParse") << body;
    ASSERT_EQ(bound.errors.size(), 1u);
    EXPECT_EQ(bound.errors[0].path, "");
  }
  const BoundRequest array_body = bind_http(control(), "POST", "/harnesses", "", "[1]");
  EXPECT_EQ(array_body.reason, "CannotParse");
  EXPECT_EQ(lines(array_body), Lines{": Request body must be a JSON object"});
}

TEST(RequestBindingTest, WrongJsonTypesAreCannotParse) {
  BoundRequest bound = bind_http(control(), "POST", "/harnesses", "",
                                 R"({"harnessName": 5, "executionRoleArn": "x"})");
  EXPECT_EQ(bound.reason, "CannotParse");
  EXPECT_EQ(lines(bound).front(), "harnessName: Member must be a string");
}

TEST(RequestBindingTest, HostileBodiesAreRejectedWithoutCrashing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(bind_http(control(), "POST", "/harnesses", "", deep).reason, "CannotParse");
  const std::string deep_object = "{\"harnessName\": " + std::string(5000, '[') + "]";
  EXPECT_EQ(bind_http(control(), "POST", "/harnesses", "", deep_object).reason, "CannotParse");
  const std::string huge = R"({"harnessName": ")" + std::string(3000000, 'a') +
                           R"(", "executionRoleArn": "arn:aws:iam::123456789012:role/R"})";
  BoundRequest bound = bind_http(control(), "POST", "/harnesses", "", huge);
  EXPECT_EQ(bound.reason, "FieldValidationFailed");
}

TEST(RequestBindingTest, EmptyBodyIsAnEmptyObject) {
  EXPECT_EQ(
      lines(bind_http(control(), "POST", "/harnesses")),
      (Lines{"harnessName: Member must not be null", "executionRoleArn: Member must not be null"}));
  const BoundRequest patch =
      bind_http(control(), "PATCH", "/harnesses/my_harness-AbCdEf1234/endpoints/live");
  EXPECT_TRUE(patch.valid()) << ::testing::PrintToString(lines(patch));
  EXPECT_EQ(patch.input.dump(), R"({"harnessId":"my_harness-AbCdEf1234","endpointName":"live"})");
}

TEST(RequestBindingTest, ListRuntimesTakesTypedQueryAndIgnoresABody) {
  const BoundRequest bound =
      bind_http(control(), "POST", "/runtimes/", "maxResults=5&nextToken=abc%2Bdef", "{}");
  ASSERT_TRUE(bound.valid()) << ::testing::PrintToString(lines(bound));
  EXPECT_EQ(bound.operation->name, "ListAgentRuntimes");
  EXPECT_EQ(bound.input.dump(), R"({"maxResults":5,"nextToken":"abc+def"})");
}

TEST(RequestBindingTest, QueryValuesThatDoNotConvertAreCannotParse) {
  BoundRequest bound = bind_http(control(), "POST", "/runtimes/", "maxResults=abc");
  EXPECT_EQ(bound.reason, "CannotParse");
  EXPECT_EQ(lines(bound), Lines{"maxResults: Member must be an integer"});
  const BoundRequest range = bind_http(control(), "POST", "/runtimes/", "maxResults=0");
  EXPECT_EQ(range.reason, "FieldValidationFailed");
  EXPECT_EQ(lines(range), Lines{"maxResults: Member must have value greater than or equal to 1"});
}

TEST(RequestBindingTest, QueryBooleansAndLabels) {
  BoundRequest bound = bind_http(control(), "DELETE", "/harnesses/my_harness-AbCdEf1234",
                                 "deleteManagedMemory=false&clientToken=" + std::string(36, 'a'));
  ASSERT_TRUE(bound.valid()) << ::testing::PrintToString(lines(bound));
  EXPECT_EQ(bound.input["deleteManagedMemory"], false);
  EXPECT_EQ(bound.input["harnessId"], "my_harness-AbCdEf1234");
  const BoundRequest bad = bind_http(control(), "DELETE", "/harnesses/my_harness-AbCdEf1234",
                                     "deleteManagedMemory=maybe");
  EXPECT_EQ(bad.reason, "CannotParse");
  EXPECT_EQ(lines(bad), Lines{"deleteManagedMemory: Member must be a boolean"});
  const BoundRequest label = bind_http(control(), "GET", "/harnesses/not-an-id");
  EXPECT_EQ(label.reason, "FieldValidationFailed");
  EXPECT_EQ(label.errors.at(0).path, "harnessId");
  EXPECT_EQ(bind_http(control(), "GET", "/harnesses/%FF%FE").reason, "CannotParse");
}

TEST(RequestBindingTest, InvokeAgentRuntimeBindsArnLabelHeadersAndRawPayload) {
  const std::string arn =
      "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/my_agent-AbCdEf1234";
  const std::string session(40, 's');
  const std::string payload = "{\"prompt\": \"hi\"}\xff";  // raw bytes, not necessarily UTF-8
  BoundRequest bound = bind_http(
      data_plane(), "POST",
      "/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A123456789012%3Aruntime%2Fmy_agent-"
      "AbCdEf1234/invocations",
      "qualifier=DEFAULT", payload,
      {{"content-type", "application/json"},
       {"x-amzn-bedrock-agentcore-runtime-session-id", session}});
  ASSERT_TRUE(bound.valid()) << ::testing::PrintToString(lines(bound));
  EXPECT_EQ(bound.operation->name, "InvokeAgentRuntime");
  EXPECT_EQ(bound.input["agentRuntimeArn"], arn);
  EXPECT_EQ(bound.input["payload"], payload);
  EXPECT_EQ(bound.input["contentType"], "application/json");
  EXPECT_EQ(bound.input["runtimeSessionId"], session);
  EXPECT_EQ(bound.input["qualifier"], "DEFAULT");
}

TEST(RequestBindingTest, InvokeHarnessValidatesHeadersAndQuery) {
  BoundRequest bound =
      bind_http(data_plane(), "POST", "/harnesses/invoke",
                "harnessArn=arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012"
                "%3Aharness%2Fh-AbCdEf1234",
                R"({"messages": [{"role": "user", "content": [{"text": "hi"}]}]})",
                {{"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", "short"}});
  EXPECT_EQ(bound.reason, "FieldValidationFailed");
  EXPECT_EQ(lines(bound),
            Lines{"runtimeSessionId: Member must have length greater than or equal to 33"});
  const BoundRequest missing = bind_http(data_plane(), "POST", "/harnesses/invoke", "", "{}");
  EXPECT_EQ(lines(missing), (Lines{"harnessArn: Member must not be null",
                                   "runtimeSessionId: Member must not be null",
                                   "messages: Member must not be null"}));
}

const ServiceModel& toy_model() {
  static const ServiceModel model = ServiceModel::from_json(Json::parse(R"({
    "metadata": {"protocol": "rest-json", "endpointPrefix": "toy"},
    "operations": {
      "PutThing": {"name": "PutThing", "http": {"method": "PUT", "requestUri": "/things/{Key+}"},
                   "input": {"shape": "PutThingInput"}},
      "PutDoc": {"name": "PutDoc", "http": {"method": "PUT", "requestUri": "/docs/{id}"},
                 "input": {"shape": "PutDocInput"}}},
    "shapes": {
      "PutThingInput": {"type": "structure", "required": ["Key"], "members": {
        "Key": {"shape": "Text", "location": "uri", "locationName": "Key"},
        "ids": {"shape": "Ints", "location": "querystring", "locationName": "id"},
        "ratio": {"shape": "Ratio", "location": "querystring", "locationName": "ratio"},
        "extra": {"shape": "TextMap", "location": "querystring"},
        "count": {"shape": "Int", "location": "header", "locationName": "X-Count"},
        "tags": {"shape": "Texts", "location": "header", "locationName": "X-Tags"},
        "meta": {"shape": "TextMap", "location": "headers", "locationName": "X-Meta-"}}},
      "PutDocInput": {"type": "structure", "required": ["id", "doc"], "payload": "doc", "members": {
        "id": {"shape": "Text", "location": "uri", "locationName": "id"},
        "doc": {"shape": "Doc"}}},
      "Doc": {"type": "structure", "required": ["title"], "members": {"title": {"shape": "Text"}}},
      "Text": {"type": "string"},
      "Int": {"type": "integer"},
      "Ratio": {"type": "double"},
      "Ints": {"type": "list", "member": {"shape": "Int"}},
      "Texts": {"type": "list", "member": {"shape": "Text"}},
      "TextMap": {"type": "map", "key": {"shape": "Text"}, "value": {"shape": "Text"}}
    }})"));
  return model;
}

TEST(RequestBindingTest, GenericBindingsOnAToyModel) {
  const BoundRequest bound =
      bind_http(toy_model(), "PUT", "/things/a/b%2Fc", "id=1&id=2&ratio=0.5&other=x&id=3",
                "ignored", {{"x-count", " 7 "}, {"X-Tags", "a, b,c"}, {"x-meta-Color", "blue"}});
  ASSERT_TRUE(bound.valid()) << ::testing::PrintToString(lines(bound));
  EXPECT_EQ(bound.input.dump(),
            R"({"Key":"a/b/c","ids":[1,2,3],"ratio":0.5,"extra":{"other":"x"},"count":7,)"
            R"("tags":["a","b","c"],"meta":{"Color":"blue"}})");
  const BoundRequest bad =
      bind_http(toy_model(), "PUT", "/things/k", "id=1&id=x", "", {{"X-Count", "1.5"}});
  EXPECT_EQ(bad.reason, "CannotParse");
  EXPECT_EQ(lines(bad),
            (Lines{"ids.1: Member must be an integer", "count: Member must be an integer"}));
}

TEST(RequestBindingTest, StructurePayloadIsTheWholeBody) {
  BoundRequest bound = bind_http(toy_model(), "PUT", "/docs/d1", "", R"({"title": "t", "x": 1})");
  ASSERT_TRUE(bound.valid()) << ::testing::PrintToString(lines(bound));
  EXPECT_EQ(bound.input.dump(), R"({"id":"d1","doc":{"title":"t"}})");
  EXPECT_EQ(lines(bind_http(toy_model(), "PUT", "/docs/d1", "", "{}")),
            Lines{"doc.title: Member must not be null"});
  EXPECT_EQ(lines(bind_http(toy_model(), "PUT", "/docs/d1")),
            Lines{"doc: Member must not be null"});
}

TEST(RequestBindingTest, OperationsFromElsewhereAreFoundByName) {
  Operation copy = *control().operation("ListAgentRuntimes");
  const BoundRequest bound = control().bind(copy, {"POST", "/runtimes/", "maxResults=3", {}, ""});
  EXPECT_TRUE(bound.valid());
  EXPECT_EQ(bound.operation, control().operation("ListAgentRuntimes"));
  copy.name = "Nope";
  EXPECT_EQ(control().bind(copy, {}).reason, "CannotParse");
}

}  // namespace
}  // namespace agentlift::emulator
