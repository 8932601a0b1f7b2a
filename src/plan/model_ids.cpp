#include "plan/model_ids.hpp"

#include <utility>

#include "base/utf8.hpp"

namespace agentlift::plan {
namespace {

// Folder ids whose Bedrock profile slug carries a date or version suffix; newer
// models use the bare id as the slug.
constexpr std::pair<std::string_view, std::string_view> k_slug_aliases[] = {
    {"claude-haiku-4-5", "claude-haiku-4-5-20251001-v1:0"},
    {"claude-sonnet-4", "claude-sonnet-4-20250514-v1:0"},
    {"claude-sonnet-4-5", "claude-sonnet-4-5-20250929-v1:0"},
    {"claude-opus-4-5", "claude-opus-4-5-20251101-v1:0"},
    {"claude-opus-4-6", "claude-opus-4-6-v1"},
};

}  // namespace

std::string region_prefix(std::string_view region) {
  const std::string r = utf8::ascii_lower(region);
  if (r.rfind("eu-", 0) == 0) return "eu";
  if (r.rfind("us-", 0) == 0) return "us";
  if (r.rfind("ap-", 0) == 0) return "apac";
  return "global";
}

std::string resolve_bedrock_model(const std::string& folder_model, const std::string& region,
                                  const std::string& where, model::Diagnostics& diagnostics) {
  const std::string model = folder_model.empty() ? k_bedrock_default_model : folder_model;
  if (model.rfind("claude", 0) != 0) {
    diagnostics.warning("bedrock.model.non_claude",
                        "model '" + model +
                            "' is not a Claude id, so it is used as the Bedrock model id "
                            "unchanged; check that it exists in " +
                            region,
                        where);
    return model;
  }
  std::string_view slug = model;
  for (const auto& [id, alias] : k_slug_aliases) {
    if (model == id) slug = alias;
  }
  const std::string profile = region_prefix(region) + ".anthropic." + std::string(slug);
  diagnostics.info("bedrock.model.resolved",
                   "model '" + model + "' runs as Bedrock inference profile '" + profile +
                       "' (needs Anthropic model access in the account and region)",
                   where);
  return profile;
}

std::string folder_model_of(std::string_view bedrock_model) {
  const std::size_t dot = bedrock_model.find('.');
  if (dot == std::string_view::npos) return "";
  const std::string_view prefix = bedrock_model.substr(0, dot);
  if (prefix != "us" && prefix != "eu" && prefix != "apac" && prefix != "global") return "";
  constexpr std::string_view k_anthropic = "anthropic.";
  std::string_view slug = bedrock_model.substr(dot + 1);
  if (slug.substr(0, k_anthropic.size()) != k_anthropic) return "";
  slug.remove_prefix(k_anthropic.size());
  std::string model(slug);
  for (const auto& [id, alias] : k_slug_aliases) {
    if (slug == alias) model = id;
  }
  // Only an id that resolves back to this profile: "claude-haiku-4-5" (an alias
  // with a dated slug) must not come back from its bare-slug profile.
  if (model.rfind("claude", 0) != 0) return "";
  for (const auto& [id, alias] : k_slug_aliases) {
    if (model == id && slug != alias) return "";
  }
  return model;
}

}  // namespace agentlift::plan
