#pragma once
// knowledge/: reference files folded into the system prompt at plan time. Parse
// only lists them (.md .txt .json .csv, any case, recursively, sorted by path).

#include <vector>

#include "model/project.hpp"
#include "parse/folder.hpp"

namespace agentlift::parse {

std::vector<model::KnowledgeFile> discover_knowledge(Folder& folder, const fs::path& agent_dir);

}  // namespace agentlift::parse
