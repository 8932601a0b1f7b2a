#pragma once
// Diagnostics as people read them: one line each, "error [agent]: message".

#include <string>

#include "model/diagnostic.hpp"

namespace agentlift::model {

std::string render_diagnostic(const Diagnostic& diagnostic);
std::string render_diagnostics(const Diagnostics& diagnostics);

}  // namespace agentlift::model
