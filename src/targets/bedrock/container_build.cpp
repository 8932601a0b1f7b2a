#include "targets/bedrock/container_build.hpp"

#include <algorithm>
#include <cctype>

#include "base/errors.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_alternatives =
    "--builder docker|podman|buildah picks another builder; --artifact code needs no "
    "container build at all";

bool is_registry_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
         c == '[' || c == ']' || c == '_';
}

std::string host_of(const std::string& registry) {
  if (registry.starts_with("[")) {
    const auto close = registry.find(']');
    return close == std::string::npos ? registry : registry.substr(0, close + 1);
  }
  return registry.substr(0, registry.find(':'));
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
}

std::vector<std::string> with_tls_flag(std::vector<std::string> argv, bool plain_http) {
  // After the program and its subcommand: `buildah push --tls-verify=false …`.
  if (plain_http) argv.insert(argv.begin() + 2, "--tls-verify=false");
  return argv;
}

}  // namespace

std::optional<ContainerBuilder> parse_container_builder(std::string_view name) {
  if (name == "docker") return ContainerBuilder::docker;
  if (name == "podman") return ContainerBuilder::podman;
  if (name == "buildah") return ContainerBuilder::buildah;
  return std::nullopt;
}

std::string builder_program(ContainerBuilder builder) {
  switch (builder) {
    case ContainerBuilder::docker:
      return "docker";
    case ContainerBuilder::podman:
      return "podman";
    case ContainerBuilder::buildah:
      return "buildah";
  }
  return "docker";
}

void check_registry_override(const std::string& registry_override) {
  if (registry_override.empty()) return;
  const bool well_formed =
      std::all_of(registry_override.begin(), registry_override.end(), is_registry_character) &&
      !registry_override.starts_with(":");
  if (!well_formed) {
    throw UsageError(std::string(k_registry_override_variable) + "=\"" + registry_override +
                         "\" is not a registry host[:port]",
                     "write it like 127.0.0.1:5000 or mirror.example.com (no scheme, no path), "
                     "or unset it to push to ECR");
  }
}

ImageDestination image_destination(const std::string& repository_uri,
                                   const std::string& repository_name, const std::string& tag,
                                   const std::string& registry_override) {
  const auto slash = repository_uri.find('/');
  if (slash == std::string::npos || slash == 0) {
    throw Error(
        "ECR returned the repository URI \"" + repository_uri + "\", which has no registry part",
        "expected <account>.dkr.ecr.<region>.amazonaws.com/<name>; check the ECR "
        "endpoint (AWS_ENDPOINT_URL_ECR) agentlift talks to");
  }
  ImageDestination destination;
  destination.container_uri = repository_uri + ":" + tag;
  destination.registry = repository_uri.substr(0, slash);
  destination.push_reference = destination.container_uri;
  if (registry_override.empty()) return destination;

  check_registry_override(registry_override);
  destination.registry = registry_override;
  destination.push_reference = registry_override + "/" + repository_name + ":" + tag;
  destination.plain_http = is_loopback_host(host_of(registry_override));
  return destination;
}

std::string step_name(BuilderStep step) {
  switch (step) {
    case BuilderStep::check:
      return "check";
    case BuilderStep::log_in:
      return "log in";
    case BuilderStep::build:
      return "build";
    case BuilderStep::push:
      return "push";
    case BuilderStep::build_and_push:
      return "build and push";
  }
  return "step";
}

BuilderCommand builder_check_command(ContainerBuilder builder) {
  BuilderCommand command;
  command.step = BuilderStep::check;
  if (builder == ContainerBuilder::docker) {
    command.argv = {"docker", "buildx", "version"};
  } else {
    command.argv = {builder_program(builder), "--version"};
  }
  return command;
}

bool is_loopback_image(std::string_view image) {
  const std::size_t slash = image.find('/');
  if (slash == std::string_view::npos) return false;  // "python:3.12": Docker Hub
  return is_loopback_host(host_of(std::string(image.substr(0, slash))));
}

std::vector<BuilderCommand> builder_commands(
    ContainerBuilder builder, const ImageDestination& destination, const std::string& username,
    const std::string& platform, const std::string& build_dir, const std::string& base_image) {
  const std::string program = builder_program(builder);
  BuilderCommand login{
      BuilderStep::log_in,
      {program, "login", "--username", username, "--password-stdin", destination.registry},
      true,
      false};
  if (builder == ContainerBuilder::docker) {
    return {login,
            {BuilderStep::build_and_push,
             {"docker", "buildx", "build", "--platform", platform, "-t", destination.push_reference,
              "--push", build_dir},
             false,
             true}};
  }
  const bool plain = destination.plain_http;
  login.argv = with_tls_flag(login.argv, plain);
  return {login,
          {BuilderStep::build,
           with_tls_flag({program, "build", "--platform", platform, "-t",
                          destination.push_reference, build_dir},
                         is_loopback_image(base_image)),
           false, true},
          {BuilderStep::push, with_tls_flag({program, "push", destination.push_reference}, plain),
           false, true}};
}

bool uses_private_auth_file(ContainerBuilder builder) {
  return builder != ContainerBuilder::docker;
}

std::string missing_builder_hint(ContainerBuilder builder) {
  std::string install;
  switch (builder) {
    case ContainerBuilder::docker:
      install = "install Docker with the buildx plugin";
      break;
    case ContainerBuilder::podman:
      install = "install podman (apt-get install podman)";
      break;
    case ContainerBuilder::buildah:
      install = "install buildah (apt-get install buildah)";
      break;
  }
  return install + ", or: " + k_alternatives;
}

std::string builder_check_failed_hint(ContainerBuilder builder) {
  if (builder == ContainerBuilder::docker) {
    return "agentlift builds with `docker buildx`; install the buildx plugin "
           "(docker-buildx-plugin) and check that `docker buildx version` works, or: " +
           std::string(k_alternatives);
  }
  return "check that `" + builder_program(builder) + " --version` works, or: " + k_alternatives;
}

std::string login_failed_hint(const ImageDestination& destination) {
  std::string hint = "the registry " + destination.registry +
                     " refused ECR's authorization token; check that the AWS credentials allow "
                     "ecr:GetAuthorizationToken and that their account owns the repository";
  if (destination.push_reference != destination.container_uri) {
    hint += "; " + std::string(k_registry_override_variable) +
            " sends the push there instead of ECR, and it must accept the ECR token";
  }
  return hint;
}

std::string push_failed_hint(const ImageDestination& destination) {
  return "the registry " + destination.registry +
         " did not take the image; check that the repository exists there and that the "
         "credentials may push to it (ecr:InitiateLayerUpload, ecr:PutImage, …)";
}

std::string build_failed_hint(ContainerBuilder builder, const std::string& platform,
                              const std::string& build_dir, const BuildHost& host) {
  std::string hint = "the lines above are " + builder_program(builder) +
                     "'s output; the build context is " + build_dir;
  const bool arm_host = host.machine == "aarch64" || host.machine == "arm64";
  if (platform == "linux/arm64" && !arm_host) {
    hint += "; this host is " + (host.machine.empty() ? std::string("not ARM") : host.machine) +
            ", so RUN steps of a linux/arm64 build need QEMU emulation";
    hint += host.arm64_emulation
                ? " (registered here: /proc/sys/fs/binfmt_misc/qemu-aarch64)"
                : ", which is not registered here (no /proc/sys/fs/binfmt_misc/qemu-aarch64): "
                  "install qemu-user-static and binfmt-support, or run `docker run --privileged "
                  "--rm tonistiigi/binfmt --install arm64`";
  }
  if (builder == ContainerBuilder::docker) {
    hint +=
        "; `docker info` checks that the Docker daemon is running; if the error says the "
        "driver cannot push, create a buildx builder with `docker buildx create --use`";
  }
  return hint + "; or: " + k_alternatives;
}

}  // namespace agentlift::bedrock
