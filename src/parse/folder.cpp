#include "parse/folder.hpp"

#include <algorithm>

#include "base/files.hpp"
#include "base/utf8.hpp"

namespace agentlift::parse {
namespace {

constexpr int k_max_walk_depth = 64;

std::string size_text(std::uintmax_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

}  // namespace

Folder::Folder(fs::path project_root, fs::path boundary, model::Diagnostics& diagnostics)
    : m_project_root(std::move(project_root)), m_diagnostics(diagnostics) {
  std::error_code ec;
  m_boundary = fs::weakly_canonical(boundary, ec);
  if (ec) m_boundary = boundary.lexically_normal();
}

bool Folder::inside(const fs::path& canonical) const {
  auto b = m_boundary.begin();
  auto c = canonical.begin();
  for (; b != m_boundary.end(); ++b, ++c) {
    if (c == canonical.end() || *b != *c) return false;
  }
  return true;
}

std::string Folder::display(const fs::path& path) const {
  const fs::path rel = path.lexically_relative(m_project_root);
  if (rel.empty() || *rel.begin() == "..") return path.string();
  return rel.generic_string();
}

Folder::Kind Folder::kind(const fs::path& path) {
  std::error_code ec;
  const fs::file_status link = fs::symlink_status(path, ec);
  if (ec || !fs::exists(link)) return Kind::missing;
  fs::file_status status = link;
  if (fs::is_symlink(link)) {
    const fs::path target = fs::canonical(path, ec);
    const bool already = std::find(m_reported.begin(), m_reported.end(), path) != m_reported.end();
    if (ec) {
      if (!already) {
        m_reported.push_back(path);
        m_diagnostics.error("file.broken_symlink", display(path) +
                                                       ": symlink is dangling or loops (" +
                                                       ec.message() + "); fix or remove it");
      }
      return Kind::missing;
    }
    if (!inside(target)) {
      if (!already) {
        m_reported.push_back(path);
        m_diagnostics.error("file.symlink_outside",
                            display(path) + ": symlink points outside the agent folder (to " +
                                target.string() +
                                "); agentlift never reads outside it. Copy the file in instead");
      }
      return Kind::missing;
    }
    status = fs::status(target, ec);
    if (ec) return Kind::missing;
  }
  if (fs::is_regular_file(status)) return Kind::file;
  if (fs::is_directory(status)) return Kind::directory;
  return Kind::other;
}

std::vector<std::string> Folder::list(const fs::path& directory) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(directory, ec);
  if (ec) {
    m_diagnostics.error("file.unreadable", display(directory) + ": cannot list the folder (" +
                                               ec.message() + "); check its permissions");
    return names;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> Folder::walk_files(const fs::path& directory) {
  std::vector<std::string> out;
  walk(directory, "", out, 0);
  std::sort(out.begin(), out.end());
  return out;
}

void Folder::walk(const fs::path& directory, const std::string& prefix,
                  std::vector<std::string>& out, int depth) {
  if (depth > k_max_walk_depth) {
    m_diagnostics.error("file.too_deep", display(directory) + ": folders nest deeper than " +
                                             std::to_string(k_max_walk_depth) +
                                             " levels; flatten them");
    return;
  }
  std::error_code ec;
  fs::directory_iterator it(directory, ec);
  if (ec) {
    m_diagnostics.error("file.unreadable", display(directory) + ": cannot list the folder (" +
                                               ec.message() + "); check its permissions");
    return;
  }
  // The entry types come from the directory listing itself (d_type), so a plain
  // file or folder costs no stat call; only symlinks are resolved.
  std::vector<std::pair<std::string, fs::file_type>> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::error_code type_ec;
    fs::file_type type = fs::file_type::unknown;
    if (it->is_symlink(type_ec)) {
      type = fs::file_type::symlink;
    } else if (it->is_directory(type_ec)) {
      type = fs::file_type::directory;
    } else if (it->is_regular_file(type_ec)) {
      type = fs::file_type::regular;
    }
    entries.emplace_back(it->path().filename().string(), type);
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& [name, type] : entries) {
    const fs::path path = directory / name;
    if (type == fs::file_type::directory) {
      walk(path, prefix + name + "/", out, depth + 1);
      continue;
    }
    if (type == fs::file_type::regular) {
      out.push_back(prefix + name);
      continue;
    }
    if (type == fs::file_type::symlink) {
      // os.walk lists a symlinked directory but never enters it; a symlinked file is read.
      std::error_code ignored;
      if (fs::is_directory(fs::status(path, ignored))) continue;
    }
    const Kind k = kind(path);
    if (k == Kind::file) {
      out.push_back(prefix + name);
    } else if (k == Kind::other) {
      m_diagnostics.error("file.not_regular",
                          display(path) +
                              ": not a regular file (a device, socket or pipe); "
                              "remove it from the folder");
    }
  }
}

std::optional<std::string> Folder::read_text(const fs::path& path, std::uintmax_t max_bytes,
                                             const std::string& where) {
  const files::ReadResult read = files::read(path, max_bytes);
  switch (read.status) {
    case files::ReadResult::Status::ok:
      break;
    case files::ReadResult::Status::too_large:
      m_diagnostics.error("file.too_large",
                          display(path) + ": file is larger than " + size_text(max_bytes) +
                              "; shorten it (or raise --max-file-size)",
                          where);
      return std::nullopt;
    case files::ReadResult::Status::not_a_file:
      m_diagnostics.error("file.not_regular",
                          display(path) + ": expected a file here; rename or remove it", where);
      return std::nullopt;
    default:
      m_diagnostics.error(
          "file.unreadable",
          display(path) + ": cannot read the file (" + read.error + "); check its permissions",
          where);
      return std::nullopt;
  }
  if (const auto bad = utf8::find_invalid(read.bytes)) {
    m_diagnostics.error("file.invalid_utf8",
                        display(path) + ":" + std::to_string(bad->line) +
                            ": not valid UTF-8 (byte offset " + std::to_string(bad->offset) +
                            "); re-save the file as UTF-8",
                        where);
    return std::nullopt;
  }
  return utf8::normalize_newlines(read.bytes);
}

std::optional<std::string> Folder::read_text_replacing(const fs::path& path, std::size_t max_bytes,
                                                       bool& truncated, const std::string& where) {
  const files::ReadResult read = files::read_prefix(path, max_bytes, truncated);
  if (read.status != files::ReadResult::Status::ok) {
    if (read.status == files::ReadResult::Status::unreadable ||
        read.status == files::ReadResult::Status::missing) {
      m_diagnostics.error(
          "file.unreadable",
          display(path) + ": cannot read the file (" + read.error + "); check its permissions",
          where);
    }
    return std::nullopt;
  }
  return utf8::normalize_newlines(utf8::decode_replacing(read.bytes));
}

}  // namespace agentlift::parse
