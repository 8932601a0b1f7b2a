#pragma once
// The container artifact of a Runtime deploy (`deploy --artifact container`):
// make sure the ECR repository exists (recording whether agentlift created it),
// log the builder in with ECR's authorization token, build the generated
// package's Dockerfile for linux/arm64 and push it, tagged with the spec hash.
// The builder is a program on PATH: docker (buildx), podman or buildah.

#include <filesystem>
#include <string>

#include "cli/io.hpp"
#include "cloud/aws_session.hpp"
#include "plan/dotenv.hpp"

namespace agentlift::cli {

struct ContainerImageRequest {
  std::filesystem::path build_dir;  // the generated package, Dockerfile included
  std::string repository_name;      // "agentlift/agentlift_lead"
  std::string tag;                  // the spec hash's first 12 characters
  std::string builder = "docker";   // "docker", "podman" or "buildah"
  std::string platform = "linux/arm64";
};

struct ContainerImage {
  std::string uri;              // <repositoryUri>:<tag>, what CreateAgentRuntime gets
  std::string repository_name;  // as requested
  bool repository_created = false;  // this call created the ECR repository
};

// Throws agentlift::Error (with a hint naming the alternative) when the builder
// is missing or fails; the registry password never reaches an error or a log.
ContainerImage build_and_push_image(const ContainerImageRequest& request,
                                    cloud::AwsSession& session,
                                    const plan::Environment& environment, Io& io);

}  // namespace agentlift::cli
