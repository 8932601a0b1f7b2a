#pragma once
// Where a harness's skills go in S3 and which files need uploading
// (reference-spec §5.4 step 7, 0.8's key layout):
//   key  agentlift-skills/<harness_name>/<skill>/<path inside the skill>
//   URI  s3://<bucket>/agentlift-skills/<harness_name>/<skill>/
// A file is uploaded again only when its bytes changed: the lockfile records
// the SHA-256 of what was uploaded to each bucket and key.
//
// Pure apart from the injected reader, which is called once per file, one file
// at a time (nothing holds all the bytes).

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "targets/bedrock/harness_lock.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

inline constexpr const char* k_skill_key_root = "agentlift-skills";

// Returns a file's bytes; throws agentlift::IoError when it cannot.
using FileReader = std::function<std::string(const std::filesystem::path&)>;

// "agentlift-skills/<harness_name>/<skill>/"
std::string skill_key_prefix(const std::string& harness_name, const std::string& skill);
// "s3://<bucket>/agentlift-skills/<harness_name>/<skill>/"
std::string skill_s3_uri(const std::string& bucket, const std::string& harness_name,
                         const std::string& skill);

struct SkillObject {
  std::string skill;
  std::string key;
  std::filesystem::path source;  // the local file
  std::string sha256;            // of the bytes read while planning
  bool upload = true;            // false: the lock shows these bytes already at this key
  std::string etag;              // from the lock when !upload; set it after uploading
};

struct SkillUploadPlan {
  std::string bucket;
  std::vector<SkillObject> objects;               // every file of every skill, plan order
  std::map<std::string, std::string> skill_uris;  // skill name -> URI (for the request)
  // Recorded in the lock but no longer part of the harness (a file or skill
  // removed, the harness renamed, another bucket): delete them after the update.
  std::vector<UploadedSkillObject> stale;

  std::size_t upload_count() const;
  // What the lock records once every object marked `upload` has been uploaded
  // (and its etag, and sha256 if the bytes were read again, filled in).
  std::vector<UploadedSkillObject> records() const;
};

// The S3 bucket naming rules, as a message when `bucket` breaks one.
std::optional<std::string> bucket_name_problem(std::string_view bucket);

// Throws UsageError when the plan has skills and `bucket` is empty or not a
// valid bucket name. With no skills, the plan is empty apart from `stale`.
SkillUploadPlan plan_skill_uploads(const HarnessPlan& plan, const std::string& bucket,
                                   const std::vector<UploadedSkillObject>& uploaded,
                                   const FileReader& read_file);

}  // namespace agentlift::bedrock
