// Control-plane dispatch (control_plane.hpp).
#include "emulator/control_plane.hpp"

#include <mutex>

#include "base/errors.hpp"

namespace agentlift::emulator {

ControlPlane::ControlPlane(ResourceStore& store) : m_store(store) {
  for (const auto& table : {harness_handlers(), runtime_handlers()}) {
    for (const HandlerEntry& entry : table) m_handlers.emplace(entry.operation, entry);
  }
}

bool ControlPlane::handles(std::string_view operation) const {
  return m_handlers.contains(operation);
}

Json ControlPlane::call(std::string_view operation, const Json& input, const CallContext& context) {
  const auto it = m_handlers.find(operation);
  if (it == m_handlers.end()) throw Error("no control-plane handler for " + std::string(operation));
  std::lock_guard lock(m_store.mutex());
  Json output = it->second.function(m_store, input, context);
  if (it->second.mutates) m_store.save();
  return output;
}

}  // namespace agentlift::emulator
