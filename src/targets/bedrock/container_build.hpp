#pragma once
// The pure half of the container artifact (cli/container_image.cpp runs it):
// which image reference AgentCore gets and which one the builder pushes to, the
// exact command lines of each builder, and what to tell the user when a step
// fails. No process is started here.
//
// Builders: docker (`docker login`, then `docker buildx build --push`), podman
// and buildah (`login`, `build`, `push`, all reading one private auth file that
// the caller names in REGISTRY_AUTH_FILE). The registry password never appears
// on a command line: every login reads it from stdin.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentlift::bedrock {

enum class ContainerBuilder { docker, podman, buildah };

// "docker", "podman" or "buildah"; nullopt for anything else.
std::optional<ContainerBuilder> parse_container_builder(std::string_view name);
// The program on PATH: "docker", "podman", "buildah".
std::string builder_program(ContainerBuilder builder);

// The environment variable that redirects the push to another registry (a
// local registry in tests, a mirror that forwards to ECR). AgentCore still gets
// the ECR URI.
inline constexpr const char* k_registry_override_variable = "AGENTLIFT_CONTAINER_REGISTRY";

// Throws UsageError unless `registry_override` is "" or a host[:port].
void check_registry_override(const std::string& registry_override);

struct ImageDestination {
  std::string container_uri;  // <repositoryUri>:<tag>, what CreateAgentRuntime gets
  std::string
      push_reference;       // where the builder pushes: container_uri, or <override>/<repo>:<tag>
  std::string registry;     // host[:port] the builder logs in to
  bool plain_http = false;  // a loopback override (127.0.0.1, localhost, [::1]): no TLS
};

// `registry_override` is "" or a host[:port] (no scheme, no path). Throws
// agentlift::Error for a repository URI without a registry part, and
// UsageError for a malformed override.
ImageDestination image_destination(const std::string& repository_uri,
                                   const std::string& repository_name, const std::string& tag,
                                   const std::string& registry_override);

enum class BuilderStep { check, log_in, build, push, build_and_push };
// "check", "log in", "build", "push", "build and push": for messages.
std::string step_name(BuilderStep step);

struct BuilderCommand {
  BuilderStep step = BuilderStep::check;
  std::vector<std::string> argv;  // argv[0] is the builder program
  bool password_on_stdin = false;
  bool streamed = false;  // output shown as it arrives (builds and pushes are long)
};

// Checks that the builder can work at all before any AWS call: `docker buildx
// version` (buildx is a plugin that may be missing), `podman --version`,
// `buildah --version`.
BuilderCommand builder_check_command(ContainerBuilder builder);

// True when an image reference names a registry on this machine
// ("127.0.0.1:5000/base:1", "localhost/base", "[::1]:5000/base"); such a
// registry is reached over plain HTTP.
bool is_loopback_image(std::string_view image);

// Log in, build, push, in that order (docker builds and pushes in one step).
// Plain HTTP is allowed only where a loopback registry is involved: login and
// push for a loopback override, the build only when `base_image` (the image
// the Dockerfile starts FROM; "" = the default, a public one) is itself on a
// loopback registry, so a remote base image is always pulled over verified TLS.
std::vector<BuilderCommand> builder_commands(
    ContainerBuilder builder, const ImageDestination& destination, const std::string& username,
    const std::string& platform, const std::string& build_dir, const std::string& base_image = "");

// podman and buildah get a private auth file through REGISTRY_AUTH_FILE;
// docker keeps its own credential store, as `docker login` always does.
bool uses_private_auth_file(ContainerBuilder builder);

// The machine the build runs on, as far as cross-building is concerned.
struct BuildHost {
  std::string machine;           // uname -m: "x86_64", "aarch64"
  bool arm64_emulation = false;  // /proc/sys/fs/binfmt_misc/qemu-aarch64 exists
};

// Hints for the failures of each kind; the messages name the alternatives.
std::string missing_builder_hint(ContainerBuilder builder);
std::string builder_check_failed_hint(ContainerBuilder builder);
std::string login_failed_hint(const ImageDestination& destination);
std::string push_failed_hint(const ImageDestination& destination);
std::string build_failed_hint(ContainerBuilder builder, const std::string& platform,
                              const std::string& build_dir, const BuildHost& host);

}  // namespace agentlift::bedrock
