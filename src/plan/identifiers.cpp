#include "plan/identifiers.hpp"

#include "base/utf8.hpp"

namespace agentlift::plan {
namespace {

// Base letters for U+00C0..U+017F; '_' where there is no single ASCII letter.
constexpr std::string_view k_latin1 =
    "AAAAAAACEEEEIIII"   // C0-CF (C6 AE -> A)
    "DNOOOOO_OUUUUY_s"   // D0-DF (D7 x, DE thorn, DF sharp s)
    "aaaaaaaceeeeiiii"   // E0-EF
    "dnooooo_ouuuuy_y";  // F0-FF
constexpr std::string_view k_latin_ext_a =
    "AaAaAaCcCcCcCcDd"   // 100-10F
    "DdEeEeEeEeEeGgGg"   // 110-11F
    "GgGgHhHhIiIiIiIi"   // 120-12F
    "Ii__JjKkkLlLlLlL"   // 130-13F
    "lLlNnNnNnnNnOoOo"   // 140-14F
    "OoOoRrRrRrSsSsSs"   // 150-15F
    "SsTtTtTtUuUuUuUu"   // 160-16F
    "UuUuWwYyYZzZzZzs";  // 170-17F

char ascii_for(char32_t cp) {
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || c == '_' ? c : '_';
  }
  if (cp >= 0xC0 && cp <= 0xFF) return k_latin1[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) return k_latin_ext_a[cp - 0x100];
  return '_';
}

}  // namespace

std::string safe_ident(std::string_view name) {
  std::string out;
  std::size_t pos = 0;
  while (pos < name.size()) out += ascii_for(utf8::next(name, pos));
  return out;
}

std::string mcp_auth_env_var(std::string_view server, std::string_view header) {
  return "AGENTLIFT_MCP_" + utf8::ascii_upper(safe_ident(server)) + "_" +
         utf8::ascii_upper(safe_ident(header));
}

}  // namespace agentlift::plan
