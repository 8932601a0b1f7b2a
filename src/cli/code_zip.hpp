#pragma once
// Reproducible zip archives for the Runtime's direct code deployment: the same
// files give the same bytes, whatever the clock, the file times, the umask or
// the directory listing order. Entries are sorted by name (directories as
// "name/"), every time is 1980-01-01 00:00, POSIX modes are recorded in the
// external attributes (0644 files, 0755 directories and executables; AgentCore
// honours them), files are deflated. `__pycache__` folders and `.pyc` files are
// left out (Python rebuilds them; they embed times). Written with libzip.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace agentlift::cli {

struct ZipSummary {
  std::filesystem::path path;
  std::uintmax_t bytes = 0;
  std::string sha256;  // lowercase hex of the archive
  std::size_t files = 0;
  std::size_t directories = 0;
};

// Zips the union of the trees under `roots` (each root's contents at the top of
// the archive; a path present in two roots is an error) into `zip_path`,
// replacing it atomically. Symbolic links are stored as the files they point
// to when those lie inside the root, and refused otherwise. Throws IoError.
ZipSummary write_reproducible_zip(const std::vector<std::filesystem::path>& roots,
                                  const std::filesystem::path& zip_path);

}  // namespace agentlift::cli
