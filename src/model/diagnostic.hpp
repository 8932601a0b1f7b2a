#pragma once
// Problems found in the user's input. Parse and plan collect them and carry on;
// a project is deployable when no error was collected.

#include <string>
#include <vector>

#include "base/json.hpp"

namespace agentlift::model {

enum class Level { error, warning, info };

struct Diagnostic {
  Level level = Level::info;
  std::string code;     // stable dotted name, e.g. "bedrock.mcp.stdio_unsupported"
  std::string message;  // ours to word; syntax errors lead with "path:line: "
  std::string where;    // the agent's name, or "" for project-wide findings

  bool operator==(const Diagnostic&) const = default;
};

const char* level_name(Level level);

class Diagnostics {
 public:
  void error(std::string code, std::string message, std::string where = {});
  void warning(std::string code, std::string message, std::string where = {});
  void info(std::string code, std::string message, std::string where = {});
  void add(Diagnostic diagnostic);
  void append(const Diagnostics& other);

  const std::vector<Diagnostic>& items() const { return m_items; }
  bool ok() const;  // no errors
  std::size_t count(Level level) const;

  Json to_json() const;

 private:
  std::vector<Diagnostic> m_items;
};

}  // namespace agentlift::model
