// Building the Runtime's code zip (see runtime_code_artifact.hpp).

#include "cli/runtime_code_artifact.hpp"

#include "base/errors.hpp"
#include "cli/package_writer.hpp"
#include "targets/bedrock/strands_codegen.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;

void remove_folder(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) {
    throw IoError("cannot remove " + dir.string() + ": " + ec.message(),
                  "check that the project folder is writable");
  }
}

}  // namespace

fs::path code_build_dir(const fs::path& project_root) {
  return project_root / ".agentlift-build" / "bedrock-code";
}

CodeBuild build_code_zip(const fs::path& project_root, const bedrock::RuntimePlan& plan,
                         const CodeBuildOptions& options, Io& io) {
  const auto started = std::chrono::steady_clock::now();
  CodeBuild build;
  build.build_dir = code_build_dir(project_root);
  const fs::path package_dir = build.build_dir / "package";
  const fs::path dependencies_dir = build.build_dir / "dependencies";

  bedrock::PackageOptions package;
  package.container_files = false;
  // NOTES.txt says "<path>" rather than the path as typed, so the zip's bytes
  // do not depend on how the deploy was invoked.
  std::error_code ec;
  fs::create_directories(build.build_dir, ec);
  replace_folder(package_dir, bedrock::generate_runtime_package(plan, package));
  remove_folder(dependencies_dir);

  std::vector<fs::path> roots{package_dir};
  if (options.dependencies == CodeDependencies::install) {
    DependencyInstall install;
    install.requirements = package_dir / "requirements.txt";
    install.target = dependencies_dir;
    install.python_version = options.python_version;
    install.wheel_dir = options.wheel_dir;
    build.installer = install_python_dependencies(install, io);
    if (fs::is_directory(dependencies_dir)) roots.push_back(dependencies_dir);
  } else {
    io.err << "warning: --code-deps none: the zip holds the generated code only, without its "
              "Python dependencies (strands-agents, bedrock-agentcore, ...); AgentCore cannot "
              "start it. Deploy with dependencies for a runtime that answers.\n";
  }
  build.zip = write_reproducible_zip(roots, build.build_dir / "runtime.zip");
  build.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  io.err << "  zipped " << build.zip.files << " files (" << build.zip.bytes << " bytes, sha256 "
         << build.zip.sha256.substr(0, 12) << ") in " << build.took.count()
         << " ms: " << build.zip.path.string() << "\n";
  return build;
}

}  // namespace agentlift::cli
