#include "cli/doctor_probes.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "cli/deploy_support.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/bedrock_runtime_client.hpp"
#include "cloud/iam_client.hpp"
#include "cloud/sts_client.hpp"

namespace agentlift::cli {
namespace {

using bedrock::Check;

// "arn:aws:iam::123456789012:role/path/name" -> "name" (GetRole takes the name).
std::string role_name_of(const std::string& role_arn) {
  const auto slash = role_arn.rfind('/');
  return slash == std::string::npos ? role_arn : role_arn.substr(slash + 1);
}

// `program` found in one of the PATH folders and executable.
std::string find_on_path(const std::string& program, const plan::Environment& environment) {
  const auto path = environment.find("PATH");
  if (path == environment.end()) return {};
  std::size_t start = 0;
  while (start <= path->second.size()) {
    const auto end = path->second.find(':', start);
    const std::string folder = path->second.substr(start, end - start);
    if (!folder.empty()) {
      const std::string candidate = folder + "/" + program;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return {};
}

// Runs `argv` (argv[0] a full path) with no input or output; true when it
// exits 0 within 15 seconds.
bool runs_cleanly(const std::vector<std::string>& argv) {
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      ::dup2(null_fd, STDIN_FILENO);
      ::dup2(null_fd, STDOUT_FILENO);
      ::dup2(null_fd, STDERR_FILENO);
    }
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool program_runs(const std::string& program, std::vector<std::string> arguments,
                  const plan::Environment& environment) {
  const std::string path = find_on_path(program, environment);
  if (path.empty()) return false;
  arguments.insert(arguments.begin(), path);
  return runs_cleanly(arguments);
}

}  // namespace

Check probe_credentials(cloud::AwsSession& session) {
  try {
    const auto credentials = session.credentials();
    const cloud::CallerIdentity identity =
        cloud::StsClient(session.client(cloud::AwsService::sts)).get_caller_identity();
    return bedrock::credentials_ok(identity.account, identity.arn, credentials.source);
  } catch (const cloud::HttpError& error) {
    return bedrock::credentials_failed(error.what(), error);
  } catch (const Error& error) {
    return bedrock::credentials_failed(error.what(), std::nullopt);
  }
}

Check probe_bucket(cloud::AwsSession& session, const std::string& bucket) {
  try {
    const cloud::S3BucketHead head = s3_client(session).head_bucket(bucket);
    return bedrock::bucket_check(bucket, head.status, session.region(), head.region);
  } catch (const Error& error) {
    return Check{"s3_bucket", "S3 bucket", bedrock::Verdict::failed,
                 "HeadBucket on s3://" + bucket + " failed: " + error.what(),
                 "check the network and the S3 endpoint, then try again"};
  }
}

Check probe_control_plane(cloud::AwsSession& session, bedrock::Mode mode) {
  const std::string region = session.region();
  try {
    cloud::AgentCoreControlClient control(session.client(cloud::AwsService::agentcore_control));
    cloud::ListOptions one;
    one.max_results = 1;
    if (mode == bedrock::Mode::runtime) {
      control.list_agent_runtimes(one);
    } else {
      control.list_harnesses(one);
    }
    return bedrock::endpoint_answers(mode, region);
  } catch (const cloud::HttpError& error) {
    return bedrock::endpoint_failed(mode, region, error);
  } catch (const Error& error) {
    return bedrock::endpoint_unreachable(mode, region, error.what());
  }
}

Check probe_role_trust(cloud::AwsSession& session, const std::string& role_arn) {
  try {
    const cloud::IamRole role =
        cloud::IamClient(session.client(cloud::AwsService::iam)).get_role(role_name_of(role_arn));
    return bedrock::trust_check(role_arn, role.assume_role_policy_document);
  } catch (const cloud::HttpError& error) {
    return bedrock::trust_failed(role_arn, error);
  } catch (const Error& error) {
    return bedrock::trust_skipped(std::string("cannot reach IAM: ") + error.what());
  }
}

Check probe_model(cloud::AwsSession& session, const std::string& model_id) {
  const std::string region = session.region();
  try {
    cloud::BedrockRuntimeClient(session.client(cloud::AwsService::bedrock_runtime))
        .converse(model_id, cloud::minimal_converse_body("Reply with OK."));
    return bedrock::model_answers(model_id, region);
  } catch (const cloud::HttpError& error) {
    return bedrock::model_failed(model_id, region, error);
  } catch (const Error& error) {
    return Check{"model_access", "Model access", bedrock::Verdict::failed,
                 model_id + " in " + region + ": " + error.what(),
                 "check the network and try again"};
  }
}

bedrock::BuildTools detect_build_tools(const plan::Environment& environment) {
  bedrock::BuildTools tools;
  tools.docker = !find_on_path("docker", environment).empty();
  tools.docker_buildx = tools.docker && program_runs("docker", {"buildx", "version"}, environment);
  tools.podman = !find_on_path("podman", environment).empty();
  tools.buildah = !find_on_path("buildah", environment).empty();
  tools.pip = program_runs("python3", {"-m", "pip", "--version"}, environment);
  tools.uv = !find_on_path("uv", environment).empty();
  return tools;
}

}  // namespace agentlift::cli
