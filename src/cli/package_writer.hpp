#pragma once
// Puts generated files on disk. The only writer of generated packages.

#include <filesystem>

#include "emit/generated_files.hpp"

namespace agentlift::cli {

// Builds the package in a sibling temporary folder, then swaps it in for `dir`,
// so `dir` holds the old package or the new one, never a mix or half of one.
void replace_folder(const std::filesystem::path& dir, const emit::GeneratedFiles& files);

// Writes each file into `dir` (created if needed), each one atomically; other
// files already in `dir` are left alone.
void write_into(const std::filesystem::path& dir, const emit::GeneratedFiles& files);

}  // namespace agentlift::cli
