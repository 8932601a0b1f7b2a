#include "cli/deployed.hpp"

#include "base/errors.hpp"
#include "base/files.hpp"
#include "cli/deploy_support.hpp"
#include "plan/mcp_auth_values.hpp"
#include "targets/bedrock/harness_request.hpp"

namespace agentlift::cli {

void require_folder(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) {
    throw UsageError("there is no folder at " + path,
                     "pass the folder you deployed (the one holding .managed-agents/)");
  }
}

DeployedLocks read_deployed_locks(const std::filesystem::path& root) {
  DeployedLocks locks;
  locks.root = root;
  locks.harness = bedrock::read_harness_lock(
      files::read(bedrock::harness_lock_path(root), bedrock::k_harness_lock_max_bytes));
  locks.runtime = bedrock::read_runtime_lock(
      files::read(bedrock::runtime_lock_path(root), bedrock::k_runtime_lock_max_bytes));
  return locks;
}

void require_readable_locks(const DeployedLocks& locks) {
  if (locks.harness.status == bedrock::HarnessLockRead::Status::invalid) {
    throw Error(bedrock::harness_lock_path(locks.root).string() +
                    " cannot be read: " + locks.harness.problem,
                "repair the file (it records the deployed harness), or move it away");
  }
  if (locks.runtime.status == bedrock::RuntimeLockRead::Status::invalid) {
    throw Error(bedrock::runtime_lock_path(locks.root).string() +
                    " cannot be read: " + locks.runtime.problem,
                "repair the file (it records the deployed runtime), or move it away");
  }
}

std::string deploy_first_hint(const std::string& path) {
  return "deploy it first: agentlift deploy " + path;
}

bedrock::HarnessPlan harness_plan_in(const parse::ParseResult& parsed, const std::string& region) {
  return bedrock::build_harness_plan(parsed.project, parsed.diagnostics, region,
                                     /*skip_unsupported=*/false);
}

bedrock::RuntimePlan runtime_plan_in(const parse::ParseResult& parsed, const std::string& region) {
  return bedrock::build_runtime_plan(parsed.project, parsed.diagnostics, region,
                                     /*skip_unsupported=*/false);
}

std::string recorded_skill_bucket(const bedrock::HarnessLock& lock) {
  return lock.skill_objects.empty() ? std::string() : lock.skill_objects.front().bucket;
}

std::vector<std::string> known_header_values(const bedrock::HarnessPlan& plan,
                                             const plan::Environment& environment) {
  std::vector<std::string> out;
  for (const plan::McpAuthHeader& header : bedrock::harness_auth_headers(plan)) {
    try {
      for (std::string& text :
           plan::resolve_mcp_auth_values({header}, environment).texts_to_redact()) {
        out.push_back(std::move(text));
      }
    } catch (const Error&) {
      // Unset or malformed: nothing known to hide.
    }
  }
  return out;
}

std::string hide_texts(std::string text, const std::vector<std::string>& secrets) {
  constexpr std::string_view k_redacted = "<redacted>";
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + k_redacted.size())) {
      text.replace(at, secret.size(), k_redacted);
    }
  }
  return text;
}

std::unique_ptr<AwsAccess> aws_access_in(const AwsOptions& options, const std::string& region,
                                         const plan::Environment& environment, Io& io) {
  AwsOptions aws = options;
  aws.region = region;
  return std::make_unique<AwsAccess>(aws, io.err, environment);
}

cloud::AgentCoreControlClient control_client(AwsAccess& access) {
  return cloud::AgentCoreControlClient(
      access.session().client(cloud::AwsService::agentcore_control));
}

std::optional<cloud::AgentCoreResource> find_harness(cloud::AgentCoreControlClient& control,
                                                     const std::string& id) {
  try {
    return control.get_harness(id);
  } catch (const Error& error) {
    if (is_not_found(error)) return std::nullopt;
    throw;
  }
}

std::optional<cloud::AgentCoreResource> find_agent_runtime(cloud::AgentCoreControlClient& control,
                                                           const std::string& id) {
  try {
    return control.get_agent_runtime(id);
  } catch (const Error& error) {
    if (is_not_found(error)) return std::nullopt;
    throw;
  }
}

}  // namespace agentlift::cli
