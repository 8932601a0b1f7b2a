#pragma once
// The live Runtime deploy behind `agentlift deploy` (mode runtime): decide from
// .agentlift-bedrock.json, build the artifact (a reproducible code zip uploaded
// to S3 by default, or a container image pushed to ECR), CreateAgentRuntime or
// UpdateAgentRuntime with the full configuration, wait for READY, write the
// lockfile. Like the harness deploy, the lockfile is written right after the
// upload and right after a create (without a spec hash), and a create first
// looks the runtime up by name, so an interrupted deploy never makes a second
// runtime.

#include <chrono>
#include <string>

#include "cli/aws_access.hpp"
#include "cli/io.hpp"
#include "parse/project_parser.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::cli {

struct RuntimeDeployOptions {
  AwsOptions aws;
  std::string role_arn;                 // --role-arn, else AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN
  std::string s3_bucket;                // --s3-bucket, else AGENTLIFT_BEDROCK_S3_BUCKET (code zips)
  std::string artifact = "code";        // --artifact code|container
  std::string python_version = "3.12";  // --python (code)
  std::string code_deps = "install";    // --code-deps install|none (code)
  std::string wheel_dir;                // --wheel-dir (code, offline)
  std::string builder = "docker";       // --builder docker|podman|buildah (container)
  std::string base_image;               // --base-image (container)
  std::string project_path;             // as typed, for the generated runbook
  bool yes = false;
  bool json = false;
  std::chrono::seconds timeout{600};
};

int deploy_runtime(const parse::ParseResult& parsed, const bedrock::Plan& plan,
                   const RuntimeDeployOptions& options, Io& io);

}  // namespace agentlift::cli
