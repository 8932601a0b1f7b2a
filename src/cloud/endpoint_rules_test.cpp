#include "cloud/endpoint_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace agentlift::cloud::endpoints {
namespace {

// --- Every case of every shipped *.endpoint-tests.json ----------------------

const std::filesystem::path& models_directory() {
  static const auto directory =
      std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "tests" / "data" / "aws" / "models";
  return directory;
}

const std::filesystem::path& rule_sets_directory() {
  static const auto directory =
      std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "src" / "cloud" / "rule_sets";
  return directory;
}

Json read_json(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

// The services whose rule set and tests are shipped, by file stem.
std::vector<std::string> shipped_services() {
  std::vector<std::string> services;
  for (const auto& entry : std::filesystem::directory_iterator(models_directory())) {
    const auto name = entry.path().filename().string();
    const std::string suffix = ".endpoint-tests.json";
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      services.push_back(name.substr(0, name.size() - suffix.size()));
    }
  }
  std::sort(services.begin(), services.end());
  return services;
}

struct SuiteCase {
  std::string service;
  std::size_t index = 0;
  Json test;
};

void PrintTo(const SuiteCase& suite_case, std::ostream* out) {
  *out << suite_case.service << " case " << suite_case.index << ": "
       << suite_case.test.value("documentation", "");
}

std::vector<SuiteCase> all_suite_cases() {
  std::vector<SuiteCase> cases;
  for (const auto& service : shipped_services()) {
    const auto tests = read_json(models_directory() / (service + ".endpoint-tests.json"));
    for (std::size_t i = 0; i < tests.at("testCases").size(); ++i) {
      cases.push_back({service, i, tests["testCases"][i]});
    }
  }
  return cases;
}

const RuleSet& shipped_rule_set(const std::string& service) {
  static std::map<std::string, RuleSet> loaded;
  auto found = loaded.find(service);
  if (found == loaded.end()) {
    const auto document = read_json(rule_sets_directory() / (service + ".endpoint-rule-set.json"));
    found = loaded.emplace(service, RuleSet::from_json(document)).first;
  }
  return found->second;
}

// Key order is free in JSON objects; compare them as unordered JSON.
nlohmann::json unordered(const Json& value) { return nlohmann::json::parse(value.dump()); }

Json headers_json(const Endpoint& endpoint) {
  Json out = Json::object();
  for (const auto& [name, values] : endpoint.headers) out[name] = values;
  return out;
}

class ShippedEndpointTests : public testing::TestWithParam<SuiteCase> {};

TEST_P(ShippedEndpointTests, MatchesExpectation) {
  const auto& suite_case = GetParam();
  const auto& test = suite_case.test;
  SCOPED_TRACE(suite_case.service + " case " + std::to_string(suite_case.index) + ": " +
               test.value("documentation", ""));
  ParameterValues values;
  if (const auto params = test.find("params"); params != test.end()) {
    for (const auto& [name, value] : params->items()) values[name] = value;
  }
  const auto& rules = shipped_rule_set(suite_case.service);
  const auto& expect = test.at("expect");
  if (const auto error = expect.find("error"); error != expect.end()) {
    try {
      const auto endpoint = rules.resolve(values);
      ADD_FAILURE() << "expected error \"" << error->get<std::string>() << "\", got "
                    << endpoint.url;
    } catch (const EndpointConfigurationError& e) {
      EXPECT_EQ(e.reason(), error->get<std::string>());
    }
    return;
  }
  const auto& expected = expect.at("endpoint");
  const auto endpoint = rules.resolve(values);
  EXPECT_EQ(endpoint.url, expected.at("url").get<std::string>());
  if (const auto properties = expected.find("properties"); properties != expected.end()) {
    EXPECT_EQ(unordered(endpoint.properties), unordered(*properties));
  }
  if (const auto headers = expected.find("headers"); headers != expected.end()) {
    EXPECT_EQ(unordered(headers_json(endpoint)), unordered(*headers));
  }
}

INSTANTIATE_TEST_SUITE_P(AwsModels, ShippedEndpointTests, testing::ValuesIn(all_suite_cases()),
                         [](const testing::TestParamInfo<SuiteCase>& info) {
                           std::string name = info.param.service;
                           for (auto& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           char index[8];
                           std::snprintf(index, sizeof index, "%03zu", info.param.index);
                           return name + "_" + index;
                         });

TEST(ShippedEndpointSuites, EveryServiceShipsRulesAndTests) {
  const auto services = shipped_services();
  EXPECT_EQ(services, (std::vector<std::string>{"agentcore", "agentcore-control", "bedrock-runtime",
                                                "ecr", "s3", "sts"}));
  std::size_t total = 0;
  for (const auto& service : services) {
    EXPECT_TRUE(
        std::filesystem::exists(rule_sets_directory() / (service + ".endpoint-rule-set.json")));
    total += read_json(models_directory() / (service + ".endpoint-tests.json"))["testCases"].size();
  }
  EXPECT_EQ(total, 21u + 21u + 21u + 26u + 393u + 69u);
  EXPECT_EQ(all_suite_cases().size(), total);
}

// --- The language itself, on small hand-written rule sets --------------------

Json parse(const char* text) { return Json::parse(text); }

// A rule set with one string parameter "Name" and the given rules.
RuleSet rules_with(const char* rules) {
  return RuleSet::from_json(Json::parse(std::string(R"({"version": "1.0", "parameters": {
      "Name": {"type": "string", "required": false},
      "Flag": {"type": "boolean", "required": true, "default": false}},
    "rules": )") + rules + "}"));
}

std::string rule_set_error(const char* rules) {
  try {
    rules_with(rules);
  } catch (const RuleSetError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(EndpointRules, TemplatesReadParametersAssignmentsAndAttributes) {
  const auto rules = rules_with(R"([{"conditions": [
      {"fn": "aws.partition", "argv": [{"ref": "Name"}], "assign": "p"}],
    "endpoint": {"url": "https://x.{Name}.{p#dnsSuffix}/{{literal}}",
                 "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Name}",
                                                 "disableDoubleEncoding": true}]},
                 "headers": {"x-partition": ["{p#name}", {"ref": "Name"}]}},
    "type": "endpoint"},
    {"conditions": [], "error": "no name", "type": "error"}])");
  const auto endpoint = rules.resolve({{"Name", "cn-north-1"}});
  EXPECT_EQ(endpoint.url, "https://x.cn-north-1.amazonaws.com.cn/{literal}");
  EXPECT_EQ(endpoint.properties.dump(),
            R"({"authSchemes":[{"name":"sigv4","signingRegion":"cn-north-1",)"
            R"("disableDoubleEncoding":true}]})");
  ASSERT_EQ(endpoint.headers.size(), 1u);
  EXPECT_EQ(endpoint.headers[0].first, "x-partition");
  EXPECT_EQ(endpoint.headers[0].second, (std::vector<std::string>{"aws-cn", "cn-north-1"}));
}

TEST(EndpointRules, UnsetArgumentFailsTheConditionAndErrorRulesThrowTheirText) {
  const auto rules = rules_with(R"([
    {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Name"}], "assign": "p"}],
     "endpoint": {"url": "https://{p#name}"}, "type": "endpoint"},
    {"conditions": [], "error": "Invalid Configuration: Missing {{Name}}", "type": "error"}])");
  try {
    rules.resolve({});
    FAIL() << "no error";
  } catch (const EndpointConfigurationError& e) {
    EXPECT_EQ(e.reason(), "Invalid Configuration: Missing {Name}");
    EXPECT_STREQ(e.what(), "Invalid Configuration: Missing {Name}");
  }
}

TEST(EndpointRules, AssignmentsAreScopedToTheirRule) {
  // "v" assigned in the first tree is gone in its sibling, which may assign it again.
  const auto rules = rules_with(R"([
    {"conditions": [{"fn": "getAttr", "argv": [{"fn": "aws.parseArn", "argv": [{"ref": "Name"}]},
                     "service"], "assign": "v"},
                    {"fn": "stringEquals", "argv": [{"ref": "v"}, "s3"]}],
     "rules": [{"conditions": [], "endpoint": {"url": "https://arn.{v}"}, "type": "endpoint"}],
     "type": "tree"},
    {"conditions": [{"fn": "uriEncode", "argv": [{"ref": "Name"}], "assign": "v"}],
     "endpoint": {"url": "https://plain/{v}"}, "type": "endpoint"}])");
  EXPECT_EQ(rules.resolve({{"Name", "arn:aws:s3:::bucket"}}).url, "https://arn.s3");
  EXPECT_EQ(rules.resolve({{"Name", "arn:aws:sqs:::q"}}).url,
            "https://plain/arn%3Aaws%3Asqs%3A%3A%3Aq");
}

TEST(EndpointRules, ParametersGetDefaultsAndAreTypeChecked) {
  const auto rules = rules_with(R"([
    {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Flag"}, false]}],
     "endpoint": {"url": "https://default-flag"}, "type": "endpoint"},
    {"conditions": [], "endpoint": {"url": "https://flag"}, "type": "endpoint"}])");
  EXPECT_EQ(rules.resolve({}).url, "https://default-flag");
  EXPECT_EQ(rules.resolve({{"Flag", true}}).url, "https://flag");
  EXPECT_EQ(rules.resolve({{"Flag", nullptr}}).url, "https://default-flag");
  EXPECT_THROW(rules.resolve({{"Flag", "yes"}}), EndpointConfigurationError);
  EXPECT_THROW(rules.resolve({{"Name", 3}}), EndpointConfigurationError);
  ASSERT_EQ(rules.parameters().size(), 2u);
  EXPECT_EQ(rules.parameters()[1].name, "Flag");
  EXPECT_EQ(rules.parameters()[1].type, ParameterType::boolean);
}

TEST(EndpointRules, RequiredParameterWithoutDefaultMustBeGiven) {
  const auto rules = RuleSet::from_json(parse(R"({"version": "1.0",
    "parameters": {"Bucket": {"type": "String", "required": true}},
    "rules": [{"conditions": [], "endpoint": {"url": "https://{Bucket}"}, "type": "endpoint"}]})"));
  EXPECT_EQ(rules.resolve({{"Bucket", "b"}}).url, "https://b");
  try {
    rules.resolve({});
    FAIL() << "no error";
  } catch (const EndpointConfigurationError& e) {
    EXPECT_EQ(e.reason(), "endpoint parameter Bucket is required but not set");
  }
}

TEST(EndpointRules, MatchingTreeWithoutMatchingRuleIsAnError) {
  const auto rules = rules_with(R"([
    {"conditions": [], "rules": [{"conditions": [{"fn": "isSet", "argv": [{"ref": "Name"}]}],
      "endpoint": {"url": "https://{Name}"}, "type": "endpoint"}], "type": "tree"},
    {"conditions": [], "endpoint": {"url": "https://never"}, "type": "endpoint"}])");
  EXPECT_EQ(rules.resolve({{"Name", "n"}}).url, "https://n");
  EXPECT_THROW(rules.resolve({}), RuleSetError);
}

TEST(EndpointRules, NoMatchingRuleIsAnError) {
  const auto rules = rules_with(R"([{"conditions": [{"fn": "isSet", "argv": [{"ref": "Name"}]}],
    "endpoint": {"url": "https://{Name}"}, "type": "endpoint"}])");
  EXPECT_THROW(rules.resolve({}), RuleSetError);
}

TEST(EndpointRules, MalformedRuleSetsAreRejectedWhenRead) {
  EXPECT_NE(rule_set_error(R"([{"conditions": [{"fn": "coalesce", "argv": [{"ref": "Name"}]}],
      "endpoint": {"url": "https://x"}, "type": "endpoint"}])")
                .find("unsupported function \"coalesce\""),
            std::string::npos);
  EXPECT_NE(rule_set_error(R"([{"conditions": [{"fn": "isSet", "argv": []}],
      "endpoint": {"url": "https://x"}, "type": "endpoint"}])")
                .find("isSet takes 1 arguments, not 0"),
            std::string::npos);
  EXPECT_NE(rule_set_error(R"([{"conditions": [], "endpoint": {"url": "https://{Nope}"},
      "type": "endpoint"}])")
                .find("reference to \"Nope\""),
            std::string::npos);
  EXPECT_NE(rule_set_error(R"([{"conditions": [
      {"fn": "uriEncode", "argv": [{"ref": "Name"}], "assign": "v"},
      {"fn": "uriEncode", "argv": [{"ref": "Name"}], "assign": "v"}],
      "endpoint": {"url": "https://x"}, "type": "endpoint"}])")
                .find("\"v\" is assigned while already in scope"),
            std::string::npos);
  EXPECT_NE(rule_set_error(R"([{"conditions": [
      {"fn": "uriEncode", "argv": [{"ref": "Name"}], "assign": "Name"}],
      "endpoint": {"url": "https://x"}, "type": "endpoint"}])")
                .find("assigned while already in scope"),
            std::string::npos);
  EXPECT_NE(rule_set_error(R"([{"conditions": [], "type": "redirect"}])").find("unknown rule type"),
            std::string::npos);
  EXPECT_NE(rule_set_error(R"([{"conditions": [], "endpoint": {"url": "https://{Name"},
      "type": "endpoint"}])")
                .find("unclosed '{'"),
            std::string::npos);
  EXPECT_NE(rule_set_error(R"([{"conditions": [], "endpoint": {"url": "https://{Na me}"},
      "type": "endpoint"}])")
                .find("malformed template"),
            std::string::npos);
  EXPECT_NE(rule_set_error(R"([{"conditions": [], "endpoint": {"url": "https://{v}"},
      "type": "endpoint"}, {"conditions": [
      {"fn": "uriEncode", "argv": [{"ref": "Name"}], "assign": "v"}],
      "endpoint": {"url": "https://{v}"}, "type": "endpoint"}])")
                .find("rules[0]: reference to \"v\""),
            std::string::npos);
  EXPECT_THROW(RuleSet::from_json(parse(R"({"parameters": {}})")), RuleSetError);
  EXPECT_THROW(RuleSet::from_json(parse(R"({"parameters": {"X": {"type": "int"}}, "rules": []})")),
               RuleSetError);
}

TEST(EndpointRules, DeeplyNestedDocumentsAreRejectedNotRecursedInto) {
  std::string rules = R"({"conditions": [], "endpoint": {"url": "https://x"}, "type": "endpoint"})";
  for (int i = 0; i < 200; ++i) {
    rules = R"({"conditions": [], "rules": [)" + rules + R"(], "type": "tree"})";
  }
  EXPECT_NE(rule_set_error(("[" + rules + "]").c_str()).find("nested too deeply"),
            std::string::npos);
  std::string call = R"({"ref": "Flag"})";
  for (int i = 0; i < 100; ++i) call = R"({"fn": "not", "argv": [)" + call + "]}";
  EXPECT_NE(rule_set_error(("[{\"conditions\": [" + call +
                            R"(], "endpoint": {"url": "https://x"}, "type": "endpoint"}])")
                               .c_str())
                .find("nested too deeply"),
            std::string::npos);
}

TEST(EndpointRules, MisusedFunctionIsARuleSetError) {
  const auto rules = rules_with(R"([{"conditions": [
      {"fn": "booleanEquals", "argv": [{"ref": "Name"}, true]}],
    "endpoint": {"url": "https://x"}, "type": "endpoint"},
    {"conditions": [], "endpoint": {"url": "https://y"}, "type": "endpoint"}])");
  EXPECT_EQ(rules.resolve({}).url, "https://y");  // unset compares unequal
  EXPECT_THROW(rules.resolve({{"Name", "text"}}), RuleSetError);
}

}  // namespace
}  // namespace agentlift::cloud::endpoints
