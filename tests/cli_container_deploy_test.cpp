// `agentlift deploy --artifact container --builder buildah` of a team
// (examples/team) end to end, as the real binary, all on 127.0.0.1 and
// offline: agentcore-local (AgentCore, serving us-west-2), moto (ECR:
// repository and authorization token, through AWS_ENDPOINT_URL_ECR), real
// buildah (vfs storage in a temp folder, chroot isolation) and a real
// docker-registry that takes the push in place of ECR
// (AGENTLIFT_CONTAINER_REGISTRY) and accepts exactly moto's ECR password.
//
// The generated Dockerfile is built as it is: `FROM --platform=linux/arm64
// <base>` and `RUN pip install …`. This x86 host has neither QEMU nor PyPI, so
// the base image (made here, pushed to the same registry and given with
// --base-image) says linux/arm64 in its config while its files are the host's:
// a static busybox as /bin/sh and a `pip` script that only reports that it
// ran. buildah trusts the config's platform and runs the RUN step natively.
// (On an arm64 host the same files are native anyway.)
//
// Then: the lock, what the emulator stored, the manifest and config the
// registry holds (architecture arm64), a second deploy that skips, destroy
// removing the runtime and the ECR repository agentlift created, and a canary
// MCP secret and the ECR password that never reach stdout, stderr, the lock
// or the image. Skipped with a message when buildah, docker-registry, busybox
// or moto is missing.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/json.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/ecr_client.hpp"
#include "support/agentcore_local_process.hpp"
#include "support/container_registry.hpp"
#include "support/moto_server.hpp"
#include "support/subprocess.hpp"
#include "support/team_project.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOutput;

constexpr const char* k_region = "us-west-2";
constexpr const char* k_canary = "canary-SECRET-docs-token-c0a7";
constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-runtime";
constexpr const char* k_repository = "agentlift/agentlift_lead";
constexpr const char* k_ecr_repository_uri =
    "123456789012.dkr.ecr.us-west-2.amazonaws.com/agentlift/agentlift_lead";
// What the fake pip prints, seen through the builder's streamed output.
constexpr const char* k_pip_marker = "fake pip ran: install --no-cache-dir -r requirements.txt";

class CliContainerDeploy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!s_peers.start()) return;
    // Only buildah and the registry are at work here, not agentlift: a
    // failure means they cannot run in this sandbox.
    s_peers.skip = push_base_image();
  }
  static void TearDownTestSuite() { s_peers.stop(); }

  // "python:3.12-slim" as far as the generated Dockerfile can tell: an arm64
  // config, /bin/sh, and pip on PATH (host binaries, see the top).
  static std::string push_base_image() {
    try {
      const fs::path rootfs = s_peers.work->path() / "base-rootfs";
      fs::create_directories(rootfs / "bin");
      fs::create_directories(rootfs / "usr/local/bin");
      fs::copy_file("/bin/busybox", rootfs / "bin/busybox");
      fs::create_symlink("busybox", rootfs / "bin/sh");
      std::ofstream(rootfs / "usr/local/bin/pip") << "#!/bin/sh\necho \"fake pip ran: $*\"\n";
      fs::permissions(rootfs / "usr/local/bin/pip",
                      fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                          fs::perms::others_read | fs::perms::others_exec);
      s_peers.buildah->log_in(s_peers.registry->address());
      s_peers.buildah->push_folder_image(rootfs, "arm64", base_image(),
                                         "/usr/local/bin:/usr/bin:/bin");
      return "";
    } catch (const std::exception& error) {
      return std::string("preparing the base image: ") + error.what();
    }
  }
  static std::string base_image() { return s_peers.registry->address() + "/fake-python:arm64"; }

  void SetUp() override {
    if (!s_peers.skip.empty()) GTEST_SKIP() << s_peers.skip;
    ASSERT_TRUE(s_peers.failure.empty()) << s_peers.failure;
    ASSERT_EQ(
        m_emulator.start({"--port", "0", "--region", k_region, "--ready-delay", "0.2", "--verbose"},
                         m_work.path() / "emulator.log"),
        "");
    testing::copy_team_with_secret_header(project());
    fs::create_directories(temp_dir());
  }

  fs::path project() const { return m_work.path() / "project"; }
  fs::path temp_dir() const { return m_work.path() / "tmp"; }

  // Exactly what the binary gets: nothing inherited but what is listed here.
  std::vector<std::string> environment() const {
    std::vector<std::string> out{"PATH=/usr/local/bin:/usr/bin:/bin",
                                 "HOME=" + m_work.path().string(),
                                 "TMPDIR=" + temp_dir().string(),
                                 "NO_PROXY=*",
                                 "AWS_EC2_METADATA_DISABLED=true",
                                 "AWS_ACCESS_KEY_ID=test",
                                 "AWS_SECRET_ACCESS_KEY=test",
                                 "AWS_ENDPOINT_URL_ECR=" + s_peers.moto->endpoint(),
                                 "AGENTLIFT_CONTAINER_REGISTRY=" + s_peers.registry->address(),
                                 "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN=" + std::string(k_role),
                                 std::string("DOCS_TOKEN=") + k_canary};
    for (const auto& [name, value] : s_peers.buildah->storage_environment()) {
      out.push_back(name + "=" + value);
    }
    return out;
  }

  ProcessOutput agentlift(const std::string& command, std::vector<std::string> extra) const {
    std::vector<std::string> argv{AGENTLIFT_BINARY, command, project().string(), "--endpoint-url",
                                  m_emulator.endpoint()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::run_process(argv, environment());
  }

  ProcessOutput deploy(std::vector<std::string> extra = {}) const {
    std::vector<std::string> flags{"--yes",      "--artifact",       "container",
                                   "--builder",  "buildah",          "--base-image",
                                   base_image(), "--bedrock-region", k_region};
    flags.insert(flags.end(), extra.begin(), extra.end());
    return agentlift("deploy", flags);
  }

  std::string lock_text() const {
    return testing::read_text_file(project() / ".agentlift-bedrock.json");
  }

  // Our own clients, on the emulator and on moto.
  template <typename Use>
  auto control(Use use) const {
    cloud::CurlTransport curl;
    cloud::AwsClientConfig config = testing::moto_config(
        "AgentCore", "bedrock-agentcore", {"test", "test", std::nullopt}, m_emulator.endpoint());
    config.region = k_region;
    cloud::AwsClient client(config, curl);
    cloud::AgentCoreControlClient control(client);
    return use(control);
  }
  std::vector<cloud::EcrRepository> ecr_repositories() const {
    cloud::CurlTransport curl;
    cloud::AwsClientConfig config =
        testing::moto_config("ECR", "ecr", testing::moto_fixture_key(), s_peers.moto->endpoint());
    config.region = k_region;
    cloud::AwsClient client(config, curl);
    return cloud::EcrClient(client).describe_repositories({});
  }

  void expect_no_secret(const ProcessOutput& output) const {
    for (const char* secret :
         {k_canary, testing::k_moto_ecr_password, testing::k_moto_ecr_basic_auth + 6}) {
      EXPECT_EQ(output.out.find(secret), std::string::npos) << secret << " reached stdout";
      EXPECT_EQ(output.err.find(secret), std::string::npos) << secret << " reached stderr";
      EXPECT_EQ(lock_text().find(secret), std::string::npos) << secret << " reached the lock";
    }
    // The private auth file of the registry login is gone.
    EXPECT_TRUE(fs::is_empty(temp_dir())) << "left behind in TMPDIR";
  }

  static inline testing::ContainerPeers s_peers;

  testing::TempFolder m_work;
  testing::AgentCoreLocalProcess m_emulator;
};

TEST_F(CliContainerDeploy, BuildsTheGeneratedDockerfileForArm64PushesDeploysSkipsAndDestroys) {
  const ProcessOutput created = deploy({"--json", "--debug"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const Json result = Json::parse(created.out);
  const std::string tag = result["spec_hash"].get<std::string>().substr(0, 12);
  const std::string uri = std::string(k_ecr_repository_uri) + ":" + tag;
  EXPECT_EQ(result["action"], "create");
  EXPECT_EQ(result["status"], "READY");
  EXPECT_EQ(result["artifact_kind"], "container");
  EXPECT_EQ(result["artifact_uri"], uri);
  // The RUN step ran (natively), and the push went to the local registry.
  EXPECT_NE(created.err.find("  buildah| " + std::string(k_pip_marker)), std::string::npos)
      << created.err;
  EXPECT_NE(created.err.find("ECR repository agentlift/agentlift_lead: created"),
            std::string::npos);
  EXPECT_NE(
      created.err.find("Pushed " + s_peers.registry->address() + "/" + k_repository + ":" + tag),
      std::string::npos)
      << created.err;
  expect_no_secret(created);

  const Json lock = Json::parse(lock_text());
  EXPECT_EQ(lock["artifact_kind"], "container");
  EXPECT_EQ(lock["artifact_uri"], uri);
  EXPECT_EQ(lock["ecr_repository"], k_repository);
  EXPECT_EQ(lock["ecr_repository_created"], true);
  EXPECT_EQ(lock["region"], k_region);
  EXPECT_EQ(lock["spec_hash"], result["spec_hash"]);

  const std::string runtime_id = lock["agent_runtime_id"].get<std::string>();
  const Json stored = control(
      [&](cloud::AgentCoreControlClient& c) { return c.get_agent_runtime(runtime_id).raw; });
  EXPECT_EQ(stored["agentRuntimeArtifact"]["containerConfiguration"]["containerUri"], uri);
  EXPECT_EQ(stored["environmentVariables"]["AGENTLIFT_MCP_DOCS_AUTHORIZATION"],
            std::string("Bearer ") + k_canary);

  // The registry holds the image under the tag: built for linux/arm64 from the
  // generated Dockerfile, with no secret baked in.
  const Json config = testing::pushed_config(s_peers.registry->address(), k_repository, tag);
  ASSERT_TRUE(config.is_object()) << "no manifest for " << k_repository << ":" << tag;
  EXPECT_EQ(config["architecture"], "arm64");
  EXPECT_EQ(config["os"], "linux");
  EXPECT_EQ(config["config"]["Cmd"], Json::array({"python", "main.py"}));
  EXPECT_EQ(config["config"]["WorkingDir"], "/app");
  bool installed = false;
  for (const auto& step : config["history"]) {
    installed =
        installed ||
        step.value("created_by", "").find("pip install --no-cache-dir -r requirements.txt") !=
            std::string::npos;
  }
  EXPECT_TRUE(installed) << config.dump();
  EXPECT_EQ(config.dump().find(k_canary), std::string::npos) << "the MCP secret is in the image";

  // Unchanged: a skip, with no build and no AWS call.
  const std::string emulator_log = testing::read_text_file(m_work.path() / "emulator.log");
  const ProcessOutput skipped = deploy();
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(skipped.out.find("Up to date"), std::string::npos) << skipped.out;
  EXPECT_EQ(skipped.err.find("buildah|"), std::string::npos) << skipped.err;
  EXPECT_EQ(testing::read_text_file(m_work.path() / "emulator.log"), emulator_log);
  expect_no_secret(skipped);

  // destroy deletes the runtime and the repository agentlift created.
  ASSERT_EQ(ecr_repositories().size(), 1u);
  const ProcessOutput destroyed = agentlift("destroy", {"--yes"});
  ASSERT_EQ(destroyed.exit_code, 0) << destroyed.err;
  EXPECT_NE(destroyed.out.find(k_repository), std::string::npos) << destroyed.out;
  EXPECT_EQ(destroyed.err.find(k_canary), std::string::npos);
  EXPECT_TRUE(control([](cloud::AgentCoreControlClient& c) {
                return c.list_all_agent_runtimes();
              }).empty());
  EXPECT_TRUE(ecr_repositories().empty());
  EXPECT_FALSE(fs::exists(project() / ".agentlift-bedrock.json"));
}

}  // namespace
}  // namespace agentlift
