#pragma once
// The checked form of a rule set (private to endpoint_rules*.cpp): the JSON
// document compiled into typed rules in which every reference, including those
// inside "{Name#attr}" templates, is already resolved to a variable slot.
// Parameters take slots 0..n-1; each name a condition assigns takes one more.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cloud/endpoint_functions.hpp"
#include "cloud/endpoint_rules.hpp"

namespace agentlift::cloud::endpoints::detail {

using Slot = std::size_t;

// Literal text, or the value of a slot (optionally followed into by an attribute path).
struct TemplatePart {
  std::string text;
  std::optional<Slot> slot;
  std::string path;
};

struct Template {
  std::vector<TemplatePart> parts;
};

struct Expression {
  enum class Kind { literal, text, reference, call };
  Kind kind = Kind::literal;
  Value literal;                              // literal: a boolean or an integer
  Template text;                              // text: a string literal with templates
  Slot slot = 0;                              // reference
  const LibraryFunction* function = nullptr;  // call
  std::vector<Expression> arguments;          // call
};

struct Condition {
  Expression call;             // kind == call
  std::optional<Slot> assign;  // where the result goes, if the condition names one
};

// An endpoint's "properties": JSON whose strings are templates.
struct PropertyTemplate {
  enum class Kind { literal, text, array, object };
  Kind kind = Kind::literal;
  Value literal;                          // literal: null, boolean or number
  Template text;                          // text
  std::vector<std::string> keys;          // object: member names, in order
  std::vector<PropertyTemplate> members;  // array items, or object values beside `keys`
};

struct EndpointTemplate {
  Expression url;
  PropertyTemplate properties;
  std::vector<std::pair<std::string, std::vector<Expression>>> headers;
};

struct Rule {
  enum class Kind { endpoint, error, tree };
  Kind kind = Kind::tree;
  std::vector<Condition> conditions;
  EndpointTemplate endpoint;  // endpoint
  Expression error;           // error
  std::vector<Rule> rules;    // tree
};

struct Program {
  std::vector<ParameterSpec> parameters;  // slots 0..parameters.size()-1
  std::vector<std::string> slot_names;    // every slot: parameters, then assigned names
  std::vector<Rule> rules;
};

// Evaluates the rules with parameter values already in their slots (the other
// slots null). Throws EndpointConfigurationError for a matching error rule.
Endpoint evaluate(const Program& program, std::vector<Value> slots);

}  // namespace agentlift::cloud::endpoints::detail
