#pragma once
// What the two lockfiles (.agentlift-harness.json, .agentlift-bedrock.json)
// share: reading typed fields with a precise complaint, the S3 object records,
// and writing with Python's sort_keys=True order.

#include <stdexcept>
#include <string>
#include <vector>

#include "base/json.hpp"

namespace agentlift::bedrock {

// An S3 object agentlift uploaded (a skill file or a code zip): what destroy
// deletes, and what tells a later deploy that the bytes are already there.
struct UploadedSkillObject {
  std::string bucket;
  std::string key;
  std::string sha256;  // lowercase hex of the bytes uploaded
  std::string etag;    // as S3 returned it, quoted
  bool operator==(const UploadedSkillObject&) const = default;
};
using UploadedObject = UploadedSkillObject;

namespace lock_json {

// Why a lockfile cannot be trusted; the message names a key, never a value.
struct Problem : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "" when absent or null; Problem when not a string.
std::string string_field(const Json& object, const char* key);
// false when absent or null; Problem when not a boolean.
bool bool_field(const Json& object, const char* key);
// The list under `key` (empty when absent); Problem on a malformed entry.
std::vector<UploadedObject> objects_field(const Json& object, const char* key);
Json objects_json(const std::vector<UploadedObject>& objects);
void sort_objects(std::vector<UploadedObject>& objects);
// `version`, which must equal `expected` when present.
int version_field(const Json& object, int expected);

// A copy whose objects have their keys sorted at every depth, so json::pretty
// prints what Python's json.dumps(sort_keys=True) does.
Json sorted_keys(const Json& value);

// "it is not valid JSON (at byte N)" and friends for files::read results are
// in each lock's reader; this parses text without quoting it in errors.
Json parse_object(std::string_view text);

}  // namespace lock_json
}  // namespace agentlift::bedrock
