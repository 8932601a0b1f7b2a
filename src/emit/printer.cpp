#include "emit/printer.hpp"

#include <set>
#include <stdexcept>

namespace agentlift::emit {

void Printer::append(std::string_view text) {
  for (const char c : text) {
    if (m_at_line_start && c != '\n') m_out.append(m_indent, ' ');
    m_out += c;
    m_at_line_start = c == '\n';
  }
}

void Printer::append_value(std::string_view value) {
  // A value is inserted as it is: a multi-line string literal must not gain
  // indentation inside its quotes.
  if (value.empty()) return;
  if (m_at_line_start) m_out.append(m_indent, ' ');
  m_out.append(value);
  m_at_line_start = value.back() == '\n';
}

void Printer::print(std::string_view text, const Vars& vars) {
  std::set<std::string, std::less<>> used;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find('$', pos);
    if (open == std::string_view::npos) {
      append(text.substr(pos));
      break;
    }
    append(text.substr(pos, open - pos));
    const std::size_t close = text.find('$', open + 1);
    if (close == std::string_view::npos) {
      throw std::logic_error("template has an unclosed $ in: " + std::string(text));
    }
    const std::string_view name = text.substr(open + 1, close - open - 1);
    if (name.empty()) {
      append("$");
    } else {
      const auto found = vars.find(name);
      if (found == vars.end()) {
        throw std::logic_error("template uses unknown variable $" + std::string(name) + "$");
      }
      used.emplace(name);
      append_value(found->second);
    }
    pos = close + 1;
  }
  for (const auto& [name, value] : vars) {
    if (!used.count(name)) throw std::logic_error("template ignores variable $" + name + "$");
  }
}

void Printer::line(std::string_view text, const Vars& vars) {
  print(text, vars);
  append("\n");
}

}  // namespace agentlift::emit
