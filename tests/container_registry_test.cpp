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
#include <signal.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/json.hpp"
#include "cli/aws_access.hpp"
#include "cli/container_image.hpp"
#include "cloud/curl_transport.hpp"
#include "support/moto_server.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;

// moto's ECR password for account 123456789012 (f"{registry_id}-auth-token").
constexpr const char* k_moto_password = "123456789012-auth-token";
// bcrypt (cost 4) of k_moto_password, for the registry's htpasswd file.
constexpr const char* k_htpasswd =
    "AWS:$2b$04$.mZDbl3H5I8NcMYCK7EABOr3SbzOoqVu97JiqI8cil.4WfGYqFwpa\n";
constexpr const char* k_ecr_registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

bool on_path(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string host_architecture() {
  utsname name{};
  ::uname(&name);
  const std::string machine = name.machine;
  if (machine == "x86_64") return "amd64";
  if (machine == "aarch64") return "arm64";
  return machine;
}

// docker-registry on a port the kernel picks, read from its log.
class RegistryProcess {
 public:
  std::string start(const fs::path& folder) {
    std::ofstream(folder / "htpasswd") << k_htpasswd;
    std::ofstream(folder / "config.yml")
        << "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: "
        << (folder / "data").string() << "\nhttp:\n  addr: 127.0.0.1:0\nauth:\n  htpasswd:\n"
        << "    realm: agentlift-test\n    path: " << (folder / "htpasswd").string() << "\n";
    const fs::path log = folder / "registry.log";
    m_pid = ::fork();
    if (m_pid < 0) return "fork failed";
    if (m_pid == 0) {
      const std::string config = (folder / "config.yml").string();
      if (!std::freopen(log.c_str(), "w", stderr) || !std::freopen("/dev/null", "w", stdout)) {
        ::_exit(126);
      }
      ::execlp("docker-registry", "docker-registry", "serve", config.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100; ++i) {
      const std::string text = read_text(log);
      const auto at = text.find("listening on 127.0.0.1:");
      if (at != std::string::npos) {
        m_port = std::atoi(text.c_str() + at + std::string("listening on 127.0.0.1:").size());
        if (m_port > 0) return "";
      }
      if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
        m_pid = -1;
        return "docker-registry exited: " + text;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return "docker-registry did not report its port";
  }
  ~RegistryProcess() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(m_port); }

 private:
  pid_t m_pid = -1;
  int m_port = 0;
};

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
    for (const char* program : {"buildah", "docker-registry", "busybox"}) {
      if (!on_path(program)) {
        s_skip = std::string(program) +
                 " is not installed (scripts/install-deps.sh installs buildah, docker-registry "
                 "and busybox-static)";
        return;
      }
    }
    if (!testing::moto_importable()) {
      s_skip = "python3 cannot import moto";
      return;
    }
    s_work = std::make_unique<testing::TempFolder>();
    fs::create_directories(s_work->path() / "registry");
    s_registry = std::make_unique<RegistryProcess>();
    s_skip = s_registry->start(s_work->path() / "registry");
    if (!s_skip.empty()) return;
    s_moto = std::make_unique<testing::MotoServer>();
    s_failure = s_moto->start(testing::MotoAuth::open);
    if (!s_failure.empty()) return;
    std::ofstream(s_work->path() / "storage.conf")
        << "[storage]\ndriver = \"vfs\"\ngraphroot = \"" << (s_work->path() / "graph").string()
        << "\"\nrunroot = \"" << (s_work->path() / "run").string() << "\"\n";
    s_runner = std::make_unique<cli::SystemProcessRunner>(std::map<std::string, std::string>{
        {"CONTAINERS_STORAGE_CONF", (s_work->path() / "storage.conf").string()},
        {"BUILDAH_ISOLATION", "chroot"},
        {"REGISTRY_AUTH_FILE", (s_work->path() / "fixture-auth.json").string()}});
    // Only buildah and the registry are at work here, not agentlift: a
    // failure means they cannot run in this sandbox.
    s_skip = push_base_images();
  }
  static void TearDownTestSuite() {
    s_runner.reset();
    s_moto.reset();
    s_registry.reset();
    s_work.reset();
  }

  void SetUp() override {
    if (!s_skip.empty()) GTEST_SKIP() << s_skip;
    ASSERT_TRUE(s_failure.empty()) << s_failure;
  }

  // Runs buildah for the fixture; returns its output, or throws.
  static std::string buildah(std::vector<std::string> argv, std::optional<std::string> input = {}) {
    argv.insert(argv.begin(), "buildah");
    std::string output;
    const int status = s_runner->run({argv, std::move(input), {}}, [&](std::string_view line) {
      output += std::string(line) + "\n";
    });
    if (status != 0) throw std::runtime_error(argv[1] + " failed: " + output);
    return output;
  }

  // base:arm64 (one file, arm64 config) and busybox:host (static busybox).
  static std::string push_base_images() {
    try {
      std::ofstream(s_work->path() / "fixture-auth.json") << "{\"auths\":{}}";
      const std::string registry = s_registry->address();
      buildah({"login", "--tls-verify=false", "--username", "AWS", "--password-stdin", registry},
              k_moto_password);
      std::ofstream(s_work->path() / "base.txt") << "base layer\n";
      std::string arm = buildah({"from", "--arch", "arm64", "scratch"});
      arm = arm.substr(0, arm.find('\n'));
      buildah({"copy", arm, (s_work->path() / "base.txt").string(), "/base.txt"});
      buildah({"config", "--arch", "arm64", "--os", "linux", arm});
      buildah({"commit", arm, registry + "/base:arm64"});
      buildah({"push", "--tls-verify=false", registry + "/base:arm64"});

      fs::create_directories(s_work->path() / "rootfs/bin");
      fs::copy_file("/bin/busybox", s_work->path() / "rootfs/bin/busybox");
      std::string host = buildah({"from", "scratch"});
      host = host.substr(0, host.find('\n'));
      buildah({"copy", host, (s_work->path() / "rootfs").string(), "/"});
      buildah({"commit", host, registry + "/busybox:host"});
      buildah({"push", "--tls-verify=false", registry + "/busybox:host"});
      buildah({"rm", "--all"});
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
        cloud::credentials::Environment{{"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
                                        {"AWS_SECRET_ACCESS_KEY", "test"},
                                        {"AWS_ENDPOINT_URL_ECR", s_moto->endpoint()}});
    cloud::EcrClient ecr(access.session().client(cloud::AwsService::ecr));
    const plan::Environment environment{{"AGENTLIFT_CONTAINER_REGISTRY", s_registry->address()}};
    cli::Io io{m_out, m_err};
    return cli::build_and_push_image(request, ecr, m_runner, cli::probe_build_host(), environment,
                                     io);
  }

  // GET from the registry with the ECR credentials; the body, or "" on a non-200.
  static std::string registry_get(const std::string& path) {
    cloud::CurlTransport curl;
    cloud::HttpRequest request;
    request.url = "http://" + s_registry->address() + path;
    request.set_header("Authorization", "Basic QVdTOjEyMzQ1Njc4OTAxMi1hdXRoLXRva2Vu");
    request.set_header("Accept",
                       "application/vnd.oci.image.manifest.v1+json, "
                       "application/vnd.docker.distribution.manifest.v2+json");
    const cloud::HttpResponse response = curl.send(request);
    return response.status == 200 ? response.body : "";
  }

  // The pushed image's config (architecture, os, …) read back from the registry.
  static Json pushed_config(const std::string& repository) {
    const std::string manifest = registry_get("/v2/" + repository + "/manifests/0123456789ab");
    if (manifest.empty()) return Json();
    const Json parsed = Json::parse(manifest);
    const std::string digest = parsed["config"]["digest"].get<std::string>();
    return Json::parse(registry_get("/v2/" + repository + "/blobs/" + digest));
  }

  void expect_no_password_anywhere() {
    for (const auto& spec : m_runner.specs) {
      for (const auto& argument : spec.argv) {
        EXPECT_EQ(argument.find(k_moto_password), std::string::npos) << argument;
      }
      for (const auto& [name, value] : spec.environment) {
        EXPECT_EQ(value.find(k_moto_password), std::string::npos) << name;
      }
      const auto auth = spec.environment.find("REGISTRY_AUTH_FILE");
      if (auth != spec.environment.end()) {
        EXPECT_FALSE(fs::exists(auth->second));
      }
    }
    EXPECT_EQ(m_out.str().find(k_moto_password), std::string::npos);
    EXPECT_EQ(m_err.str().find(k_moto_password), std::string::npos);
  }

  static inline std::string s_skip;
  static inline std::string s_failure;
  static inline std::unique_ptr<testing::TempFolder> s_work;
  static inline std::unique_ptr<RegistryProcess> s_registry;
  static inline std::unique_ptr<testing::MotoServer> s_moto;
  static inline std::unique_ptr<cli::SystemProcessRunner> s_runner;

  testing::TempFolder m_work;
  RecordingRunner m_runner{s_runner.get()};
  std::ostringstream m_out;
  std::ostringstream m_err;
};

TEST_F(ContainerRegistry, BuildsAnArm64ImageAndPushesItWithTheEcrToken) {
  const cli::ContainerImage image =
      build("agentlift/team_arm", "linux/arm64",
            "FROM " + s_registry->address() + "/base:arm64\nCOPY app.txt /app/app.txt\n");
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
  EXPECT_EQ(m_runner.specs[1].argv.back(), s_registry->address());  // the login
  expect_no_password_anywhere();
}

TEST_F(ContainerRegistry, PodmanBuildsAndPushesTheSameWay) {
  if (!on_path("podman")) GTEST_SKIP() << "podman is not installed";
  const cli::ContainerImage image =
      build("agentlift/team_podman", "linux/arm64",
            "FROM " + s_registry->address() + "/base:arm64\nCOPY app.txt /app/app.txt\n", "podman");
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
        cloud::credentials::Environment{{"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
                                        {"AWS_SECRET_ACCESS_KEY", "test"},
                                        {"AWS_ENDPOINT_URL_ECR", s_moto->endpoint()}});
    cloud::EcrClient(access.session().client(cloud::AwsService::ecr))
        .create_repository("agentlift/team_run");
  }
  const std::string arch = host_architecture();
  const cli::ContainerImage image =
      build("agentlift/team_run", "linux/" + arch,
            "FROM " + s_registry->address() +
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
          "FROM " + s_registry->address() + "/base:arm64\nCOPY missing.txt /missing.txt\n");
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
