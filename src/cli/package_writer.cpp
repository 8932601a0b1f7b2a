#include "cli/package_writer.hpp"

#include <unistd.h>

#include "base/errors.hpp"
#include "base/files.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& dir, const emit::GeneratedFile& file) {
  const fs::path target = dir / file.path;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) {
    throw IoError("cannot create " + target.parent_path().string() + ": " + ec.message(),
                  "check that the folder is writable");
  }
  if (file.copy_from) {
    // Copy beside the target and rename, so a crash never leaves half a file.
    const fs::path partial = target.parent_path() / ("." + target.filename().string() + ".part-" +
                                                     std::to_string(::getpid()));
    fs::copy_file(*file.copy_from, partial, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(partial, target, ec);
    if (ec) {
      std::error_code ignored;
      fs::remove(partial, ignored);
      throw IoError("cannot copy " + file.copy_from->string() + " to " + target.string() + ": " +
                    ec.message());
    }
    return;
  }
  files::write_atomic(target, file.contents);
}

}  // namespace

void replace_folder(const fs::path& dir, const emit::GeneratedFiles& files) {
  const std::string suffix = std::to_string(::getpid());
  const fs::path staging = dir.parent_path() / ("." + dir.filename().string() + ".new-" + suffix);
  const fs::path retired = dir.parent_path() / ("." + dir.filename().string() + ".old-" + suffix);
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) {
    throw IoError("cannot create " + staging.string() + ": " + ec.message(),
                  "check that the project folder is writable");
  }
  try {
    for (const emit::GeneratedFile& file : files) write_file(staging, file);
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  const bool had_old = fs::exists(dir, ec);
  if (had_old) {
    fs::rename(dir, retired, ec);
    if (ec) throw IoError("cannot move the old " + dir.string() + " aside: " + ec.message());
  }
  fs::rename(staging, dir, ec);
  if (ec) {
    std::error_code restore;
    if (had_old) fs::rename(retired, dir, restore);
    throw IoError("cannot put the new package in " + dir.string() + ": " + ec.message());
  }
  if (had_old) fs::remove_all(retired, ec);
}

void write_into(const fs::path& dir, const emit::GeneratedFiles& files) {
  for (const emit::GeneratedFile& file : files) write_file(dir, file);
}

}  // namespace agentlift::cli
