#pragma once
// agentcore-local's own endpoints under /_agentcore_local/, for tests and
// debugging; they need no signature (they are not AWS's):
//   GET    /_agentcore_local/health  {"status":"ok"}
//   GET    /_agentcore_local/state   resources and idempotency records, with
//                                    environment variable values and MCP header
//                                    values redacted
//   GET    /_agentcore_local/faults  the armed fault rules and their counters
//   POST   /_agentcore_local/faults  arm one rule ({...}) or several ({"faults":[...]})
//   DELETE /_agentcore_local/faults  disarm all
// Errors are JSON {"message"} with 400 (bad rule), 404 or 405.

#include <string>
#include <string_view>
#include <vector>

#include "emulator/faults.hpp"
#include "emulator/resource_store.hpp"
#include "emulator/service_model.hpp"

namespace agentlift::emulator {

inline constexpr std::string_view k_admin_prefix = "/_agentcore_local/";

struct AdminReply {
  int status = 200;
  Json body;
};

// `operations` are the names a fault rule may use (besides "*").
AdminReply handle_admin(const IncomingRequest& request, ResourceStore& store, FaultTable& faults,
                        const std::vector<std::string>& operations);

// The state as /_agentcore_local/state shows it (secrets replaced by "***").
Json redacted_state(const Json& state);

}  // namespace agentlift::emulator
