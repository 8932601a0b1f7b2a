// What destroy deletes and what the locks record afterwards (destroy_plan.hpp).

#include "targets/bedrock/destroy_plan.hpp"

#include <algorithm>

namespace agentlift::bedrock {
namespace {

bool contains(const std::vector<DestroyItem>& items, DestroyKind kind) {
  return std::any_of(items.begin(), items.end(),
                     [kind](const DestroyItem& item) { return item.kind == kind; });
}

std::vector<UploadedObject> remaining_objects(const std::vector<UploadedObject>& objects,
                                              const std::vector<DestroyItem>& remaining,
                                              DestroyKind kind) {
  std::vector<UploadedObject> out;
  for (const UploadedObject& object : objects) {
    const bool kept = std::any_of(remaining.begin(), remaining.end(), [&](const DestroyItem& i) {
      return i.kind == kind && i.bucket == object.bucket && i.key == object.key;
    });
    if (kept) out.push_back(object);
  }
  return out;
}

}  // namespace

const char* DestroyItem::kind_name() const {
  switch (kind) {
    case DestroyKind::harness:
      return "harness";
    case DestroyKind::skill_object:
      return "skill_object";
    case DestroyKind::agent_runtime:
      return "agent_runtime";
    case DestroyKind::code_object:
      return "code_object";
    case DestroyKind::ecr_repository:
      return "ecr_repository";
  }
  return "";
}

std::string DestroyItem::label() const {
  switch (kind) {
    case DestroyKind::harness:
      return "harness " + id;
    case DestroyKind::agent_runtime:
      return "agent runtime " + id;
    case DestroyKind::ecr_repository:
      return "ECR repository " + id + " (with its images)";
    case DestroyKind::skill_object:
    case DestroyKind::code_object:
      return "s3://" + bucket + "/" + key;
  }
  return id;
}

Json DestroyItem::to_json() const {
  Json out = {{"kind", kind_name()}};
  if (!id.empty()) out["id"] = id;
  if (!bucket.empty()) out["uri"] = "s3://" + bucket + "/" + key;
  out["region"] = region;
  return out;
}

std::vector<DestroyItem> harness_destroy_items(const HarnessLock& lock) {
  std::vector<DestroyItem> items;
  if (lock.records_harness()) {
    items.push_back({DestroyKind::harness, lock.harness_id, "", "", lock.region});
  }
  for (const UploadedObject& object : lock.skill_objects) {
    items.push_back({DestroyKind::skill_object, "", object.bucket, object.key, lock.region});
  }
  return items;
}

std::vector<DestroyItem> runtime_destroy_items(const RuntimeLock& lock) {
  std::vector<DestroyItem> items;
  if (lock.records_runtime()) {
    items.push_back({DestroyKind::agent_runtime, lock.agent_runtime_id, "", "", lock.region});
  }
  for (const UploadedObject& object : lock.code_objects) {
    items.push_back({DestroyKind::code_object, "", object.bucket, object.key, lock.region});
  }
  if (lock.ecr_repository_created && !lock.ecr_repository.empty()) {
    items.push_back({DestroyKind::ecr_repository, lock.ecr_repository, "", "", lock.region});
  }
  return items;
}

std::optional<HarnessLock> harness_lock_after(const HarnessLock& lock,
                                              const std::vector<DestroyItem>& remaining) {
  if (remaining.empty()) return std::nullopt;
  HarnessLock out = lock;
  if (!contains(remaining, DestroyKind::harness)) {
    out.harness_id.clear();
    out.harness_arn.clear();
    out.spec_hash.clear();
  }
  out.skill_objects = remaining_objects(lock.skill_objects, remaining, DestroyKind::skill_object);
  return out;
}

std::optional<RuntimeLock> runtime_lock_after(const RuntimeLock& lock,
                                              const std::vector<DestroyItem>& remaining) {
  if (remaining.empty()) return std::nullopt;
  RuntimeLock out = lock;
  if (!contains(remaining, DestroyKind::agent_runtime)) {
    out.agent_runtime_id.clear();
    out.agent_runtime_arn.clear();
    out.spec_hash.clear();
  }
  out.code_objects = remaining_objects(lock.code_objects, remaining, DestroyKind::code_object);
  out.ecr_repository_created = contains(remaining, DestroyKind::ecr_repository);
  return out;
}

}  // namespace agentlift::bedrock
