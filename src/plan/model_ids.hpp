#pragma once
// Folder model ids -> Amazon Bedrock model ids (reference-spec §5.2). Claude ids
// become regional inference profiles "<us|eu|apac|global>.anthropic.<slug>";
// anything else passes through unchanged.

#include <string>
#include <string_view>

#include "model/diagnostic.hpp"

namespace agentlift::plan {

inline constexpr const char* k_bedrock_default_model = "claude-sonnet-4-6";

std::string region_prefix(std::string_view region);

// Resolves `folder_model` in `region` and records the bedrock.model.* diagnostic.
std::string resolve_bedrock_model(const std::string& folder_model, const std::string& region,
                                  const std::string& where, model::Diagnostics& diagnostics);

// The reverse, for import: "us.anthropic.claude-haiku-4-5-20251001-v1:0" ->
// "claude-haiku-4-5". "" when `bedrock_model` is not a Claude inference profile
// that resolve_bedrock_model would give back (keep the id itself then).
std::string folder_model_of(std::string_view bedrock_model);

}  // namespace agentlift::plan
