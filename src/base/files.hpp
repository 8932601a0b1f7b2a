#pragma once
// File access used by parse and the CLI: bounded reads, streamed hashing and
// atomic writes. Read failures are reported as values so parse can turn them
// into diagnostics; only the CLI's writes throw IoError.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace agentlift::files {

struct ReadResult {
  enum class Status { ok, missing, not_a_file, too_large, unreadable };
  Status status = Status::ok;
  std::string bytes;
  std::string error;  // strerror text for unreadable
};

// Reads a whole regular file if it is at most `max_bytes`.
ReadResult read(const std::filesystem::path& path, std::uintmax_t max_bytes);

// Reads at most `max_bytes` from the start of the file; `truncated` tells
// whether there was more.
ReadResult read_prefix(const std::filesystem::path& path, std::size_t max_bytes, bool& truncated);

// Feeds the file's bytes to `sink` in chunks without holding the file in memory.
// Returns false (with `error`) if the file cannot be read.
bool stream(const std::filesystem::path& path, void (*sink)(void*, const char*, std::size_t),
            void* context, std::string& error);

// Writes `contents` to a temporary file beside `path`, fsyncs it and renames it
// over `path`, so readers see the old file or the new one, never a torn write.
void write_atomic(const std::filesystem::path& path, const std::string& contents);

}  // namespace agentlift::files
