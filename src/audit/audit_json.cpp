// `audit --json`: the stable form of a Report (documented in docs/audit.md).
// Identifiers, not labels, are the keys a script should match on; the labels
// and texts are there for display and may be reworded.

#include "audit/audit.hpp"

#include <string>

namespace agentlift::audit {
namespace {

Json summary_json(const TierCounts& counts) {
  Json out = Json::object();
  for (Tier tier : k_tiers) out[tier_name(tier)] = counts[static_cast<std::size_t>(tier)];
  return out;
}

Json target_json(const TargetReport& target) {
  Json out = Json::object();
  out["target"] = target.name;
  out["known"] = target.target.has_value();
  if (!target.target) {
    out["title"] = nullptr;
    out["features"] = Json::array();
    out["summary"] = nullptr;
    out["verdict"] = nullptr;
    return out;
  }
  out["title"] = target_title(*target.target);
  Json rows = Json::array();
  for (const Assessment& row : target.rows) {
    Json item = Json::object();
    item["feature"] = feature_id(row.feature);
    item["tier"] = tier_name(row.capability.tier);
    item["reason"] = std::string(row.capability.reason);
    item["fix"] = std::string(row.capability.fix);
    rows.push_back(std::move(item));
  }
  out["features"] = std::move(rows);
  out["summary"] = summary_json(target.counts());
  out["verdict"] = verdict_id(target.verdict());
  return out;
}

}  // namespace

Json to_json(const Report& report) {
  Json out = Json::object();
  out["root"] = report.root.string();
  Json agents = Json::array();
  for (const std::string& agent : report.agents) agents.push_back(agent);
  out["agents"] = std::move(agents);
  Json features = Json::array();
  for (const UsedFeature& used : report.features) {
    Json item = Json::object();
    item["feature"] = feature_id(used.feature);
    item["label"] = feature_label(used.feature);
    item["evidence"] = used.evidence;
    features.push_back(std::move(item));
  }
  out["features"] = std::move(features);
  Json targets = Json::array();
  for (const TargetReport& target : report.targets) targets.push_back(target_json(target));
  out["targets"] = std::move(targets);
  return out;
}

}  // namespace agentlift::audit
