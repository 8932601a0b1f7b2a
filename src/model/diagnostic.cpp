#include "model/diagnostic.hpp"

#include <algorithm>

#include "base/utf8.hpp"

namespace agentlift::model {

const char* level_name(Level level) {
  switch (level) {
    case Level::error:
      return "error";
    case Level::warning:
      return "warning";
    case Level::info:
      return "info";
  }
  return "info";
}

void Diagnostics::error(std::string code, std::string message, std::string where) {
  add({Level::error, std::move(code), std::move(message), std::move(where)});
}
void Diagnostics::warning(std::string code, std::string message, std::string where) {
  add({Level::warning, std::move(code), std::move(message), std::move(where)});
}
void Diagnostics::info(std::string code, std::string message, std::string where) {
  add({Level::info, std::move(code), std::move(message), std::move(where)});
}
void Diagnostics::add(Diagnostic diagnostic) {
  // Messages quote user input and library errors (which may cut a multi-byte
  // character in half); output must stay valid UTF-8 whatever they hold.
  if (utf8::find_invalid(diagnostic.message)) {
    diagnostic.message = utf8::decode_replacing(diagnostic.message);
  }
  if (utf8::find_invalid(diagnostic.where))
    diagnostic.where = utf8::decode_replacing(diagnostic.where);
  m_items.push_back(std::move(diagnostic));
}

void Diagnostics::append(const Diagnostics& other) {
  m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

bool Diagnostics::ok() const { return count(Level::error) == 0; }

std::size_t Diagnostics::count(Level level) const {
  return static_cast<std::size_t>(std::count_if(
      m_items.begin(), m_items.end(), [&](const Diagnostic& d) { return d.level == level; }));
}

Json Diagnostics::to_json() const {
  Json out = Json::array();
  for (const Diagnostic& d : m_items) {
    Json item = Json::object();
    item["level"] = level_name(d.level);
    item["code"] = d.code;
    item["message"] = d.message;
    item["where"] = d.where;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace agentlift::model
