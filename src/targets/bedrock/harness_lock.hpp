#pragma once
// `.agentlift-harness.json`, the record of the deployed harness (reference-spec
// §5.4). We read 0.8's files and write the same keys (decisions.md, "Lockfiles"),
// plus our own, which 0.8 ignores:
//   execution_role_arn  the role the harness was last deployed with;
//   skill_objects       every S3 object the deploy uploaded, with the SHA-256 of
//                       its bytes and S3's ETag, so an unchanged file is not
//                       uploaded again and destroy deletes exactly these
//                       (decisions.md #13).
// Keys we do not know are kept as read. The file never holds a secret.
//
// Pure: the CLI reads the file (files::read) and writes the text
// serialize_harness_lock returns with files::write_atomic.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.hpp"
#include "base/json.hpp"
#include "targets/bedrock/lock_json.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

inline constexpr const char* k_harness_lock_file = ".agentlift-harness.json";
inline constexpr int k_harness_lock_version = 1;
inline constexpr std::uintmax_t k_harness_lock_max_bytes = 4u << 20;

struct HarnessLock {
  int version = k_harness_lock_version;
  std::string harness_id;
  std::string harness_arn;
  std::string region;
  std::string spec_hash;
  std::string display_name;
  std::string deploy_model;
  std::string execution_role_arn;                  // "" in 0.8's files
  std::vector<UploadedSkillObject> skill_objects;  // empty in 0.8's files
  Json extra = Json::object();                     // unknown keys, kept as read

  bool records_harness() const { return !harness_id.empty(); }
};

struct HarnessLockRead {
  enum class Status {
    absent,   // no file: nothing deployed from this folder yet
    ok,       // read
    invalid,  // there is a file but it cannot be trusted (see `problem`)
  };
  Status status = Status::absent;
  HarnessLock lock;
  std::string problem;  // for invalid: what is wrong, never the file's contents
};

// The lockfile's path for a project folder.
std::filesystem::path harness_lock_path(const std::filesystem::path& project_root);

// From files::read(harness_lock_path(...), k_harness_lock_max_bytes).
HarnessLockRead read_harness_lock(const files::ReadResult& file);
HarnessLockRead parse_harness_lock(std::string_view text);

// Pretty JSON, indent 2, keys sorted, ASCII-escaped, trailing newline: what
// 0.8 wrote (json.dumps(indent=2, sort_keys=True) + "\n"). Our keys appear only
// when they hold something, so a 0.8 lock round-trips byte for byte.
std::string serialize_harness_lock(const HarnessLock& lock);

// The lock after a successful create or update of `plan`'s harness. Unknown
// keys of `previous` are kept; an empty `execution_role_arn` (an update that
// kept the role) keeps the recorded one.
HarnessLock next_harness_lock(const HarnessLock& previous, const HarnessPlan& plan,
                              const std::string& harness_id, const std::string& harness_arn,
                              const std::string& execution_role_arn,
                              std::vector<UploadedSkillObject> skill_objects);

}  // namespace agentlift::bedrock
