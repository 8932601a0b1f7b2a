#include "parse/knowledge.hpp"

#include "base/utf8.hpp"

namespace agentlift::parse {
namespace {

bool has_knowledge_extension(const std::string& name) {
  const std::string lower = utf8::ascii_lower(name);
  for (const char* ext : {".md", ".txt", ".json", ".csv"}) {
    const std::string e(ext);
    if (lower.size() >= e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<model::KnowledgeFile> discover_knowledge(Folder& folder, const fs::path& agent_dir) {
  std::vector<model::KnowledgeFile> out;
  const fs::path dir = agent_dir / "knowledge";
  if (!folder.is_directory(dir)) return out;
  for (const std::string& rel : folder.walk_files(dir)) {
    const std::string base =
        rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
    if (has_knowledge_extension(base)) out.push_back({"knowledge/" + rel, dir / rel});
  }
  return out;
}

}  // namespace agentlift::parse
