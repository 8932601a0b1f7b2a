// The audit as people read it. Ours to word; it shows the same Report that
// to_json() serialises.

#include <string>

#include "audit/audit.hpp"

namespace agentlift::audit {
namespace {

std::string tier_summary(const TierCounts& counts) {
  std::string out;
  for (Tier tier : k_tiers) {
    const std::size_t n = counts[static_cast<std::size_t>(tier)];
    if (n == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + tier_name(tier);
  }
  return out;
}

std::string render_target(const TargetReport& target) {
  if (!target.target) return "== " + target.name + " ==   (unknown target)\n";
  std::string out = "== " + std::string(target_title(*target.target)) + " ==   [" +
                    tier_summary(target.counts()) + "]\n";
  for (Tier tier : k_tiers) {
    bool heading = false;
    for (const Assessment& row : target.rows) {
      if (row.capability.tier != tier) continue;
      if (!heading) out += "  " + std::string(tier_name(tier)) + ":\n";
      heading = true;
      out += "    " + std::string(1, tier_glyph(tier)) + " " + feature_label(row.feature) + "\n";
      // A native cell needs no explanation, even where the matrix has one.
      if (tier == Tier::native) continue;
      out += "        reason: " + std::string(row.capability.reason) + "\n";
      if (!row.capability.fix.empty()) {
        out += "        fix:    " + std::string(row.capability.fix) + "\n";
      }
    }
  }
  return out;
}

std::string render_verdict(const TargetReport& target) {
  const TierCounts counts = target.counts();
  const std::string degraded = std::to_string(counts[static_cast<std::size_t>(Tier::degraded)]);
  switch (target.verdict()) {
    case Verdict::clean:
      return "moves over cleanly";
    case Verdict::degraded:
      return degraded + " feature(s) degraded, nothing lost";
    case Verdict::lossy:
      return std::to_string(counts[static_cast<std::size_t>(Tier::unsupported)]) +
             " unsupported, " + degraded + " degraded";
  }
  return "";
}

}  // namespace

std::string render_text(const Report& report) {
  std::string out = "Portability audit: " + report.root.string() + "\n";
  out += "Agents: ";
  if (report.agents.empty()) out += "(none)";
  for (std::size_t i = 0; i < report.agents.size(); ++i) {
    out += (i ? ", " : "") + report.agents[i];
  }
  out += "\nFeatures this folder uses: " + std::to_string(report.features.size()) + "\n";
  for (const UsedFeature& used : report.features) {
    out += "  - " + std::string(feature_id(used.feature)) + ": " + used.evidence + "\n";
  }
  out += "\n";
  for (const TargetReport& target : report.targets) out += render_target(target) + "\n";

  out += "Verdict (the fewer losses, the more portable):\n";
  for (const TargetReport& target : report.targets) {
    if (!target.target) continue;
    out += "  " + std::string(target_title(*target.target)) + ": " + render_verdict(target) + "\n";
  }
  return out;
}

}  // namespace agentlift::audit
