#include "model/diagnostic_text.hpp"

namespace agentlift::model {

std::string paint(const TextStyle& style, Color color, const std::string& text) {
  if (!style.color) return text;
  const char* code = color == Color::red      ? "\033[31m"
                     : color == Color::yellow ? "\033[33m"
                     : color == Color::green  ? "\033[32m"
                                              : "\033[2m";
  return code + text + "\033[0m";
}

std::string render_diagnostic(const Diagnostic& d, const TextStyle& style) {
  std::string tag = level_name(d.level);
  if (d.level == Level::error) tag = paint(style, Color::red, tag);
  if (d.level == Level::warning) tag = paint(style, Color::yellow, tag);
  std::string out = "  " + tag;
  if (!d.where.empty()) out += " [" + d.where + "]";
  out += ": " + d.message + "  " + paint(style, Color::dim, "(" + d.code + ")");
  return out;
}

std::string render_diagnostics(const Diagnostics& diagnostics, const TextStyle& style) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) out += render_diagnostic(d, style) + "\n";
  return out;
}

}  // namespace agentlift::model
