#pragma once
// The AWS CLI's shared files, ~/.aws/credentials and ~/.aws/config, read the way
// botocore does (configparser underneath):
//  - `[name]` sections; in the config file a profile is `[profile name]` or
//    `[default]` (`[profile default]` wins over `[default]`), other sections
//    (`[sso-session x]`, `[services x]`) are not profiles; in the credentials
//    file every section is a profile, named as written;
//  - `key = value` (or `key: value`), keys case-insensitive (lower-cased), values
//    trimmed and kept verbatim: `#`/`;` start a comment only at the start of a line
//    (or after a section header), as in the CLI;
//  - an indented line continues the previous value; after an empty value
//    (`s3 =`) the indented lines are a nested sub-section, which is skipped;
//  - a duplicate section or key, a setting outside any section, or a line that
//    is none of the above is an agentlift::Error naming file:line.
// File contents come through an injected reader, so tests never touch real files.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace agentlift::cloud::credentials {

// The process environment, injected (tests never read the real one).
using Environment = std::map<std::string, std::string>;
// Returns a file's contents, std::nullopt when it does not exist; throws
// agentlift::IoError when it exists but cannot be read.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

// A variable's value when it is set and not empty (botocore treats "" as unset).
std::optional<std::string> env_value(const Environment& env, const std::string& name);

using Properties = std::map<std::string, std::string>;

struct IniFile {
  std::map<std::string, Properties> sections;  // section name (trimmed) -> key -> value
};

// `path` only names the file in error messages.
IniFile parse_ini(std::string_view text, const std::string& path);

// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE (a leading "~/" expanded), else
// $HOME/.aws/credentials and $HOME/.aws/config (USERPROFILE when HOME is unset).
std::string credentials_file_path(const Environment& env);
std::string config_file_path(const Environment& env);

struct SharedConfig {
  std::string credentials_path;
  std::string config_path;
  std::map<std::string, Properties> credentials_profiles;  // from the credentials file
  std::map<std::string, Properties> config_profiles;       // from the config file

  bool has_profile(const std::string& name) const;
  // The profile's settings from both files; the credentials file wins a clash.
  Properties merged(const std::string& name) const;
  std::optional<std::string> value(const std::string& profile, const std::string& key) const;
};

// Both files, each optional (a missing file is an empty one).
SharedConfig load_shared_config(const Environment& env, const FileReader& read_file);

// The profile to use: --profile > AWS_PROFILE > "default".
std::string select_profile(const std::optional<std::string>& flag, const Environment& env);

// flag > AWS_REGION > AWS_DEFAULT_REGION > the profile's `region`; none is an
// agentlift::Error with a hint.
std::string resolve_region(const std::optional<std::string>& flag, const Environment& env,
                           const SharedConfig& config, const std::string& profile);

}  // namespace agentlift::cloud::credentials
