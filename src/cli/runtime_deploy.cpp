#include "cli/runtime_deploy.hpp"

#include <optional>

#include "base/errors.hpp"
#include "base/files.hpp"
#include "base/json.hpp"
#include "cli/common.hpp"
#include "cli/container_image.hpp"
#include "cli/deploy_support.hpp"
#include "cli/package_writer.hpp"
#include "cli/runtime_code_artifact.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/aws_error.hpp"
#include "plan/mcp_auth_values.hpp"
#include "targets/bedrock/harness_request.hpp"
#include "targets/bedrock/runtime_deploy_decision.hpp"
#include "targets/bedrock/runtime_lock.hpp"
#include "targets/bedrock/runtime_request.hpp"
#include "targets/bedrock/strands_codegen.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;
using bedrock::RuntimeAction;

// What the deploy was told, resolved from flags and the environment.
struct Settings {
  std::string role;
  std::string bucket;
  std::string artifact_kind;  // "code" or "container"
  std::string python_runtime;
  CodeDependencies dependencies = CodeDependencies::install;
};

// The artifact, ready for the request.
struct Artifact {
  bedrock::RuntimeArtifact request;
  std::string uri;
  std::optional<CodeBuild> code;
  bool uploaded = false;
  std::string ecr_repository;
  bool ecr_repository_created = false;
};

void write_lock(const fs::path& root, const bedrock::RuntimeLock& lock) {
  files::write_atomic(bedrock::runtime_lock_path(root), bedrock::serialize_runtime_lock(lock));
}

Settings resolve_settings(const RuntimeDeployOptions& options,
                          const plan::Environment& environment) {
  Settings settings;
  settings.role = setting(options.role_arn, environment, "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN");
  if (options.artifact != "code" && options.artifact != "container") {
    throw UsageError("--artifact " + options.artifact + " is not a choice",
                     "use --artifact code (the default: a zip in S3) or --artifact container");
  }
  settings.artifact_kind = options.artifact;
  if (settings.artifact_kind == "code") {
    settings.bucket = setting(options.s3_bucket, environment, "AGENTLIFT_BEDROCK_S3_BUCKET");
    settings.python_runtime = bedrock::python_runtime_id(options.python_version);
    settings.dependencies = parse_code_dependencies(options.code_deps);
    if (settings.dependencies == CodeDependencies::none && !options.wheel_dir.empty()) {
      throw UsageError("--wheel-dir and --code-deps none contradict each other",
                       "drop --code-deps none to install the dependencies from the wheels");
    }
  }
  return settings;
}

bedrock::RuntimeDeploySettings decision_settings(const Settings& settings) {
  bedrock::RuntimeDeploySettings out;
  out.artifact_kind = settings.artifact_kind;
  out.execution_role_arn = settings.role;
  if (settings.artifact_kind == "code") {
    out.code_bucket = settings.bucket;
    out.code_runtime = settings.python_runtime;
    out.code_dependencies = code_dependencies_name(settings.dependencies);
  }
  return out;
}

Artifact prepare_code(const fs::path& root, const bedrock::RuntimePlan& plan,
                      const RuntimeDeployOptions& options, const Settings& settings,
                      bedrock::RuntimeLock& lock, cloud::AwsSession& session, Io& io) {
  CodeBuildOptions build_options;
  build_options.python_version = options.python_version;
  build_options.dependencies = settings.dependencies;
  build_options.wheel_dir = options.wheel_dir;
  Artifact artifact;
  artifact.code = build_code_zip(root, plan, build_options, io);
  const std::string key =
      bedrock::code_object_key(bedrock::agent_runtime_name(plan), artifact.code->zip.sha256);
  artifact.uri = "s3://" + settings.bucket + "/" + key;
  artifact.request = bedrock::CodeArtifact{settings.bucket, key, settings.python_runtime,
                                           bedrock::k_code_entry_point};
  for (const auto& object : lock.code_objects) {
    if (object.bucket == settings.bucket && object.key == key) {
      io.err << "  " << artifact.uri << " is already uploaded (same bytes)\n";
      return artifact;
    }
  }
  files::ReadResult zip = files::read(artifact.code->zip.path, 1ull << 32);
  if (zip.status != files::ReadResult::Status::ok) {
    throw IoError("cannot read " + artifact.code->zip.path.string() + ": " + zip.error);
  }
  const cloud::S3PutResult put = s3_client(session).put_object(settings.bucket, key, zip.bytes);
  io.err << "  uploaded " << artifact.uri << "\n";
  artifact.uploaded = true;
  // Recorded at once, so destroy can delete it whatever happens next.
  lock.code_objects.push_back({settings.bucket, key, artifact.code->zip.sha256, put.etag});
  write_lock(root, lock);
  return artifact;
}

Artifact prepare_container(const fs::path& root, const bedrock::RuntimePlan& plan,
                           const RuntimeDeployOptions& options,
                           const plan::Environment& environment, bedrock::RuntimeLock& lock,
                           cloud::AwsSession& session, Io& io) {
  bedrock::PackageOptions package;
  if (!options.base_image.empty()) package.base_image = options.base_image;
  package.project_path = options.project_path;
  ContainerImageRequest request;
  request.build_dir = root / ".agentlift-build" / "bedrock";
  replace_folder(request.build_dir, bedrock::generate_runtime_package(plan, package));
  request.repository_name = bedrock::runtime_ecr_repository(plan);
  request.tag = plan.spec_hash().substr(0, 12);
  request.builder = options.builder;
  request.base_image = options.base_image;
  ContainerImage image;
  try {
    image = build_and_push_image(request, session, environment, io);
  } catch (const ContainerImageError& error) {
    // A repository made just before a failed build is recorded, so destroy
    // can delete it and a re-run knows it is ours.
    if (error.repository_created()) {
      lock.ecr_repository = request.repository_name;
      lock.ecr_repository_created = true;
      write_lock(root, lock);
    }
    throw;
  }
  Artifact artifact;
  artifact.uri = image.uri;
  artifact.request = bedrock::ContainerArtifact{image.uri};
  artifact.ecr_repository = image.repository_name;
  artifact.ecr_repository_created = image.repository_created;
  return artifact;
}

// The runtime a crashed earlier deploy may have created: same name, this region.
std::optional<cloud::AgentCoreResource> find_by_name(cloud::AgentCoreControlClient& control,
                                                     const std::string& name) {
  for (cloud::AgentCoreResource& runtime : control.list_all_agent_runtimes()) {
    if (runtime.name == name) return std::move(runtime);
  }
  return std::nullopt;
}

cloud::AgentCoreResource create_runtime(cloud::AgentCoreControlClient& control, Json body) {
  try {
    return control.create_agent_runtime(body);
  } catch (const cloud::HttpError& error) {
    if (!bedrock::is_deleted_client_token_error(error.aws_message())) throw;
    return control.create_agent_runtime(bedrock::without_client_token(std::move(body)));
  }
}

// The lock's record of this runtime and artifact (no spec hash: the caller sets
// it once the runtime is READY).
void record(bedrock::RuntimeLock& lock, const bedrock::RuntimePlan& plan,
            const cloud::AgentCoreResource& runtime, const Settings& settings,
            const Artifact& artifact) {
  lock.agent_runtime_id = runtime.id;
  if (!runtime.arn.empty()) lock.agent_runtime_arn = runtime.arn;
  lock.region = plan.region;
  lock.spec_hash.clear();
  lock.display_name = plan.display_name;
  lock.deploy_model = plan.agents.empty() ? "" : plan.agents.front().bedrock_model;
  lock.execution_role_arn = settings.role;
  lock.artifact_kind = settings.artifact_kind;
  lock.artifact_uri = artifact.uri;
  const bool code = settings.artifact_kind == "code";
  lock.code_runtime = code ? settings.python_runtime : "";
  lock.code_dependencies = code ? code_dependencies_name(settings.dependencies) : "";
  if (!code) {
    lock.ecr_repository = artifact.ecr_repository;
    lock.ecr_repository_created = lock.ecr_repository_created || artifact.ecr_repository_created;
  }
}

void print_skip(const bedrock::RuntimeLock& lock, const bedrock::RuntimePlan& plan,
                const std::string& reason, bool json, Io& io) {
  if (json) {
    io.out << json::pretty(Json{{"action", "skip"},
                                {"agent_runtime_id", lock.agent_runtime_id},
                                {"agent_runtime_arn", lock.agent_runtime_arn},
                                {"region", lock.region},
                                {"spec_hash", plan.spec_hash()},
                                {"artifact_kind", lock.artifact_kind},
                                {"artifact_uri", lock.artifact_uri},
                                {"reason", reason}})
           << "\n";
  } else {
    io.out << "Up to date. runtime: " << lock.agent_runtime_arn << "  (" << reason << ")\n";
  }
}

void print_result(RuntimeAction action, const cloud::AgentCoreResource& runtime,
                  const bedrock::RuntimePlan& plan, const bedrock::RuntimeLock& lock,
                  const Artifact& artifact, const plan::McpAuthValues& auth, const fs::path& root,
                  bool json, Io& io) {
  if (json) {
    Json out{{"action", bedrock::runtime_action_name(action)},
             {"agent_runtime_id", runtime.id},
             {"agent_runtime_arn", lock.agent_runtime_arn},
             {"agent_runtime_version", runtime.version},
             {"status", runtime.status},
             {"region", plan.region},
             {"spec_hash", plan.spec_hash()},
             {"display_name", plan.display_name},
             {"deploy_model", lock.deploy_model},
             {"env_var_names", auth.env_var_names()},
             {"artifact_kind", lock.artifact_kind},
             {"artifact_uri", artifact.uri}};
    if (artifact.code) {
      out["code"] = {{"zip_path", artifact.code->zip.path.string()},
                     {"zip_bytes", artifact.code->zip.bytes},
                     {"zip_sha256", artifact.code->zip.sha256},
                     {"files", artifact.code->zip.files},
                     {"uploaded", artifact.uploaded},
                     {"python_runtime", lock.code_runtime},
                     {"dependencies", lock.code_dependencies},
                     {"build_ms", artifact.code->took.count()}};
    }
    io.out << json::pretty(out) << "\n";
    return;
  }
  io.out << (action == RuntimeAction::create ? "Created" : "Updated")
         << " AgentCore Runtime: " << lock.agent_runtime_arn << "  (status " << runtime.status
         << ", version " << runtime.version << ")\n"
         << "  region: " << plan.region << "   spec: " << plan.spec_hash().substr(0, 12)
         << "   model: " << lock.deploy_model << "\n"
         << "  artifact: " << artifact.uri << "\n";
  if (lock.code_dependencies == "none") {
    io.out << "  note: the zip has no Python dependencies (--code-deps none); this runtime "
              "cannot start on AWS\n";
  }
  if (auth.size() > 0) {
    io.out << "  populated MCP auth env var(s):";
    for (const auto& name : auth.env_var_names()) io.out << " " << name;
    io.out << "\n";
  }
  io.out << "  lock: " << bedrock::runtime_lock_path(root).string() << "\n";
}

}  // namespace

int deploy_runtime(const parse::ParseResult& parsed, const bedrock::Plan& full_plan,
                   const RuntimeDeployOptions& options, Io& io) {
  const bedrock::RuntimePlan& plan = full_plan.runtime;
  const fs::path root = parsed.project.root;
  const plan::Environment environment = environment_with_dotenv(root);
  Settings settings = resolve_settings(options, environment);

  const bedrock::RuntimeLockRead lock = bedrock::read_runtime_lock(
      files::read(bedrock::runtime_lock_path(root), bedrock::k_runtime_lock_max_bytes));
  const bedrock::RuntimeDeployDecision decision =
      bedrock::decide_runtime_deploy(plan, lock, decision_settings(settings));
  if (decision.action == RuntimeAction::refuse) {
    throw Error(decision.reason, "fix or move " + bedrock::runtime_lock_path(root).string() +
                                     " (it records the deployed runtime), then deploy again");
  }
  if (decision.action == RuntimeAction::skip) {
    print_skip(lock.lock, plan, decision.reason, options.json, io);
    return k_exit_ok;
  }
  if (settings.role.empty() && decision.action == RuntimeAction::update) {
    settings.role = lock.lock.execution_role_arn;
  }
  bedrock::require_execution_role(settings.role);
  if (settings.artifact_kind == "code" && settings.bucket.empty()) {
    throw UsageError("the code zip needs an S3 bucket and none is set",
                     "pass --s3-bucket BUCKET or set AGENTLIFT_BEDROCK_S3_BUCKET (or use "
                     "--artifact container)");
  }
  const std::string name = bedrock::agent_runtime_name(plan);
  const plan::McpAuthValues auth = plan::resolve_mcp_auth_values(
      bedrock::runtime_auth_headers(plan, parsed.project), environment);

  io.err << (decision.action == RuntimeAction::create ? "Creating" : "Updating")
         << " AgentCore Runtime " << name << " in " << plan.region << " (" << settings.artifact_kind
         << " artifact): " << decision.reason << "\n";
  confirm(options.yes,
          std::string(bedrock::runtime_action_name(decision.action)) + " agent runtime " + name,
          io);

  AwsOptions aws = options.aws;
  aws.region = plan.region;
  AwsAccess access(aws, io.err, environment);
  for (const std::string& secret : auth.texts_to_redact()) access.add_secret(secret);
  cloud::AwsSession& session = access.session();

  try {
    bedrock::RuntimeLock next = lock.lock;
    const Artifact artifact =
        settings.artifact_kind == "code"
            ? prepare_code(root, plan, options, settings, next, session, io)
            : prepare_container(root, plan, options, environment, next, session, io);
    const bedrock::RuntimeRequestInputs inputs{settings.role, artifact.request, auth};
    cloud::AgentCoreControlClient control(session.client(cloud::AwsService::agentcore_control));

    RuntimeAction action = decision.action;
    std::string runtime_id = lock.lock.agent_runtime_id;
    bool interrupted = action == RuntimeAction::update && lock.lock.spec_hash.empty();
    if (action == RuntimeAction::create) {
      if (auto existing = find_by_name(control, name)) {
        io.err << "  found runtime " << existing->id << " named " << name
               << " (an earlier deploy was interrupted); updating it\n";
        action = RuntimeAction::update;
        runtime_id = existing->id;
        interrupted = true;
      }
    }
    const auto get = [&control](const std::string& id) { return control.get_agent_runtime(id); };
    const auto gone = [&](const std::string& id) {
      return Error("the runtime " + id + " recorded in " +
                       bedrock::runtime_lock_path(root).string() + " no longer exists",
                   "move the lockfile away to deploy a new runtime");
    };
    cloud::AgentCoreResource runtime;
    if (action == RuntimeAction::create) {
      runtime = create_runtime(
          control, bedrock::create_runtime_body(plan, inputs,
                                                bedrock::runtime_client_token(plan.spec_hash())));
    } else {
      try {
        // An interrupted deploy may have left it CREATING or UPDATING, when
        // AWS refuses an update: let it settle first.
        if (interrupted)
          wait_until_settled(get(runtime_id), "agent runtime", get, options.timeout, io);
        runtime =
            control.update_agent_runtime(runtime_id, bedrock::update_runtime_body(plan, inputs));
      } catch (const cloud::HttpError& error) {
        if (!is_not_found(error)) throw;
        throw gone(runtime_id);
      }
      if (runtime.id.empty()) runtime.id = runtime_id;
    }
    // Recorded before waiting, without a spec hash: an interrupted deploy
    // resumes as an update of this runtime.
    record(next, plan, runtime, settings, artifact);
    write_lock(root, next);
    runtime = wait_until_settled(std::move(runtime), "agent runtime", get, options.timeout, io);
    if (!runtime.arn.empty()) next.agent_runtime_arn = runtime.arn;
    if (runtime.status != "READY") {
      write_lock(root, next);
      io.err << "error: agent runtime " << runtime.id << " ended in " << runtime.status
             << (runtime.failure_reason.empty()
                     ? ""
                     : ": " + plan::redact_secrets(runtime.failure_reason, auth))
             << "\n";
      return k_exit_deploy_failed;
    }
    next.spec_hash = plan.spec_hash();
    write_lock(root, next);
    print_result(action, runtime, plan, next, artifact, auth, root, options.json, io);
    return k_exit_ok;
  } catch (const cloud::HttpError& error) {
    // AWS may echo request values back; never show a header secret.
    throw Error(plan::redact_secrets(error.what(), auth), error.hint());
  }
}

}  // namespace agentlift::cli
