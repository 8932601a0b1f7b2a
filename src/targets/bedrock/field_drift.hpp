#pragma once
// One field where what is deployed differs from what the folder plans (or
// from what the lockfile records): `status` and `diff --remote` list these.
// Values are short display texts, never a secret (MCP header values are not
// compared, see harness_drift.hpp).

#include <string>
#include <vector>

#include "base/json.hpp"

namespace agentlift::bedrock {

struct FieldDrift {
  std::string field;    // "model.bedrockModelConfig.modelId", "tools[orders].config.remoteMcp.url"
  std::string planned;  // what the folder (or the lock) says; "(none)" when absent
  std::string live;     // what AgentCore has; "(none)" when absent
  bool operator==(const FieldDrift&) const = default;
};

using Drift = std::vector<FieldDrift>;

// A JSON value as a one-line display text: strings as they are (cut to about
// 80 characters with the full length noted), anything else as compact JSON
// (cut likewise), "(none)" for null.
std::string drift_value_text(const Json& value);

// The drift entry for two different values. When their texts share a long
// beginning, both are shown from a little before the first difference
// ("…policy does not.\nAlways answer…"), so the change is visible.
FieldDrift make_drift(std::string field, const Json& planned, const Json& live);

Json drift_json(const Drift& drift);  // [{"field", "planned", "live"}, ...]

}  // namespace agentlift::bedrock
