#pragma once
// Running other programs (container builders) without a shell: an argv vector,
// optional text on stdin, variables added to this process's environment, and
// the output (stdout and stderr merged) handed over line by line. A seam, so
// tests can replace the programs and check exactly what would have run.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.hpp"
#include "targets/bedrock/container_build.hpp"

namespace agentlift::cli {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH
  // Written to the child's stdin, which is then closed (a password for
  // `--password-stdin`); without it stdin is /dev/null.
  std::optional<std::string> stdin_text;
  std::map<std::string, std::string> environment;  // added to (or replacing) ours
};

// One line of the child's output, without its line break.
using OutputLine = std::function<void(std::string_view line)>;

// argv[0] is not on PATH (or not executable).
class ProgramNotFound : public Error {
 public:
  explicit ProgramNotFound(std::string program)
      : Error(program + " was not found on PATH"), m_program(std::move(program)) {}
  const std::string& program() const { return m_program; }

 private:
  std::string m_program;
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // Runs the program to completion and returns its exit status (128 + the
  // signal when one killed it). Throws ProgramNotFound, or Error when the
  // process cannot be started.
  virtual int run(const ProcessSpec& spec, const OutputLine& on_line) = 0;
};

class SystemProcessRunner : public ProcessRunner {
 public:
  // `environment` is added to every child's environment, before the spec's own.
  explicit SystemProcessRunner(std::map<std::string, std::string> environment = {})
      : m_environment(std::move(environment)) {}
  int run(const ProcessSpec& spec, const OutputLine& on_line) override;

 private:
  std::map<std::string, std::string> m_environment;
};

// This machine, for the cross-building hint.
bedrock::BuildHost probe_build_host();

}  // namespace agentlift::cli
