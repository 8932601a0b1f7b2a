// Fault rules and their call counting (faults.hpp).
#include "emulator/faults.hpp"

#include <charconv>

#include "base/errors.hpp"

namespace agentlift::emulator {
namespace {

struct KindName {
  std::string_view name;
  FaultKind kind;
  int status;  // implied status for the error aliases, else 0
};
constexpr KindName k_kinds[] = {
    {"error", FaultKind::error, 0},
    {"internal_error", FaultKind::error, 500},
    {"unavailable", FaultKind::error, 503},
    {"throttle", FaultKind::error, 429},
    {"reset", FaultKind::reset, 0},
    {"delay", FaultKind::delay, 0},
    {"create_failed", FaultKind::create_failed, 0},
    {"update_failed", FaultKind::update_failed, 0},
};

std::string_view kind_name(FaultKind kind) {
  for (const KindName& entry : k_kinds) {
    if (entry.kind == kind) return entry.name;
  }
  return "error";
}

std::string default_code(int status) {
  switch (status) {
    case 429:
      return "ThrottlingException";
    case 500:
      return "InternalServerException";
    case 503:
      return "ServiceUnavailableException";
    default:
      return status >= 500 ? "InternalServerException" : "InjectedFaultException";
  }
}

std::string default_message(int status) {
  switch (status) {
    case 429:
      return "Rate exceeded";
    case 503:
      return "Service unavailable, please try again later";
    default:
      return status >= 500 ? "An internal error occurred, please try again later"
                           : "Injected fault";
  }
}

int integer_member(const Json& value, const char* name, int fallback, int min, int max) {
  if (!value.contains(name)) return fallback;
  const Json& member = value[name];
  if (!member.is_number_integer())
    throw Error(std::string("fault: '") + name + "' must be an integer");
  const auto number = member.get<long long>();
  if (number < min || number > max) {
    throw Error(std::string("fault: '") + name + "' must be between " + std::to_string(min) +
                " and " + std::to_string(max));
  }
  return static_cast<int>(number);
}

std::string string_member(const Json& value, const char* name) {
  if (!value.contains(name)) return {};
  if (!value[name].is_string()) throw Error(std::string("fault: '") + name + "' must be a string");
  return value[name].get<std::string>();
}

}  // namespace

FaultRule fault_from_json(const Json& value) {
  if (!value.is_object()) throw Error("fault: expected a JSON object");
  static constexpr std::string_view k_known[] = {
      "operation", "kind", "nth", "count", "status", "code", "message", "delayMs", "reason"};
  for (const auto& [key, member] : value.items()) {
    bool known = false;
    for (std::string_view name : k_known) known |= key == name;
    if (!known) throw Error("fault: unknown key '" + key + "'");
  }
  FaultRule rule;
  rule.operation = string_member(value, "operation");
  if (rule.operation.empty()) throw Error("fault: 'operation' is required (or \"*\")");
  const std::string kind = string_member(value, "kind");
  const KindName* found = nullptr;
  for (const KindName& entry : k_kinds) {
    if (entry.name == kind) found = &entry;
  }
  if (!found) {
    throw Error(
        "fault: 'kind' must be one of error, internal_error, unavailable, throttle, "
        "reset, delay, create_failed, update_failed");
  }
  rule.kind = found->kind;
  rule.nth = integer_member(value, "nth", 1, 1, 1'000'000);
  rule.count = integer_member(value, "count", 1, 1, 1'000'000);
  rule.status = integer_member(value, "status", found->status, 0, 599);
  rule.delay_ms = integer_member(value, "delayMs", 0, 0, 600'000);
  rule.code = string_member(value, "code");
  rule.message = string_member(value, "message");
  rule.reason = string_member(value, "reason");
  if (rule.kind == FaultKind::error) {
    if (rule.status < 400) throw Error("fault: kind 'error' needs a 'status' from 400 to 599");
    if (rule.code.empty()) rule.code = default_code(rule.status);
    if (rule.message.empty()) rule.message = default_message(rule.status);
  }
  if (rule.kind == FaultKind::delay && rule.delay_ms == 0) {
    throw Error("fault: kind 'delay' needs 'delayMs'");
  }
  if ((rule.kind == FaultKind::create_failed || rule.kind == FaultKind::update_failed) &&
      rule.reason.empty()) {
    rule.reason = "Injected failure (agentcore-local fault)";
  }
  return rule;
}

FaultRule fault_from_spec(std::string_view spec) {
  Json value = Json::object();
  while (!spec.empty()) {
    const auto equals = spec.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      throw Error("fault: expected key=value pairs separated by ',' in --fault");
    }
    const std::string key(spec.substr(0, equals));
    spec.remove_prefix(equals + 1);
    // Free text runs to the end; everything else stops at the next comma.
    const bool rest_of_text = key == "reason" || key == "message";
    const auto comma = rest_of_text ? std::string_view::npos : spec.find(',');
    const std::string_view text = spec.substr(0, comma);
    spec.remove_prefix(comma == std::string_view::npos ? spec.size() : comma + 1);
    const bool numeric = key == "nth" || key == "count" || key == "status" || key == "delayMs";
    if (numeric) {
      long long number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error != std::errc() || end != text.data() + text.size()) {
        throw Error("fault: '" + key + "' must be an integer");
      }
      value[key] = number;
    } else {
      value[key] = std::string(text);
    }
  }
  return fault_from_json(value);
}

Json fault_to_json(const FaultRule& rule) {
  Json out = {{"operation", rule.operation},
              {"kind", std::string(kind_name(rule.kind))},
              {"nth", rule.nth},
              {"count", rule.count}};
  if (rule.kind == FaultKind::error) {
    out["status"] = rule.status;
    out["code"] = rule.code;
    out["message"] = rule.message;
  }
  if (rule.kind == FaultKind::delay) out["delayMs"] = rule.delay_ms;
  if (!rule.reason.empty()) out["reason"] = rule.reason;
  out["callsSeen"] = rule.calls_seen;
  out["fired"] = rule.fired;
  out["remaining"] = rule.count - rule.fired;
  return out;
}

void FaultTable::add(FaultRule rule) {
  std::lock_guard lock(m_mutex);
  rule.calls_seen = 0;
  rule.fired = 0;
  m_rules.push_back(std::move(rule));
}

void FaultTable::clear() {
  std::lock_guard lock(m_mutex);
  m_rules.clear();
}

Json FaultTable::to_json() const {
  std::lock_guard lock(m_mutex);
  Json list = Json::array();
  for (const FaultRule& rule : m_rules) list.push_back(fault_to_json(rule));
  return Json{{"faults", std::move(list)}};
}

FaultPlan FaultTable::on_call(std::string_view operation) {
  std::lock_guard lock(m_mutex);
  FaultPlan plan;
  for (FaultRule& rule : m_rules) {
    if (rule.operation != "*" && rule.operation != operation) continue;
    const int call = ++rule.calls_seen;
    if (call < rule.nth || call >= rule.nth + rule.count) continue;
    ++rule.fired;
    switch (rule.kind) {
      case FaultKind::delay:
        plan.delay += std::chrono::milliseconds(rule.delay_ms);
        break;
      case FaultKind::reset:
        if (!plan.error) plan.reset = true;
        break;
      case FaultKind::error:
        if (!plan.reset && !plan.error) plan.error = rule;
        break;
      case FaultKind::create_failed:
      case FaultKind::update_failed:
        if (!plan.failure_reason) plan.failure_reason = rule.reason;
        break;
    }
  }
  return plan;
}

}  // namespace agentlift::emulator
