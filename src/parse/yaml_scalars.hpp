#pragma once
// PyYAML's implicit resolvers for plain scalars (yaml/resolver.py), as
// hand-written scanners. std::regex recurses once per character and overflowed
// the stack on a 60 000-digit scalar (found by fuzzing); these loops do not.

#include <string_view>

namespace agentlift::parse::yaml11 {

bool is_bool(std::string_view s);   // yes|no|true|false|on|off in three casings
bool is_true(std::string_view s);   // the true half of is_bool
bool is_null(std::string_view s);   // "", ~, null, Null, NULL
bool is_float(std::string_view s);  // 1.5, .5, 1_0.0e+3, 1:30.5, .inf, -.Inf, .NaN
bool is_int(std::string_view s);    // 0b101, 017, 42, 0x1F, 1:30 (underscores allowed)

}  // namespace agentlift::parse::yaml11
