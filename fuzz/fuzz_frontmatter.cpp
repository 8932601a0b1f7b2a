// libFuzzer target: agent.md / SKILL.md bytes -> UTF-8 checks -> frontmatter split
// (yaml-cpp + the YAML 1.1 scalar rules) -> the Json serialisations the parser and
// the plan output apply to the fields.
//
// It mirrors Folder::read_text + ProjectParser: the file bytes are checked with
// utf8::find_invalid and only valid UTF-8 is newline-normalised and split. The
// lossy helpers (decode_replacing, normalize_newlines) run on every input first,
// since the knowledge path applies them to arbitrary bytes.
//
// Besides sanitizer findings it traps on broken documented contracts only:
//  - decode_replacing always yields valid UTF-8, and is the identity on valid UTF-8;
//  - normalize_newlines leaves no '\r';
//  - Frontmatter::fields is always an object, and {} unless status == parsed;
//  - status == invalid_yaml comes with an error (project_parser dereferences it).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/json.hpp"
#include "base/utf8.hpp"
#include "model/diagnostic.hpp"
#include "parse/frontmatter.hpp"
#include "parse/list_values.hpp"
#include "parse/tools.hpp"

namespace {

namespace al = agentlift;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

// What ProjectParser / skills do with the fields, minus the file system.
void touch_fields(const al::parse::Frontmatter& fm) {
  const al::Json& fields = fm.fields;
  al::model::Diagnostics diagnostics;
  std::size_t sink = 0;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const al::Json& value = it.value();
    const std::string text = al::json::python_str(value);
    sink += text.size() + (al::json::truthy(value) ? 1 : 0);
    sink += al::utf8::ascii_lower(text).size();
    sink += al::json::python_repr(it.key()).size();
    const std::string& key = it.key();
    if (key == "tools" || key == "skills" || key == "mcp" || key == "subagents") {
      if (auto entries = al::parse::read_string_list(value, {key, "agent.md", "fuzz"},
                                                     diagnostics)) {
        for (const std::string& entry : *entries) sink += al::utf8::strip(entry).size();
        if (key == "tools") {
          const auto resolved = al::parse::resolve_builtin_tools(*entries, "fuzz", diagnostics);
          sink += resolved.names.size();
        }
      }
    }
  }
  sink += al::json::canonical(fields).size();
  sink += al::json::pretty(fields).size();
  sink += al::json::pretty(diagnostics.to_json()).size();
  sink += al::utf8::strip(fm.body).size();
  if (fm.error) sink += fm.error->message.size() + fm.error->line;
  // Keep the work observable so the optimiser cannot drop it.
  volatile std::size_t keep = sink;
  (void)keep;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const std::string replaced = al::utf8::decode_replacing(bytes);
  check(!al::utf8::find_invalid(replaced));
  const std::string replaced_text = al::utf8::normalize_newlines(replaced);
  check(replaced_text.find('\r') == std::string::npos);

  // Folder::read_text: invalid UTF-8 is reported, not parsed.
  if (al::utf8::find_invalid(bytes)) return 0;
  check(replaced == bytes);
  const std::string text = al::utf8::normalize_newlines(bytes);
  check(text.find('\r') == std::string::npos);

  const al::parse::Frontmatter fm = al::parse::split_frontmatter(text, al::parse::YamlLimits{});
  check(fm.fields.is_object());
  if (fm.status != al::parse::Frontmatter::Status::parsed) check(fm.fields.empty());
  if (fm.status == al::parse::Frontmatter::Status::invalid_yaml) check(fm.error.has_value());
  touch_fields(fm);
  return 0;
}
