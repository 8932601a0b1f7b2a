#pragma once
// A value that must not be printed by accident (MCP header values, tokens): it
// has no operator<<, no JSON conversion and no implicit conversion to string.
// The one way to the text is reveal(), called where the value goes on the wire.

#include <ostream>
#include <string>
#include <utility>

namespace agentlift {

class Secret {
 public:
  explicit Secret(std::string value) : m_value(std::move(value)) {}

  const std::string& reveal() const { return m_value; }
  bool empty() const { return m_value.empty(); }

  bool operator==(const Secret&) const = default;

  // Streaming a secret is a compile error; write reveal() where it is meant.
  friend std::ostream& operator<<(std::ostream&, const Secret&) = delete;

 private:
  std::string m_value;
};

// What GoogleTest prints for a Secret in a failed assertion.
inline void PrintTo(const Secret&, std::ostream* out) { *out << "Secret(<redacted>)"; }

}  // namespace agentlift
