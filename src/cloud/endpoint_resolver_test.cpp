#include "cloud/endpoint_resolver.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace agentlift::cloud::endpoints {
namespace {

constexpr std::string_view k_control = "Bedrock AgentCore Control";

const EndpointResolver& shipped() {
  static const auto resolver = EndpointResolver::embedded();
  return resolver;
}

EndpointParams in_region(std::string region) {
  EndpointParams params;
  params.region = std::move(region);
  return params;
}

// Service variable, global variable and an explicit URL, all present.
Environment every_override() {
  return {{"AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL", "http://service-env:1"},
          {"AWS_ENDPOINT_URL", "http://global-env:2"}};
}

EndpointConfigurationError configuration_error(std::string_view service,
                                               const EndpointParams& params,
                                               const Environment& environment) {
  try {
    shipped().resolve(service, params, environment);
  } catch (const EndpointConfigurationError& e) {
    return e;
  }
  ADD_FAILURE() << "no EndpointConfigurationError";
  return EndpointConfigurationError("(none)");
}

TEST(EndpointResolver, ServiceVariableNamesFollowTheServiceId) {
  EXPECT_EQ(service_endpoint_variable("Bedrock AgentCore Control"),
            "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL");
  EXPECT_EQ(service_endpoint_variable("Bedrock AgentCore"), "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE");
  EXPECT_EQ(service_endpoint_variable("Bedrock Runtime"), "AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
  EXPECT_EQ(service_endpoint_variable("S3"), "AWS_ENDPOINT_URL_S3");
  EXPECT_EQ(service_endpoint_variable("Some-Service name"), "AWS_ENDPOINT_URL_SOME_SERVICE_NAME");
}

TEST(EndpointResolver, RuleSetBuildsTheUrlWithoutOverrides) {
  const auto resolved = shipped().resolve(k_control, in_region("us-west-2"), {});
  EXPECT_EQ(resolved.endpoint.url, "https://bedrock-agentcore-control.us-west-2.amazonaws.com");
  EXPECT_EQ(resolved.source, EndpointSource::rule_set);
  EXPECT_EQ(resolved.origin, "agentcore-control.endpoint-rule-set.json");

  auto params = in_region("us-gov-west-1");
  params.use_fips = true;
  params.use_dual_stack = true;
  EXPECT_EQ(shipped().resolve("Bedrock AgentCore", params, {}).endpoint.url,
            "https://bedrock-agentcore-fips.us-gov-west-1.api.aws");
}

TEST(EndpointResolver, ExplicitUrlBeatsEveryVariable) {
  auto params = in_region("us-east-1");
  params.endpoint = "http://explicit:3";
  const auto resolved = shipped().resolve(k_control, params, every_override());
  EXPECT_EQ(resolved.endpoint.url, "http://explicit:3");
  EXPECT_EQ(resolved.source, EndpointSource::explicit_url);
  EXPECT_EQ(resolved.origin, "--endpoint-url");
}

TEST(EndpointResolver, ServiceVariableBeatsGlobalVariable) {
  const auto resolved = shipped().resolve(k_control, in_region("us-east-1"), every_override());
  EXPECT_EQ(resolved.endpoint.url, "http://service-env:1");
  EXPECT_EQ(resolved.source, EndpointSource::service_environment);
  EXPECT_EQ(resolved.origin, "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL");
}

TEST(EndpointResolver, GlobalVariableBeatsTheRuleSet) {
  // The data plane's variable is not the control plane's, however alike the names.
  const auto resolved =
      shipped().resolve("Bedrock AgentCore", in_region("us-east-1"), every_override());
  EXPECT_EQ(resolved.endpoint.url, "http://global-env:2");
  EXPECT_EQ(resolved.source, EndpointSource::global_environment);
  EXPECT_EQ(resolved.origin, "AWS_ENDPOINT_URL");
}

TEST(EndpointResolver, EmptyValuesCountAsUnset) {
  auto params = in_region("us-east-1");
  params.endpoint = "";
  const Environment environment = {{"AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL", ""},
                                   {"AWS_ENDPOINT_URL", "http://global-env:2"}};
  EXPECT_EQ(shipped().resolve(k_control, params, environment).endpoint.url, "http://global-env:2");
  EXPECT_EQ(shipped().resolve(k_control, params, {{"AWS_ENDPOINT_URL", ""}}).source,
            EndpointSource::rule_set);
}

TEST(EndpointResolver, IgnoreConfiguredEndpointUrlsSkipsVariablesButNotTheExplicitUrl) {
  auto environment = every_override();
  environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "TRUE";
  auto params = in_region("eu-central-1");
  EXPECT_EQ(shipped().resolve(k_control, params, environment).endpoint.url,
            "https://bedrock-agentcore-control.eu-central-1.amazonaws.com");
  params.endpoint = "https://explicit";
  EXPECT_EQ(shipped().resolve(k_control, params, environment).endpoint.url, "https://explicit");
  environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "false";
  params.endpoint.reset();
  EXPECT_EQ(shipped().resolve(k_control, params, environment).endpoint.url, "http://service-env:1");
}

TEST(EndpointResolver, OverrideNeedsNoRegion) {
  const auto resolved =
      shipped().resolve(k_control, {}, {{"AWS_ENDPOINT_URL", "http://localhost:8080"}});
  EXPECT_EQ(resolved.endpoint.url, "http://localhost:8080");
}

TEST(EndpointResolver, FipsWithAnOverrideIsTheRuleSetsError) {
  auto params = in_region("us-east-1");
  params.use_fips = true;
  const auto error = configuration_error(k_control, params, every_override());
  EXPECT_EQ(error.reason(), "Invalid Configuration: FIPS and custom endpoint are not supported");
  EXPECT_STREQ(error.what(),
               "cannot resolve the Bedrock AgentCore Control endpoint: Invalid Configuration: FIPS "
               "and custom endpoint are not supported");
  EXPECT_EQ(error.hint(), "the endpoint URL came from AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL");

  params.use_fips = false;
  params.use_dual_stack = true;
  EXPECT_EQ(configuration_error(k_control, params, {{"AWS_ENDPOINT_URL", "https://e"}}).reason(),
            "Invalid Configuration: Dualstack and custom endpoint are not supported");
}

TEST(EndpointResolver, MissingRegionIsTheRuleSetsError) {
  const auto error = configuration_error(k_control, {}, {});
  EXPECT_EQ(error.reason(), "Invalid Configuration: Missing Region");
  EXPECT_EQ(configuration_error(k_control, in_region(""), {}).reason(),
            "Invalid Configuration: Missing Region");
}

TEST(EndpointResolver, RegionMustBeAHostLabel) {
  // Without this check "evil.com/x" would become part of the host name.
  for (const char* region : {"evil.com/x", "us-east-1.", "us east 1", "-us-east-1"}) {
    const auto error = configuration_error(k_control, in_region(region), {});
    EXPECT_EQ(error.reason(), "invalid region \"" + std::string(region) + "\"");
  }
}

TEST(EndpointResolver, OverrideMustBeAnHttpUrl) {
  const auto error = configuration_error(k_control, in_region("us-east-1"),
                                         {{"AWS_ENDPOINT_URL", "localhost:8080"}});
  EXPECT_EQ(error.reason(), "AWS_ENDPOINT_URL is not a usable endpoint URL: \"localhost:8080\"");
  auto params = in_region("us-east-1");
  params.endpoint = "https://host/?x=1";
  EXPECT_EQ(configuration_error(k_control, params, {}).reason(),
            "--endpoint-url is not a usable endpoint URL: \"https://host/?x=1\"");
}

TEST(EndpointResolver, ExtraParametersReachServiceRuleSets) {
  auto params = in_region("us-west-2");
  params.extra["Bucket"] = "my-bucket";
  const auto resolved = shipped().resolve("S3", params, {});
  EXPECT_EQ(resolved.endpoint.url, "https://my-bucket.s3.us-west-2.amazonaws.com");
  EXPECT_EQ(resolved.endpoint.properties["authSchemes"][0]["signingRegion"], "us-west-2");
  params.extra["Bucket"] = "my.bucket";
  EXPECT_EQ(shipped().resolve("S3", params, {}).endpoint.url,
            "https://s3.us-west-2.amazonaws.com/my.bucket");
  EXPECT_EQ(shipped().resolve("ECR", in_region("us-east-1"), {}).endpoint.url,
            "https://api.ecr.us-east-1.amazonaws.com");
  EXPECT_EQ(shipped().resolve("STS", in_region("us-east-1"), {}).endpoint.url,
            "https://sts.us-east-1.amazonaws.com");
  EXPECT_EQ(shipped().resolve("Bedrock Runtime", in_region("us-east-1"), {}).endpoint.url,
            "https://bedrock-runtime.us-east-1.amazonaws.com");
}

TEST(EndpointResolver, EveryKnownServiceHasARuleSet) {
  EXPECT_EQ(known_services().size(), 6u);
  for (const auto& service : known_services()) {
    EXPECT_NO_THROW(shipped().rule_set(service.service_id)) << service.service_id;
  }
  EXPECT_THROW(shipped().rule_set("Bedrock"), std::invalid_argument);
}

TEST(EndpointResolver, ReadsEachRuleSetOnce) {
  int reads = 0;
  const EndpointResolver resolver([&reads](const std::string& file_name) {
    ++reads;
    EXPECT_EQ(file_name, "agentcore.endpoint-rule-set.json");
    return std::string(R"({"version": "1.0", "parameters": {
        "Region": {"type": "String", "builtIn": "AWS::Region"},
        "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint"}},
      "rules": [
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
         "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"},
        {"conditions": [], "endpoint": {"url": "https://fake.{Region}"}, "type": "endpoint"}]})");
  });
  EXPECT_EQ(resolver.resolve("Bedrock AgentCore", in_region("r-1"), {}).endpoint.url,
            "https://fake.r-1");
  EXPECT_EQ(resolver.resolve("Bedrock AgentCore", in_region("r-2"), {}).endpoint.url,
            "https://fake.r-2");
  EXPECT_EQ(reads, 1);
}

TEST(EndpointResolver, UnreadableOrMalformedRuleSetsAreReported) {
  const auto missing = EndpointResolver::from_directory("/nonexistent/agentlift/models");
  EXPECT_THROW(missing.resolve("S3", in_region("us-east-1"), {}), IoError);
  const EndpointResolver malformed([](const std::string&) { return std::string("{not json"); });
  EXPECT_THROW(malformed.resolve("S3", in_region("us-east-1"), {}), RuleSetError);
}

}  // namespace
}  // namespace agentlift::cloud::endpoints

namespace agentlift::cloud::endpoints {
namespace {

TEST(EndpointResolverEmbedded, EveryKnownServiceIsBuiltInAndMatchesItsSourceFile) {
  const auto from_files = EndpointResolver::from_directory(
      std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "src" / "cloud" / "rule_sets");
  const auto built_in = EndpointResolver::embedded();
  EndpointParams params;
  params.region = "eu-central-1";
  for (const auto& service : known_services()) {
    EXPECT_FALSE(embedded_rule_set(service.file_name).empty()) << service.file_name;
    EXPECT_EQ(built_in.resolve(service.service_id, params, {}).endpoint.url,
              from_files.resolve(service.service_id, params, {}).endpoint.url)
        << service.service_id;
  }
  EXPECT_TRUE(embedded_rule_set("nope.json").empty());
}

}  // namespace
}  // namespace agentlift::cloud::endpoints
