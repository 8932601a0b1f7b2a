#include "cli/harness_deploy.hpp"

#include "base/errors.hpp"
#include "base/files.hpp"
#include "base/json.hpp"
#include "base/sha256.hpp"
#include "cli/common.hpp"
#include "cli/deploy_support.hpp"
#include "cli/harness_apply.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/s3_client.hpp"
#include "cloud/transport.hpp"
#include "plan/dotenv.hpp"
#include "plan/mcp_auth_values.hpp"
#include "targets/bedrock/harness_deploy_decision.hpp"
#include "targets/bedrock/harness_lock.hpp"
#include "targets/bedrock/harness_recovery.hpp"
#include "targets/bedrock/harness_request.hpp"
#include "targets/bedrock/skill_upload_plan.hpp"

namespace agentlift::cli {
namespace {

using bedrock::HarnessAction;

// For a failure without a more precise hint: what the lock records makes a
// re-run safe (docs/harness-crash-safety.md).
constexpr const char* k_resume_hint =
    "run the same deploy again: it resumes from what .agentlift-harness.json records and never "
    "creates a second harness";

void write_lock(const std::filesystem::path& root, const bedrock::HarnessLock& lock) {
  files::write_atomic(bedrock::harness_lock_path(root), bedrock::serialize_harness_lock(lock));
}

// Skill files are read twice: once to hash them (plan_skill_uploads), once to
// upload the ones that changed, so at most one file is in memory at a time.
std::string read_skill_file(const std::filesystem::path& path) {
  files::ReadResult read = files::read(path, 64u << 20);
  if (read.status != files::ReadResult::Status::ok) {
    throw IoError("cannot read skill file " + path.string() +
                  (read.error.empty() ? "" : ": " + read.error));
  }
  return std::move(read.bytes);
}

std::vector<bedrock::UploadedSkillObject> upload_skills(bedrock::SkillUploadPlan& uploads,
                                                        cloud::AwsSession& session, Io& io) {
  if (uploads.upload_count() == 0) return uploads.records();
  cloud::S3Client s3 = s3_client(session);
  for (auto& object : uploads.objects) {
    if (!object.upload) continue;
    const std::string bytes = read_skill_file(object.source);
    object.sha256 = sha256_hex(bytes);
    object.etag = s3.put_object(uploads.bucket, object.key, bytes).etag;
    io.err << "  uploaded s3://" << uploads.bucket << "/" << object.key << "\n";
  }
  return uploads.records();
}

// Deletes the objects an earlier deploy uploaded that the harness no longer
// uses. Best effort: what cannot be deleted stays in the lock for destroy.
std::vector<bedrock::UploadedSkillObject> delete_stale_objects(
    const std::vector<bedrock::UploadedSkillObject>& stale, cloud::AwsSession& session, Io& io) {
  std::vector<bedrock::UploadedSkillObject> kept;
  if (stale.empty()) return kept;
  cloud::S3Client s3 = s3_client(session);
  for (const auto& object : stale) {
    try {
      s3.delete_object(object.bucket, object.key);
      io.err << "  deleted s3://" << object.bucket << "/" << object.key << " (no longer used)\n";
    } catch (const Error& error) {
      io.err << "  warning: could not delete s3://" << object.bucket << "/" << object.key << ": "
             << error.what() << " (kept in the lock for 'destroy')\n";
      kept.push_back(object);
    }
  }
  return kept;
}

}  // namespace

int deploy_harness(const parse::ParseResult& parsed, const bedrock::Plan& full_plan,
                   const HarnessDeployOptions& options, Io& io) {
  const bedrock::HarnessPlan& plan = full_plan.harness;
  const std::filesystem::path root = parsed.project.root;
  const plan::Environment environment = environment_with_dotenv(root);
  const std::string role =
      setting(options.role_arn, environment, "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN");
  const std::string bucket = setting(options.s3_bucket, environment, "AGENTLIFT_BEDROCK_S3_BUCKET");

  const bedrock::HarnessLockRead lock = bedrock::read_harness_lock(
      files::read(bedrock::harness_lock_path(root), bedrock::k_harness_lock_max_bytes));
  const bedrock::HarnessDeployDecision decision =
      bedrock::decide_harness_deploy(plan, lock, {role, bucket});
  if (decision.action == HarnessAction::refuse) {
    throw Error(decision.reason, "fix or move " + bedrock::harness_lock_path(root).string() +
                                     " (it records the deployed harness), then deploy again");
  }
  if (decision.action == HarnessAction::skip) {
    if (options.json) {
      io.out << json::pretty(Json{{"action", "skip"},
                                  {"harness_id", lock.lock.harness_id},
                                  {"harness_arn", lock.lock.harness_arn},
                                  {"region", lock.lock.region},
                                  {"spec_hash", plan.spec_hash()},
                                  {"reason", decision.reason}})
             << "\n";
    } else {
      io.out << "Up to date. harness: " << lock.lock.harness_arn << "  (" << decision.reason
             << ")\n";
    }
    return k_exit_ok;
  }
  if (decision.action == HarnessAction::create || !role.empty()) {
    bedrock::require_execution_role(role);
  }
  const plan::McpAuthValues auth =
      plan::resolve_mcp_auth_values(bedrock::harness_auth_headers(plan), environment);
  bedrock::SkillUploadPlan uploads =
      bedrock::plan_skill_uploads(plan, bucket, lock.lock.skill_objects, read_skill_file);

  io.err << (decision.action == HarnessAction::create ? "Creating" : "Updating")
         << " AgentCore harness " << plan.harness_name << " in " << plan.region << ": "
         << decision.reason << "\n";
  confirm(options.yes,
          std::string(bedrock::action_name(decision.action)) + " harness " + plan.harness_name, io);

  AwsOptions aws = options.aws;
  aws.region = plan.region;
  AwsAccess access(aws, io.err, environment);
  for (const std::string& secret : auth.texts_to_redact()) access.add_secret(secret);
  cloud::AwsSession& session = access.session();

  try {
    const std::vector<bedrock::UploadedSkillObject> uploaded = upload_skills(uploads, session, io);
    // Every object now in S3 is in the lock before any harness call.
    bedrock::HarnessLock current = lock.lock;
    if (uploads.upload_count() > 0) {
      current = bedrock::lock_with_skill_objects(lock.lock, uploaded, uploads.stale);
      write_lock(root, current);
    }
    bedrock::HarnessRequestInputs inputs{role, auth, uploads.skill_uris};
    cloud::AgentCoreControlClient control(session.client(cloud::AwsService::agentcore_control));
    const HarnessApply apply{
        control,
        plan,
        inputs,
        [&](const cloud::AgentCoreResource& harness) {
          write_lock(root, bedrock::provisional_harness_lock(current, plan, harness, role));
        },
        options.timeout,
        io};
    const AppliedHarness applied = apply_harness(apply, decision.action, lock.lock);
    const cloud::AgentCoreResource& harness = applied.harness;
    if (harness.status != "READY") {
      io.err << "error: harness " << harness.id << " ended in " << harness.status
             << (harness.failure_reason.empty()
                     ? ""
                     : ": " + plan::redact_secrets(harness.failure_reason, auth))
             << "\n";
      return k_exit_deploy_failed;
    }
    std::vector<bedrock::UploadedSkillObject> recorded = uploaded;
    for (auto& object : delete_stale_objects(uploads.stale, session, io)) {
      recorded.push_back(std::move(object));
    }
    write_lock(root, bedrock::next_harness_lock(lock.lock, plan, harness.id, harness.arn,
                                                role.empty() ? lock.lock.execution_role_arn : role,
                                                recorded));
    if (options.json) {
      io.out << json::pretty(Json{{"action", bedrock::action_name(applied.action)},
                                  {"harness_id", harness.id},
                                  {"harness_arn", harness.arn},
                                  {"harness_version", harness.version},
                                  {"status", harness.status},
                                  {"region", plan.region},
                                  {"spec_hash", plan.spec_hash()},
                                  {"skill_files_uploaded", uploads.upload_count()},
                                  {"env_var_names", auth.env_var_names()}})
             << "\n";
    } else {
      io.out << (applied.action == HarnessAction::create ? "Deployed" : "Updated")
             << ". harness: " << harness.arn << "  (status " << harness.status << ", version "
             << harness.version << ")\n";
      if (auth.size() > 0) {
        io.out << "  populated MCP auth header(s) from env:";
        for (const auto& name : auth.env_var_names()) io.out << " " << name;
        io.out << "\n";
      }
    }
    return k_exit_ok;
  } catch (const cloud::HttpError& error) {
    // AWS may echo request values back; never show a header secret.
    throw Error(plan::redact_secrets(error.what(), auth),
                error.hint().empty() ? k_resume_hint : error.hint());
  } catch (const cloud::TransportError& error) {
    throw Error(error.what(), error.hint().empty() ? k_resume_hint : error.hint());
  }
}

}  // namespace agentlift::cli
