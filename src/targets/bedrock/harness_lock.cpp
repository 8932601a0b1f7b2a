// Reading and writing `.agentlift-harness.json` (see harness_lock.hpp).

#include "targets/bedrock/harness_lock.hpp"

#include <set>

namespace agentlift::bedrock {
namespace {

const std::set<std::string> k_known_keys = {"version",      "harness_id",         "harness_arn",
                                            "region",       "spec_hash",          "display_name",
                                            "deploy_model", "execution_role_arn", "skill_objects"};

HarnessLock lock_from_json(const Json& object) {
  using namespace lock_json;
  HarnessLock lock;
  lock.version = version_field(object, k_harness_lock_version);
  lock.harness_id = string_field(object, "harness_id");
  lock.harness_arn = string_field(object, "harness_arn");
  lock.region = string_field(object, "region");
  lock.spec_hash = string_field(object, "spec_hash");
  lock.display_name = string_field(object, "display_name");
  lock.deploy_model = string_field(object, "deploy_model");
  lock.execution_role_arn = string_field(object, "execution_role_arn");
  lock.skill_objects = objects_field(object, "skill_objects");
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!k_known_keys.count(it.key())) lock.extra[it.key()] = it.value();
  }
  return lock;
}

HarnessLockRead invalid(std::string problem) {
  HarnessLockRead read;
  read.status = HarnessLockRead::Status::invalid;
  read.problem = std::move(problem);
  return read;
}

}  // namespace

std::filesystem::path harness_lock_path(const std::filesystem::path& project_root) {
  return project_root / k_harness_lock_file;
}

HarnessLockRead read_harness_lock(const files::ReadResult& file) {
  using Status = files::ReadResult::Status;
  switch (file.status) {
    case Status::ok:
      return parse_harness_lock(file.bytes);
    case Status::missing:
      return {};
    case Status::not_a_file:
      return invalid("it is not a regular file");
    case Status::too_large:
      return invalid("it is larger than " + std::to_string(k_harness_lock_max_bytes >> 20) +
                     " MiB");
    case Status::unreadable:
      return invalid("it cannot be read (" + file.error + ")");
  }
  return invalid("it cannot be read");
}

HarnessLockRead parse_harness_lock(std::string_view text) {
  try {
    HarnessLockRead read;
    read.status = HarnessLockRead::Status::ok;
    read.lock = lock_from_json(lock_json::parse_object(text));
    return read;
  } catch (const lock_json::Problem& problem) {
    return invalid(problem.what());
  }
}

std::string serialize_harness_lock(const HarnessLock& lock) {
  Json out = lock.extra.is_object() ? lock.extra : Json::object();
  out["version"] = lock.version;
  out["harness_id"] = lock.harness_id;
  out["harness_arn"] = lock.harness_arn;
  out["region"] = lock.region;
  out["spec_hash"] = lock.spec_hash;
  out["display_name"] = lock.display_name;
  out["deploy_model"] = lock.deploy_model;
  if (!lock.execution_role_arn.empty()) out["execution_role_arn"] = lock.execution_role_arn;
  if (!lock.skill_objects.empty())
    out["skill_objects"] = lock_json::objects_json(lock.skill_objects);
  return json::pretty(lock_json::sorted_keys(out)) + "\n";
}

HarnessLock next_harness_lock(const HarnessLock& previous, const HarnessPlan& plan,
                              const std::string& harness_id, const std::string& harness_arn,
                              const std::string& execution_role_arn,
                              std::vector<UploadedSkillObject> skill_objects) {
  HarnessLock lock;
  lock.extra = previous.extra;
  lock.harness_id = harness_id;
  lock.harness_arn = harness_arn;
  lock.region = plan.region;
  lock.spec_hash = plan.spec_hash();
  lock.display_name = plan.display_name;
  lock.deploy_model = plan.bedrock_model;
  lock.execution_role_arn =
      execution_role_arn.empty() ? previous.execution_role_arn : execution_role_arn;
  lock.skill_objects = std::move(skill_objects);
  lock_json::sort_objects(lock.skill_objects);
  return lock;
}

}  // namespace agentlift::bedrock
