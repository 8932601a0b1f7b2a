#include "emulator/config.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"

namespace agentlift::emulator {
namespace {

TEST(EmulatorConfig, DefaultsMatchTheDocumentation) {
  const CommandLine parsed = parse_command_line({});
  EXPECT_EQ(parsed.action, CommandLineAction::run);
  EXPECT_EQ(parsed.config.port, 0);
  EXPECT_EQ(parsed.config.region, "us-west-2");
  EXPECT_EQ(parsed.config.account_id, "123456789012");
  EXPECT_EQ(parsed.config.access_key_id, "test");
  EXPECT_EQ(parsed.config.secret_access_key, "test");
  EXPECT_FALSE(parsed.config.state_file);
  EXPECT_EQ(parsed.config.ready_delay, std::chrono::milliseconds(2000));
  EXPECT_FALSE(parsed.config.verbose);
}

TEST(EmulatorConfig, ReadsEveryFlagInBothSpellings) {
  const CommandLine parsed = parse_command_line(
      {"--port", "8123", "--region=eu-west-1", "--account-id", "111122223333", "--access-key-id",
       "AKID", "--secret-access-key=s3cr3t", "--state", "/tmp/x.json", "--ready-delay", "0.25",
       "--fault", "operation=GetHarness,kind=throttle", "--verbose"});
  const Config& config = parsed.config;
  EXPECT_EQ(config.port, 8123);
  EXPECT_EQ(config.region, "eu-west-1");
  EXPECT_EQ(config.account_id, "111122223333");
  EXPECT_EQ(config.access_key_id, "AKID");
  EXPECT_EQ(config.secret_access_key, "s3cr3t");
  EXPECT_EQ(config.state_file->string(), "/tmp/x.json");
  EXPECT_EQ(config.ready_delay, std::chrono::milliseconds(250));
  ASSERT_EQ(config.faults.size(), 1u);
  EXPECT_EQ(config.faults[0].operation, "GetHarness");
  EXPECT_TRUE(config.verbose);
}

TEST(EmulatorConfig, HelpAndVersion) {
  EXPECT_EQ(parse_command_line({"--help"}).action, CommandLineAction::help);
  EXPECT_EQ(parse_command_line({"--version"}).action, CommandLineAction::version);
  EXPECT_NE(usage_text().find("--ready-delay"), std::string::npos);
}

TEST(EmulatorConfig, BadFlagsAreUsageErrorsWithAHint) {
  const std::vector<std::vector<std::string>> bad = {
      {"--port", "70000"},      {"--port", "x"},          {"--port"},
      {"--region", "US WEST"},  {"--account-id", "12"},   {"--ready-delay", "-1"},
      {"--ready-delay", "nan"}, {"--fault", "kind=x"},    {"--frobnicate"},
      {"--verbose=yes"},        {"--secret-access-key="},
  };
  for (const auto& args : bad) {
    try {
      parse_command_line(args);
      ADD_FAILURE() << args[0] << " was accepted";
    } catch (const UsageError& error) {
      EXPECT_FALSE(error.hint().empty());
    }
  }
}

TEST(EmulatorConfig, TheSecretNeverAppearsInErrors) {
  try {
    parse_command_line({"--secret-access-key", "TOPSECRET", "--port", "bad"});
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_EQ(std::string(error.what()).find("TOPSECRET"), std::string::npos);
  }
}

}  // namespace
}  // namespace agentlift::emulator
