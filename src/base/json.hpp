#pragma once
// JSON values and the two serialisations the contract fixes, both byte-compatible
// with Python's json module:
//  - canonical: sort_keys, separators (", ", ": "), raw UTF-8 (spec hashes);
//  - pretty: indent=2, insertion order, ensure_ascii (what `plan --json` prints).

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace agentlift {

using Json = nlohmann::ordered_json;

namespace json {

std::string canonical(const Json& value);
std::string pretty(const Json& value);
// Lowercase hex SHA-256 of canonical(value).
std::string canonical_hash(const Json& value);

// Python's repr() of a float, e.g. 1.0 -> "1.0", 1e16 -> "1e+16".
std::string python_float(double value);

// Python's str() of a value that came from YAML or JSON (str(True) == "True",
// str(None) == "None", lists and dicts in repr form).
std::string python_str(const Json& value);
// Python's repr() of a string.
std::string python_repr(const std::string& text);

// Python truthiness: null, false, 0, 0.0, "", [] and {} are falsy.
bool truthy(const Json& value);

// Reading replies of unknown shape without throwing: `object[key]`, or null
// when `object` is not an object or has no such key.
const Json& member(const Json& object, std::string_view key);
// `object[key]` as a string, "" when absent or not a string.
std::string string_member(const Json& object, std::string_view key);

}  // namespace json
}  // namespace agentlift
