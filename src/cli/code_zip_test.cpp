#include "cli/code_zip.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zip.h>

#include <fstream>

#include "base/errors.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;

struct ReadEntry {
  std::string name;
  std::uint32_t mode = 0;  // from the external attributes
  std::uint8_t opsys = 0;
  std::uint16_t compression = 0;
  std::time_t mtime = 0;
  std::string contents;
};

// Reads the archive back with libzip.
std::vector<ReadEntry> read_zip(const fs::path& path) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (archive == nullptr) throw std::runtime_error("cannot open the zip");
  std::vector<ReadEntry> entries;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto at = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    zip_stat_index(archive, at, 0, &stat);
    ReadEntry entry;
    entry.name = stat.name;
    entry.compression = stat.comp_method;
    entry.mtime = stat.mtime;
    zip_uint32_t attributes = 0;
    zip_file_get_external_attributes(archive, at, 0, &entry.opsys, &attributes);
    entry.mode = attributes >> 16;
    if (zip_file_t* file = zip_fopen_index(archive, at, 0)) {
      entry.contents.resize(stat.size);
      zip_fread(file, entry.contents.data(), stat.size);
      zip_fclose(file);
    }
    EXPECT_EQ(zip_file_extra_fields_count(archive, at, ZIP_FL_CENTRAL | ZIP_FL_LOCAL), 0)
        << entry.name << " has extra fields (they could hold times)";
    entries.push_back(entry);
  }
  zip_discard(archive);
  return entries;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void make_package(const testing::TempFolder& t, const std::string& root) {
  t.write(root + "/main.py", "from agentlift_runtime.agent import app\n");
  t.write(root + "/agentlift_runtime/__init__.py", "");
  t.write(root + "/agentlift_runtime/skills/cite/SKILL.md", "cite things\n");
  t.write(root + "/agentlift_runtime/__pycache__/agent.cpython-312.pyc", "junk");
  const fs::path tool = t.write(root + "/bin/tool", "#!/bin/sh\necho hi\n");
  fs::permissions(tool, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
}

TEST(CodeZip, LayoutModesTimesAndCompressionAreFixed) {
  testing::TempFolder t;
  make_package(t, "package");
  t.write("deps/strands/__init__.py", "VERSION = '1'\n");
  const ZipSummary zip = write_reproducible_zip({t.path() / "package", t.path() / "deps"},
                                                t.path() / "out" / "runtime.zip");
  EXPECT_EQ(zip.files, 5u);
  EXPECT_EQ(zip.bytes, fs::file_size(t.path() / "out" / "runtime.zip"));
  EXPECT_EQ(zip.sha256.size(), 64u);
  const std::vector<ReadEntry> entries = read_zip(zip.path);
  std::vector<std::string> names;
  for (const ReadEntry& entry : entries) names.push_back(entry.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"agentlift_runtime/", "agentlift_runtime/__init__.py",
                                      "agentlift_runtime/skills/", "agentlift_runtime/skills/cite/",
                                      "agentlift_runtime/skills/cite/SKILL.md", "bin/", "bin/tool",
                                      "main.py", "strands/", "strands/__init__.py"}));
  for (const ReadEntry& entry : entries) {
    SCOPED_TRACE(entry.name);
    EXPECT_EQ(entry.opsys, ZIP_OPSYS_UNIX);
    const bool directory = entry.name.ends_with("/");
    const std::uint32_t expected = directory                  ? (S_IFDIR | 0755)
                                   : entry.name == "bin/tool" ? (S_IFREG | 0755)
                                                              : (S_IFREG | 0644);
    EXPECT_EQ(entry.mode, expected);
    EXPECT_EQ(entry.compression, directory ? ZIP_CM_STORE : ZIP_CM_DEFLATE);
    std::tm when = *std::localtime(&entry.mtime);
    EXPECT_EQ(when.tm_year, 80);
    EXPECT_EQ(when.tm_mon, 0);
    EXPECT_EQ(when.tm_mday, 1);
  }
  EXPECT_EQ(entries[9].contents, "VERSION = '1'\n");
}

TEST(CodeZip, TheSameFilesGiveTheSameBytesWhateverTheirTimes) {
  testing::TempFolder t;
  make_package(t, "a");
  const ZipSummary first = write_reproducible_zip({t.path() / "a"}, t.path() / "first.zip");
  // Same contents, written later, with other times and a different umask's modes.
  make_package(t, "b");
  fs::last_write_time(t.path() / "b" / "main.py",
                      fs::last_write_time(t.path() / "b" / "main.py") + std::chrono::hours(30));
  fs::permissions(t.path() / "b" / "main.py", fs::perms::owner_read | fs::perms::owner_write);
  const ZipSummary second = write_reproducible_zip({t.path() / "b"}, t.path() / "second.zip");
  EXPECT_EQ(first.sha256, second.sha256);
  EXPECT_EQ(bytes_of(first.path), bytes_of(second.path));

  t.write("b/main.py", "changed\n");
  EXPECT_NE(write_reproducible_zip({t.path() / "b"}, t.path() / "third.zip").sha256, first.sha256);
}

TEST(CodeZip, AFileInTwoRootsIsAnError) {
  testing::TempFolder t;
  t.write("a/main.py", "x\n");
  t.write("b/main.py", "y\n");
  EXPECT_THROW(write_reproducible_zip({t.path() / "a", t.path() / "b"}, t.path() / "z.zip"),
               IoError);
}

TEST(CodeZip, ALinkLeavingTheRootIsRefused) {
  testing::TempFolder t;
  t.write("outside.txt", "secret\n");
  t.write("a/main.py", "x\n");
  fs::create_symlink(t.path() / "outside.txt", t.path() / "a" / "link.txt");
  EXPECT_THROW(write_reproducible_zip({t.path() / "a"}, t.path() / "z.zip"), IoError);
}

}  // namespace
}  // namespace agentlift::cli
