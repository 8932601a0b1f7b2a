#pragma once
// The container artifact of a Runtime deploy (`deploy --artifact container`):
// make sure the ECR repository exists (recording whether agentlift created it),
// log the builder in with ECR's authorization token, build the generated
// package's Dockerfile for linux/arm64 and push it, tagged with the spec hash.
// The builder is a program on PATH: docker (buildx), podman or buildah.
//
// AGENTLIFT_CONTAINER_REGISTRY=host[:port] (from the environment or .env)
// sends the login and push to that registry instead of ECR, for tests and
// mirrors; the returned URI is still the ECR one AgentCore pulls. A loopback
// registry (127.0.0.1, localhost) is spoken to over plain HTTP by podman and
// buildah. See docs/container-artifact.md.

#include <filesystem>
#include <string>

#include "base/errors.hpp"
#include "cli/io.hpp"
#include "cli/process_runner.hpp"
#include "cloud/aws_session.hpp"
#include "cloud/ecr_client.hpp"
#include "plan/dotenv.hpp"
#include "targets/bedrock/container_build.hpp"

namespace agentlift::cli {

struct ContainerImageRequest {
  std::filesystem::path build_dir;       // the generated package, Dockerfile included
  std::string repository_name;           // "agentlift/agentlift_lead"
  std::string tag;                       // the spec hash's first 12 characters
  std::string builder = "docker";        // "docker", "podman" or "buildah"
  std::string platform = "linux/arm64";  // what AgentCore runs; tests may pick the host's
  std::string base_image;                // the Dockerfile's FROM image; "" = the default
};

struct ContainerImage {
  std::string uri;                  // <repositoryUri>:<tag>, what CreateAgentRuntime gets
  std::string repository_name;      // as requested
  bool repository_created = false;  // this call created the ECR repository
};

// A failure after the ECR repository was ensured: says whether this call
// created it, so the caller can record it (and destroy can remove it later).
class ContainerImageError : public Error {
 public:
  ContainerImageError(const Error& cause, bool repository_created)
      : Error(cause.what(), cause.hint()), m_repository_created(repository_created) {}
  bool repository_created() const { return m_repository_created; }

 private:
  bool m_repository_created;
};

// Throws agentlift::Error (with a hint naming the alternative) when the builder
// is missing or fails (ContainerImageError once the repository exists); the
// registry password never reaches an error, a log or a command line.
ContainerImage build_and_push_image(const ContainerImageRequest& request,
                                    cloud::AwsSession& session,
                                    const plan::Environment& environment, Io& io);

// The same with every effect passed in (tests): ECR, the programs, the host.
ContainerImage build_and_push_image(const ContainerImageRequest& request, cloud::EcrClient& ecr,
                                    ProcessRunner& runner, const bedrock::BuildHost& host,
                                    const plan::Environment& environment, Io& io);

}  // namespace agentlift::cli
