// The container artifact's pure half: image references, the registry override,
// each builder's exact command lines, and the hints.

#include "targets/bedrock/container_build.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"

namespace agentlift::bedrock {
namespace {

using Argv = std::vector<std::string>;

constexpr const char* k_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentlift/lead";
constexpr const char* k_registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

TEST(ContainerBuild, StepsHaveNamesForMessages) {
  EXPECT_EQ(step_name(BuilderStep::log_in), "log in");
  EXPECT_EQ(step_name(BuilderStep::build_and_push), "build and push");
  EXPECT_NE(push_failed_hint(image_destination(k_uri, "r", "t", "")).find(k_registry),
            std::string::npos);
}

TEST(ContainerBuild, ParsesTheThreeBuilders) {
  EXPECT_EQ(parse_container_builder("docker"), ContainerBuilder::docker);
  EXPECT_EQ(parse_container_builder("podman"), ContainerBuilder::podman);
  EXPECT_EQ(parse_container_builder("buildah"), ContainerBuilder::buildah);
  EXPECT_EQ(parse_container_builder("Docker"), std::nullopt);
  EXPECT_EQ(parse_container_builder(""), std::nullopt);
  EXPECT_EQ(builder_program(ContainerBuilder::buildah), "buildah");
}

TEST(ContainerBuild, DestinationIsTheEcrUriAndItsRegistry) {
  const ImageDestination destination =
      image_destination(k_uri, "agentlift/lead", "0123abcd4567", "");
  EXPECT_EQ(destination.container_uri, std::string(k_uri) + ":0123abcd4567");
  EXPECT_EQ(destination.push_reference, destination.container_uri);
  EXPECT_EQ(destination.registry, k_registry);
  EXPECT_FALSE(destination.plain_http);
}

TEST(ContainerBuild, OverrideMovesOnlyThePush) {
  const ImageDestination destination =
      image_destination(k_uri, "agentlift/lead", "tag1", "mirror.example.com:5000");
  EXPECT_EQ(destination.container_uri, std::string(k_uri) + ":tag1");
  EXPECT_EQ(destination.push_reference, "mirror.example.com:5000/agentlift/lead:tag1");
  EXPECT_EQ(destination.registry, "mirror.example.com:5000");
  EXPECT_FALSE(destination.plain_http);
}

TEST(ContainerBuild, LoopbackOverridesArePlainHttp) {
  for (const char* loopback : {"127.0.0.1:5000", "127.1.2.3", "localhost:80", "[::1]:5000"}) {
    EXPECT_TRUE(image_destination(k_uri, "r", "t", loopback).plain_http) << loopback;
  }
  for (const char* remote : {"127.example.com", "10.0.0.1:5000", "localhost.example.com"}) {
    EXPECT_FALSE(image_destination(k_uri, "r", "t", remote).plain_http) << remote;
  }
}

TEST(ContainerBuild, MalformedOverrideIsAUsageError) {
  for (const char* bad : {"http://127.0.0.1:5000", "127.0.0.1:5000/path", "a b", ":5000"}) {
    EXPECT_THROW(check_registry_override(bad), UsageError) << bad;
  }
  EXPECT_NO_THROW(check_registry_override(""));
  try {
    check_registry_override("https://x");
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("AGENTLIFT_CONTAINER_REGISTRY"), std::string::npos);
  }
}

TEST(ContainerBuild, UriWithoutRegistryIsAnError) {
  EXPECT_THROW(image_destination("no-slash", "r", "t", ""), Error);
  EXPECT_THROW(image_destination("/leading", "r", "t", ""), Error);
}

TEST(ContainerBuild, DockerLogsInThenBuildsAndPushesWithBuildx) {
  const auto destination = image_destination(k_uri, "agentlift/lead", "t", "");
  const auto commands =
      builder_commands(ContainerBuilder::docker, destination, "AWS", "linux/arm64", "/b");
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].argv,
            (Argv{"docker", "login", "--username", "AWS", "--password-stdin", k_registry}));
  EXPECT_TRUE(commands[0].password_on_stdin);
  EXPECT_FALSE(commands[0].streamed);
  EXPECT_EQ(commands[1].argv, (Argv{"docker", "buildx", "build", "--platform", "linux/arm64", "-t",
                                    std::string(k_uri) + ":t", "--push", "/b"}));
  EXPECT_FALSE(commands[1].password_on_stdin);
  EXPECT_TRUE(commands[1].streamed);
  EXPECT_FALSE(uses_private_auth_file(ContainerBuilder::docker));
  EXPECT_EQ(builder_check_command(ContainerBuilder::docker).argv,
            (Argv{"docker", "buildx", "version"}));
}

TEST(ContainerBuild, PodmanAndBuildahLogInBuildAndPush) {
  const auto destination = image_destination(k_uri, "agentlift/lead", "t", "");
  for (const auto builder : {ContainerBuilder::podman, ContainerBuilder::buildah}) {
    const std::string program = builder_program(builder);
    const auto commands = builder_commands(builder, destination, "AWS", "linux/arm64", "/b");
    ASSERT_EQ(commands.size(), 3u);
    EXPECT_EQ(commands[0].argv,
              (Argv{program, "login", "--username", "AWS", "--password-stdin", k_registry}));
    EXPECT_EQ(commands[1].argv, (Argv{program, "build", "--platform", "linux/arm64", "-t",
                                      std::string(k_uri) + ":t", "/b"}));
    EXPECT_EQ(commands[2].argv, (Argv{program, "push", std::string(k_uri) + ":t"}));
    EXPECT_TRUE(commands[0].password_on_stdin);
    EXPECT_FALSE(commands[1].password_on_stdin || commands[2].password_on_stdin);
    EXPECT_TRUE(uses_private_auth_file(builder));
    EXPECT_EQ(builder_check_command(builder).argv, (Argv{program, "--version"}));
  }
}

TEST(ContainerBuild, ARemoteBaseImageIsPulledOverTlsEvenWithALoopbackOverride) {
  const auto destination = image_destination(k_uri, "agentlift/lead", "t", "127.0.0.1:5000");
  for (const char* base : {"", "python:3.12-slim", "mirror.example.com:5000/python:3.12"}) {
    const auto commands =
        builder_commands(ContainerBuilder::buildah, destination, "AWS", "linux/arm64", "/b", base);
    ASSERT_EQ(commands.size(), 3u);
    EXPECT_EQ(commands[1].argv, (Argv{"buildah", "build", "--platform", "linux/arm64", "-t",
                                      "127.0.0.1:5000/agentlift/lead:t", "/b"}))
        << base;
    EXPECT_EQ(commands[2].argv[2], "--tls-verify=false");
  }
}

TEST(ContainerBuild, LoopbackImagesAreRecognised) {
  for (const char* image : {"127.0.0.1:5000/base:1", "localhost/base", "localhost:5000/a/b:c",
                            "[::1]:5000/base", "127.0.0.2:5000/base"}) {
    EXPECT_TRUE(is_loopback_image(image)) << image;
  }
  for (const char* image : {"python:3.12-slim", "library/python", "127.0.0.1.example.com/base",
                            "localhost.example.com/base", "evil.com/127.0.0.1:5000/x"}) {
    EXPECT_FALSE(is_loopback_image(image)) << image;
  }
}

TEST(ContainerBuild, LoopbackOverrideTurnsTlsOffForBuildah) {
  const auto destination = image_destination(k_uri, "agentlift/lead", "t", "127.0.0.1:5000");
  const auto commands = builder_commands(ContainerBuilder::buildah, destination, "AWS",
                                         "linux/amd64", "/b", "127.0.0.1:5000/base:1");
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0].argv, (Argv{"buildah", "login", "--tls-verify=false", "--username", "AWS",
                                    "--password-stdin", "127.0.0.1:5000"}));
  EXPECT_EQ(commands[1].argv, (Argv{"buildah", "build", "--tls-verify=false", "--platform",
                                    "linux/amd64", "-t", "127.0.0.1:5000/agentlift/lead:t", "/b"}));
  EXPECT_EQ(commands[2].argv,
            (Argv{"buildah", "push", "--tls-verify=false", "127.0.0.1:5000/agentlift/lead:t"}));
}

TEST(ContainerBuild, BuildHintExplainsQemuOnlyWhereItMatters) {
  const std::string x86 =
      build_failed_hint(ContainerBuilder::buildah, "linux/arm64", "/b", {"x86_64", false});
  EXPECT_NE(x86.find("qemu-user-static"), std::string::npos);
  EXPECT_NE(x86.find("/proc/sys/fs/binfmt_misc/qemu-aarch64"), std::string::npos);
  EXPECT_NE(x86.find("--artifact code"), std::string::npos);
  const std::string registered =
      build_failed_hint(ContainerBuilder::buildah, "linux/arm64", "/b", {"x86_64", true});
  EXPECT_EQ(registered.find("qemu-user-static"), std::string::npos);
  EXPECT_NE(registered.find("registered here"), std::string::npos);
  const std::string arm =
      build_failed_hint(ContainerBuilder::docker, "linux/arm64", "/b", {"aarch64", false});
  EXPECT_EQ(arm.find("QEMU"), std::string::npos);
  EXPECT_NE(arm.find("docker buildx create --use"), std::string::npos);
  EXPECT_NE(arm.find("docker info"), std::string::npos);
  const std::string host_platform =
      build_failed_hint(ContainerBuilder::podman, "linux/amd64", "/b", {"x86_64", false});
  EXPECT_EQ(host_platform.find("QEMU"), std::string::npos);
}

TEST(ContainerBuild, MissingBuilderHintNamesTheAlternatives) {
  for (const auto builder :
       {ContainerBuilder::docker, ContainerBuilder::podman, ContainerBuilder::buildah}) {
    const std::string hint = missing_builder_hint(builder);
    EXPECT_NE(hint.find("--builder docker|podman|buildah"), std::string::npos);
    EXPECT_NE(hint.find("--artifact code"), std::string::npos);
  }
  EXPECT_NE(builder_check_failed_hint(ContainerBuilder::docker).find("buildx"), std::string::npos);
}

TEST(ContainerBuild, LoginHintMentionsTheOverrideWhenUsed) {
  EXPECT_EQ(login_failed_hint(image_destination(k_uri, "r", "t", ""))
                .find("AGENTLIFT_CONTAINER_REGISTRY"),
            std::string::npos);
  EXPECT_NE(login_failed_hint(image_destination(k_uri, "r", "t", "127.0.0.1:1"))
                .find("AGENTLIFT_CONTAINER_REGISTRY"),
            std::string::npos);
}

}  // namespace
}  // namespace agentlift::bedrock
