#pragma once
// The live Harness deploy behind `agentlift deploy` (mode harness): decide from
// the lockfile, upload changed skill files to S3, CreateHarness or UpdateHarness
// with the full desired configuration, wait for READY, write the lockfile.
// The lockfile records uploaded objects at once and a harness as soon as its id
// is known (with no spec hash yet), and a deploy with no harness recorded looks
// it up by name first, so an interrupted deploy resumes as an update of that
// harness, never a second one (cli/harness_apply.hpp, docs/harness-crash-safety.md).

#include <chrono>
#include <string>

#include "cli/aws_access.hpp"
#include "cli/deploy_support.hpp"
#include "cli/io.hpp"
#include "parse/project_parser.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::cli {

struct HarnessDeployOptions {
  AwsOptions aws;
  std::string role_arn;   // --role-arn, else AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN
  std::string s3_bucket;  // --s3-bucket, else AGENTLIFT_BEDROCK_S3_BUCKET
  bool yes = false;
  bool json = false;
  std::chrono::seconds timeout{600};
};

int deploy_harness(const parse::ParseResult& parsed, const bedrock::Plan& plan,
                   const HarnessDeployOptions& options, Io& io);

}  // namespace agentlift::cli
