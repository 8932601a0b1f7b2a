#include "cloud/aws_config_files.hpp"

#include <cctype>
#include <vector>

#include "base/errors.hpp"

namespace agentlift::cloud::credentials {
namespace {

constexpr const char* k_files_doc =
    "see https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

[[noreturn]] void fail(const std::string& path, std::size_t line, const std::string& what) {
  throw Error(path + ":" + std::to_string(line) + ": " + what,
              "fix or remove that line; " + std::string(k_files_doc));
}

std::string unquote(std::string text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (is_space(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string home_directory(const Environment& env) {
  if (auto home = env_value(env, "HOME")) return *home;
  if (auto profile = env_value(env, "USERPROFILE")) return *profile;
  return "~";
}

std::string file_path(const Environment& env, const std::string& variable,
                      const std::string& file_name) {
  if (auto path = env_value(env, variable)) {
    if (path->rfind("~/", 0) == 0) return home_directory(env) + path->substr(1);
    return *path;
  }
  return home_directory(env) + "/.aws/" + file_name;
}

std::optional<IniFile> read_ini(const FileReader& read_file, const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::nullopt;
  return parse_ini(*text, path);
}

}  // namespace

std::optional<std::string> env_value(const Environment& env, const std::string& name) {
  auto found = env.find(name);
  if (found == env.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

IniFile parse_ini(std::string_view text, const std::string& path) {
  IniFile file;
  Properties* section = nullptr;
  std::string key;      // the setting an indented line continues
  bool nested = false;  // that setting had an empty value: its indented lines are a sub-section
  std::size_t number = 0;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    const std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    ++number;
    const std::string line = trim(raw);
    if (line.empty()) {
      key.clear();
      continue;
    }
    if (line[0] == '#' || line[0] == ';') continue;
    if (is_space(raw[0]) && section != nullptr && !key.empty()) {
      if (nested) continue;  // e.g. `s3 =` then `  max_concurrent_requests = 20`
      (*section)[key] += "\n" + line;
      continue;
    }
    if (line[0] == '[') {
      const auto close = line.find(']');
      if (close == std::string::npos) fail(path, number, "section header without a closing ']'");
      const std::string rest = trim(line.substr(close + 1));
      if (!rest.empty() && rest[0] != '#' && rest[0] != ';') {
        fail(path, number, "unexpected text after the section header");
      }
      const std::string name = trim(line.substr(1, close - 1));
      if (name.empty()) fail(path, number, "empty section name");
      auto [it, inserted] = file.sections.try_emplace(name);
      if (!inserted) fail(path, number, "section [" + name + "] appears twice");
      section = &it->second;
      key.clear();
      continue;
    }
    const auto delimiter = line.find_first_of("=:");
    if (delimiter == std::string::npos) {
      fail(path, number, "expected `key = value`, a [section] header or a comment");
    }
    if (section == nullptr) fail(path, number, "setting before any [section] header");
    std::string name = lower(trim(line.substr(0, delimiter)));
    if (name.empty()) fail(path, number, "setting without a name");
    std::string value = trim(line.substr(delimiter + 1));
    nested = value.empty();
    if (!section->try_emplace(name, std::move(value)).second) {
      fail(path, number, "setting '" + name + "' appears twice in its section");
    }
    key = std::move(name);
  }
  return file;
}

std::string credentials_file_path(const Environment& env) {
  return file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
}

std::string config_file_path(const Environment& env) {
  return file_path(env, "AWS_CONFIG_FILE", "config");
}

bool SharedConfig::has_profile(const std::string& name) const {
  return credentials_profiles.count(name) != 0 || config_profiles.count(name) != 0;
}

Properties SharedConfig::merged(const std::string& name) const {
  Properties result;
  if (auto found = config_profiles.find(name); found != config_profiles.end()) {
    result = found->second;
  }
  if (auto found = credentials_profiles.find(name); found != credentials_profiles.end()) {
    for (const auto& [key, value] : found->second) result[key] = value;
  }
  return result;
}

std::optional<std::string> SharedConfig::value(const std::string& profile,
                                               const std::string& key) const {
  const Properties properties = merged(profile);
  auto found = properties.find(key);
  if (found == properties.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

SharedConfig load_shared_config(const Environment& env, const FileReader& read_file) {
  SharedConfig config;
  config.credentials_path = credentials_file_path(env);
  config.config_path = config_file_path(env);
  if (auto file = read_ini(read_file, config.credentials_path)) {
    config.credentials_profiles = std::move(file->sections);
  }
  if (auto file = read_ini(read_file, config.config_path)) {
    std::optional<Properties> profile_default;
    for (auto& [section, properties] : file->sections) {
      if (section == "default") {
        config.config_profiles.try_emplace("default", properties);
        continue;
      }
      const auto words = split_words(section);
      if (words.size() != 2 || words[0] != "profile") continue;  // sso-session, services, ...
      const std::string name = unquote(words[1]);
      if (name == "default") {
        profile_default = properties;
      } else {
        config.config_profiles[name] = properties;
      }
    }
    if (profile_default) config.config_profiles["default"] = std::move(*profile_default);
  }
  return config;
}

std::string select_profile(const std::optional<std::string>& flag, const Environment& env) {
  if (flag && !flag->empty()) return *flag;
  if (auto profile = env_value(env, "AWS_PROFILE")) return *profile;
  return "default";
}

std::string resolve_region(const std::optional<std::string>& flag, const Environment& env,
                           const SharedConfig& config, const std::string& profile) {
  if (flag && !flag->empty()) return *flag;
  if (auto region = env_value(env, "AWS_REGION")) return *region;
  if (auto region = env_value(env, "AWS_DEFAULT_REGION")) return *region;
  if (auto region = config.value(profile, "region")) return *region;
  throw Error(
      "No AWS region configured (checked --region, AWS_REGION, AWS_DEFAULT_REGION and "
      "the `region` of profile '" +
          profile + "' in " + config.config_path + ")",
      "pass --region us-east-1, export AWS_REGION=us-east-1, or run "
      "`aws configure set region us-east-1 --profile " +
          profile + "`");
}

}  // namespace agentlift::cloud::credentials
