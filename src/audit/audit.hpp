#pragma once
// `audit`: how well a folder would carry over to each provider. It reads the
// parsed model only (never a target's plan), so it can rate providers that have
// no planner yet. Detection and the capability matrix are pure data; the report
// is a plain struct rendered by render_text() and to_json().

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "model/project.hpp"

namespace agentlift::audit {

// In report order.
enum class Feature {
  hosted_runtime,
  builtin_sandbox,
  builtin_web,
  tool_approval,
  skills,
  remote_mcp,
  subagents,
  knowledge,
  deploy_versioning,
  streaming,
};
inline constexpr Feature k_features[] = {
    Feature::hosted_runtime, Feature::builtin_sandbox, Feature::builtin_web,
    Feature::tool_approval,  Feature::skills,          Feature::remote_mcp,
    Feature::subagents,      Feature::knowledge,       Feature::deploy_versioning,
    Feature::streaming,
};
const char* feature_id(Feature feature);     // "builtin_sandbox"
const char* feature_label(Feature feature);  // for people

// Best first; a report groups rows in this order.
enum class Tier { native, emulated, degraded, unsupported };
inline constexpr Tier k_tiers[] = {Tier::native, Tier::emulated, Tier::degraded, Tier::unsupported};
const char* tier_name(Tier tier);
char tier_glyph(Tier tier);  // + ~ ! x

enum class Target { anthropic, bedrock, google, openai };
inline constexpr Target k_targets[] = {Target::anthropic, Target::bedrock, Target::google,
                                       Target::openai};
const char* target_id(Target target);     // "bedrock"
const char* target_title(Target target);  // the provider's product, for headings
std::optional<Target> find_target(std::string_view id);

inline constexpr const char* k_default_targets = "anthropic,bedrock,google,openai";
// Comma-split, trimmed and lower-cased, with empty entries dropped. Unknown names
// are kept: the report marks them instead of failing.
std::vector<std::string> parse_target_list(std::string_view list);

// One cell of the matrix. Every non-native cell carries a reason; `fix` is empty
// where there is nothing a user can do about it.
struct Capability {
  Tier tier = Tier::native;
  std::string_view reason;
  std::string_view fix;
};
const Capability& capability(Target target, Feature feature);

struct UsedFeature {
  Feature feature;
  std::string evidence;  // why it counts, e.g. "uses bash, grep"
  bool operator==(const UsedFeature&) const = default;
};
// The features `project` relies on, in k_features order. A project without agents
// uses nothing.
std::vector<UsedFeature> detect_features(const model::Project& project);

struct Assessment {
  Feature feature;
  Capability capability;
};

using TierCounts = std::array<std::size_t, std::size(k_tiers)>;  // indexed by Tier

// Lower is more portable.
enum class Verdict { clean, degraded, lossy };
const char* verdict_id(Verdict verdict);  // "clean" | "degraded" | "lossy"

struct TargetReport {
  std::string name;              // as requested (lower-cased)
  std::optional<Target> target;  // nullopt: a name agentlift does not know
  std::vector<Assessment> rows;  // one per used feature, in k_features order

  TierCounts counts() const;
  // clean: nothing degraded or unsupported (emulated still keeps the meaning).
  Verdict verdict() const;
};

struct Report {
  std::filesystem::path root;
  std::vector<std::string> agents;
  std::vector<UsedFeature> features;
  std::vector<TargetReport> targets;
};

// A project without agents has nothing to carry over: no features, no targets.
Report build_report(const model::Project& project, const std::vector<std::string>& targets);

std::string render_text(const Report& report);
Json to_json(const Report& report);

}  // namespace agentlift::audit
