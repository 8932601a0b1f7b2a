#include "model/diagnostic_text.hpp"

namespace agentlift::model {

std::string render_diagnostic(const Diagnostic& d) {
  std::string out = "  ";
  out += level_name(d.level);
  if (!d.where.empty()) out += " [" + d.where + "]";
  out += ": " + d.message + "  (" + d.code + ")";
  return out;
}

std::string render_diagnostics(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) out += render_diagnostic(d) + "\n";
  return out;
}

}  // namespace agentlift::model
