// Evaluating a checked rule set (endpoint_rule_tree.hpp). Rules are tried in
// order; a rule whose conditions all hold is final: an endpoint is returned, an
// error rule throws, and a tree rule's own rules decide (if none of them
// matches, resolution fails rather than falling back to the tree's siblings, as
// the rules language specifies). Names a rule's conditions assign are visible to
// its later conditions and its sub-rules only.

#include <string>
#include <utility>

#include "cloud/endpoint_rule_tree.hpp"

namespace agentlift::cloud::endpoints::detail {
namespace {

std::string scalar_text(const Value& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();  // booleans and numbers read as in the rule set: true, 42
}

class Evaluator {
 public:
  Evaluator(const Program& program, std::vector<Value> slots)
      : m_program(program), m_slots(std::move(slots)) {}

  Endpoint run() {
    auto endpoint = evaluate_rules(m_program.rules);
    if (!endpoint) throw RuleSetError("endpoint rule set: no rule matched the parameters");
    return std::move(*endpoint);
  }

 private:
  const Program& m_program;
  std::vector<Value> m_slots;

  std::string render(const Template& text) const {
    std::string out;
    for (const auto& part : text.parts) {
      if (!part.slot) {
        out += part.text;
        continue;
      }
      const Value& base = m_slots[*part.slot];
      const Value value = part.path.empty() ? base : get_attr(base, part.path);
      if (value.is_null() || value.is_structured()) {
        throw RuleSetError("endpoint rule set: template value {" +
                           m_program.slot_names[*part.slot] +
                           (part.path.empty() ? "" : "#" + part.path) + "} is not set");
      }
      out += scalar_text(value);
    }
    return out;
  }

  Value evaluate(const Expression& expression) const {
    switch (expression.kind) {
      case Expression::Kind::literal:
        return expression.literal;
      case Expression::Kind::text:
        return render(expression.text);
      case Expression::Kind::reference:
        return m_slots[expression.slot];
      case Expression::Kind::call:
        break;
    }
    std::vector<Value> arguments;
    arguments.reserve(expression.arguments.size());
    for (const auto& argument : expression.arguments) arguments.push_back(evaluate(argument));
    return expression.function->call(arguments);
  }

  std::string evaluate_text(const Expression& expression, const char* what) const {
    const Value value = evaluate(expression);
    if (!value.is_string()) {
      throw RuleSetError(std::string("endpoint rule set: ") + what +
                         " is not a string: " + value.dump());
    }
    return value.get<std::string>();
  }

  Json render_properties(const PropertyTemplate& properties) const {
    switch (properties.kind) {
      case PropertyTemplate::Kind::literal:
        return properties.literal;
      case PropertyTemplate::Kind::text:
        return render(properties.text);
      case PropertyTemplate::Kind::array: {
        Json out = Json::array();
        for (const auto& item : properties.members) out.push_back(render_properties(item));
        return out;
      }
      case PropertyTemplate::Kind::object:
        break;
    }
    Json out = Json::object();
    for (std::size_t i = 0; i < properties.keys.size(); ++i) {
      out[properties.keys[i]] = render_properties(properties.members[i]);
    }
    return out;
  }

  Endpoint build_endpoint(const EndpointTemplate& endpoint) const {
    Endpoint out;
    out.url = evaluate_text(endpoint.url, "endpoint url");
    out.properties = render_properties(endpoint.properties);
    for (const auto& [name, expressions] : endpoint.headers) {
      std::vector<std::string> values;
      for (const auto& expression : expressions) {
        values.push_back(evaluate_text(expression, "header value"));
      }
      out.headers.emplace_back(name, std::move(values));
    }
    return out;
  }

  // True when every condition holds; assigned slots are recorded for clearing.
  bool conditions_hold(const Rule& rule, std::vector<Slot>& assigned) {
    for (const auto& condition : rule.conditions) {
      Value result = evaluate(condition.call);
      const bool holds = !result.is_null() && !(result.is_boolean() && !result.get<bool>());
      if (!holds) return false;
      if (condition.assign) {
        m_slots[*condition.assign] = std::move(result);
        assigned.push_back(*condition.assign);
      }
    }
    return true;
  }

  // Recurses once per level of tree rules, no deeper.
  std::optional<Endpoint> evaluate_rules(const std::vector<Rule>& rules) {
    for (const auto& rule : rules) {
      std::vector<Slot> assigned;
      const bool matched = conditions_hold(rule, assigned);
      std::optional<Endpoint> endpoint;
      if (matched) {
        switch (rule.kind) {
          case Rule::Kind::endpoint:
            endpoint = build_endpoint(rule.endpoint);
            break;
          case Rule::Kind::error:
            throw EndpointConfigurationError(evaluate_text(rule.error, "error message"));
          case Rule::Kind::tree:
            endpoint = evaluate_rules(rule.rules);
            if (!endpoint) {
              throw RuleSetError(
                  "endpoint rule set: a tree rule matched but none of its rules did");
            }
            break;
        }
      }
      for (const Slot slot : assigned) m_slots[slot] = nullptr;
      if (matched) return endpoint;
    }
    return std::nullopt;
  }
};

}  // namespace

Endpoint evaluate(const Program& program, std::vector<Value> slots) {
  return Evaluator(program, std::move(slots)).run();
}

}  // namespace agentlift::cloud::endpoints::detail
