#pragma once
// Real container tooling for tests, all on 127.0.0.1 and offline: a
// docker-registry (the distribution registry) whose htpasswd accepts exactly
// the password of moto's ECR token, buildah with vfs storage in a temp folder
// and chroot isolation, base images made from a folder of files (no network),
// and reads of what was pushed through the registry's HTTP API.
//
//   if (auto why = testing::container_tools_missing(); !why.empty()) skip(why);
//   testing::BuildahStorage buildah(work / "buildah");
//   testing::RegistryProcess registry;  registry.start(work / "registry");
//   buildah.log_in(registry.address());
//   buildah.push_folder_image(rootfs, "arm64", registry.address() + "/base:arm64");
//   testing::pushed_config(registry.address(), "agentlift/team", "0123456789ab");

#include <signal.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/json.hpp"
#include "cli/process_runner.hpp"
#include "cloud/curl_transport.hpp"
#include "support/moto_server.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::testing {

// moto's ECR password for account 123456789012 (f"{registry_id}-auth-token"),
// the same in every region.
inline constexpr const char* k_moto_ecr_password = "123456789012-auth-token";
// "Basic " + base64("AWS:" + k_moto_ecr_password), for reading the registry.
inline constexpr const char* k_moto_ecr_basic_auth = "Basic QVdTOjEyMzQ1Njc4OTAxMi1hdXRoLXRva2Vu";
// bcrypt (cost 4) of k_moto_ecr_password, for the registry's htpasswd file.
inline constexpr const char* k_moto_ecr_htpasswd =
    "AWS:$2b$04$.mZDbl3H5I8NcMYCK7EABOr3SbzOoqVu97JiqI8cil.4WfGYqFwpa\n";

inline bool on_path(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

// Why a container test cannot run here ("" when it can): buildah,
// docker-registry, the static busybox and moto are all needed.
inline std::string container_tools_missing() {
  for (const char* program : {"buildah", "docker-registry", "busybox"}) {
    if (!on_path(program)) {
      return std::string(program) +
             " is not installed (scripts/install-deps.sh installs buildah, docker-registry and "
             "busybox-static)";
    }
  }
  if (!std::filesystem::exists("/bin/busybox")) {
    return "/bin/busybox (Debian's busybox-static) is missing";
  }
  if (!moto_importable()) return "python3 cannot import moto";
  return "";
}

inline std::string read_text_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "amd64" on x86_64, "arm64" on aarch64: the OCI name of this machine.
inline std::string host_architecture() {
  utsname name{};
  ::uname(&name);
  const std::string machine = name.machine;
  if (machine == "x86_64") return "amd64";
  if (machine == "aarch64") return "arm64";
  return machine;
}

// docker-registry on a port the kernel picks, read from its log; htpasswd auth
// that accepts AWS / k_moto_ecr_password. Stopped on destruction.
class RegistryProcess {
 public:
  RegistryProcess() = default;
  RegistryProcess(const RegistryProcess&) = delete;
  RegistryProcess& operator=(const RegistryProcess&) = delete;
  ~RegistryProcess() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
  }

  // Starts the registry keeping its files in `folder`; "" once it listens.
  std::string start(const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "htpasswd") << k_moto_ecr_htpasswd;
    std::ofstream(folder / "config.yml")
        << "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: "
        << (folder / "data").string() << "\nhttp:\n  addr: 127.0.0.1:0\nauth:\n  htpasswd:\n"
        << "    realm: agentlift-test\n    path: " << (folder / "htpasswd").string() << "\n";
    const std::filesystem::path log = folder / "registry.log";
    m_pid = ::fork();
    if (m_pid < 0) return "fork failed";
    if (m_pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a killed test binary
      const std::string config = (folder / "config.yml").string();
      if (!std::freopen(log.c_str(), "w", stderr) || !std::freopen("/dev/null", "w", stdout)) {
        ::_exit(126);
      }
      ::execlp("docker-registry", "docker-registry", "serve", config.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const std::string marker = "listening on 127.0.0.1:";
    for (int i = 0; i < 100; ++i) {
      const std::string text = read_text_file(log);
      const auto at = text.find(marker);
      if (at != std::string::npos) {
        m_port = std::atoi(text.c_str() + at + marker.size());
        if (m_port > 0) return "";
      }
      if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
        m_pid = -1;
        return "docker-registry exited: " + text;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return "docker-registry did not report its port";
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(m_port); }

 private:
  pid_t m_pid = -1;
  int m_port = 0;
};

// buildah with its own vfs storage under `folder`, chroot isolation and its
// own auth file: the variables are in environment(), for any process that
// should share this storage (the agentlift binary under test too).
class BuildahStorage {
 public:
  explicit BuildahStorage(const std::filesystem::path& folder) : m_folder(folder) {
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "storage.conf")
        << "[storage]\ndriver = \"vfs\"\ngraphroot = \"" << (folder / "graph").string()
        << "\"\nrunroot = \"" << (folder / "run").string() << "\"\n";
    std::ofstream(folder / "fixture-auth.json") << "{\"auths\":{}}";
    m_runner = std::make_unique<cli::SystemProcessRunner>(environment());
  }

  // CONTAINERS_STORAGE_CONF and BUILDAH_ISOLATION (not the fixture's auth file).
  std::map<std::string, std::string> storage_environment() const {
    return {{"CONTAINERS_STORAGE_CONF", (m_folder / "storage.conf").string()},
            {"BUILDAH_ISOLATION", "chroot"}};
  }
  std::map<std::string, std::string> environment() const {
    auto out = storage_environment();
    out["REGISTRY_AUTH_FILE"] = (m_folder / "fixture-auth.json").string();
    return out;
  }
  cli::SystemProcessRunner& runner() { return *m_runner; }

  // Runs `buildah <argv…>`; returns its output, or throws std::runtime_error.
  std::string run(std::vector<std::string> argv, std::optional<std::string> input = {}) {
    argv.insert(argv.begin(), "buildah");
    std::string output;
    const int status = m_runner->run({argv, std::move(input), {}}, [&](std::string_view line) {
      output += std::string(line) + "\n";
    });
    if (status != 0) throw std::runtime_error(argv[1] + " failed: " + output);
    return output;
  }

  // Logs the fixture in to a loopback registry with moto's ECR password.
  void log_in(const std::string& registry) {
    run({"login", "--tls-verify=false", "--username", "AWS", "--password-stdin", registry},
        std::string(k_moto_ecr_password));
  }

  // An image of the files in `rootfs` (one layer) whose config says
  // linux/<architecture>, pushed to `reference` (a loopback registry);
  // `path` becomes its PATH when given.
  void push_folder_image(const std::filesystem::path& rootfs, const std::string& architecture,
                         const std::string& reference, const std::string& path = "") {
    std::string container = run({"from", "--arch", architecture, "scratch"});
    container = container.substr(0, container.find('\n'));
    run({"copy", container, rootfs.string(), "/"});
    std::vector<std::string> config{"config", "--arch", architecture, "--os", "linux"};
    if (!path.empty()) config.insert(config.end(), {"--env", "PATH=" + path});
    config.push_back(container);
    run(config);
    run({"commit", container, reference});
    run({"push", "--tls-verify=false", reference});
    run({"rm", container});
  }

 private:
  std::filesystem::path m_folder;
  std::unique_ptr<cli::SystemProcessRunner> m_runner;
};

// GET http://<registry><path> with the ECR credentials; the body, or "" on a non-200.
inline std::string registry_get(const std::string& registry, const std::string& path) {
  cloud::CurlTransport curl;
  cloud::HttpRequest request;
  request.url = "http://" + registry + path;
  request.set_header("Authorization", k_moto_ecr_basic_auth);
  request.set_header("Accept",
                     "application/vnd.oci.image.manifest.v1+json, "
                     "application/vnd.docker.distribution.manifest.v2+json");
  const cloud::HttpResponse response = curl.send(request);
  return response.status == 200 ? response.body : "";
}

// The config (architecture, os, history, …) of <repository>:<tag> as pushed to
// the registry; null when there is no such manifest.
inline Json pushed_config(const std::string& registry, const std::string& repository,
                          const std::string& tag) {
  const std::string manifest = registry_get(registry, "/v2/" + repository + "/manifests/" + tag);
  if (manifest.empty()) return Json();
  const Json parsed = Json::parse(manifest);
  const std::string digest = parsed["config"]["digest"].get<std::string>();
  return Json::parse(registry_get(registry, "/v2/" + repository + "/blobs/" + digest));
}

// The peers a container suite shares: a work folder, the registry, moto (ECR)
// and buildah's storage, started once per suite. `skip` is set when a peer is
// missing or cannot run in this sandbox, `failure` when moto did not come up.
struct ContainerPeers {
  std::string skip;
  std::string failure;
  std::unique_ptr<TempFolder> work;
  std::unique_ptr<RegistryProcess> registry;
  std::unique_ptr<MotoServer> moto;
  std::unique_ptr<BuildahStorage> buildah;

  // False when skip or failure is set.
  bool start() {
    skip = container_tools_missing();
    if (!skip.empty()) return false;
    work = std::make_unique<TempFolder>();
    registry = std::make_unique<RegistryProcess>();
    skip = registry->start(work->path() / "registry");
    if (!skip.empty()) return false;
    moto = std::make_unique<MotoServer>();
    failure = moto->start(MotoAuth::open);
    if (!failure.empty()) return false;
    buildah = std::make_unique<BuildahStorage>(work->path() / "buildah");
    return true;
  }
  void stop() {
    buildah.reset();
    moto.reset();
    registry.reset();
    work.reset();
  }
};

}  // namespace agentlift::testing
