#pragma once
// What code generation produces: files as path -> contents, in memory. Skill
// bundle files are copied byte for byte, so they are named by source instead of
// read here; only the CLI touches the disk.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace agentlift::emit {

struct GeneratedFile {
  std::string path;  // relative, with '/' separators
  std::string contents;
  std::optional<std::filesystem::path> copy_from;  // when set, contents is empty
};

using GeneratedFiles = std::vector<GeneratedFile>;

}  // namespace agentlift::emit
