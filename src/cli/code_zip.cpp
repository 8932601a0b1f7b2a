// A reproducible zip over libzip (see code_zip.hpp).

#include "cli/code_zip.hpp"

#include <sys/stat.h>
#include <zip.h>

#include <fstream>
#include <map>
#include <memory>

#include "base/errors.hpp"
#include "base/sha256.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uint16_t k_dos_date_1980_01_01 = (0 << 9) | (1 << 5) | 1;
constexpr std::uint16_t k_dos_time_midnight = 0;

struct Entry {
  fs::path source;  // empty for a directory
  bool directory = false;
  bool executable = false;
};

bool left_out(const fs::path& path) {
  return path.filename() == "__pycache__" || path.extension() == ".pyc";
}

bool inside(const fs::path& path, const fs::path& root) {
  const fs::path relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

// name -> entry, over every root; std::map keeps names in byte order.
std::map<std::string, Entry> collect(const std::vector<fs::path>& roots) {
  std::map<std::string, Entry> entries;
  for (const fs::path& root : roots) {
    std::error_code ec;
    const fs::path canonical_root = fs::canonical(root, ec);
    if (ec) throw IoError("cannot read " + root.string() + ": " + ec.message());
    fs::recursive_directory_iterator it(canonical_root, ec), end;
    if (ec) throw IoError("cannot list " + root.string() + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) throw IoError("cannot list " + root.string() + ": " + ec.message());
      const fs::path path = it->path();
      if (left_out(path)) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      fs::path target = path;
      if (it->is_symlink()) {
        target = fs::canonical(path, ec);
        if (ec || !inside(target, canonical_root) || !fs::is_regular_file(target)) {
          throw IoError("cannot zip " + path.string() +
                            ": it is a symbolic link to something outside " + root.string(),
                        "replace the link with the file it points to");
        }
      }
      const fs::file_status status = fs::status(target, ec);
      if (ec) throw IoError("cannot read " + path.string() + ": " + ec.message());
      Entry entry;
      entry.directory = fs::is_directory(status);
      if (!entry.directory && !fs::is_regular_file(status)) continue;  // sockets, FIFOs
      if (!entry.directory) entry.source = target;
      entry.executable = (status.permissions() & fs::perms::owner_exec) != fs::perms::none;
      std::string name = path.lexically_relative(canonical_root).generic_string();
      if (entry.directory) name += "/";
      if (!entries.emplace(name, entry).second && !entry.directory) {
        throw IoError("cannot zip " + name + ": two folders of the code package provide it",
                      "a dependency installs a file that the generated package also has");
      }
    }
  }
  return entries;
}

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};

[[noreturn]] void fail(zip_t* archive, const std::string& what, const fs::path& zip_path) {
  throw IoError("cannot write " + zip_path.string() + ": " + what + ": " + zip_strerror(archive));
}

void add_entry(zip_t* archive, const std::string& name, const Entry& entry,
               const fs::path& zip_path) {
  zip_int64_t index = -1;
  if (entry.directory) {
    // libzip wants a directory name without the trailing '/' and adds it.
    index = zip_dir_add(archive, name.substr(0, name.size() - 1).c_str(), ZIP_FL_ENC_UTF_8);
  } else {
    zip_source_t* source = zip_source_file(archive, entry.source.c_str(), 0, -1);
    if (source == nullptr) fail(archive, "cannot read " + entry.source.string(), zip_path);
    index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) zip_source_free(source);
  }
  if (index < 0) fail(archive, "cannot add " + name, zip_path);
  const auto at = static_cast<zip_uint64_t>(index);
  const zip_uint32_t mode = entry.directory    ? (S_IFDIR | 0755)
                            : entry.executable ? (S_IFREG | 0755)
                                               : (S_IFREG | 0644);
  const bool ok =
      zip_file_set_dostime(archive, at, k_dos_time_midnight, k_dos_date_1980_01_01, 0) == 0 &&
      zip_file_set_external_attributes(archive, at, 0, ZIP_OPSYS_UNIX, mode << 16) == 0 &&
      zip_set_file_compression(archive, at, entry.directory ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9) ==
          0;
  if (!ok) fail(archive, "cannot set the attributes of " + name, zip_path);
}

std::string sha256_of_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot read " + path.string());
  Sha256 hash;
  std::string chunk(256u << 10, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    hash.update(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) throw IoError("cannot read " + path.string());
  return hash.hex_digest();
}

}  // namespace

ZipSummary write_reproducible_zip(const std::vector<fs::path>& roots, const fs::path& zip_path) {
  const std::map<std::string, Entry> entries = collect(roots);
  std::error_code ec;
  fs::create_directories(zip_path.parent_path(), ec);
  const fs::path partial = zip_path.string() + ".partial";
  fs::remove(partial, ec);
  int error = 0;
  std::unique_ptr<zip_t, ZipCloser> archive(
      zip_open(partial.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error));
  if (!archive) {
    zip_error_t details;
    zip_error_init_with_code(&details, error);
    const std::string message = zip_error_strerror(&details);
    zip_error_fini(&details);
    throw IoError("cannot create " + partial.string() + ": " + message,
                  "check that the project folder is writable");
  }
  ZipSummary summary;
  for (const auto& [name, entry] : entries) {
    add_entry(archive.get(), name, entry, zip_path);
    ++(entry.directory ? summary.directories : summary.files);
  }
  if (zip_close(archive.get()) != 0) fail(archive.get(), "cannot finish the archive", zip_path);
  archive.release();  // zip_close freed it
  fs::rename(partial, zip_path, ec);
  if (ec) throw IoError("cannot move " + partial.string() + " to " + zip_path.string());
  summary.path = zip_path;
  summary.bytes = fs::file_size(zip_path);
  summary.sha256 = sha256_of_file(zip_path);
  return summary;
}

}  // namespace agentlift::cli
