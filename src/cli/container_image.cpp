// The container artifact: ECR repository, authorization token, then the
// builder's login, build and push (targets/bedrock/container_build.hpp says
// which commands), run through a ProcessRunner.

#include "cli/container_image.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <ostream>

#include "base/utf8.hpp"

namespace agentlift::cli {
namespace {

using bedrock::BuilderCommand;
using bedrock::ContainerBuilder;

constexpr std::size_t k_tail_lines = 15;
constexpr const char* k_empty_auth_file = "{\"auths\":{}}\n";

// podman's and buildah's credentials for this one run: a 0700 folder of its
// own in the temp directory holding auth.json (0600), which `login` fills and
// the destructor removes with the folder.
class PrivateAuthFile {
 public:
  PrivateAuthFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "agentlift-registry-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw IoError("cannot create a private folder for the registry login in " +
                        std::filesystem::temp_directory_path().string() + ": " +
                        std::strerror(errno),
                    "check that TMPDIR names a writable folder");
    }
    m_folder = pattern;
    m_file = m_folder / "auth.json";
    // The builders refuse an auth file that does not exist yet.
    const int fd = ::open(m_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    const std::string_view empty = k_empty_auth_file;
    const bool written =
        fd >= 0 && ::write(fd, empty.data(), empty.size()) == static_cast<ssize_t>(empty.size());
    if (fd >= 0) ::close(fd);
    if (!written) {
      remove();
      throw IoError("cannot write " + m_file.string(), "check that TMPDIR is writable");
    }
  }
  ~PrivateAuthFile() { remove(); }
  PrivateAuthFile(const PrivateAuthFile&) = delete;
  PrivateAuthFile& operator=(const PrivateAuthFile&) = delete;

  const std::filesystem::path& file() const { return m_file; }

 private:
  void remove() {
    std::error_code ignored;
    std::filesystem::remove_all(m_folder, ignored);
  }

  std::filesystem::path m_folder;
  std::filesystem::path m_file;
};

// Replaces every occurrence of `secret` (when non-empty) with "***".
std::string redacted(std::string_view line, const std::string& secret) {
  std::string text(line);
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string text;
  for (const auto& argument : argv) text += (text.empty() ? "" : " ") + argument;
  return text;
}

class BuilderSession {
 public:
  BuilderSession(ContainerBuilder builder, ProcessRunner& runner, Io& io)
      : m_builder(builder), m_runner(runner), m_io(io) {}

  void set_password(std::string password) { m_password = std::move(password); }
  void set_auth_file(const std::filesystem::path& file) { m_auth_file = file.string(); }

  // Runs `command`; on a non-zero exit throws Error(message + last lines, hint).
  void run(const BuilderCommand& command, const std::string& hint) {
    ProcessSpec spec;
    spec.argv = command.argv;
    if (command.password_on_stdin) spec.stdin_text = m_password;
    if (!m_auth_file.empty()) spec.environment["REGISTRY_AUTH_FILE"] = m_auth_file;
    std::deque<std::string> tail;
    const std::string prefix = "  " + bedrock::builder_program(m_builder) + "| ";
    const auto on_line = [&](std::string_view raw) {
      std::string line = redacted(raw, m_password);
      if (command.streamed) m_io.err << prefix << line << std::endl;
      tail.push_back(std::move(line));
      if (tail.size() > k_tail_lines) tail.pop_front();
    };
    int status = 0;
    try {
      status = m_runner.run(spec, on_line);
    } catch (const ProgramNotFound& missing) {
      throw Error(missing.program() + " was not found on PATH; the container artifact builds " +
                      "with it (--builder " + bedrock::builder_program(m_builder) + ")",
                  bedrock::missing_builder_hint(m_builder));
    }
    if (status == 0) return;
    std::string message = "`" + command_line(command.argv) + "` failed (" +
                          bedrock::step_name(command.step) + ", exit " + std::to_string(status) +
                          ")";
    if (!tail.empty()) {
      message += "; its last lines:";
      for (const auto& line : tail) message += "\n    " + line;
    }
    throw Error(message, hint);
  }

 private:
  ContainerBuilder m_builder;
  ProcessRunner& m_runner;
  Io& m_io;
  std::string m_password;
  std::string m_auth_file;
};

std::string registry_override(const plan::Environment& environment) {
  const auto found = environment.find(bedrock::k_registry_override_variable);
  return found == environment.end() ? "" : std::string(utf8::strip(found->second));
}

}  // namespace

ContainerImage build_and_push_image(const ContainerImageRequest& request,
                                    cloud::AwsSession& session,
                                    const plan::Environment& environment, Io& io) {
  cloud::EcrClient ecr(session.client(cloud::AwsService::ecr));
  SystemProcessRunner runner;
  return build_and_push_image(request, ecr, runner, probe_build_host(), environment, io);
}

ContainerImage build_and_push_image(const ContainerImageRequest& request, cloud::EcrClient& ecr,
                                    ProcessRunner& runner, const bedrock::BuildHost& host,
                                    const plan::Environment& environment, Io& io) {
  const auto builder = bedrock::parse_container_builder(request.builder);
  if (!builder) {
    throw UsageError("unknown container builder \"" + request.builder + "\"",
                     "use --builder docker, --builder podman or --builder buildah");
  }
  const std::string override_registry = registry_override(environment);
  bedrock::check_registry_override(override_registry);
  BuilderSession builder_session(*builder, runner, io);
  // Before any AWS call: a missing builder should not leave a new repository.
  builder_session.run(bedrock::builder_check_command(*builder),
                      bedrock::builder_check_failed_hint(*builder));

  const cloud::EcrEnsureResult ensured = ecr.ensure_repository(request.repository_name);
  io.err << "ECR repository " << ensured.repository.name << ": "
         << (ensured.created ? "created" : "exists") << std::endl;
  try {
    const cloud::EcrAuthorization authorization = ecr.get_authorization_token();
    builder_session.set_password(authorization.password);
    const bedrock::ImageDestination destination = bedrock::image_destination(
        ensured.repository.uri, request.repository_name, request.tag, override_registry);
    std::optional<PrivateAuthFile> auth_file;
    if (bedrock::uses_private_auth_file(*builder)) {
      auth_file.emplace();
      builder_session.set_auth_file(auth_file->file());
    }
    if (destination.push_reference != destination.container_uri) {
      io.err << "Pushing to " << destination.registry << " instead of ECR ("
             << bedrock::k_registry_override_variable << ")" << std::endl;
    }
    io.err << "Building " << destination.push_reference << " for " << request.platform << " with "
           << bedrock::builder_program(*builder) << std::endl;
    const std::string build_dir = request.build_dir.string();
    for (const BuilderCommand& command :
         bedrock::builder_commands(*builder, destination, authorization.username, request.platform,
                                   build_dir, request.base_image)) {
      const std::string hint =
          command.step == bedrock::BuilderStep::log_in ? bedrock::login_failed_hint(destination)
          : command.step == bedrock::BuilderStep::push
              ? bedrock::push_failed_hint(destination)
              : bedrock::build_failed_hint(*builder, request.platform, build_dir, host);
      builder_session.run(command, hint);
    }
    io.err << "Pushed " << destination.push_reference << std::endl;
    if (destination.push_reference != destination.container_uri) {
      io.err << "AgentCore will pull " << destination.container_uri
             << "; the image must reach ECR from " << destination.registry << std::endl;
    }
    return {destination.container_uri, request.repository_name, ensured.created};
  } catch (const ContainerImageError&) {
    throw;
  } catch (const Error& error) {
    throw ContainerImageError(error, ensured.created);
  }
}

}  // namespace agentlift::cli
