#pragma once
// The parser's only view of the disk. It confines every read to one boundary
// folder (the .managed-agents/ folder, or the single agent folder): a symlink that
// leaves it is reported and never followed, and a symlink loop is reported, not
// walked. Problems become diagnostics that name the file relative to the project.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"

namespace agentlift::parse {

namespace fs = std::filesystem;

class Folder {
 public:
  Folder(fs::path project_root, fs::path boundary, model::Diagnostics& diagnostics);

  enum class Kind { missing, file, directory, other };
  // What `path` is once symlinks inside the boundary are followed. A symlink
  // that escapes the boundary, dangles or loops is reported and counts as missing.
  Kind kind(const fs::path& path);
  bool is_file(const fs::path& path) { return kind(path) == Kind::file; }
  bool is_directory(const fs::path& path) { return kind(path) == Kind::directory; }

  // Entry names of a directory in code-point order (empty if unreadable).
  std::vector<std::string> list(const fs::path& directory);

  // Regular files under `directory`, recursively, as paths relative to it with
  // '/' separators. Like os.walk: hidden entries included, symlinked directories
  // not descended into, symlinked files followed when they stay inside.
  std::vector<std::string> walk_files(const fs::path& directory);

  // Reads a UTF-8 text file for the contract's "strict" readers (agent.md,
  // mcp.json): size-capped, invalid UTF-8 reported with its line, newlines
  // normalised. nullopt after reporting a diagnostic.
  std::optional<std::string> read_text(const fs::path& path, std::uintmax_t max_bytes,
                                       const std::string& where);
  // Reads text with invalid bytes replaced by U+FFFD (SKILL.md, knowledge files).
  // At most `max_bytes` are read; `truncated` says whether the file was longer.
  std::optional<std::string> read_text_replacing(const fs::path& path, std::size_t max_bytes,
                                                 bool& truncated, const std::string& where);

  // "path" relative to the project root, for messages.
  std::string display(const fs::path& path) const;

  model::Diagnostics& diagnostics() { return m_diagnostics; }

 private:
  bool inside(const fs::path& canonical) const;
  void walk(const fs::path& directory, const std::string& prefix, std::vector<std::string>& out,
            int depth);

  fs::path m_project_root;
  fs::path m_boundary;  // canonical
  model::Diagnostics& m_diagnostics;
  std::vector<fs::path> m_reported;  // paths already diagnosed, to report each once
};

}  // namespace agentlift::parse
