// build_and_push_image with real peers, all on 127.0.0.1 and offline: moto for
// ECR (repository + authorization token), real buildah (chroot isolation, vfs
// storage in a temp folder) and a real registry (Debian's docker-registry, the
// distribution registry) with htpasswd auth that accepts exactly the password
// of moto's ECR token. AGENTLIFT_CONTAINER_REGISTRY sends the push to that
// registry; the URI returned is still moto's ECR one.
//
// The base images are made here without network: an arm64 one holding one
// file (a linux/arm64 build needs no QEMU as long as it has no RUN step) and a
// host-architecture one holding a static busybox (for a RUN step, built for
// the host platform). The pushed manifest and config are read back through the
// registry's HTTP API. podman is run the same way when it is installed.
// Skipped with a message when buildah, docker-registry, busybox or moto is
// missing.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/json.hpp"
#include "cli/aws_access.hpp"
#include "cli/container_image.hpp"
#include "support/container_registry.hpp"
#include "support/moto_server.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::k_moto_ecr_password;

constexpr const char* k_ecr_registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

// Records what ran on the real machine, for the secret checks.
class RecordingRunner : public cli::ProcessRunner {
 public:
  explicit RecordingRunner(cli::ProcessRunner* inner) : m_inner(inner) {}
  int run(const cli::ProcessSpec& spec, const cli::OutputLine& on_line) override {
    specs.push_back(spec);
    return m_inner->run(spec, on_line);
  }
  std::vector<cli::ProcessSpec> specs;

 private:
  cli::ProcessRunner* m_inner;
};

class ContainerRegistry : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!s_peers.start()) return;
    // Only buildah and the registry are at work here, not agentlift: a
    // failure means they cannot run in this sandbox.
    s_peers.skip = push_base_images();
  }
  static void TearDownTestSuite() { s_peers.stop(); }

  void SetUp() override {
    if (!s_peers.skip.empty()) GTEST_SKIP() << s_peers.skip;
    ASSERT_TRUE(s_peers.failure.empty()) << s_peers.failure;
  }

  // base:arm64 (one file, arm64 config) and busybox:host (static busybox).
  static std::string push_base_images() {
    try {
      const std::string registry = s_peers.registry->address();
      s_peers.buildah->log_in(registry);
      const fs::path arm = s_peers.work->path() / "arm-rootfs";
      fs::create_directories(arm);
      std::ofstream(arm / "base.txt") << "base layer\n";
      s_peers.buildah->push_folder_image(arm, "arm64", registry + "/base:arm64");

      const fs::path host = s_peers.work->path() / "host-rootfs";
      fs::create_directories(host / "bin");
      fs::copy_file("/bin/busybox", host / "bin/busybox");
      s_peers.buildah->push_folder_image(host, testing::host_architecture(),
                                         registry + "/busybox:host");
      return "";
    } catch (const std::exception& error) {
      return std::string("preparing the base images: ") + error.what();
    }
  }

  cli::ContainerImage build(const std::string& repository, const std::string& platform,
                            const std::string& dockerfile, const std::string& builder = "buildah") {
    const fs::path context = m_work.path() / "context";
    m_work.write("context/Dockerfile", dockerfile);
    m_work.write("context/app.txt", "the agent package\n");
    cli::ContainerImageRequest request;
    request.build_dir = context;
    request.repository_name = repository;
    request.tag = "0123456789ab";
    request.builder = builder;
    request.platform = platform;
    cli::AwsOptions options;
    options.region = testing::k_moto_region;
    std::ostringstream debug;
    cli::AwsAccess access(
        options, debug,
        cloud::credentials::Environment{{"AWS_ACCESS_KEY_ID", testing::k_moto_fixture_key_id},
                                        {"AWS_SECRET_ACCESS_KEY", testing::k_moto_fixture_secret},
                                        {"AWS_ENDPOINT_URL_ECR", s_peers.moto->endpoint()}});
    cloud::EcrClient ecr(access.session().client(cloud::AwsService::ecr));
    const plan::Environment environment{
        {"AGENTLIFT_CONTAINER_REGISTRY", s_peers.registry->address()}};
    cli::Io io{m_out, m_err};
    return cli::build_and_push_image(request, ecr, m_runner, cli::probe_build_host(), environment,
                                     io);
  }

  // The pushed image's config (architecture, os, …) read back from the registry.
  static Json pushed_config(const std::string& repository) {
    return testing::pushed_config(s_peers.registry->address(), repository, "0123456789ab");
  }

  void expect_no_password_anywhere() {
    for (const auto& spec : m_runner.specs) {
      for (const auto& argument : spec.argv) {
        EXPECT_EQ(argument.find(k_moto_ecr_password), std::string::npos) << argument;
      }
      for (const auto& [name, value] : spec.environment) {
        EXPECT_EQ(value.find(k_moto_ecr_password), std::string::npos) << name;
      }
      const auto auth = spec.environment.find("REGISTRY_AUTH_FILE");
      if (auth != spec.environment.end()) {
        EXPECT_FALSE(fs::exists(auth->second));
      }
    }
    EXPECT_EQ(m_out.str().find(k_moto_ecr_password), std::string::npos);
    EXPECT_EQ(m_err.str().find(k_moto_ecr_password), std::string::npos);
  }

  static inline testing::ContainerPeers s_peers;

  testing::TempFolder m_work;
  RecordingRunner m_runner{s_peers.buildah ? &s_peers.buildah->runner() : nullptr};
  std::ostringstream m_out;
  std::ostringstream m_err;
};

TEST_F(ContainerRegistry, BuildsAnArm64ImageAndPushesItWithTheEcrToken) {
  const cli::ContainerImage image =
      build("agentlift/team_arm", "linux/arm64",
            "FROM " + s_peers.registry->address() + "/base:arm64\nCOPY app.txt /app/app.txt\n");
  EXPECT_EQ(image.uri, std::string(k_ecr_registry) + "/agentlift/team_arm:0123456789ab");
  EXPECT_TRUE(image.repository_created);
  const Json config = pushed_config("agentlift/team_arm");
  ASSERT_TRUE(config.is_object()) << m_err.str();
  EXPECT_EQ(config["architecture"], "arm64");
  EXPECT_EQ(config["os"], "linux");
  EXPECT_EQ(config["rootfs"]["diff_ids"].size(), 2u);  // the base file + app.txt
  EXPECT_NE(m_err.str().find("  buildah| "), std::string::npos);
  EXPECT_NE(m_err.str().find("ECR repository agentlift/team_arm: created"), std::string::npos);
  ASSERT_EQ(m_runner.specs.size(), 4u);
  EXPECT_EQ(m_runner.specs[1].argv.back(), s_peers.registry->address());  // the login
  expect_no_password_anywhere();
}

TEST_F(ContainerRegistry, PodmanBuildsAndPushesTheSameWay) {
  if (!testing::on_path("podman")) GTEST_SKIP() << "podman is not installed";
  const cli::ContainerImage image = build(
      "agentlift/team_podman", "linux/arm64",
      "FROM " + s_peers.registry->address() + "/base:arm64\nCOPY app.txt /app/app.txt\n", "podman");
  EXPECT_EQ(image.uri, std::string(k_ecr_registry) + "/agentlift/team_podman:0123456789ab");
  const Json config = pushed_config("agentlift/team_podman");
  ASSERT_TRUE(config.is_object()) << m_err.str();
  EXPECT_EQ(config["architecture"], "arm64");
  EXPECT_NE(m_err.str().find("  podman| "), std::string::npos);
  ASSERT_EQ(m_runner.specs.size(), 4u);
  EXPECT_EQ(m_runner.specs[0].argv, (std::vector<std::string>{"podman", "--version"}));
  expect_no_password_anywhere();
}

TEST_F(ContainerRegistry, RunsARunStepForTheHostPlatformIntoAnExistingRepository) {
  {
    cli::AwsOptions options;
    options.region = testing::k_moto_region;
    std::ostringstream debug;
    cli::AwsAccess access(
        options, debug,
        cloud::credentials::Environment{{"AWS_ACCESS_KEY_ID", testing::k_moto_fixture_key_id},
                                        {"AWS_SECRET_ACCESS_KEY", testing::k_moto_fixture_secret},
                                        {"AWS_ENDPOINT_URL_ECR", s_peers.moto->endpoint()}});
    cloud::EcrClient(access.session().client(cloud::AwsService::ecr))
        .create_repository("agentlift/team_run");
  }
  const std::string arch = testing::host_architecture();
  const cli::ContainerImage image =
      build("agentlift/team_run", "linux/" + arch,
            "FROM " + s_peers.registry->address() +
                "/busybox:host\nRUN [\"/bin/busybox\", \"sh\", \"-c\", "
                "\"/bin/busybox echo built > /built.txt\"]\nCOPY app.txt /app/app.txt\n");
  EXPECT_FALSE(image.repository_created);
  const Json config = pushed_config("agentlift/team_run");
  ASSERT_TRUE(config.is_object()) << m_err.str();
  EXPECT_EQ(config["architecture"], arch);
  // buildah commits the build's steps as one layer on top of busybox's.
  EXPECT_EQ(config["rootfs"]["diff_ids"].size(), 2u);
  bool ran = false;
  for (const auto& step : config["history"]) {
    ran = ran || step.value("created_by", "").find("echo built > /built.txt") != std::string::npos;
  }
  EXPECT_TRUE(ran) << config.dump();
  expect_no_password_anywhere();
}

TEST_F(ContainerRegistry, AFailingBuildReportsItsLastLinesAndTheRepository) {
  try {
    build("agentlift/team_broken", "linux/arm64",
          "FROM " + s_peers.registry->address() + "/base:arm64\nCOPY missing.txt /missing.txt\n");
    FAIL() << "no error";
  } catch (const cli::ContainerImageError& error) {
    EXPECT_TRUE(error.repository_created());
    EXPECT_NE(std::string(error.what()).find("failed (build, exit"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("missing.txt"), std::string::npos) << error.what();
  }
  EXPECT_EQ(pushed_config("agentlift/team_broken"), Json());
  expect_no_password_anywhere();
}

}  // namespace
}  // namespace agentlift
