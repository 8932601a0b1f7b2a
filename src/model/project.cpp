#include "model/project.hpp"

namespace agentlift::model {

const char* policy_name(ToolPolicy policy) { return policy == ToolPolicy::ask ? "ask" : "allow"; }

void set_policy(PolicyMap& policies, const std::string& name, ToolPolicy policy) {
  for (auto& [existing, value] : policies) {
    if (existing == name) {
      value = policy;
      return;
    }
  }
  policies.emplace_back(name, policy);
}

const char* layout_name(Layout layout) {
  return layout == Layout::managed_agents ? ".managed-agents" : "single";
}

const Agent* Project::find_agent(const std::string& name) const {
  for (const Agent& agent : agents) {
    if (agent.name == name) return &agent;
  }
  return nullptr;
}

}  // namespace agentlift::model
