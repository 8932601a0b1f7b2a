#include "emulator/control_plane.hpp"

#include <gtest/gtest.h>

#include "emulator/api_error.hpp"
#include "emulator/embedded_models.hpp"
#include "emulator/service_model.hpp"

namespace agentlift::emulator {
namespace {

const ServiceModel& control_model() {
  static const ServiceModel model =
      ServiceModel::from_json(Json::parse(embedded_model("agentcore-control.botocore.json")));
  return model;
}

const std::string k_role = "arn:aws:iam::123456789012:role/R";
const std::string k_token_a = "aaaaaaaa-1111-4111-8111-111111111111";
const std::string k_token_b = "bbbbbbbb-2222-4222-8222-222222222222";

class EmulatorControlPlane : public ::testing::Test {
 protected:
  EmulatorControlPlane() : store(make_options(), [this] { return seconds; }), control(store) {}

  static StoreOptions make_options() {
    StoreOptions options;
    options.ready_delay = std::chrono::milliseconds(2000);
    options.id_seed = 42;
    return options;
  }

  // Calls the handler and checks its output against the model's output shape:
  // every required member present, every value within its constraints.
  Json call(const std::string& operation, const Json& input, const CallContext& context = {}) {
    const Json output = control.call(operation, input, context);
    const Operation* op = control_model().operation(operation);
    EXPECT_NE(op, nullptr) << operation;
    if (op) {
      for (const FieldError& error : control_model().validate(op->output_shape, output)) {
        // The one deliberate deviation: runtime summaries must carry a
        // description (required, min length 1); a runtime created without
        // one lists "" (docs/emulator.md).
        if (error.path.starts_with("agentRuntimes.") && error.path.ends_with(".description")) {
          continue;
        }
        ADD_FAILURE() << operation << " output: " << error.path << ": " << error.message;
      }
    }
    return output;
  }

  ApiError call_error(const std::string& operation, const Json& input) {
    try {
      control.call(operation, input);
    } catch (const ApiError& error) {
      return error;
    }
    ADD_FAILURE() << operation << " did not fail";
    return ApiError("none", 0, "");
  }

  Json create_harness(const std::string& name, Json extra = Json::object()) {
    Json input = {{"harnessName", name}, {"executionRoleArn", k_role}};
    input.update(extra);
    return call("CreateHarness", input)["harness"];
  }

  Json create_runtime(const std::string& name, Json extra = Json::object()) {
    Json input = {{"agentRuntimeName", name},
                  {"roleArn", k_role},
                  {"agentRuntimeArtifact",
                   {{"containerConfiguration",
                     {{"containerUri", "123456789012.dkr.ecr.us-west-2.amazonaws.com/a:v1"}}}}}};
    input.update(extra);
    return call("CreateAgentRuntime", input);
  }

  void wait_ready() { seconds += 2.5; }

  double seconds = 1'800'000'000.0;
  ResourceStore store;
  ControlPlane control;
};

TEST_F(EmulatorControlPlane, CreateHarnessFillsEveryRequiredMemberAndBecomesReady) {
  const Json harness = create_harness("my_harness");
  EXPECT_EQ(harness["status"], "CREATING");
  EXPECT_EQ(harness["harnessVersion"], "1");
  const std::string id = harness["harnessId"];
  EXPECT_TRUE(id.starts_with("my_harness-"));
  EXPECT_EQ(harness["arn"], "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/" + id);
  const Json& environment = harness["environment"]["agentCoreRuntimeEnvironment"];
  EXPECT_TRUE(environment["agentRuntimeArn"].get<std::string>().find(":runtime/my_harness-") !=
              std::string::npos);
  EXPECT_EQ(environment["networkConfiguration"]["networkMode"], "PUBLIC");
  EXPECT_EQ(harness["allowedTools"], Json::array({"*"}));

  wait_ready();
  const Json got = call("GetHarness", {{"harnessId", id}})["harness"];
  EXPECT_EQ(got["status"], "READY");
  EXPECT_EQ(got["createdAt"], harness["createdAt"]);
}

TEST_F(EmulatorControlPlane, UpdateHarnessPatchesOnlyWhatIsPresentAndBumpsTheVersion) {
  const Json created = create_harness(
      "patched", {{"systemPrompt", {{{"text", "be brief"}}}},
                  {"tools", {{{"type", "agentcore_browser"}, {"name", "web"}}}},
                  {"memory", {{"managedMemoryConfiguration", {{"strategies", {"SEMANTIC"}}}}}},
                  {"environmentArtifact",
                   {{"containerConfiguration", {{"containerUri", "public.ecr.aws/x/y:1"}}}}},
                  {"maxIterations", 5}});
  const std::string id = created["harnessId"];
  const std::string memory_arn = created["memory"]["managedMemoryConfiguration"]["arn"];
  EXPECT_TRUE(memory_arn.find(":memory/patched_memory-") != std::string::npos);

  // Not before it is READY.
  EXPECT_EQ(call_error("UpdateHarness", {{"harnessId", id}, {"maxIterations", 6}}).code(),
            "ConflictException");
  wait_ready();

  const Json updated =
      call("UpdateHarness",
           {{"harnessId", id},
            {"maxIterations", 9},
            {"environmentArtifact", Json::object()},
            {"memory",
             {{"optionalValue", {{"managedMemoryConfiguration", {{"strategies", {"EPISODIC"}}}}}}}},
            {"environment",
             {{"agentCoreRuntimeEnvironment",
               {{"networkConfiguration", {{"networkMode", "VPC"}}}}}}}})["harness"];
  EXPECT_EQ(updated["harnessVersion"], "2");
  EXPECT_EQ(updated["status"], "UPDATING");
  EXPECT_EQ(updated["maxIterations"], 9);
  EXPECT_EQ(updated["systemPrompt"], created["systemPrompt"]);  // untouched
  EXPECT_EQ(updated["tools"], created["tools"]);
  EXPECT_FALSE(updated.contains("environmentArtifact"));  // {} clears
  EXPECT_EQ(updated["memory"]["managedMemoryConfiguration"]["strategies"],
            Json::array({"EPISODIC"}));
  EXPECT_EQ(updated["memory"]["managedMemoryConfiguration"]["arn"], memory_arn);  // same memory
  const Json& environment = updated["environment"]["agentCoreRuntimeEnvironment"];
  EXPECT_EQ(environment["networkConfiguration"]["networkMode"], "VPC");
  EXPECT_EQ(environment["agentRuntimeId"],
            created["environment"]["agentCoreRuntimeEnvironment"]["agentRuntimeId"]);
  EXPECT_EQ(environment["lifecycleConfiguration"]["idleRuntimeSessionTimeout"], 900);

  wait_ready();
  const Json third = call("UpdateHarness", {{"harnessId", id}})["harness"];
  EXPECT_EQ(third["harnessVersion"], "3");  // every update is a version, even an empty one

  const Json v1 = call("GetHarness", {{"harnessId", id}, {"harnessVersion", "1"}})["harness"];
  EXPECT_EQ(v1["maxIterations"], 5);
  EXPECT_EQ(v1["status"], "READY");
  const Json versions = call("ListHarnessVersions", {{"harnessId", id}});
  ASSERT_EQ(versions["harnessVersions"].size(), 3u);
  EXPECT_EQ(versions["harnessVersions"][2]["status"], "UPDATING");
  EXPECT_EQ(call_error("GetHarness", {{"harnessId", id}, {"harnessVersion", "9"}}).code(),
            "ValidationException");
}

TEST_F(EmulatorControlPlane, NamesAreUniqueAndUnknownIdsAreNotFound) {
  create_harness("taken");
  const ApiError conflict =
      call_error("CreateHarness", {{"harnessName", "taken"}, {"executionRoleArn", k_role}});
  EXPECT_EQ(conflict.code(), "ConflictException");
  EXPECT_EQ(conflict.status(), 409);
  const ApiError missing = call_error("GetHarness", {{"harnessId", "nope-0123456789"}});
  EXPECT_EQ(missing.code(), "ResourceNotFoundException");
  EXPECT_EQ(missing.status(), 404);
  EXPECT_EQ(call_error("GetAgentRuntime", {{"agentRuntimeId", "nope-0123456789"}}).code(),
            "ResourceNotFoundException");
}

TEST_F(EmulatorControlPlane, ClientTokenMakesCreateIdempotent) {
  const Json first = create_harness("once", {{"clientToken", k_token_a}});
  const Json again = create_harness("once", {{"clientToken", k_token_a}});
  EXPECT_EQ(again, first);
  EXPECT_EQ(store.list(ResourceKind::harness).size(), 1u);
  const ApiError mismatch = call_error("CreateHarness", {{"harnessName", "once"},
                                                         {"executionRoleArn", k_role},
                                                         {"clientToken", k_token_a},
                                                         {"maxTokens", 5}});
  EXPECT_EQ(mismatch.code(), "ValidationException");
  EXPECT_EQ(mismatch.reason(), "IdempotentParameterMismatchException");
  // A new token for the same name is a new request: the name is taken.
  EXPECT_EQ(call_error(
                "CreateHarness",
                {{"harnessName", "once"}, {"executionRoleArn", k_role}, {"clientToken", k_token_b}})
                .code(),
            "ConflictException");
}

TEST_F(EmulatorControlPlane, InjectedFailureEndsInCreateFailedWithTheReason) {
  CallContext context;
  context.failure_reason = "Image not found";
  const Json created =
      call("CreateHarness", {{"harnessName", "broken"}, {"executionRoleArn", k_role}},
           context)["harness"];
  EXPECT_EQ(created["status"], "CREATING");
  EXPECT_FALSE(created.contains("failureReason"));
  wait_ready();
  const Json got = call("GetHarness", {{"harnessId", created["harnessId"]}})["harness"];
  EXPECT_EQ(got["status"], "CREATE_FAILED");
  EXPECT_EQ(got["failureReason"], "Image not found");
}

TEST_F(EmulatorControlPlane, DeleteShowsDeletingThenNotFoundAndFreesTheName) {
  const std::string id = create_harness("gone")["harnessId"];
  wait_ready();
  const Json deleted = call("DeleteHarness", {{"harnessId", id}, {"clientToken", k_token_a}});
  EXPECT_EQ(deleted["harness"]["status"], "DELETING");
  EXPECT_EQ(call("GetHarness", {{"harnessId", id}})["harness"]["status"], "DELETING");
  wait_ready();
  EXPECT_EQ(call_error("GetHarness", {{"harnessId", id}}).code(), "ResourceNotFoundException");
  // Retrying the delete with its token replays the answer.
  EXPECT_EQ(call("DeleteHarness", {{"harnessId", id}, {"clientToken", k_token_a}}), deleted);
  create_harness("gone");
}

TEST_F(EmulatorControlPlane, AClientTokenWhoseHarnessWasDeletedIsNotReplayed) {
  const std::string id = create_harness("again", {{"clientToken", k_token_a}})["harnessId"];
  wait_ready();
  call("DeleteHarness", {{"harnessId", id}});
  wait_ready();
  const ApiError refused = call_error(
      "CreateHarness",
      {{"harnessName", "again"}, {"executionRoleArn", k_role}, {"clientToken", k_token_a}});
  EXPECT_EQ(refused.code(), "ConflictException");
  EXPECT_NE(refused.message().find("has since been deleted"), std::string::npos);
  EXPECT_NE(refused.message().find("without clientToken"), std::string::npos);
  EXPECT_NE(create_harness("again")["harnessId"], id);
}

TEST_F(EmulatorControlPlane, ListsPaginate) {
  for (int i = 0; i < 12; ++i) {
    seconds += 0.001;
    create_harness("h" + std::to_string(i));
  }
  Json page = call("ListHarnesses", {{"maxResults", 5}});
  EXPECT_EQ(page["harnesses"].size(), 5u);
  std::vector<std::string> names;
  while (true) {
    for (const Json& item : page["harnesses"]) names.push_back(item["harnessName"]);
    if (!page.contains("nextToken")) break;
    page = call("ListHarnesses", {{"maxResults", 5}, {"nextToken", page["nextToken"]}});
  }
  ASSERT_EQ(names.size(), 12u);
  EXPECT_EQ(names.front(), "h0");
  EXPECT_EQ(names.back(), "h11");
  EXPECT_EQ(call("ListHarnesses", Json::object())["harnesses"].size(), 10u);
}

TEST_F(EmulatorControlPlane, HarnessEndpointsDefaultFollowsLatestNamedArePinned) {
  const std::string id = create_harness("ep")["harnessId"];
  wait_ready();
  const Json prod =
      call("CreateHarnessEndpoint",
           {{"harnessId", id}, {"endpointName", "prod"}, {"description", "p"}})["endpoint"];
  EXPECT_EQ(prod["targetVersion"], "1");
  EXPECT_EQ(prod["status"], "CREATING");
  EXPECT_EQ(
      prod["arn"].get<std::string>(),
      "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/" + id + "/harness-endpoint/prod");
  EXPECT_EQ(
      call_error("CreateHarnessEndpoint", {{"harnessId", id}, {"endpointName", "prod"}}).code(),
      "ConflictException");
  EXPECT_EQ(
      call_error("CreateHarnessEndpoint", {{"harnessId", id}, {"endpointName", "DEFAULT"}}).code(),
      "ConflictException");
  wait_ready();
  call("UpdateHarness", {{"harnessId", id}, {"maxTokens", 100}});
  wait_ready();

  const Json endpoints = call("ListHarnessEndpoints", {{"harnessId", id}})["endpoints"];
  ASSERT_EQ(endpoints.size(), 2u);
  EXPECT_EQ(endpoints[0]["endpointName"], "DEFAULT");
  EXPECT_EQ(endpoints[0]["liveVersion"], "2");
  EXPECT_EQ(endpoints[1]["endpointName"], "prod");
  EXPECT_EQ(endpoints[1]["liveVersion"], "1");

  const Json moved =
      call("UpdateHarnessEndpoint",
           {{"harnessId", id}, {"endpointName", "prod"}, {"targetVersion", "2"}})["endpoint"];
  EXPECT_EQ(moved["status"], "UPDATING");
  EXPECT_EQ(moved["liveVersion"], "1");
  EXPECT_EQ(moved["targetVersion"], "2");
  wait_ready();
  EXPECT_EQ(call("GetHarnessEndpoint",
                 {{"harnessId", id}, {"endpointName", "prod"}})["endpoint"]["liveVersion"],
            "2");
  EXPECT_EQ(call_error("UpdateHarnessEndpoint",
                       {{"harnessId", id}, {"endpointName", "prod"}, {"targetVersion", "7"}})
                .code(),
            "ValidationException");
  EXPECT_EQ(
      call_error("DeleteHarnessEndpoint", {{"harnessId", id}, {"endpointName", "DEFAULT"}}).code(),
      "ValidationException");
  EXPECT_EQ(call("DeleteHarnessEndpoint",
                 {{"harnessId", id}, {"endpointName", "prod"}})["endpoint"]["status"],
            "DELETING");
  wait_ready();
  EXPECT_EQ(call_error("GetHarnessEndpoint", {{"harnessId", id}, {"endpointName", "prod"}}).code(),
            "ResourceNotFoundException");
}

TEST_F(EmulatorControlPlane, AgentRuntimeLifecycle) {
  const Json created = create_runtime(
      "my_agent",
      {{"environmentVariables", {{"K", "v"}}}, {"lifecycleConfiguration", {{"maxLifetime", 600}}}});
  const std::string id = created["agentRuntimeId"];
  EXPECT_EQ(created["agentRuntimeVersion"], "1");
  EXPECT_EQ(created["status"], "CREATING");
  EXPECT_TRUE(
      created["workloadIdentityDetails"]["workloadIdentityArn"].get<std::string>().ends_with(id));

  wait_ready();
  const Json got = call("GetAgentRuntime", {{"agentRuntimeId", id}});
  EXPECT_EQ(got["status"], "READY");
  EXPECT_EQ(got["lifecycleConfiguration"]["maxLifetime"], 600);
  EXPECT_EQ(got["lifecycleConfiguration"]["idleRuntimeSessionTimeout"], 900);
  EXPECT_EQ(got["environmentVariables"]["K"], "v");
  EXPECT_EQ(got["protocolConfiguration"]["serverProtocol"], "HTTP");

  // The artifact and role are replaced; what the update leaves out is kept.
  const Json updated =
      call("UpdateAgentRuntime",
           {{"agentRuntimeId", id},
            {"roleArn", k_role},
            {"agentRuntimeArtifact",
             {{"containerConfiguration",
               {{"containerUri", "123456789012.dkr.ecr.us-west-2.amazonaws.com/a:v2"}}}}}});
  EXPECT_EQ(updated["agentRuntimeVersion"], "2");
  EXPECT_EQ(updated["status"], "UPDATING");
  wait_ready();
  const Json v2 = call("GetAgentRuntime", {{"agentRuntimeId", id}});
  EXPECT_EQ(v2["environmentVariables"]["K"], "v");
  EXPECT_EQ(v2["lifecycleConfiguration"]["maxLifetime"], 600);
  EXPECT_EQ(v2["agentRuntimeArtifact"]["containerConfiguration"]["containerUri"],
            "123456789012.dkr.ecr.us-west-2.amazonaws.com/a:v2");
  EXPECT_EQ(call("GetAgentRuntime", {{"agentRuntimeId", id},
                                     {"agentRuntimeVersion", "1"}})["environmentVariables"]["K"],
            "v");

  const Json versions = call("ListAgentRuntimeVersions", {{"agentRuntimeId", id}});
  EXPECT_EQ(versions["agentRuntimes"].size(), 2u);
  const Json listed = call("ListAgentRuntimes", Json::object());
  ASSERT_EQ(listed["agentRuntimes"].size(), 1u);
  EXPECT_EQ(listed["agentRuntimes"][0]["agentRuntimeVersion"], "2");

  // One version can go unless it is the latest or an endpoint serves it.
  EXPECT_EQ(call_error("DeleteAgentRuntime", {{"agentRuntimeId", id}, {"agentRuntimeVersion", "2"}})
                .code(),
            "ConflictException");
  EXPECT_EQ(call("DeleteAgentRuntime",
                 {{"agentRuntimeId", id}, {"agentRuntimeVersion", "1"}})["agentRuntimeVersion"],
            "1");
  EXPECT_EQ(call("ListAgentRuntimeVersions", {{"agentRuntimeId", id}})["agentRuntimes"].size(), 1u);

  const Json deleted = call("DeleteAgentRuntime", {{"agentRuntimeId", id}});
  EXPECT_EQ(deleted["status"], "DELETING");
  wait_ready();
  EXPECT_EQ(call_error("GetAgentRuntime", {{"agentRuntimeId", id}}).code(),
            "ResourceNotFoundException");
}

TEST_F(EmulatorControlPlane, RuntimeEndpoints) {
  const std::string id = create_runtime("ep_agent")["agentRuntimeId"];
  EXPECT_EQ(call_error("UpdateAgentRuntime",
                       {{"agentRuntimeId", id},
                        {"roleArn", k_role},
                        {"agentRuntimeArtifact",
                         {{"containerConfiguration", {{"containerUri", "public.ecr.aws/a/b"}}}}}})
                .code(),
            "ConflictException");
  wait_ready();
  const Json created = call("CreateAgentRuntimeEndpoint",
                            {{"agentRuntimeId", id}, {"name", "prod"}, {"clientToken", k_token_a}});
  EXPECT_EQ(created["targetVersion"], "1");
  EXPECT_EQ(created["endpointName"], "prod");
  EXPECT_TRUE(
      created["agentRuntimeEndpointArn"].get<std::string>().ends_with("/runtime-endpoint/prod"));
  EXPECT_EQ(call("CreateAgentRuntimeEndpoint",
                 {{"agentRuntimeId", id}, {"name", "prod"}, {"clientToken", k_token_a}}),
            created);
  wait_ready();
  const Json got =
      call("GetAgentRuntimeEndpoint", {{"agentRuntimeId", id}, {"endpointName", "prod"}});
  EXPECT_EQ(got["status"], "READY");
  EXPECT_EQ(got["liveVersion"], "1");
  EXPECT_TRUE(got["id"].get<std::string>().starts_with("prod-"));
  const Json listed = call("ListAgentRuntimeEndpoints", {{"agentRuntimeId", id}});
  ASSERT_EQ(listed["runtimeEndpoints"].size(), 2u);
  EXPECT_EQ(listed["runtimeEndpoints"][0]["name"], "DEFAULT");
  call("UpdateAgentRuntimeEndpoint",
       {{"agentRuntimeId", id}, {"endpointName", "prod"}, {"description", "d"}});
  EXPECT_EQ(call("DeleteAgentRuntimeEndpoint",
                 {{"agentRuntimeId", id}, {"endpointName", "prod"}})["status"],
            "DELETING");
}

}  // namespace
}  // namespace agentlift::emulator
