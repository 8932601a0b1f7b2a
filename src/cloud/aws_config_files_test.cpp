#include "cloud/aws_config_files.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {
namespace {

std::string error_of(std::string_view text) {
  try {
    parse_ini(text, "/home/u/.aws/config");
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

TEST(AwsConfigFiles, ParsesSectionsCommentsAndWhitespace) {
  const auto ini = parse_ini(
      "# comment\n"
      "; another\n"
      "[default]\r\n"
      "  region = eu-west-1  \n"
      "Output=json\n"
      "\n"
      "[ profile dev ]   # trailing comment\n"
      "aws_access_key_id: AKIADEV\n"
      "sso_start_url = https://x.awsapps.com/start\n",
      "f");
  ASSERT_EQ(ini.sections.size(), 2u);
  EXPECT_EQ(ini.sections.at("default").at("region"), "eu-west-1");
  EXPECT_EQ(ini.sections.at("default").at("output"), "json");  // keys lower-cased
  EXPECT_EQ(ini.sections.at("profile dev").at("aws_access_key_id"), "AKIADEV");
  EXPECT_EQ(ini.sections.at("profile dev").at("sso_start_url"), "https://x.awsapps.com/start");
}

TEST(AwsConfigFiles, KeepsInlineHashInValuesLikeTheCli) {
  const auto ini = parse_ini("[default]\nregion = us-east-1 # mine\n", "f");
  EXPECT_EQ(ini.sections.at("default").at("region"), "us-east-1 # mine");
}

TEST(AwsConfigFiles, SkipsNestedSubsectionsAndJoinsContinuations) {
  const auto ini = parse_ini(
      "[default]\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "  addressing_style = path\n"
      "region = us-west-2\n"
      "note = first\n"
      "  second\n",
      "f");
  const auto& section = ini.sections.at("default");
  EXPECT_EQ(section.at("s3"), "");
  EXPECT_EQ(section.count("max_concurrent_requests"), 0u);
  EXPECT_EQ(section.at("region"), "us-west-2");
  EXPECT_EQ(section.at("note"), "first\nsecond");
}

TEST(AwsConfigFiles, MalformedLinesNameFileAndLine) {
  EXPECT_EQ(error_of("[default\n"), "/home/u/.aws/config:1: section header without a closing ']'");
  EXPECT_EQ(error_of("region = x\n"), "/home/u/.aws/config:1: setting before any [section] header");
  EXPECT_EQ(error_of("[a]\n\njust words\n"),
            "/home/u/.aws/config:3: expected `key = value`, a [section] header or a comment");
  EXPECT_EQ(error_of("[a]\n[a]\n"), "/home/u/.aws/config:2: section [a] appears twice");
  EXPECT_EQ(error_of("[a]\nx=1\nX=2\n"),
            "/home/u/.aws/config:3: setting 'x' appears twice in its section");
  EXPECT_EQ(error_of("[]\n"), "/home/u/.aws/config:1: empty section name");
  EXPECT_EQ(error_of("[a]\n= 1\n"), "/home/u/.aws/config:2: setting without a name");
  EXPECT_EQ(error_of("[a] junk\n"),
            "/home/u/.aws/config:1: unexpected text after the section header");
}

TEST(AwsConfigFiles, PathsFromEnvironmentOrHome) {
  EXPECT_EQ(credentials_file_path({{"HOME", "/h"}}), "/h/.aws/credentials");
  EXPECT_EQ(config_file_path({{"HOME", "/h"}}), "/h/.aws/config");
  EXPECT_EQ(config_file_path({{"HOME", "/h"}, {"AWS_CONFIG_FILE", "~/cfg"}}), "/h/cfg");
  EXPECT_EQ(credentials_file_path({{"HOME", "/h"}, {"AWS_SHARED_CREDENTIALS_FILE", "/etc/c"}}),
            "/etc/c");
  EXPECT_EQ(config_file_path({{"USERPROFILE", "C:/Users/u"}}), "C:/Users/u/.aws/config");
}

SharedConfig load(const std::map<std::string, std::string>& files,
                  Environment env = {{"HOME", "/h"}}) {
  return load_shared_config(env, [&](const std::string& path) -> std::optional<std::string> {
    auto found = files.find(path);
    if (found == files.end()) return std::nullopt;
    return found->second;
  });
}

TEST(AwsConfigFiles, ProfileNamesDifferBetweenTheFiles) {
  const auto config =
      load({{"/h/.aws/config",
             "[default]\nregion = a\n[profile default]\nregion = b\n"
             "[profile dev]\nregion = c\n[stray]\nregion = d\n"
             "[sso-session corp]\nsso_region = e\n"},
            {"/h/.aws/credentials", "[dev]\naws_access_key_id = K\n[profile odd]\nx = 1\n"}});
  EXPECT_EQ(config.value("default", "region"), "b");  // [profile default] wins
  EXPECT_EQ(config.value("dev", "region"), "c");
  EXPECT_EQ(config.value("dev", "aws_access_key_id"), "K");
  EXPECT_FALSE(config.has_profile("stray"));
  EXPECT_FALSE(config.has_profile("corp"));
  EXPECT_TRUE(config.has_profile("profile odd"));  // credentials file: the name as written
}

TEST(AwsConfigFiles, CredentialsFileWinsAClash) {
  const auto config = load({{"/h/.aws/config", "[profile p]\nregion = cfg\nx = 1\n"},
                            {"/h/.aws/credentials", "[p]\nregion = cred\n"}});
  EXPECT_EQ(config.value("p", "region"), "cred");
  EXPECT_EQ(config.value("p", "x"), "1");
}

TEST(AwsConfigFiles, MissingFilesAreEmpty) {
  const auto config = load({});
  EXPECT_FALSE(config.has_profile("default"));
  EXPECT_EQ(config.config_path, "/h/.aws/config");
}

TEST(AwsConfigFiles, ProfileSelection) {
  EXPECT_EQ(select_profile(std::nullopt, {}), "default");
  EXPECT_EQ(select_profile(std::nullopt, {{"AWS_PROFILE", "env"}}), "env");
  EXPECT_EQ(select_profile(std::string("flag"), {{"AWS_PROFILE", "env"}}), "flag");
  EXPECT_EQ(select_profile(std::nullopt, {{"AWS_PROFILE", ""}}), "default");
}

TEST(AwsConfigFiles, RegionPrecedence) {
  const auto config = load({{"/h/.aws/config", "[profile p]\nregion = from-profile\n"}});
  Environment env{{"AWS_REGION", "from-region"}, {"AWS_DEFAULT_REGION", "from-default"}};
  EXPECT_EQ(resolve_region(std::string("from-flag"), env, config, "p"), "from-flag");
  EXPECT_EQ(resolve_region(std::nullopt, env, config, "p"), "from-region");
  env.erase("AWS_REGION");
  EXPECT_EQ(resolve_region(std::nullopt, env, config, "p"), "from-default");
  env.erase("AWS_DEFAULT_REGION");
  EXPECT_EQ(resolve_region(std::nullopt, env, config, "p"), "from-profile");
}

TEST(AwsConfigFiles, NoRegionIsAnErrorWithAHint) {
  const auto config = load({});
  try {
    resolve_region(std::nullopt, {{"AWS_REGION", ""}}, config, "dev");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("No AWS region"), std::string::npos);
    EXPECT_NE(error.hint().find("--region"), std::string::npos);
    EXPECT_NE(error.hint().find("aws configure set region"), std::string::npos);
  }
}

}  // namespace
}  // namespace agentlift::cloud::credentials
