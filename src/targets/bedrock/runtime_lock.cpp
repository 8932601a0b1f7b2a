// Reading and writing `.agentlift-bedrock.json` (see runtime_lock.hpp).

#include "targets/bedrock/runtime_lock.hpp"

#include <set>

namespace agentlift::bedrock {
namespace {

const std::set<std::string> k_known_keys = {
    "version",       "agent_runtime_id", "agent_runtime_arn",     "region",
    "spec_hash",     "display_name",     "deploy_model",          "execution_role_arn",
    "artifact_kind", "artifact_uri",     "code_runtime",          "code_dependencies",
    "code_objects",  "ecr_repository",   "ecr_repository_created"};

RuntimeLock lock_from_json(const Json& object) {
  using namespace lock_json;
  RuntimeLock lock;
  lock.version = version_field(object, k_runtime_lock_version);
  lock.agent_runtime_id = string_field(object, "agent_runtime_id");
  lock.agent_runtime_arn = string_field(object, "agent_runtime_arn");
  lock.region = string_field(object, "region");
  lock.spec_hash = string_field(object, "spec_hash");
  lock.display_name = string_field(object, "display_name");
  lock.deploy_model = string_field(object, "deploy_model");
  lock.execution_role_arn = string_field(object, "execution_role_arn");
  lock.artifact_kind = string_field(object, "artifact_kind");
  if (!lock.artifact_kind.empty() && lock.artifact_kind != "code" &&
      lock.artifact_kind != "container") {
    throw Problem("'artifact_kind' is neither \"code\" nor \"container\"");
  }
  lock.artifact_uri = string_field(object, "artifact_uri");
  lock.code_runtime = string_field(object, "code_runtime");
  lock.code_dependencies = string_field(object, "code_dependencies");
  lock.code_objects = objects_field(object, "code_objects");
  lock.ecr_repository = string_field(object, "ecr_repository");
  lock.ecr_repository_created = bool_field(object, "ecr_repository_created");
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!k_known_keys.count(it.key())) lock.extra[it.key()] = it.value();
  }
  return lock;
}

RuntimeLockRead invalid(std::string problem) {
  RuntimeLockRead read;
  read.status = RuntimeLockRead::Status::invalid;
  read.problem = std::move(problem);
  return read;
}

}  // namespace

std::filesystem::path runtime_lock_path(const std::filesystem::path& project_root) {
  return project_root / k_runtime_lock_file;
}

RuntimeLockRead read_runtime_lock(const files::ReadResult& file) {
  using Status = files::ReadResult::Status;
  switch (file.status) {
    case Status::ok:
      return parse_runtime_lock(file.bytes);
    case Status::missing:
      return {};
    case Status::not_a_file:
      return invalid("it is not a regular file");
    case Status::too_large:
      return invalid("it is larger than " + std::to_string(k_runtime_lock_max_bytes >> 20) +
                     " MiB");
    case Status::unreadable:
      return invalid("it cannot be read (" + file.error + ")");
  }
  return invalid("it cannot be read");
}

RuntimeLockRead parse_runtime_lock(std::string_view text) {
  try {
    RuntimeLockRead read;
    read.status = RuntimeLockRead::Status::ok;
    read.lock = lock_from_json(lock_json::parse_object(text));
    return read;
  } catch (const lock_json::Problem& problem) {
    return invalid(problem.what());
  }
}

std::string serialize_runtime_lock(const RuntimeLock& lock) {
  Json out = lock.extra.is_object() ? lock.extra : Json::object();
  out["version"] = lock.version;
  out["agent_runtime_id"] = lock.agent_runtime_id;
  out["agent_runtime_arn"] = lock.agent_runtime_arn;
  out["region"] = lock.region;
  out["spec_hash"] = lock.spec_hash;
  out["display_name"] = lock.display_name;
  out["deploy_model"] = lock.deploy_model;
  if (!lock.execution_role_arn.empty()) out["execution_role_arn"] = lock.execution_role_arn;
  if (!lock.artifact_kind.empty()) out["artifact_kind"] = lock.artifact_kind;
  if (!lock.artifact_uri.empty()) out["artifact_uri"] = lock.artifact_uri;
  if (!lock.code_runtime.empty()) out["code_runtime"] = lock.code_runtime;
  if (!lock.code_dependencies.empty()) out["code_dependencies"] = lock.code_dependencies;
  if (!lock.code_objects.empty()) {
    std::vector<UploadedObject> objects = lock.code_objects;
    lock_json::sort_objects(objects);
    out["code_objects"] = lock_json::objects_json(objects);
  }
  if (!lock.ecr_repository.empty()) out["ecr_repository"] = lock.ecr_repository;
  if (lock.ecr_repository_created) out["ecr_repository_created"] = true;
  return json::pretty(lock_json::sorted_keys(out)) + "\n";
}

}  // namespace agentlift::bedrock
