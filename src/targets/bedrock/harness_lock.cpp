// Reading and writing `.agentlift-harness.json` (see harness_lock.hpp).

#include "targets/bedrock/harness_lock.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace agentlift::bedrock {
namespace {

const std::set<std::string> k_known_keys = {"version",      "harness_id",         "harness_arn",
                                            "region",       "spec_hash",          "display_name",
                                            "deploy_model", "execution_role_arn", "skill_objects"};

// Thrown inside this file only, turned into HarnessLockRead::invalid.
struct LockProblem {
  std::string what;
};

std::string string_field(const Json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return {};
  if (!found->is_string()) throw LockProblem{std::string("'") + key + "' is not a string"};
  return found->get<std::string>();
}

std::vector<UploadedSkillObject> skill_objects_field(const Json& object) {
  const auto found = object.find("skill_objects");
  if (found == object.end() || found->is_null()) return {};
  if (!found->is_array()) throw LockProblem{"'skill_objects' is not a list"};
  std::vector<UploadedSkillObject> objects;
  for (const Json& item : *found) {
    if (!item.is_object()) throw LockProblem{"an entry of 'skill_objects' is not an object"};
    UploadedSkillObject uploaded{string_field(item, "bucket"), string_field(item, "key"),
                                 string_field(item, "sha256"), string_field(item, "etag")};
    if (uploaded.bucket.empty() || uploaded.key.empty()) {
      throw LockProblem{"an entry of 'skill_objects' has no bucket or key"};
    }
    objects.push_back(std::move(uploaded));
  }
  return objects;
}

int version_field(const Json& object) {
  const auto found = object.find("version");
  if (found == object.end()) return k_harness_lock_version;
  if (!found->is_number_integer()) throw LockProblem{"'version' is not an integer"};
  const auto version = found->get<long long>();
  if (version != k_harness_lock_version) {
    throw LockProblem{"it has version " + std::to_string(version) + "; this agentlift reads " +
                      std::to_string(k_harness_lock_version)};
  }
  return k_harness_lock_version;
}

HarnessLock lock_from_json(const Json& object) {
  if (!object.is_object()) throw LockProblem{"it is not a JSON object"};
  HarnessLock lock;
  lock.version = version_field(object);
  lock.harness_id = string_field(object, "harness_id");
  lock.harness_arn = string_field(object, "harness_arn");
  lock.region = string_field(object, "region");
  lock.spec_hash = string_field(object, "spec_hash");
  lock.display_name = string_field(object, "display_name");
  lock.deploy_model = string_field(object, "deploy_model");
  lock.execution_role_arn = string_field(object, "execution_role_arn");
  lock.skill_objects = skill_objects_field(object);
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!k_known_keys.count(it.key())) lock.extra[it.key()] = it.value();
  }
  return lock;
}

// A copy whose objects have their keys in sorted order, at every depth, so
// json::pretty prints what Python's sort_keys=True does.
Json sorted_keys(const Json& value) {
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(sorted_keys(item));
    return out;
  }
  if (!value.is_object()) return value;
  std::vector<std::string> keys;
  for (auto it = value.begin(); it != value.end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  Json out = Json::object();
  for (const std::string& key : keys) out[key] = sorted_keys(value.at(key));
  return out;
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
  Json parsed;
  try {
    parsed = Json::parse(text);
  } catch (const Json::parse_error& error) {
    // The library's message quotes the text; say where instead.
    return invalid("it is not valid JSON (at byte " + std::to_string(error.byte) + ")");
  }
  try {
    HarnessLockRead read;
    read.status = HarnessLockRead::Status::ok;
    read.lock = lock_from_json(parsed);
    return read;
  } catch (const LockProblem& problem) {
    return invalid(problem.what);
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
  if (!lock.skill_objects.empty()) {
    Json objects = Json::array();
    for (const UploadedSkillObject& uploaded : lock.skill_objects) {
      objects.push_back({{"bucket", uploaded.bucket},
                         {"key", uploaded.key},
                         {"sha256", uploaded.sha256},
                         {"etag", uploaded.etag}});
    }
    out["skill_objects"] = std::move(objects);
  }
  return json::pretty(sorted_keys(out)) + "\n";
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
  std::sort(lock.skill_objects.begin(), lock.skill_objects.end(),
            [](const UploadedSkillObject& a, const UploadedSkillObject& b) {
              return std::tie(a.bucket, a.key) < std::tie(b.bucket, b.key);
            });
  return lock;
}

}  // namespace agentlift::bedrock
