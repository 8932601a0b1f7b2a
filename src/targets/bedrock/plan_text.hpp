#pragma once
// The human-readable form of a Bedrock plan (`plan` without --json). Ours to
// word; it shows the same object to_json() does.

#include <string>

#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

std::string render_text(const HarnessPlan& plan);
std::string render_text(const RuntimePlan& plan);
std::string render_text(const Plan& plan);

}  // namespace agentlift::bedrock
