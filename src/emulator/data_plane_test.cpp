#include "emulator/data_plane.hpp"

#include <gtest/gtest.h>

#include "emulator/api_error.hpp"

namespace agentlift::emulator {
namespace {

Resource sample_harness() {
  Resource harness;
  harness.kind = ResourceKind::harness;
  harness.id = "helper-0123456789";
  harness.name = "helper";
  harness.arn = "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/helper-0123456789";
  harness.versions.push_back(
      {"3",
       {{"model", {{"openAiModelConfig", {{"modelId", "gpt-x"}, {"apiKeyArn", "arn"}}}}},
        {"systemPrompt", {{{"text", "secret instructions"}}}},
        {"tools",
         {{{"type", "agentcore_gateway"}, {"name", "gw"}},
          {{"type", "agentcore_code_interpreter"}}}},
        {"skills",
         {{{"git", {{"url", "https://github.com/o/r"}, {"path", "skills/y"}}}},
          {{"awsSkills", {{"paths", {"core-skills/*"}}}}}}}},
       0,
       ""});
  return harness;
}

TEST(EmulatorDataPlane, ReplyNamesWhatWasDeployedAndEchoesTheLastUserMessage) {
  const Resource harness = sample_harness();
  const Json input = {
      {"messages",
       {{{"role", "user"}, {"content", {{{"text", "one"}}}}},
        {{"role", "assistant"}, {"content", {{{"text", "reply"}}}}},
        {{"role", "user"}, {"content", {{{"text", "two"}}, {{"text", " parts"}}}}}}}};
  const std::string text = harness_reply_text(harness, harness.latest(), "DEFAULT", input);
  EXPECT_NE(text.find("harness helper version 3 (endpoint DEFAULT)"), std::string::npos) << text;
  EXPECT_NE(text.find("model gpt-x (openAiModelConfig)"), std::string::npos) << text;
  EXPECT_NE(text.find("Tools: gw (agentcore_gateway), agentcore_code_interpreter "
                      "(agentcore_code_interpreter)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Skills: git:https://github.com/o/r#skills/y, awsSkills:core-skills/*"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("System prompt: 1 block."), std::string::npos) << text;
  EXPECT_EQ(text.find("secret instructions"), std::string::npos);  // sensitive: only counted
  EXPECT_TRUE(text.ends_with("You said: two parts")) << text;
}

TEST(EmulatorDataPlane, PerCallOverridesReplaceTheHarnessSettings) {
  const Resource harness = sample_harness();
  const Json input = {
      {"messages",
       {{{"role", "user"},
         {"content", {{{"toolResult", {{"toolUseId", "t1"}, {"content", Json::array()}}}}}}}}},
      {"model", {{"bedrockModelConfig", {{"modelId", "override-model"}}}}},
      {"tools", Json::array()},
      {"skills", {{{"path", "/p"}}}}};
  const std::string text = harness_reply_text(harness, harness.latest(), "prod", input);
  EXPECT_NE(text.find("override-model (bedrockModelConfig)"), std::string::npos) << text;
  EXPECT_NE(text.find("Tools: none."), std::string::npos) << text;
  EXPECT_NE(text.find("Skills: path:/p."), std::string::npos) << text;
  EXPECT_NE(text.find("You said: [tool result t1]"), std::string::npos) << text;
}

TEST(EmulatorDataPlane, UnknownTargetsAreNotFoundAndReportUnknownAuth) {
  StoreOptions options;
  options.id_seed = 3;
  ResourceStore store(options);
  DataPlane data(store);
  EXPECT_THROW(
      data.invoke_harness(
          {{"harnessArn", "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/x-0123456789"},
           {"messages", Json::array()}}),
      ApiError);
  EXPECT_THROW(data.invoke_runtime({{"agentRuntimeArn", "x-0123456789"}}, "{}", "s"), ApiError);
  EXPECT_EQ(data.inbound_auth("InvokeAgentRuntime", {{"agentRuntimeArn", "x-0123456789"}}),
            InboundAuth::unknown_target);
}

}  // namespace
}  // namespace agentlift::emulator
