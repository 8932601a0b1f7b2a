#pragma once
// The human-readable form of a Bedrock plan (`plan` without --json). Ours to
// word; it shows the same object to_json() does.

#include <string>

#include "model/diagnostic_text.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

std::string render_text(const HarnessPlan& plan, const model::TextStyle& style = {});
std::string render_text(const RuntimePlan& plan, const model::TextStyle& style = {});
std::string render_text(const Plan& plan, const model::TextStyle& style = {});

}  // namespace agentlift::bedrock
