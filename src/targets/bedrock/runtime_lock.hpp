#pragma once
// `.agentlift-bedrock.json`, the record of the deployed agent runtime
// (reference-spec §5.7). We read 0.8's files and write the same keys, plus our
// own, which 0.8 ignores:
//   execution_role_arn      the role the runtime was last deployed with;
//   artifact_kind           "code" (a zip in S3) or "container" (an ECR image);
//                           "" in 0.8's files, which only made containers;
//   artifact_uri            s3://bucket/key of the zip, or the image URI;
//   code_runtime            the zip's Python runtime ("PYTHON_3_12");
//   code_dependencies       "installed", or "none" when the zip was built
//                           without its Python dependencies (it cannot start);
//   code_objects            every code zip agentlift uploaded (destroy deletes
//                           exactly these, decisions.md #13);
//   ecr_repository          the ECR repository the image went to;
//   ecr_repository_created  true when agentlift created that repository (only
//                           then does destroy delete it).
// Keys we do not know are kept as read. The file never holds a secret.
//
// Pure: the CLI reads the file (files::read) and writes the text
// serialize_runtime_lock returns with files::write_atomic.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.hpp"
#include "base/json.hpp"
#include "targets/bedrock/lock_json.hpp"

namespace agentlift::bedrock {

inline constexpr const char* k_runtime_lock_file = ".agentlift-bedrock.json";
inline constexpr int k_runtime_lock_version = 1;
inline constexpr std::uintmax_t k_runtime_lock_max_bytes = 4u << 20;

struct RuntimeLock {
  int version = k_runtime_lock_version;
  std::string agent_runtime_id;
  std::string agent_runtime_arn;
  std::string region;
  std::string spec_hash;
  std::string display_name;
  std::string deploy_model;
  std::string execution_role_arn;
  std::string artifact_kind;  // "code", "container", or "" (0.8)
  std::string artifact_uri;
  std::string code_runtime;       // "PYTHON_3_12" for a code artifact
  std::string code_dependencies;  // "installed" or "none" for a code artifact
  std::vector<UploadedObject> code_objects;
  std::string ecr_repository;
  bool ecr_repository_created = false;
  Json extra = Json::object();  // unknown keys, kept as read

  bool records_runtime() const { return !agent_runtime_id.empty(); }
};

struct RuntimeLockRead {
  enum class Status { absent, ok, invalid };
  Status status = Status::absent;
  RuntimeLock lock;
  std::string problem;  // for invalid: what is wrong, never the file's contents
};

std::filesystem::path runtime_lock_path(const std::filesystem::path& project_root);

// From files::read(runtime_lock_path(...), k_runtime_lock_max_bytes).
RuntimeLockRead read_runtime_lock(const files::ReadResult& file);
RuntimeLockRead parse_runtime_lock(std::string_view text);

// Pretty JSON, indent 2, keys sorted, trailing newline (0.8's format). Our keys
// appear only when they hold something, so a 0.8 lock round-trips byte for byte.
std::string serialize_runtime_lock(const RuntimeLock& lock);

}  // namespace agentlift::bedrock
