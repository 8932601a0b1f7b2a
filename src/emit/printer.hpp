#pragma once
// Writes generated source from literal templates. Text enters only through
// $name$ variables, which the caller has already escaped for the target language
// (emit/python_literals.hpp); an unknown or unused variable is a bug and throws.
// Indentation applies to the template's own lines; a variable's value is inserted
// as it is (a multi-line string literal must not change).

#include <map>
#include <string>
#include <string_view>

namespace agentlift::emit {

class Printer {
 public:
  using Vars = std::map<std::string, std::string, std::less<>>;

  // Prints `text` with $var$ replaced ("$$" prints one "$").
  void print(std::string_view text, const Vars& vars = {});
  // Prints one line (a newline is added).
  void line(std::string_view text, const Vars& vars = {});
  void blank() { m_out += '\n'; }

  class Indent {
   public:
    explicit Indent(Printer& printer) : m_printer(printer) { m_printer.m_indent += 4; }
    ~Indent() { m_printer.m_indent -= 4; }
    Indent(const Indent&) = delete;
    Indent& operator=(const Indent&) = delete;

   private:
    Printer& m_printer;
  };

  const std::string& text() const { return m_out; }

 private:
  void append(std::string_view text);
  void append_value(std::string_view value);

  std::string m_out;
  std::size_t m_indent = 0;
  bool m_at_line_start = true;
};

}  // namespace agentlift::emit
