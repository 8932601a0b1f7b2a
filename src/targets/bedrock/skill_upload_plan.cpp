// S3 keys, URIs and the upload set of a harness's skills (see
// skill_upload_plan.hpp).

#include "targets/bedrock/skill_upload_plan.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "base/errors.hpp"
#include "base/sha256.hpp"
#include "targets/bedrock/lowering.hpp"

namespace agentlift::bedrock {
namespace {

using Location = std::pair<std::string, std::string>;  // bucket, key

bool bucket_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

// The path of `file` inside its skill folder ("SKILL.md", "steps/01.md").
std::string path_in_skill(const HarnessSkill& skill, const model::SkillFile& file) {
  const std::string prefix = skill.name + "/";
  if (file.arcname.starts_with(prefix)) return file.arcname.substr(prefix.size());
  return file.arcname;
}

}  // namespace

std::string skill_key_prefix(const std::string& harness_name, const std::string& skill) {
  return std::string(k_skill_key_root) + "/" + harness_name + "/" + skill + "/";
}

std::string skill_s3_uri(const std::string& bucket, const std::string& harness_name,
                         const std::string& skill) {
  return "s3://" + bucket + "/" + skill_key_prefix(harness_name, skill);
}

std::size_t SkillUploadPlan::upload_count() const {
  return static_cast<std::size_t>(
      std::count_if(objects.begin(), objects.end(), [](const SkillObject& o) { return o.upload; }));
}

std::vector<UploadedSkillObject> SkillUploadPlan::records() const {
  std::vector<UploadedSkillObject> out;
  for (const SkillObject& object : objects) {
    out.push_back({bucket, object.key, object.sha256, object.etag});
  }
  return out;
}

// Lenient on purpose: buckets made before 2018 in us-east-1 may hold capitals
// and underscores. What it catches is a URI or a prefix where a name belongs.
std::optional<std::string> bucket_name_problem(std::string_view bucket) {
  if (bucket.starts_with("s3://")) {
    return "the S3 bucket is given as a URI; give the bucket's name alone";
  }
  if (bucket.find('/') != std::string_view::npos) {
    return "the S3 bucket name contains '/'; give the bucket's name alone (agentlift chooses the "
           "keys)";
  }
  if (bucket.size() < 3 || bucket.size() > 255) {
    return "the S3 bucket name must be 3 to 63 characters long (255 for old buckets)";
  }
  if (!std::all_of(bucket.begin(), bucket.end(), bucket_char)) {
    return "the S3 bucket name may hold only letters, digits, '.', '-' (and '_' in old buckets)";
  }
  return std::nullopt;
}

SkillUploadPlan plan_skill_uploads(const HarnessPlan& plan, const std::string& bucket,
                                   const std::vector<UploadedSkillObject>& uploaded,
                                   const FileReader& read_file) {
  SkillUploadPlan out;
  out.bucket = bucket;
  if (!plan.skills.empty()) {
    std::vector<std::string> names;
    for (const HarnessSkill& skill : plan.skills) names.push_back(skill.name);
    if (bucket.empty()) {
      throw UsageError(
          "the harness loads skill(s) " + join(names) + " from S3, but no bucket was given",
          "pass --s3-bucket or set AGENTLIFT_BEDROCK_S3_BUCKET; the harness "
          "execution role needs s3:ListBucket and s3:GetObject on that bucket");
    }
    if (const auto problem = bucket_name_problem(bucket)) {
      throw UsageError(*problem, "pass --s3-bucket my-bucket (or set AGENTLIFT_BEDROCK_S3_BUCKET)");
    }
  }

  std::map<Location, const UploadedSkillObject*> recorded;
  for (const UploadedSkillObject& object : uploaded) {
    recorded.emplace(Location{object.bucket, object.key}, &object);
  }
  std::set<Location> current;
  for (const HarnessSkill& skill : plan.skills) {
    out.skill_uris[skill.name] = skill_s3_uri(bucket, plan.harness_name, skill.name);
    const std::string prefix = skill_key_prefix(plan.harness_name, skill.name);
    for (const model::SkillFile& file : skill.files) {
      const std::string relative = path_in_skill(skill, file);
      SkillObject object;
      object.skill = skill.name;
      object.key = prefix + relative;
      object.source = skill.source_dir / relative;
      object.sha256 = sha256_hex(read_file(object.source));
      const auto found = recorded.find({bucket, object.key});
      if (found != recorded.end() && found->second->sha256 == object.sha256) {
        object.upload = false;
        object.etag = found->second->etag;
      }
      current.insert({bucket, object.key});
      out.objects.push_back(std::move(object));
    }
  }
  for (const UploadedSkillObject& object : uploaded) {
    if (!current.count({object.bucket, object.key})) out.stale.push_back(object);
  }
  return out;
}

}  // namespace agentlift::bedrock
