#pragma once
// Python literals for generated code. Every string a folder can hold (quotes,
// backslashes, a trailing quote, triple quotes, newlines, carriage returns, NUL,
// non-ASCII, any length) comes out as a literal that compiles and reads back as
// the same string (decisions.md #10).

#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "model/project.hpp"

namespace agentlift::emit::python {

// repr(): 'text' (or "text" when that needs fewer escapes), single line.
std::string repr(const std::string& text);
// A triple-quoted literal for long, multi-line text: """..."""
std::string block(const std::string& text);
std::string repr(const std::vector<std::string>& items);                 // ['a', 'b']
std::string repr(const std::optional<std::vector<std::string>>& items);  // None or a list
std::string repr(const model::StringPairs& pairs);                       // {'k': 'v'}
// A JSON value as a Python expression (None/True/False, numbers, str, list, dict).
std::string repr(const Json& value);

}  // namespace agentlift::emit::python
