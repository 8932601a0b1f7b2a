#include "targets/bedrock/lock_json.hpp"

#include <algorithm>
#include <tuple>

namespace agentlift::bedrock::lock_json {

std::string string_field(const Json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return {};
  if (!found->is_string()) throw Problem(std::string("'") + key + "' is not a string");
  return found->get<std::string>();
}

bool bool_field(const Json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return false;
  if (!found->is_boolean()) throw Problem(std::string("'") + key + "' is not true or false");
  return found->get<bool>();
}

std::vector<UploadedObject> objects_field(const Json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return {};
  const std::string name = std::string("'") + key + "'";
  if (!found->is_array()) throw Problem(name + " is not a list");
  std::vector<UploadedObject> objects;
  for (const Json& item : *found) {
    if (!item.is_object()) throw Problem("an entry of " + name + " is not an object");
    UploadedObject uploaded{string_field(item, "bucket"), string_field(item, "key"),
                            string_field(item, "sha256"), string_field(item, "etag")};
    if (uploaded.bucket.empty() || uploaded.key.empty()) {
      throw Problem("an entry of " + name + " has no bucket or key");
    }
    objects.push_back(std::move(uploaded));
  }
  return objects;
}

Json objects_json(const std::vector<UploadedObject>& objects) {
  Json out = Json::array();
  for (const UploadedObject& uploaded : objects) {
    out.push_back({{"bucket", uploaded.bucket},
                   {"key", uploaded.key},
                   {"sha256", uploaded.sha256},
                   {"etag", uploaded.etag}});
  }
  return out;
}

void sort_objects(std::vector<UploadedObject>& objects) {
  std::sort(objects.begin(), objects.end(), [](const UploadedObject& a, const UploadedObject& b) {
    return std::tie(a.bucket, a.key) < std::tie(b.bucket, b.key);
  });
}

int version_field(const Json& object, int expected) {
  const auto found = object.find("version");
  if (found == object.end()) return expected;
  if (!found->is_number_integer()) throw Problem("'version' is not an integer");
  const auto version = found->get<long long>();
  if (version != expected) {
    throw Problem("it has version " + std::to_string(version) + "; this agentlift reads " +
                  std::to_string(expected));
  }
  return expected;
}

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

Json parse_object(std::string_view text) {
  Json parsed;
  try {
    parsed = Json::parse(text);
  } catch (const Json::parse_error& error) {
    // The library's message quotes the text; say where instead.
    throw Problem("it is not valid JSON (at byte " + std::to_string(error.byte) + ")");
  }
  if (!parsed.is_object()) throw Problem("it is not a JSON object");
  return parsed;
}

}  // namespace agentlift::bedrock::lock_json
