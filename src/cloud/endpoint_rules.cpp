#include "cloud/endpoint_rules.hpp"

#include <algorithm>
#include <cctype>

#include "cloud/endpoint_rule_tree.hpp"

// Reading a rule-set document into the checked form of endpoint_rule_tree.hpp.
// The recursion follows the document's nesting (rules in tree rules, arguments
// in calls, properties), which is capped so a hostile file cannot exhaust the
// stack.

namespace agentlift::cloud::endpoints {
namespace {

using detail::Condition;
using detail::EndpointTemplate;
using detail::Expression;
using detail::Program;
using detail::PropertyTemplate;
using detail::Rule;
using detail::Slot;
using detail::Template;
using detail::TemplatePart;

constexpr int k_max_rule_depth = 64;        // S3, the deepest AWS rule set, nests 18
constexpr int k_max_expression_depth = 32;  // calls in calls, nested properties

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_attr_path(std::string_view path) {
  return !path.empty() && std::all_of(path.begin(), path.end(), [](char c) {
    return is_name_char(c) || c == '.' || c == '[' || c == ']';
  });
}

[[noreturn]] void fail(const std::string& where, const std::string& message) {
  throw RuleSetError("endpoint rule set: " + where + ": " + message);
}

const Json& member(const Json& object, const char* key, const std::string& where) {
  const auto found = object.find(key);
  if (found == object.end()) fail(where, std::string("missing \"") + key + "\"");
  return *found;
}

class Compiler {
 public:
  Program compile(const Json& document) {
    if (!document.is_object()) fail("document", "not a JSON object");
    read_parameters(member(document, "parameters", "document"));
    const auto& rules = member(document, "rules", "document");
    if (!rules.is_array()) fail("rules", "not an array");
    for (std::size_t i = 0; i < rules.size(); ++i) {
      m_program.rules.push_back(compile_rule(rules[i], 1, "rules[" + std::to_string(i) + "]"));
    }
    return std::move(m_program);
  }

 private:
  Program m_program;
  std::map<std::string, Slot, std::less<>> m_slots;
  std::vector<bool> m_visible;  // by slot: a parameter, or assigned by an enclosing condition

  Slot new_slot(const std::string& name) {
    const Slot slot = m_program.slot_names.size();
    m_program.slot_names.push_back(name);
    m_visible.push_back(false);
    m_slots.emplace(name, slot);
    return slot;
  }

  void read_parameters(const Json& parameters) {
    if (!parameters.is_object()) fail("parameters", "not an object");
    for (const auto& [name, spec] : parameters.items()) {
      const std::string where = "parameter " + name;
      if (!spec.is_object()) fail(where, "not an object");
      ParameterSpec parameter;
      parameter.name = name;
      const auto& type = member(spec, "type", where);
      const auto type_name = type.is_string() ? lower_ascii(type.get<std::string>()) : "";
      if (type_name == "string") {
        parameter.type = ParameterType::string;
      } else if (type_name == "boolean") {
        parameter.type = ParameterType::boolean;
      } else if (type_name == "stringarray") {
        parameter.type = ParameterType::string_array;
      } else {
        fail(where, "unknown type " + type.dump());
      }
      parameter.required = spec.value("required", false);
      parameter.built_in = spec.value("builtIn", "");
      if (const auto found = spec.find("default"); found != spec.end()) {
        parameter.default_value = *found;
      }
      m_program.parameters.push_back(std::move(parameter));
      m_visible.push_back(true);
      m_program.slot_names.push_back(name);
      m_slots.emplace(name, m_program.slot_names.size() - 1);
    }
  }

  Slot visible_slot(std::string_view name, const std::string& where) {
    const auto found = m_slots.find(name);
    if (found == m_slots.end() || !m_visible[found->second]) {
      fail(where, "reference to \"" + std::string(name) +
                      "\", which is neither a parameter nor assigned by an enclosing condition");
    }
    return found->second;
  }

  Template compile_template(const std::string& text, const std::string& where) {
    Template result;
    std::string literal;
    std::size_t i = 0;
    while (i < text.size()) {
      const char c = text[i];
      if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
        literal += c;  // "{{" and "}}" stand for one brace
        i += 2;
        continue;
      }
      if (c != '{') {
        literal += c;
        ++i;
        continue;
      }
      const auto close = text.find('}', i);
      if (close == std::string::npos) fail(where, "unclosed '{' in \"" + text + "\"");
      const std::string_view inner(text.data() + i + 1, close - i - 1);
      const auto hash = inner.find('#');
      const auto name = inner.substr(0, hash);
      const auto path =
          hash == std::string_view::npos ? std::string_view() : inner.substr(hash + 1);
      if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char) ||
          (hash != std::string_view::npos && !is_attr_path(path))) {
        fail(where, "malformed template \"{" + std::string(inner) + "}\"");
      }
      if (!literal.empty()) result.parts.push_back({std::move(literal), std::nullopt, {}});
      literal.clear();
      result.parts.push_back({{}, visible_slot(name, where), std::string(path)});
      i = close + 1;
    }
    if (!literal.empty()) result.parts.push_back({std::move(literal), std::nullopt, {}});
    return result;
  }

  Expression compile_call(const Json& call, int depth, const std::string& where) {
    Expression expression;
    expression.kind = Expression::Kind::call;
    const auto& name = member(call, "fn", where);
    if (!name.is_string()) fail(where, "\"fn\" is not a string");
    expression.function = find_library_function(name.get<std::string>());
    if (expression.function == nullptr) {
      fail(where, "unsupported function \"" + name.get<std::string>() + "\"");
    }
    const auto& argv = member(call, "argv", where);
    if (!argv.is_array()) fail(where, "\"argv\" is not an array");
    if (argv.size() != expression.function->arity) {
      fail(where, std::string(expression.function->name) + " takes " +
                      std::to_string(expression.function->arity) + " arguments, not " +
                      std::to_string(argv.size()));
    }
    for (const auto& argument : argv) {
      expression.arguments.push_back(compile_expression(argument, depth + 1, where));
    }
    return expression;
  }

  Expression compile_expression(const Json& value, int depth, const std::string& where) {
    if (depth > k_max_expression_depth) fail(where, "expressions nested too deeply");
    Expression expression;
    if (value.is_boolean() || value.is_number_integer()) {
      expression.literal = value;
    } else if (value.is_string()) {
      expression.kind = Expression::Kind::text;
      expression.text = compile_template(value.get<std::string>(), where);
    } else if (value.is_object() && value.contains("ref")) {
      const auto& name = value["ref"];
      if (!name.is_string()) fail(where, "\"ref\" is not a string");
      expression.kind = Expression::Kind::reference;
      expression.slot = visible_slot(name.get<std::string>(), where);
    } else if (value.is_object() && value.contains("fn")) {
      expression = compile_call(value, depth, where);
    } else {
      fail(where, "not an expression: " + value.dump());
    }
    return expression;
  }

  PropertyTemplate compile_properties(const Json& value, int depth, const std::string& where) {
    if (depth > k_max_expression_depth) fail(where, "properties nested too deeply");
    PropertyTemplate result;
    if (value.is_string()) {
      result.kind = PropertyTemplate::Kind::text;
      result.text = compile_template(value.get<std::string>(), where);
    } else if (value.is_array()) {
      result.kind = PropertyTemplate::Kind::array;
      for (const auto& item : value) {
        result.members.push_back(compile_properties(item, depth + 1, where));
      }
    } else if (value.is_object()) {
      result.kind = PropertyTemplate::Kind::object;
      for (const auto& [key, item] : value.items()) {
        result.keys.push_back(key);
        result.members.push_back(compile_properties(item, depth + 1, where));
      }
    } else {
      result.literal = value;
    }
    return result;
  }

  EndpointTemplate compile_endpoint(const Json& endpoint, const std::string& where) {
    if (!endpoint.is_object()) fail(where, "\"endpoint\" is not an object");
    EndpointTemplate result;
    result.url = compile_expression(member(endpoint, "url", where), 1, where);
    const auto properties = endpoint.find("properties");
    result.properties =
        compile_properties(properties == endpoint.end() ? Json::object() : *properties, 1, where);
    if (result.properties.kind != PropertyTemplate::Kind::object) {
      fail(where, "\"properties\" is not an object");
    }
    if (const auto headers = endpoint.find("headers"); headers != endpoint.end()) {
      if (!headers->is_object()) fail(where, "\"headers\" is not an object");
      for (const auto& [name, values] : headers->items()) {
        if (!values.is_array()) fail(where, "header \"" + name + "\" is not a list");
        std::vector<Expression> expressions;
        for (const auto& item : values) expressions.push_back(compile_expression(item, 1, where));
        result.headers.emplace_back(name, std::move(expressions));
      }
    }
    return result;
  }

  Condition compile_condition(const Json& condition, const std::string& where) {
    if (!condition.is_object() || !condition.contains("fn")) fail(where, "not a function call");
    Condition result{compile_call(condition, 1, where), std::nullopt};
    if (const auto assign = condition.find("assign"); assign != condition.end()) {
      if (!assign->is_string()) fail(where, "\"assign\" is not a string");
      const auto& name = assign->get_ref<const std::string&>();
      auto found = m_slots.find(name);
      const Slot slot = found == m_slots.end() ? new_slot(name) : found->second;
      if (slot < m_program.parameters.size() || m_visible[slot]) {
        fail(where, "\"" + name + "\" is assigned while already in scope");
      }
      m_visible[slot] = true;
      result.assign = slot;
    }
    return result;
  }

  Rule compile_rule(const Json& rule, int depth, const std::string& where) {
    if (depth > k_max_rule_depth) fail(where, "rules nested too deeply");
    if (!rule.is_object()) fail(where, "not an object");
    Rule result;
    std::vector<Slot> assigned;
    if (const auto conditions = rule.find("conditions"); conditions != rule.end()) {
      if (!conditions->is_array()) fail(where, "\"conditions\" is not an array");
      for (std::size_t i = 0; i < conditions->size(); ++i) {
        result.conditions.push_back(
            compile_condition((*conditions)[i], where + ".conditions[" + std::to_string(i) + "]"));
        if (result.conditions.back().assign) assigned.push_back(*result.conditions.back().assign);
      }
    }
    const auto& type = member(rule, "type", where);
    if (type == "endpoint") {
      result.kind = Rule::Kind::endpoint;
      result.endpoint = compile_endpoint(member(rule, "endpoint", where), where);
    } else if (type == "error") {
      result.kind = Rule::Kind::error;
      result.error = compile_expression(member(rule, "error", where), 1, where);
    } else if (type == "tree") {
      result.kind = Rule::Kind::tree;
      const auto& rules = member(rule, "rules", where);
      if (!rules.is_array()) fail(where, "\"rules\" is not an array");
      for (std::size_t i = 0; i < rules.size(); ++i) {
        result.rules.push_back(
            compile_rule(rules[i], depth + 1, where + ".rules[" + std::to_string(i) + "]"));
      }
    } else {
      fail(where, "unknown rule type " + type.dump());
    }
    for (const Slot slot : assigned) m_visible[slot] = false;
    return result;
  }
};

bool has_type(const Value& value, ParameterType type) {
  switch (type) {
    case ParameterType::string:
      return value.is_string();
    case ParameterType::boolean:
      return value.is_boolean();
    case ParameterType::string_array:
      return value.is_array() &&
             std::all_of(value.begin(), value.end(), [](const Value& v) { return v.is_string(); });
  }
  return false;
}

const char* type_name(ParameterType type) {
  switch (type) {
    case ParameterType::string:
      return "a string";
    case ParameterType::boolean:
      return "a boolean";
    case ParameterType::string_array:
      return "a list of strings";
  }
  return "?";
}

}  // namespace

EndpointConfigurationError::EndpointConfigurationError(std::string reason,
                                                       const std::string& context, std::string hint)
    : UsageError(context.empty() ? reason : context + ": " + reason, std::move(hint)),
      m_reason(std::move(reason)) {}

RuleSet::RuleSet(std::shared_ptr<const detail::Program> program) : m_program(std::move(program)) {}

RuleSet RuleSet::from_json(const Json& document) {
  return RuleSet(std::make_shared<const Program>(Compiler().compile(document)));
}

const std::vector<ParameterSpec>& RuleSet::parameters() const { return m_program->parameters; }

Endpoint RuleSet::resolve(const ParameterValues& values) const {
  std::vector<Value> slots(m_program->slot_names.size());
  for (std::size_t i = 0; i < m_program->parameters.size(); ++i) {
    const auto& parameter = m_program->parameters[i];
    const auto given = values.find(parameter.name);
    Value value =
        given != values.end() && !given->second.is_null() ? given->second : parameter.default_value;
    if (value.is_null()) {
      if (parameter.required) {
        throw EndpointConfigurationError("endpoint parameter " + parameter.name +
                                         " is required but not set");
      }
      continue;
    }
    if (!has_type(value, parameter.type)) {
      throw EndpointConfigurationError("endpoint parameter " + parameter.name + " must be " +
                                       type_name(parameter.type) + ", not " + value.dump());
    }
    slots[i] = std::move(value);
  }
  return detail::evaluate(*m_program, std::move(slots));
}

}  // namespace agentlift::cloud::endpoints
