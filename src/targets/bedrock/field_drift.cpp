// Display texts and JSON for drift lists (see field_drift.hpp).

#include "targets/bedrock/field_drift.hpp"

#include "base/utf8.hpp"

namespace agentlift::bedrock {
namespace {

constexpr std::size_t k_shown_chars = 80;
constexpr std::size_t k_context_bytes = 24;  // shown before the first difference

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

std::string full_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string drift_value_text(const Json& value) {
  if (value.is_null()) return "(none)";
  const std::string text = full_text(value);
  return text.empty() ? "\"\"" : cut(text);
}

FieldDrift make_drift(std::string field, const Json& planned, const Json& live) {
  FieldDrift out{std::move(field), drift_value_text(planned), drift_value_text(live)};
  if (planned.is_null() || live.is_null()) return out;
  const std::string a = full_text(planned);
  const std::string b = full_text(live);
  std::size_t same = 0;
  while (same < a.size() && same < b.size() && a[same] == b[same]) ++same;
  if (same <= k_context_bytes + 16) return out;
  std::size_t from = same - k_context_bytes;
  while (from > 0 && is_continuation(a[from])) --from;
  out.planned = "…" + cut(a.substr(from));
  out.live = "…" + cut(b.substr(from));
  return out;
}

Json drift_json(const Drift& drift) {
  Json out = Json::array();
  for (const FieldDrift& item : drift) {
    out.push_back({{"field", item.field}, {"planned", item.planned}, {"live", item.live}});
  }
  return out;
}

}  // namespace agentlift::bedrock
