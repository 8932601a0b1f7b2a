#pragma once
// A local moto server for integration tests, reusable by any test file that
// wants its own: the launcher, a transport that only ever reaches 127.0.0.1,
// the IAM bootstrap of an allow-all user, and a suite-level bundle
// (MotoFixture) that also decides whether to skip.
//
// moto runs on 127.0.0.1 on a port the kernel picks (werkzeug make_server on
// port 0, printed on stdout). With MotoAuth::enforced, INITIAL_NO_AUTH_ACTION_COUNT
// lets exactly the k_moto_bootstrap_calls IAM calls of create_moto_admin through
// unauthenticated; every later call is signature-checked (moto verifies with
// botocore's signer, so a passing call means our SigV4 matches). Each server is
// its own process, so every test suite can start its own. Tests are skipped
// when python3 cannot import moto.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "cloud/aws_client.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/uri_encoding.hpp"
#include "cloud/xml_text.hpp"

namespace agentlift::testing {

inline constexpr const char* k_moto_region = "us-east-1";
inline constexpr const char* k_moto_account = "123456789012";  // moto's default account
inline constexpr int k_moto_bootstrap_calls = 3;               // see create_moto_admin

inline constexpr const char* k_moto_launcher = R"PY(
import os
from werkzeug.serving import make_server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
server = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=True)
os.environ["MOTO_PORT"] = str(server.server_port)
print(server.server_port, flush=True)
server.serve_forever()
)PY";

// Sends only to 127.0.0.1: "localhost" and "*.localhost" are rewritten to
// 127.0.0.1 keeping the signed Host (virtual-hosted S3); any other host is a
// test bug and throws std::logic_error.
class LoopbackTransport : public cloud::Transport {
 public:
  explicit LoopbackTransport(cloud::Transport& inner) : m_inner(inner) {}

  cloud::HttpResponse send(const cloud::HttpRequest& request) override {
    return m_inner.send(rewrite(request));
  }
  void send_streaming(const cloud::HttpRequest& request, const HeadersCallback& on_headers,
                      const BodyCallback& on_body) override {
    m_inner.send_streaming(rewrite(request), on_headers, on_body);
  }

 private:
  static cloud::HttpRequest rewrite(const cloud::HttpRequest& request) {
    const cloud::UrlParts parts = cloud::split_url(request.url);
    const std::string authority(parts.authority);
    const auto colon = authority.rfind(':');
    const std::string host = authority.substr(0, colon);
    const std::string port = colon == std::string::npos ? "" : authority.substr(colon);
    if (parts.scheme != "http") throw std::logic_error("moto tests use http only: " + request.url);
    if (host == "127.0.0.1") return request;
    const bool is_localhost =
        host == "localhost" || (host.size() > 10 && host.ends_with(".localhost"));
    if (!is_localhost) throw std::logic_error("refusing to contact " + request.url);
    cloud::HttpRequest out = request;
    if (!out.header("Host")) out.set_header("Host", cloud::host_header_value(parts));
    out.url = "http://127.0.0.1" + port + std::string(parts.path) +
              (parts.query.empty() ? "" : "?" + std::string(parts.query));
    return out;
  }

  cloud::Transport& m_inner;
};

inline bool moto_importable() {
  return std::system("python3 -c 'import moto, werkzeug' >/dev/null 2>&1") == 0;
}

enum class MotoAuth {
  enforced,  // SigV4 checked after the bootstrap calls
  open,      // nothing checked
};

class MotoServer {
 public:
  MotoServer() = default;
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;
  ~MotoServer() { stop(); }

  // Starts moto; returns "" on success, else why not.
  std::string start(MotoAuth auth) {
    int out[2];
    if (pipe(out) != 0) return "pipe failed";
    m_pid = fork();
    if (m_pid < 0) return "fork failed";
    if (m_pid == 0) {
      dup2(out[1], STDOUT_FILENO);
      const int null_fd = open("/dev/null", O_WRONLY);
      if (null_fd >= 0) dup2(null_fd, STDERR_FILENO);
      close(out[0]);
      close(out[1]);
      if (auth == MotoAuth::enforced) {
        setenv("INITIAL_NO_AUTH_ACTION_COUNT", std::to_string(k_moto_bootstrap_calls).c_str(), 1);
      } else {
        unsetenv("INITIAL_NO_AUTH_ACTION_COUNT");
      }
      setenv("MOTO_CALL_RESET_API", "false", 1);
      execlp("python3", "python3", "-c", k_moto_launcher, static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd fd{out[0], POLLIN, 0};
      if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[64];
      const ssize_t n = read(out[0], buffer, sizeof buffer);
      if (n <= 0) break;
      line.append(buffer, static_cast<std::size_t>(n));
    }
    close(out[0]);
    const int port = std::atoi(line.c_str());
    if (port <= 0) return "moto did not report a port";
    m_endpoint = "http://127.0.0.1:" + std::to_string(port);
    m_port = port;
    return wait_ready();
  }

  void stop() {
    if (m_pid <= 0) return;
    kill(m_pid, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      if (waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
        m_pid = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
  }

  const std::string& endpoint() const { return m_endpoint; }
  int port() const { return m_port; }

 private:
  // Bounded poll of the unauthenticated moto API (does not use up the no-auth count).
  std::string wait_ready() {
    cloud::CurlTransportOptions options;
    options.connect_timeout = std::chrono::milliseconds(1000);
    options.read_timeout = std::chrono::seconds(5);
    cloud::CurlTransport transport(options);
    cloud::HttpRequest request;
    request.url = m_endpoint + "/moto-api/";
    for (int i = 0; i < 100; ++i) {
      try {
        if (transport.send(request).status == 200) return "";
      } catch (const cloud::TransportError&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return "moto did not become ready";
  }

  pid_t m_pid = -1;
  std::string m_endpoint;
  int m_port = 0;
};

// A client configuration for `endpoint` in k_moto_region, without retries.
inline cloud::AwsClientConfig moto_config(const std::string& service,
                                          const std::string& signing_name,
                                          cloud::sigv4::Credentials credentials,
                                          const std::string& endpoint) {
  cloud::AwsClientConfig config;
  config.service = service;
  config.signing_name = signing_name;
  config.region = k_moto_region;
  config.endpoint = endpoint;
  config.credentials = std::move(credentials);
  config.retry_policy.max_attempts = 1;
  return config;
}

// One awsQuery call (IAM, STS); returns the reply body. `params` is already
// form-encoded ("UserName=a&PolicyName=b").
inline std::string moto_query(cloud::AwsClient& client, const std::string& action,
                              const std::string& version, const std::string& params) {
  cloud::HttpRequest request;
  request.method = "POST";
  request.url = "/";
  request.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = "Action=" + action + "&Version=" + version + (params.empty() ? "" : "&" + params);
  return client.call(action, request, cloud::Protocol::aws_query).body;
}

inline constexpr const char* k_allow_all_policy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

// The key tests give an unauthenticated moto (MotoAuth::open): AWS's documented
// example access key id and a dummy secret. A fixture, not a credential.
inline constexpr const char* k_moto_fixture_key_id = "AKIAIOSFODNN7EXAMPLE";
inline constexpr const char* k_moto_fixture_secret = "test";
inline cloud::sigv4::Credentials moto_fixture_key() {
  return {k_moto_fixture_key_id, k_moto_fixture_secret, std::nullopt};
}

// The k_moto_bootstrap_calls unauthenticated calls: IAM user `user_name`, its
// access key and an allow-all inline policy. Returns the key; throws on failure.
inline cloud::sigv4::Credentials create_moto_admin(
    const std::string& endpoint, cloud::Transport& transport,
    const std::string& user_name = "agentlift-test") {
  // moto lets the first calls through unsigned, so the fixture key works here.
  cloud::AwsClient iam(moto_config("IAM", "iam", moto_fixture_key(), endpoint), transport);
  moto_query(iam, "CreateUser", "2010-05-08", "UserName=" + user_name);
  const std::string key = moto_query(iam, "CreateAccessKey", "2010-05-08", "UserName=" + user_name);
  moto_query(iam, "PutUserPolicy", "2010-05-08",
             "UserName=" + user_name +
                 "&PolicyName=all&PolicyDocument=" + cloud::form_encode(k_allow_all_policy));
  const auto id = cloud::xml::text(key, "AccessKeyId");
  const auto secret = cloud::xml::text(key, "SecretAccessKey");
  if (!id || !secret) throw std::runtime_error("CreateAccessKey returned no key");
  return cloud::sigv4::Credentials{*id, *secret, std::nullopt};
}

// What an integration suite needs, started once in SetUpTestSuite:
//
//   static void SetUpTestSuite() { s_moto.start(true); }
//   static void TearDownTestSuite() { s_moto.stop(); }
//   void SetUp() override {
//     if (!s_moto.skip_reason.empty()) GTEST_SKIP() << s_moto.skip_reason;
//     ASSERT_TRUE(s_moto.failure.empty()) << s_moto.failure;
//   }
struct MotoFixture {
  std::string skip_reason;                               // moto is not installed: skip, do not fail
  std::string failure;                                   // moto is installed but did not come up
  std::unique_ptr<MotoServer> server;                    // SigV4 enforced
  std::unique_ptr<MotoServer> open_server;               // no authentication (when asked for)
  std::optional<cloud::sigv4::Credentials> credentials;  // the allow-all user on `server`

  void start(bool with_open_server) {
    // Never go through a proxy to the local server.
    setenv("NO_PROXY", "*", 1);
    setenv("no_proxy", "*", 1);
    if (!moto_importable()) {
      skip_reason = "python3 cannot import moto";
      return;
    }
    server = std::make_unique<MotoServer>();
    failure = server->start(MotoAuth::enforced);
    if (failure.empty() && with_open_server) {
      open_server = std::make_unique<MotoServer>();
      failure = open_server->start(MotoAuth::open);
    }
    if (!failure.empty()) return;
    try {
      cloud::CurlTransport curl;
      LoopbackTransport transport(curl);
      credentials = create_moto_admin(server->endpoint(), transport);
    } catch (const std::exception& error) {
      failure = std::string("IAM bootstrap: ") + error.what();
    }
  }

  void stop() {
    server.reset();
    open_server.reset();
    credentials.reset();
  }
};

}  // namespace agentlift::testing
