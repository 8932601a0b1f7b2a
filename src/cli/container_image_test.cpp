// build_and_push_image against a scripted ECR (FakeTransport) and a fake
// ProcessRunner: the exact programs per builder, the password only on stdin,
// the private auth file (0600 in a 0700 folder while used, gone afterwards),
// and the failures: a missing program, a missing buildx, a refused login, a
// failed build (with the QEMU hint), an unknown builder, a bad override.

#include "cli/container_image.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cloud/fake_transport.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;
using Argv = std::vector<std::string>;

constexpr const char* k_password = "CANARY-ecr-password-5f2a";
// base64("AWS:CANARY-ecr-password-5f2a"): a fixture, not a credential.
constexpr const char* k_token = "QVdTOkNBTkFSWS1lY3ItcGFzc3dvcmQtNWYyYQ==";
constexpr const char* k_registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
constexpr const char* k_uri =
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentlift/agentlift_lead";

cloud::AwsClientConfig ecr_config() {
  cloud::AwsClientConfig config;
  config.service = "ECR";
  config.signing_name = "ecr";
  config.region = "us-east-1";
  config.endpoint = "https://api.ecr.us-east-1.amazonaws.com";
  config.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", std::nullopt};
  config.retry_policy.max_attempts = 1;
  return config;
}

std::string repository_json() {
  return R"({"repositoryArn":"arn:aws:ecr:us-east-1:123456789012:repository/agentlift/agentlift_lead",)"
         R"("registryId":"123456789012","repositoryName":"agentlift/agentlift_lead",)"
         R"("repositoryUri":")" +
         std::string(k_uri) + R"("})";
}

std::string authorization_json() {
  return R"({"authorizationData":[{"authorizationToken":")" + std::string(k_token) +
         R"(","expiresAt":1.7E9,"proxyEndpoint":"https://)" + k_registry + R"("}]})";
}

// What one program saw, and the auth file as it was while it ran.
struct Call {
  ProcessSpec spec;
  bool auth_file_private = false;  // 0600 file in a 0700 folder
};

class FakeRunner : public ProcessRunner {
 public:
  std::set<std::string> missing;  // programs not on PATH
  // By subcommand: "login", "build", "push", "--version", "buildx version", "buildx build".
  std::map<std::string, int> failing;                      // → exit status
  std::map<std::string, std::vector<std::string>> output;  // → lines printed
  std::vector<Call> calls;

  static std::string subcommand(const Argv& argv) {
    return argv.at(1) == "buildx" ? "buildx " + argv.at(2) : argv.at(1);
  }

  int run(const ProcessSpec& spec, const OutputLine& on_line) override {
    Call call{spec, false};
    const auto auth = spec.environment.find("REGISTRY_AUTH_FILE");
    if (auth != spec.environment.end()) {
      struct stat file {
      }, folder{};
      call.auth_file_private = ::stat(auth->second.c_str(), &file) == 0 &&
                               (file.st_mode & 0777) == 0600 &&
                               ::stat(fs::path(auth->second).parent_path().c_str(), &folder) == 0 &&
                               (folder.st_mode & 0777) == 0700;
      // What a real login does: the credentials land in the file.
      if (spec.argv.at(1) == "login") std::ofstream(auth->second) << *spec.stdin_text;
    }
    calls.push_back(call);
    if (missing.count(spec.argv.at(0)) != 0) throw ProgramNotFound(spec.argv.at(0));
    for (const auto& line : output[subcommand(spec.argv)]) on_line(line);
    const auto failure = failing.find(subcommand(spec.argv));
    return failure == failing.end() ? 0 : failure->second;
  }

  std::vector<Argv> argvs() const {
    std::vector<Argv> out;
    for (const auto& call : calls) out.push_back(call.spec.argv);
    return out;
  }
};

class ContainerImageTest : public ::testing::Test {
 protected:
  cloud::FakeTransport transport;
  cloud::AwsClient client{ecr_config(), transport};
  cloud::EcrClient ecr{client};
  FakeRunner runner;
  std::ostringstream out;
  std::ostringstream err;
  Io io{out, err};
  plan::Environment environment;
  bedrock::BuildHost host{"x86_64", false};

  ContainerImageRequest request(const std::string& builder) {
    ContainerImageRequest r;
    r.build_dir = "/work/lead/.agentlift-build/bedrock";
    r.repository_name = "agentlift/agentlift_lead";
    r.tag = "0123456789ab";
    r.builder = builder;
    return r;
  }
  void script_new_repository() {
    transport.respond(200, R"({"repository":)" + repository_json() + "}");
    transport.respond(200, authorization_json());
  }
  ContainerImage run(const std::string& builder) {
    return build_and_push_image(request(builder), ecr, runner, host, environment, io);
  }
  // The password is on the login's stdin and nowhere else.
  void expect_password_only_on_stdin(const std::string& error_text = {}) {
    for (const auto& call : runner.calls) {
      for (const auto& argument : call.spec.argv) {
        EXPECT_EQ(argument.find(k_password), std::string::npos) << argument;
      }
      for (const auto& [name, value] : call.spec.environment) {
        EXPECT_EQ(value.find(k_password), std::string::npos) << name;
      }
      if (call.spec.stdin_text) {
        EXPECT_EQ(call.spec.argv.at(1), "login");
        EXPECT_EQ(*call.spec.stdin_text, k_password);
      }
    }
    EXPECT_EQ(out.str().find(k_password), std::string::npos);
    EXPECT_EQ(err.str().find(k_password), std::string::npos);
    EXPECT_EQ(error_text.find(k_password), std::string::npos);
  }
};

TEST_F(ContainerImageTest, DockerChecksBuildxLogsInAndBuildsWithPush) {
  script_new_repository();
  const ContainerImage image = run("docker");
  EXPECT_EQ(image.uri, std::string(k_uri) + ":0123456789ab");
  EXPECT_EQ(image.repository_name, "agentlift/agentlift_lead");
  EXPECT_TRUE(image.repository_created);
  EXPECT_EQ(
      runner.argvs(),
      (std::vector<Argv>{{"docker", "buildx", "version"},
                         {"docker", "login", "--username", "AWS", "--password-stdin", k_registry},
                         {"docker", "buildx", "build", "--platform", "linux/arm64", "-t",
                          std::string(k_uri) + ":0123456789ab", "--push",
                          "/work/lead/.agentlift-build/bedrock"}}));
  for (const auto& call : runner.calls) EXPECT_TRUE(call.spec.environment.empty());
  expect_password_only_on_stdin();
  EXPECT_NE(err.str().find("ECR repository agentlift/agentlift_lead: created"), std::string::npos);
  EXPECT_EQ(transport.pending(), 0u);
}

TEST_F(ContainerImageTest, BuildahUsesAPrivateAuthFileThatIsRemovedAfterwards) {
  script_new_repository();
  runner.output["build"] = {"STEP 1/2: FROM base", "COMMIT"};
  run("buildah");
  const std::string tagged = std::string(k_uri) + ":0123456789ab";
  EXPECT_EQ(
      runner.argvs(),
      (std::vector<Argv>{{"buildah", "--version"},
                         {"buildah", "login", "--username", "AWS", "--password-stdin", k_registry},
                         {"buildah", "build", "--platform", "linux/arm64", "-t", tagged,
                          "/work/lead/.agentlift-build/bedrock"},
                         {"buildah", "push", tagged}}));
  ASSERT_EQ(runner.calls.size(), 4u);
  const std::string auth_file = runner.calls[1].spec.environment.at("REGISTRY_AUTH_FILE");
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(runner.calls[i].spec.environment.at("REGISTRY_AUTH_FILE"), auth_file);
    EXPECT_TRUE(runner.calls[i].auth_file_private) << i;
  }
  EXPECT_FALSE(fs::exists(auth_file));
  EXPECT_FALSE(fs::exists(fs::path(auth_file).parent_path()));
  expect_password_only_on_stdin();
  EXPECT_NE(err.str().find("  buildah| STEP 1/2: FROM base\n"), std::string::npos);
}

TEST_F(ContainerImageTest, PodmanRunsTheSameStepsWithItsOwnProgram) {
  script_new_repository();
  run("podman");
  const std::string tagged = std::string(k_uri) + ":0123456789ab";
  EXPECT_EQ(
      runner.argvs(),
      (std::vector<Argv>{{"podman", "--version"},
                         {"podman", "login", "--username", "AWS", "--password-stdin", k_registry},
                         {"podman", "build", "--platform", "linux/arm64", "-t", tagged,
                          "/work/lead/.agentlift-build/bedrock"},
                         {"podman", "push", tagged}}));
  expect_password_only_on_stdin();
}

TEST_F(ContainerImageTest, RegistryOverrideMovesThePushButNotTheUri) {
  script_new_repository();
  environment["AGENTLIFT_CONTAINER_REGISTRY"] = "127.0.0.1:5000";
  const ContainerImage image = run("buildah");
  EXPECT_EQ(image.uri, std::string(k_uri) + ":0123456789ab");
  ASSERT_EQ(runner.calls.size(), 4u);
  EXPECT_EQ(runner.calls[1].spec.argv.back(), "127.0.0.1:5000");
  EXPECT_EQ(runner.calls[3].spec.argv,
            (Argv{"buildah", "push", "--tls-verify=false",
                  "127.0.0.1:5000/agentlift/agentlift_lead:0123456789ab"}));
  EXPECT_NE(err.str().find("instead of ECR (AGENTLIFT_CONTAINER_REGISTRY)"), std::string::npos);
  EXPECT_NE(err.str().find("AgentCore will pull " + image.uri), std::string::npos);
}

TEST_F(ContainerImageTest, AnExistingRepositoryIsNotReportedAsCreated) {
  transport.respond(400, R"({"__type":"RepositoryAlreadyExistsException","message":"taken"})");
  transport.respond(200, R"({"repositories":[)" + repository_json() + "]}");
  transport.respond(200, authorization_json());
  EXPECT_FALSE(run("docker").repository_created);
  EXPECT_NE(err.str().find("agentlift/agentlift_lead: exists"), std::string::npos);
}

TEST_F(ContainerImageTest, MissingBuilderFailsBeforeAnyAwsCall) {
  runner.missing = {"docker"};
  try {
    run("docker");
    FAIL() << "no error";
  } catch (const ContainerImageError&) {
    FAIL() << "a missing builder must fail before the repository exists";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("docker was not found on PATH"), std::string::npos);
    EXPECT_NE(error.hint().find("--builder docker|podman|buildah"), std::string::npos);
    EXPECT_NE(error.hint().find("--artifact code"), std::string::npos);
  }
  EXPECT_TRUE(transport.requests().empty());
}

TEST_F(ContainerImageTest, MissingBuildxFailsBeforeAnyAwsCall) {
  runner.failing["buildx version"] = 1;
  runner.output["buildx version"] = {"docker: 'buildx' is not a docker command."};
  try {
    run("docker");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("`docker buildx version` failed"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("is not a docker command"), std::string::npos);
    EXPECT_NE(error.hint().find("docker-buildx-plugin"), std::string::npos);
  }
  EXPECT_TRUE(transport.requests().empty());
}

TEST_F(ContainerImageTest, RefusedLoginSaysSoWithoutThePasswordAndCleansUp) {
  script_new_repository();
  runner.failing["login"] = 1;
  // A builder that echoes its input must not leak it through agentlift.
  runner.output["login"] = {std::string("Error: bad password ") + k_password};
  std::string text;
  try {
    run("buildah");
    FAIL() << "no error";
  } catch (const ContainerImageError& error) {
    text = std::string(error.what()) + " | " + error.hint();
    EXPECT_TRUE(error.repository_created());
  }
  EXPECT_NE(text.find("failed (log in, exit 1)"), std::string::npos) << text;
  EXPECT_NE(text.find("Error: bad password ***"), std::string::npos) << text;
  EXPECT_NE(text.find("ecr:GetAuthorizationToken"), std::string::npos) << text;
  ASSERT_EQ(runner.calls.size(), 2u);
  EXPECT_FALSE(fs::exists(runner.calls[1].spec.environment.at("REGISTRY_AUTH_FILE")));
  expect_password_only_on_stdin(text);
}

TEST_F(ContainerImageTest, FailedArmBuildOnX86WithoutQemuExplainsEmulation) {
  script_new_repository();
  runner.failing["buildx build"] = 1;
  runner.output["buildx build"] = {"exec format error"};
  try {
    run("docker");
    FAIL() << "no error";
  } catch (const ContainerImageError& error) {
    EXPECT_NE(std::string(error.what()).find("failed (build and push, exit 1)"), std::string::npos);
    EXPECT_NE(error.hint().find("qemu-user-static"), std::string::npos);
    EXPECT_NE(error.hint().find("x86_64"), std::string::npos);
    EXPECT_NE(error.hint().find("--artifact code"), std::string::npos);
  }
  EXPECT_NE(err.str().find("  docker| exec format error"), std::string::npos);
}

TEST_F(ContainerImageTest, UnknownBuilderIsAUsageError) {
  EXPECT_THROW(run("kaniko"), UsageError);
  EXPECT_TRUE(runner.calls.empty());
  EXPECT_TRUE(transport.requests().empty());
}

TEST_F(ContainerImageTest, MalformedRegistryOverrideIsAUsageErrorBeforeAnything) {
  environment["AGENTLIFT_CONTAINER_REGISTRY"] = "http://127.0.0.1:5000";
  EXPECT_THROW(run("buildah"), UsageError);
  EXPECT_TRUE(runner.calls.empty());
  EXPECT_TRUE(transport.requests().empty());
}

}  // namespace
}  // namespace agentlift::cli
