#pragma once
// folder -> model::Project. Pure apart from reading the folder: no clock, no
// environment, no network. Problems are collected as diagnostics, never thrown.

#include <cstdint>
#include <filesystem>
#include <string>

#include "model/diagnostic.hpp"
#include "model/project.hpp"
#include "parse/yaml_value.hpp"

namespace agentlift::parse {

inline constexpr const char* k_default_model = "claude-haiku-4-5";

struct ParseOptions {
  std::string default_model = k_default_model;
  std::uintmax_t max_file_bytes = 10u << 20;  // agent.md, SKILL.md, mcp.json
  YamlLimits yaml;
  unsigned hash_threads = 0;  // 0: one per core
};

struct ParseResult {
  model::Project project;
  model::Diagnostics diagnostics;
};

// `path` is a project folder holding .managed-agents/, or a single agent folder
// holding agent.md or CLAUDE.md. Nothing outside those folders is read.
ParseResult parse_project(const std::filesystem::path& path, const ParseOptions& options = {});

}  // namespace agentlift::parse
