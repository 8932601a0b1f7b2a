#pragma once
// A scratch folder for tests that need files on disk; removed on destruction.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace agentlift::testing {

class TempFolder {
 public:
  TempFolder() {
    static std::atomic<int> counter{0};  // tests may make folders from several threads
    m_path = std::filesystem::temp_directory_path() /
             ("agentlift-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempFolder() {
    std::error_code ec;
    // Restore permissions a test may have removed so cleanup succeeds.
    for (auto it = std::filesystem::recursive_directory_iterator(
             m_path, std::filesystem::directory_options::skip_permission_denied, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::add, ec);
    }
    std::filesystem::remove_all(m_path, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& path() const { return m_path; }

  // Writes `contents` to path()/relative, creating folders on the way.
  std::filesystem::path write(const std::string& relative, const std::string& contents) const {
    const std::filesystem::path file = m_path / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << contents;
    return file;
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace agentlift::testing
