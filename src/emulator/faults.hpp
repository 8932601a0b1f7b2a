#pragma once
// Faults on demand: rules that break chosen calls of one operation, armed by
// `--fault` flags or `POST /_agentcore_local/faults`.
//
// A rule names an operation ("CreateHarness", or "*" for all), a kind, and the
// calls it hits, counted from when it was added: calls nth .. nth+count-1 of
// that operation (defaults nth=1, count=1: the next call). Kinds:
//   error          answer `status` with `code` (defaults by status: 500
//                  InternalServerException, 503 ServiceUnavailableException,
//                  429 ThrottlingException); aliases: internal_error (500),
//                  unavailable (503), throttle (429)
//   reset          close the connection without any response
//   delay          sleep delayMs, then answer normally
//   create_failed  the resource the call creates ends in CREATE_FAILED with
//   update_failed  `reason` as its failureReason (UPDATE_FAILED for updates)
// JSON form: {"operation","kind","nth","count","status","code","message",
// "delayMs","reason"}; flag form: the same keys as comma-separated key=value
// pairs ("operation=CreateHarness,kind=throttle,nth=2"), where `reason` and
// `message` take the rest of the text (commas included) and must come last.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"

namespace agentlift::emulator {

enum class FaultKind { error, reset, delay, create_failed, update_failed };

struct FaultRule {
  std::string operation;
  FaultKind kind = FaultKind::error;
  int status = 0;
  std::string code;
  std::string message;
  int nth = 1;
  int count = 1;
  int delay_ms = 0;
  std::string reason;
  // Bookkeeping: calls of `operation` seen since the rule was added, and hits.
  int calls_seen = 0;
  int fired = 0;
};

// Throws agentlift::Error naming the problem.
FaultRule fault_from_json(const Json& value);
FaultRule fault_from_spec(std::string_view spec);
Json fault_to_json(const FaultRule& rule);

// What the faults armed for one call ask for. Several rules may hit the same
// call: delays add up, the first error or reset wins.
struct FaultPlan {
  std::chrono::milliseconds delay{0};
  bool reset = false;
  std::optional<FaultRule> error;
  std::optional<std::string> failure_reason;  // create_failed / update_failed
  bool empty() const { return delay.count() == 0 && !reset && !error && !failure_reason; }
};

class FaultTable {
 public:
  void add(FaultRule rule);
  void clear();
  Json to_json() const;  // {"faults":[...]} with calls seen and hits so far

  // Counts one call of `operation` and returns what to do with it.
  FaultPlan on_call(std::string_view operation);

 private:
  mutable std::mutex m_mutex;
  std::vector<FaultRule> m_rules;
};

}  // namespace agentlift::emulator
