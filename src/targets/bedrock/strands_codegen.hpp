#pragma once
// RuntimePlan -> the generated Strands Agents package (in memory). Every agent
// of the plan is rendered (decisions.md #7): coordinators call their specialists
// as tools, the root answers by default and any other agent can be picked per
// request. Only env-var names of MCP secrets appear in the source.

#include <string>

#include "emit/generated_files.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

inline constexpr const char* k_default_base_image = "python:3.12-slim";

struct PackageOptions {
  bool container_files = true;  // Dockerfile and .dockerignore (deploy --build-only)
  std::string base_image = k_default_base_image;
  std::string project_path;  // as the user typed it, for the runbook's commands
};

// agentlift_runtime/{__init__,agent}.py, agentlift_runtime/skills/..., main.py,
// requirements.txt, NOTES.txt (+ Dockerfile, .dockerignore). A plan without
// agents gives only NOTES.txt, which explains why.
emit::GeneratedFiles generate_runtime_package(const RuntimePlan& plan,
                                              const PackageOptions& options);

// The generated agent module alone (exposed for tests).
std::string generate_agent_module(const RuntimePlan& plan);

}  // namespace agentlift::bedrock
