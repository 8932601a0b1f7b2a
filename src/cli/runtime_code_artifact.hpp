#pragma once
// The code artifact of a Runtime deploy (the default, `--artifact code`): the
// generated package (without the container files) plus its Python dependencies
// for linux/arm64, zipped reproducibly under <project>/.agentlift-build/bedrock-code/:
//   package/        the generated files (main.py is the entry point)
//   dependencies/   what pip or uv installed (absent with --code-deps none)
//   runtime.zip     both trees at the top of one archive

#include <chrono>
#include <filesystem>
#include <string>

#include "cli/code_zip.hpp"
#include "cli/io.hpp"
#include "cli/python_deps.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::cli {

struct CodeBuildOptions {
  std::string python_version = "3.12";
  CodeDependencies dependencies = CodeDependencies::install;
  std::filesystem::path wheel_dir;  // offline install from these wheels
};

struct CodeBuild {
  std::filesystem::path build_dir;
  ZipSummary zip;
  std::string installer;  // "pip", "uv", or "" with --code-deps none
  std::chrono::milliseconds took{0};
};

std::filesystem::path code_build_dir(const std::filesystem::path& project_root);

// Writes the package, installs the dependencies and zips both. Progress on
// stderr; with --code-deps none a plain warning that the zip cannot start on AWS.
CodeBuild build_code_zip(const std::filesystem::path& project_root,
                         const bedrock::RuntimePlan& plan, const CodeBuildOptions& options, Io& io);

}  // namespace agentlift::cli
