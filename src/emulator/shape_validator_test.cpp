// Validation rules, one by one, on a small hand-written model, then paths and
// anchoring on the real AgentCore control-plane model.
#include "emulator/shape_validator.hpp"

#include <gtest/gtest.h>

#include "emulator/model_pattern.hpp"
#include "emulator/service_model.hpp"

namespace agentlift::emulator {
namespace {

const ServiceModel& toy_model() {
  static const ServiceModel model = ServiceModel::from_json(Json::parse(R"({
    "metadata": {"protocol": "rest-json", "endpointPrefix": "toy", "signingName": "toy"},
    "operations": {},
    "shapes": {
      "Thing": {"type": "structure", "required": ["name"], "members": {
        "name": {"shape": "Name"}, "kind": {"shape": "Kind"}, "count": {"shape": "Count"},
        "big": {"shape": "Big"}, "ratio": {"shape": "Ratio"}, "flag": {"shape": "Flag"},
        "data": {"shape": "Data"}, "when": {"shape": "When"}, "items": {"shape": "Items"},
        "labels": {"shape": "Labels"}, "choice": {"shape": "Choice"}, "doc": {"shape": "Doc"},
        "anchored": {"shape": "Anchored"}, "child": {"shape": "Thing"}}},
      "Name": {"type": "string", "min": 2, "max": 5, "pattern": "[a-zé]+"},
      "Kind": {"type": "string", "enum": ["RED", "GREEN"]},
      "Count": {"type": "integer", "min": 1, "max": 10},
      "Big": {"type": "long"},
      "Ratio": {"type": "float", "min": 0, "max": 0.5},
      "Flag": {"type": "boolean"},
      "Data": {"type": "blob", "max": 3},
      "When": {"type": "timestamp", "timestampFormat": "iso8601"},
      "Items": {"type": "list", "member": {"shape": "Name"}, "max": 2},
      "Labels": {"type": "map", "key": {"shape": "Kind"}, "value": {"shape": "Count"}, "min": 1},
      "Choice": {"type": "structure", "union": true, "members": {
        "a": {"shape": "Name"}, "b": {"shape": "Count"}, "unit": {"shape": "Unit"}}},
      "Unit": {"type": "structure", "members": {}},
      "Doc": {"type": "structure", "members": {}, "document": true},
      "Anchored": {"type": "string", "pattern": "^ab"}
    }})"));
  return model;
}

std::vector<FieldError> check(const Json& value) { return toy_model().validate("Thing", value); }

// The errors as "path: message" lines, for readable failures.
std::vector<std::string> lines(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const FieldError& error : errors) out.push_back(error.path + ": " + error.message);
  return out;
}

using Lines = std::vector<std::string>;

TEST(ShapeValidatorTest, ValidValuePasses) {
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "abc", "kind": "RED", "count": 3, "big": 5000000000,
      "ratio": 0.25, "flag": true, "data": "AQID", "when": "2026-11-25T17:00:00.5+01:00",
      "items": ["ab"], "labels": {"GREEN": 2}, "choice": {"unit": {}}, "doc": [1, {"x": null}],
      "anchored": "abcdef", "child": {"name": "éé"}})"))),
            Lines{});
}

TEST(ShapeValidatorTest, RequiredMembersMustNotBeNull) {
  EXPECT_EQ(lines(check(Json::object())), Lines{"name: Member must not be null"});
  EXPECT_EQ(lines(check(Json::parse(R"({"name": null})"))), Lines{"name: Member must not be null"});
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "child": {}})"))),
            Lines{"child.name: Member must not be null"});
}

TEST(ShapeValidatorTest, StringLengthsCountCodePoints) {
  EXPECT_EQ(lines(check({{"name", "a"}})),
            Lines{"name: Member must have length greater than or equal to 2"});
  EXPECT_EQ(lines(check({{"name", "abcdef"}})),
            Lines{"name: Member must have length less than or equal to 5"});
  EXPECT_EQ(lines(check({{"name", "ééééé"}})), Lines{});  // 10 bytes, 5 code points
}

TEST(ShapeValidatorTest, PatternsMustMatchTheWholeValueUnlessAnchored) {
  EXPECT_EQ(lines(check({{"name", "ab1"}})),
            Lines{"name: Member must satisfy regular expression pattern: [a-zé]+"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"anchored", "xab"}})),
            Lines{"anchored: Member must satisfy regular expression pattern: ^ab"});
}

TEST(ShapeValidatorTest, EnumsListTheirValues) {
  EXPECT_EQ(lines(check({{"name", "ab"}, {"kind", "BLUE"}})),
            Lines{"kind: Member must satisfy enum value set: [RED, GREEN]"});
}

TEST(ShapeValidatorTest, NumbersAreTypedAndRanged) {
  EXPECT_EQ(lines(check({{"name", "ab"}, {"count", 0}})),
            Lines{"count: Member must have value greater than or equal to 1"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"count", 11}})),
            Lines{"count: Member must have value less than or equal to 10"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"count", 2.5}})),
            Lines{"count: Member must be an integer"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"count", 3.0}})), Lines{});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"count", 5000000000}})),
            Lines{"count: Member must be an integer between -2147483648 and 2147483647"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"count", "3"}})),
            Lines{"count: Member must be an integer"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"ratio", 0.75}})),
            Lines{"ratio: Member must have value less than or equal to 0.5"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"ratio", "NaN"}})), Lines{});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"ratio", "x"}})),
            Lines{"ratio: Member must be a number"});
}

TEST(ShapeValidatorTest, ScalarTypesAreChecked) {
  EXPECT_EQ(lines(check({{"name", 5}})), Lines{"name: Member must be a string"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"flag", "true"}})),
            Lines{"flag: Member must be a boolean"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"data", "not base64!"}})),
            Lines{"data: Member must be a base64-encoded string"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"data", "AQIDBA=="}})),  // 4 decoded bytes
            Lines{"data: Member must have length less than or equal to 3"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"when", 1795626000.5}})), Lines{});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"when", "Wed, 25 Nov 2026 17:00:00 GMT"}})), Lines{});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"when", "yesterday"}})),
            Lines{"when: Member must be a timestamp (RFC 3339 date-time or epoch seconds)"});
  EXPECT_EQ(lines(check({{"name", "ab"}, {"when", "2026-02-30T00:00:00Z"}})).size(), 1u);
}

TEST(ShapeValidatorTest, ListsCountAndIndexTheirElements) {
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "items": ["ab", null, "x"]})"))),
            (Lines{"items: Member must have length less than or equal to 2",
                   "items.1: Member must not be null",
                   "items.2: Member must have length greater than or equal to 2"}));
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "items": "ab"})"))),
            Lines{"items: Member must be a list"});
}

TEST(ShapeValidatorTest, MapsCheckCountKeysAndValues) {
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "labels": {}})"))),
            Lines{"labels: Member must have length greater than or equal to 1"});
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "labels": {"BLUE": 1, "RED": 0}})"))),
            (Lines{"labels: Map keys must satisfy constraint: [Member must satisfy enum value set: "
                   "[RED, GREEN]]",
                   "labels.RED: Member must have value greater than or equal to 1"}));
}

TEST(ShapeValidatorTest, UnionsNeedExactlyOneMember) {
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "choice": {}})"))),
            Lines{"choice: Member must have exactly one member set, found none"});
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "choice": {"a": "ab", "b": 2}})"))),
            Lines{"choice: Member must have exactly one member set, found 2: a, b"});
  // null members and unknown keys do not count
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "choice": {"a": null, "zz": 1, "b": 0}})"))),
            Lines{"choice.b: Member must have value greater than or equal to 1"});
}

TEST(ShapeValidatorTest, UnknownKeysAndDocumentsAreNotChecked) {
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "ab", "extra": {"x": 1}, "doc": "anything"})"))),
            Lines{});
}

TEST(ShapeValidatorTest, ReportsEveryProblemUpToTheCap) {
  EXPECT_EQ(lines(check(Json::parse(R"({"name": "a", "kind": "X", "count": 0})"))).size(), 3u);
  Json many = {{"name", "ab"}, {"labels", Json::object()}};
  for (int i = 0; i < 500; ++i) many["labels"]["K" + std::to_string(i)] = 1;
  EXPECT_EQ(check(many).size(), k_max_issues);
}

TEST(ShapeValidatorTest, DeepRecursiveValuesAreCutOff) {
  Json deep = {{"name", "ab"}};
  for (int i = 0; i < 400; ++i) deep = Json{{"name", "ab"}, {"child", std::move(deep)}};
  const auto errors = check(deep);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("deeper than"), std::string::npos);
}

TEST(ShapeValidatorTest, UnknownShapeIsAnError) {
  EXPECT_EQ(toy_model().validate("Nope", Json::object()).size(), 1u);
}

const ServiceModel& control_model() {
  static const ServiceModel model = ServiceModel::load_embedded("agentcore-control.botocore.json");
  return model;
}

TEST(ShapeValidatorTest, RealModelPathsNameNestedMembers) {
  const Json request = Json::parse(R"({
    "harnessName": "my-harness",
    "executionRoleArn": "arn:aws:iam::123456789012:role/HarnessRole",
    "tools": [
      {"type": "agentcore_browser"},
      {"type": "remote_mcp", "config": {"remoteMcp": {"url": ""}}},
      {"type": "inline_function", "config": {"inlineFunction": {"description": "d"}}}
    ],
    "model": {"bedrockModelConfig": {"modelId": "m", "temperature": 3}}
  })");
  EXPECT_EQ(
      lines(control_model().validate("CreateHarnessRequest", request)),
      (Lines{"harnessName: Member must satisfy regular expression pattern: "
             "[a-zA-Z][a-zA-Z0-9_]{0,39}",
             "model.bedrockModelConfig.temperature: Member must have value less than or "
             "equal to 2",
             "tools.1.config.remoteMcp.url: Member must have length greater than or equal to 1",
             "tools.2.config.inlineFunction.inputSchema: Member must not be null"}));
}

TEST(ShapeValidatorTest, HugeValuesAreCheckedWithoutBlowingTheStack) {
  // NonBlankString is "[\s\S]+" with no maximum: the matcher must cope.
  const std::string text(200000, 'x');
  EXPECT_TRUE(ModelPattern("[\\s\\S]+").matches(text));
  EXPECT_TRUE(ModelPattern(".+/\\.well-known/openid-configuration")
                  .matches(std::string(100000, 'a') + "/.well-known/openid-configuration"));
  EXPECT_FALSE(ModelPattern("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}").matches(std::string(100000, '-')));
  // Over the maximum: the length fails and the pattern is not run.
  Json request = {{"harnessName", "h"},
                  {"executionRoleArn", "arn:aws:iam::123456789012:role/" + std::string(5000, 'r')}};
  EXPECT_EQ(lines(control_model().validate("CreateHarnessRequest", request)),
            Lines{"executionRoleArn: Member must have length less than or equal to 2048"});
}

}  // namespace
}  // namespace agentlift::emulator
