#pragma once
// Diagnostics as people read them: one line each, "error [agent]: message (code)".

#include <string>

#include "model/diagnostic.hpp"

namespace agentlift::model {

// How text output is dressed. Colour is for terminals only (the CLI decides).
struct TextStyle {
  bool color = false;
};

enum class Color { red, yellow, green, dim };
std::string paint(const TextStyle& style, Color color, const std::string& text);

std::string render_diagnostic(const Diagnostic& diagnostic, const TextStyle& style = {});
std::string render_diagnostics(const Diagnostics& diagnostics, const TextStyle& style = {});

}  // namespace agentlift::model
