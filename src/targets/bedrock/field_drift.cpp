// Display texts and JSON for drift lists (see field_drift.hpp).

#include "targets/bedrock/field_drift.hpp"

#include "base/utf8.hpp"

namespace agentlift::bedrock {
namespace {

constexpr std::size_t k_shown_chars = 80;

// The first `count` code points of valid UTF-8 `text`.
std::string prefix(std::string_view text, std::size_t count) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < count && pos < text.size(); ++i) utf8::next(text, pos);
  return std::string(text.substr(0, pos));
}

std::string cut(const std::string& text) {
  const std::size_t length = utf8::length(text);
  if (length <= k_shown_chars) return text;
  return prefix(text, k_shown_chars - 20) + "… (" + std::to_string(length) + " chars)";
}

}  // namespace

std::string drift_value_text(const Json& value) {
  if (value.is_null()) return "(none)";
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    return text.empty() ? "\"\"" : cut(text);
  }
  return cut(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Json drift_json(const Drift& drift) {
  Json out = Json::array();
  for (const FieldDrift& item : drift) {
    out.push_back({{"field", item.field}, {"planned", item.planned}, {"live", item.live}});
  }
  return out;
}

}  // namespace agentlift::bedrock
