#pragma once
// The control plane (`bedrock-agentcore-control`): operation name -> handler
// (harness_handlers.cpp, runtime_handlers.cpp), run under the store's lock,
// with the state file rewritten after every successful change.

#include <string_view>
#include <unordered_map>

#include "base/json.hpp"
#include "emulator/handler_support.hpp"
#include "emulator/resource_store.hpp"

namespace agentlift::emulator {

class ControlPlane {
 public:
  explicit ControlPlane(ResourceStore& store);

  bool handles(std::string_view operation) const;
  // Throws ApiError for modelled errors; `operation` must be handled.
  Json call(std::string_view operation, const Json& input, const CallContext& context = {});

 private:
  ResourceStore& m_store;
  std::unordered_map<std::string_view, HandlerEntry> m_handlers;
};

}  // namespace agentlift::emulator
