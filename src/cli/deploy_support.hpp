#pragma once
// What the commands that act on deployed resources share (deploy, run, status,
// diff, destroy, import, doctor): settings from a flag or the environment, the
// environment with .env files, the confirmation prompt, the S3 client for skill
// files and code zips, and waiting for an AgentCore resource to settle.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "cli/io.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/aws_session.hpp"
#include "cloud/s3_client.hpp"
#include "plan/dotenv.hpp"

namespace agentlift::cli {

// The exit code of a deploy whose resource ended in a failed state.
inline constexpr int k_exit_deploy_failed = 3;

// `flag` when given, else the environment variable, else "".
std::string setting(const std::string& flag, const plan::Environment& environment,
                    const char* variable);

// This process's environment with <cwd>/.env and <folder>/.env under it (the
// process wins, then the earlier file), as agentlift 0.8 read it.
plan::Environment environment_with_dotenv(const std::filesystem::path& folder);

// Asks "Proceed to <what>? [y/N]" on stderr when stdin is a terminal. `yes`
// skips the question; no terminal and no `yes` is a UsageError (exit 2), so a
// script never hangs on a prompt. A "no" is a UsageError too.
void confirm(bool yes, const std::string& what, Io& io);

// S3 for skill files and code zips: path-style addressing when the endpoint is
// overridden (moto, MinIO: no bucket subdomains on 127.0.0.1), virtual-host
// style on AWS.
cloud::S3Client s3_client(cloud::AwsSession& session);

// Polls `get` until the resource leaves CREATING/UPDATING/DELETING, waiting
// about 1 s growing to 10 s between calls, with a progress line on stderr.
// After `timeout` it fails with an Error that says the resource may still
// finish. `noun` names it in messages ("harness", "agent runtime").
cloud::AgentCoreResource wait_until_settled(
    cloud::AgentCoreResource resource, const std::string& noun,
    const std::function<cloud::AgentCoreResource(const std::string& id)>& get,
    std::chrono::seconds timeout, Io& io);

// True for an HttpError that means "no such resource" (HTTP 404 or a
// ResourceNotFoundException).
bool is_not_found(const std::exception& error);

}  // namespace agentlift::cli
