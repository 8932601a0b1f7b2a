// ServiceModel on the embedded AgentCore models: loading (and its cost),
// routing every operation, the /runtimes/ trailing-slash pairs, output
// serialisation, and sample outputs that satisfy the output shapes.
#include "emulator/service_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "base/errors.hpp"
#include "emulator/embedded_models.hpp"
#include "emulator/shape_table.hpp"
#include "emulator/uri_template.hpp"
#include "emulator/wire_values.hpp"

namespace agentlift::emulator {
namespace {

constexpr const char* k_control = "agentcore-control.botocore.json";
constexpr const char* k_data = "agentcore.botocore.json";

const ServiceModel& control() {
  static const ServiceModel model = ServiceModel::load_embedded(k_control);
  return model;
}

const ServiceModel& data_plane() {
  static const ServiceModel model = ServiceModel::load_embedded(k_data);
  return model;
}

std::string header(const WireResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

TEST(ServiceModelTest, LoadsBothEmbeddedModelsQuickly) {
  const auto start = std::chrono::steady_clock::now();
  const ServiceModel control_model = ServiceModel::load_embedded(k_control);
  const ServiceModel data_model = ServiceModel::load_embedded(k_data);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ServiceModel] both embedded models parsed and compiled in %.2f ms\n", ms);
  EXPECT_LT(ms, 250.0);
  EXPECT_EQ(control_model.signing_name(), "bedrock-agentcore");
  EXPECT_EQ(control_model.endpoint_prefix(), "bedrock-agentcore-control");
  EXPECT_EQ(data_model.endpoint_prefix(), "bedrock-agentcore");
  EXPECT_EQ(control_model.operations().size(), 22u);
  EXPECT_EQ(data_model.operations().size(), 3u);
  const Operation* create = control_model.operation("CreateHarness");
  ASSERT_NE(create, nullptr);
  EXPECT_EQ(create->method, "POST");
  EXPECT_EQ(create->uri_template, "/harnesses");
  EXPECT_EQ(create->success_code, 201);
  EXPECT_EQ(create->input_shape, "CreateHarnessRequest");
  EXPECT_EQ(create->output_shape, "CreateHarnessResponse");
  EXPECT_NE(std::find(create->errors.begin(), create->errors.end(), "ValidationException"),
            create->errors.end());
  ASSERT_NE(control_model.shape("ValidationException"), nullptr);
  EXPECT_EQ(control_model.shape("ValidationException")->at("error").at("httpStatusCode"), 400);
  EXPECT_EQ(control_model.shape("Nope"), nullptr);
}

TEST(ServiceModelTest, EveryModelPatternCompiles) {
  for (const char* name : {k_control, k_data}) {
    const ShapeTable table(Json::parse(embedded_model(name)).at("shapes"));
    EXPECT_EQ(table.unusable_patterns(), std::vector<std::string>{}) << name;
  }
}

TEST(ServiceModelTest, EveryOperationMatchesItsOwnTemplate) {
  const LabelValues samples = {
      {"harnessId", "my_harness-AbCdEf1234"},
      {"endpointName", "live"},
      {"agentRuntimeId", "my_agent-AbCdEf1234"},
      {"agentRuntimeArn",
       "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/my_agent-AbCdEf1234"}};
  for (const ServiceModel* model : {&control(), &data_plane()}) {
    for (const Operation& operation : model->operations()) {
      const std::string path = UriTemplate::parse(operation.uri_template).expand(samples);
      EXPECT_EQ(model->match(operation.method, path), &operation)
          << operation.name << ": " << operation.method << " " << path;
    }
  }
}

TEST(ServiceModelTest, RuntimesCollectionSeparatesListFromCreate) {
  ASSERT_NE(control().match("PUT", "/runtimes/"), nullptr);
  EXPECT_EQ(control().match("PUT", "/runtimes/")->name, "CreateAgentRuntime");
  EXPECT_EQ(control().match("POST", "/runtimes/")->name, "ListAgentRuntimes");
  EXPECT_EQ(control().match("PUT", "/runtimes/rt-AbCdEf1234/")->name, "UpdateAgentRuntime");
  EXPECT_EQ(control().match("POST", "/runtimes/rt-AbCdEf1234/versions/")->name,
            "ListAgentRuntimeVersions");
  EXPECT_EQ(control().match("POST", "/runtimes/rt-AbCdEf1234/runtime-endpoints/")->name,
            "ListAgentRuntimeEndpoints");
  EXPECT_EQ(control().match("GET", "/runtimes/"), nullptr);
  EXPECT_EQ(control().match("PUT", "/runtimes"), nullptr);
  EXPECT_EQ(control().match("GET", "/runtimes/rt-AbCdEf1234"), nullptr);
  EXPECT_EQ(control().match("get", "/harnesses"), nullptr);
  EXPECT_EQ(control().match("GET", "/harnesses")->name, "ListHarnesses");
  EXPECT_EQ(control().match("GET", "/harnesses/h-AbCdEf1234/versions")->name,
            "ListHarnessVersions");
  EXPECT_EQ(control().match("GET", "/harnesses/h-AbCdEf1234?x=1")->name, "GetHarness");
}

TEST(ServiceModelTest, DataPlaneTakesThePercentEncodedArnAsOneLabel) {
  const std::string path =
      "/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A123456789012%3Aruntime%2Fmy_agent-"
      "AbCdEf1234/invocations";
  const Operation* invoke = data_plane().match("POST", path);
  ASSERT_NE(invoke, nullptr);
  EXPECT_EQ(invoke->name, "InvokeAgentRuntime");
  EXPECT_EQ(data_plane().match("POST", "/runtimes/my_agent-AbCdEf1234/stopruntimesession")->name,
            "StopRuntimeSession");
  EXPECT_EQ(data_plane().match("POST", "/harnesses/invoke")->name, "InvokeHarness");
  EXPECT_EQ(data_plane().match("POST", "/runtimes/arn:aws:x:runtime/a/invocations"), nullptr);
}

TEST(ServiceModelTest, UnusableModelsThrow) {
  EXPECT_THROW(ServiceModel::load_embedded("nope.json"), Error);
  EXPECT_THROW(ServiceModel::from_json(Json::array()), Error);
  const auto model_with = [](const char* protocol, const char* member_shape) {
    return Json{
        {"metadata", {{"protocol", protocol}}},
        {"operations", Json::object()},
        {"shapes",
         {{"S", {{"type", "structure"}, {"members", {{"m", {{"shape", member_shape}}}}}}}}}};
  };
  EXPECT_NO_THROW(ServiceModel::from_json(model_with("rest-json", "S")));
  EXPECT_THROW(ServiceModel::from_json(model_with("json", "S")), Error);
  EXPECT_THROW(ServiceModel::from_json(model_with("rest-json", "Missing")), Error);
  Json bad_type = model_with("rest-json", "S");
  bad_type["shapes"]["S"]["type"] = 5;
  EXPECT_THROW(ServiceModel::from_json(bad_type), Error);
  const ServiceModel empty;
  EXPECT_EQ(empty.match("GET", "/"), nullptr);
  EXPECT_EQ(empty.validate("S", Json::object()).size(), 1u);
}

TEST(ServiceModelOutputTest, InvokeAgentRuntimeSendsHeadersStatusAndRawBody) {
  const Operation& invoke = *data_plane().operation("InvokeAgentRuntime");
  const WireResponse response = data_plane().serialize_output(
      invoke, {{"contentType", "text/event-stream"},
               {"runtimeSessionId", "session-1234567890-1234567890-1234567"},
               {"statusCode", 207},
               {"traceId", nullptr},
               {"response", "data: {\"x\": 1}\n\n"}});
  EXPECT_EQ(response.status, 207);
  EXPECT_EQ(response.body, "data: {\"x\": 1}\n\n");
  EXPECT_EQ(header(response, "Content-Type"), "text/event-stream");
  EXPECT_EQ(header(response, "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"),
            "session-1234567890-1234567890-1234567");
  EXPECT_EQ(header(response, "X-Amzn-Trace-Id"), "<absent>");
  EXPECT_EQ(response.headers.size(), 2u);
  // No statusCode member: the operation's success code; no content type: octet-stream.
  const WireResponse plain = data_plane().serialize_output(invoke, {{"response", "raw"}});
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(header(plain, "Content-Type"), "application/octet-stream");
}

TEST(ServiceModelOutputTest, CreateHarnessWritesIso8601TimestampsAndItsStatus) {
  const Operation& create = *control().operation("CreateHarness");
  const Json output = {{"harness",
                        {{"harnessId", "h-AbCdEf1234"},
                         {"createdAt", 1795626000.123},
                         {"updatedAt", "2026-11-25T17:00:00Z"},
                         {"failureReason", nullptr},
                         {"futureMember", {{"kept", true}}}}}};
  const WireResponse response = control().serialize_output(create, output);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(header(response, "Content-Type"), "application/json");
  EXPECT_EQ(response.body,
            R"({"harness":{"harnessId":"h-AbCdEf1234","createdAt":"2026-11-25T17:00:00.123Z",)"
            R"("updatedAt":"2026-11-25T17:00:00Z","futureMember":{"kept":true}}})");
}

TEST(ServiceModelOutputTest, EventStreamAndEmptyOutputs) {
  const WireResponse stream =
      data_plane().serialize_output(*data_plane().operation("InvokeHarness"), {{"stream", {}}});
  EXPECT_EQ(stream.body, "");
  EXPECT_TRUE(stream.headers.empty());
  const WireResponse stop = data_plane().serialize_output(
      *data_plane().operation("StopRuntimeSession"), {{"runtimeSessionId", std::string(40, 's')}});
  EXPECT_EQ(stop.status, 200);
  EXPECT_EQ(stop.body, "");
  EXPECT_EQ(header(stop, "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"), std::string(40, 's'));
  const WireResponse deleted = control().serialize_output(
      *control().operation("DeleteAgentRuntime"), {{"status", "DELETING"}});
  EXPECT_EQ(deleted.status, 202);
  EXPECT_EQ(deleted.body, R"({"status":"DELETING"})");
}

TEST(ServiceModelWireValuesTest, TimestampsAndBase64) {
  EXPECT_EQ(wire::format_iso8601(1795626000.123), "2026-11-25T17:00:00.123Z");
  EXPECT_EQ(wire::format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(wire::format_iso8601(-0.5), "1969-12-31T23:59:59.500Z");
  EXPECT_EQ(wire::format_iso8601(1e300), std::nullopt);
  EXPECT_EQ(wire::format_http_date(1795626000.9), "Wed, 25 Nov 2026 17:00:00 GMT");
  EXPECT_EQ(wire::parse_iso8601("2026-11-25T18:00:00.25+01:00"), 1795626000.25);
  EXPECT_EQ(wire::parse_iso8601("2026-11-25t17:00:00z"), 1795626000.0);
  EXPECT_EQ(wire::parse_iso8601("2026-11-25T17:00:00"), std::nullopt);
  EXPECT_EQ(wire::parse_iso8601("2026-13-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(wire::parse_http_date("Wed, 25 Nov 2026 17:00:00 GMT"), 1795626000.0);
  EXPECT_EQ(wire::base64_encode(""), "");
  EXPECT_EQ(wire::base64_encode("a"), "YQ==");
  EXPECT_EQ(wire::base64_encode("ab"), "YWI=");
  EXPECT_EQ(wire::base64_encode("abc"), "YWJj");
  EXPECT_EQ(wire::base64_decoded_size("YWI="), 2u);
  EXPECT_EQ(wire::base64_decoded_size("YWI"), 2u);
  EXPECT_EQ(wire::base64_decoded_size("Y"), std::nullopt);
  EXPECT_EQ(wire::base64_decoded_size("YW=I"), std::nullopt);
}

// A value for `shape_name` with only its required members, using plausible
// identifiers where a pattern demands them. The server's responses look alike.
class SampleBuilder {
 public:
  explicit SampleBuilder(const ServiceModel& model) : m_model(model) {}

  Json build(const std::string& shape_name, int depth = 0) const {
    const Json& shape = *m_model.shape(shape_name);
    const std::string type = shape.at("type");
    if (const auto known = k_samples.find(shape_name); known != k_samples.end())
      return known->second;
    if (shape.contains("enum")) return shape.at("enum").at(0);
    if (type == "string") return std::string(shape.value("min", 1), 'a');
    if (type == "integer" || type == "long") return shape.value("min", 1);
    if (type == "float" || type == "double") return shape.value("min", 0.0);
    if (type == "boolean") return false;
    if (type == "timestamp") return 1795626000.123;
    if (type == "blob") return "AQID";
    if (type == "list") {
      Json items = Json::array();
      for (int i = 0; i < shape.value("min", 0); ++i) {
        items.push_back(build(shape.at("member").at("shape"), depth + 1));
      }
      return items;
    }
    if (type == "map") return Json::object();
    Json value = Json::object();
    if (shape.value("document", false) || depth > 20) return value;
    if (shape.value("union", false)) {
      const auto first = shape.at("members").begin();
      value[first.key()] = build(first.value().at("shape"), depth + 1);
      return value;
    }
    for (const Json& required : shape.value("required", Json::array())) {
      const std::string member = required;
      value[member] = build(shape.at("members").at(member).at("shape"), depth + 1);
    }
    return value;
  }

 private:
  inline static const std::map<std::string, Json> k_samples = {
      {"HarnessId", "my_harness-AbCdEf1234"},
      {"HarnessName", "my_harness"},
      {"HarnessArn",
       "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/my_harness-AbCdEf1234"},
      {"HarnessEndpointArn",
       "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/my_harness-AbCdEf1234/"
       "harness-endpoint/live"},
      {"HarnessEndpointName", "live"},
      {"HarnessVersion", "1"},
      {"RoleArn", "arn:aws:iam::123456789012:role/AgentRole"},
      {"AgentRuntimeId", "my_agent-AbCdEf1234"},
      {"AgentRuntimeName", "my_agent"},
      {"AgentRuntimeArn",
       "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/my_agent-AbCdEf1234"},
      {"AgentRuntimeEndpointArn",
       "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/my_agent-AbCdEf1234/"
       "runtime-endpoint/DEFAULT"},
      {"AgentRuntimeEndpointId", "DEFAULT-AbCdEf1234"},
      {"AgentRuntimeVersion", "1"},
      {"EndpointName", "DEFAULT"},
      {"NonBlankString", "x"},
  };
  const ServiceModel& m_model;
};

TEST(ServiceModelOutputTest, SampleOutputsFromRequiredMembersValidate) {
  const Json harness = SampleBuilder(control()).build("GetHarnessResponse").at("harness");
  EXPECT_EQ(harness.at("harnessId"), "my_harness-AbCdEf1234");
  EXPECT_TRUE(harness.at("environment").contains("agentCoreRuntimeEnvironment")) << harness.dump();
  for (const ServiceModel* model : {&control(), &data_plane()}) {
    const SampleBuilder samples(*model);
    for (const Operation& operation : model->operations()) {
      if (operation.output_shape.empty() || operation.name == "InvokeHarness") continue;
      const Json sample = samples.build(operation.output_shape);
      std::string problems;
      for (const FieldError& error : model->validate(operation.output_shape, sample)) {
        problems += "\n  " + error.path + ": " + error.message;
      }
      EXPECT_EQ(problems, "") << operation.output_shape << " sample " << sample.dump();
      // Every sample also serialises.
      EXPECT_EQ(model->serialize_output(operation, sample).status, operation.success_code);
    }
  }
}

}  // namespace
}  // namespace agentlift::emulator
