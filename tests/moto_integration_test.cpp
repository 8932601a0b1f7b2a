// The thin AWS clients (AwsClient, StsClient, S3Client) against a local moto
// server with SigV4 authentication enforced: a wrong signature must fail, so a
// passing test means our signatures match botocore's (moto verifies with it).
//
// moto runs on 127.0.0.1 on a port the kernel picks (werkzeug make_server on
// port 0, printed on stdout). INITIAL_NO_AUTH_ACTION_COUNT=3 lets exactly the
// three IAM calls that create the test user, its key and its allow-all policy
// through unauthenticated; every later call is signature-checked. Nothing but
// 127.0.0.1 is contacted: LoopbackTransport refuses any other host and sends
// "{bucket}.localhost" (virtual-hosted S3) to 127.0.0.1 with the Host header
// the request was signed with. Skipped when python3 cannot import moto.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cloud/aws_client.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/s3_client.hpp"
#include "cloud/sts_client.hpp"
#include "cloud/uri_encoding.hpp"
#include "cloud/xml_text.hpp"

namespace agentlift::cloud {
namespace {

constexpr const char* k_launcher = R"PY(
import os
from werkzeug.serving import make_server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
server = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=True)
os.environ["MOTO_PORT"] = str(server.server_port)
print(server.server_port, flush=True)
server.serve_forever()
)PY";

constexpr const char* k_region = "us-east-1";
constexpr const char* k_account = "123456789012";  // moto's default account

// Sends only to 127.0.0.1: "localhost" and "*.localhost" are rewritten to
// 127.0.0.1 keeping the signed Host; any other host is a test bug.
class LoopbackTransport : public Transport {
 public:
  explicit LoopbackTransport(Transport& inner) : m_inner(inner) {}

  HttpResponse send(const HttpRequest& request) override { return m_inner.send(rewrite(request)); }
  void send_streaming(const HttpRequest& request, const HeadersCallback& on_headers,
                      const BodyCallback& on_body) override {
    m_inner.send_streaming(rewrite(request), on_headers, on_body);
  }

 private:
  static HttpRequest rewrite(const HttpRequest& request) {
    const UrlParts parts = split_url(request.url);
    const std::string authority(parts.authority);
    const auto colon = authority.rfind(':');
    const std::string host = authority.substr(0, colon);
    const std::string port = colon == std::string::npos ? "" : authority.substr(colon);
    if (parts.scheme != "http") throw std::logic_error("moto tests use http only: " + request.url);
    if (host == "127.0.0.1") return request;
    const bool is_localhost =
        host == "localhost" || (host.size() > 10 && host.ends_with(".localhost"));
    if (!is_localhost) throw std::logic_error("refusing to contact " + request.url);
    HttpRequest out = request;
    if (!out.header("Host")) out.set_header("Host", host_header_value(parts));
    out.url = "http://127.0.0.1" + port + std::string(parts.path) +
              (parts.query.empty() ? "" : "?" + std::string(parts.query));
    return out;
  }

  Transport& m_inner;
};

bool moto_importable() {
  return std::system("python3 -c 'import moto, werkzeug' >/dev/null 2>&1") == 0;
}

class MotoServer {
 public:
  ~MotoServer() { stop(); }

  // Starts moto; returns "" on success, else why not.
  // With `enforce_auth`, only the first three actions go unauthenticated.
  std::string start(bool enforce_auth) {
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
      if (enforce_auth) {
        setenv("INITIAL_NO_AUTH_ACTION_COUNT", "3", 1);
      } else {
        unsetenv("INITIAL_NO_AUTH_ACTION_COUNT");
      }
      setenv("MOTO_CALL_RESET_API", "false", 1);
      execlp("python3", "python3", "-c", k_launcher, static_cast<char*>(nullptr));
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
    CurlTransportOptions options;
    options.connect_timeout = std::chrono::milliseconds(1000);
    options.read_timeout = std::chrono::seconds(5);
    CurlTransport transport(options);
    HttpRequest request;
    request.url = m_endpoint + "/moto-api/";
    for (int i = 0; i < 100; ++i) {
      try {
        if (transport.send(request).status == 200) return "";
      } catch (const TransportError&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return "moto did not become ready";
  }

  pid_t m_pid = -1;
  std::string m_endpoint;
  int m_port = 0;
};

class MotoIntegration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Never go through a proxy to the local server.
    setenv("NO_PROXY", "*", 1);
    setenv("no_proxy", "*", 1);
    if (!moto_importable()) {
      s_skip_reason = "python3 cannot import moto";
      return;
    }
    s_server = std::make_unique<MotoServer>();
    s_open_server = std::make_unique<MotoServer>();
    std::string failure = s_server->start(true);
    if (failure.empty()) failure = s_open_server->start(false);
    if (!failure.empty()) {
      s_start_failure = failure;
      return;
    }
    s_credentials = bootstrap_user();
  }

  static void TearDownTestSuite() {
    s_server.reset();
    s_open_server.reset();
    s_credentials.reset();
  }

  void SetUp() override {
    if (!s_skip_reason.empty()) GTEST_SKIP() << s_skip_reason;
    ASSERT_TRUE(s_start_failure.empty()) << s_start_failure;
    ASSERT_TRUE(s_credentials.has_value()) << "IAM bootstrap failed";
  }

  static AwsClientConfig config(const std::string& service, const std::string& signing_name,
                                sigv4::Credentials credentials, const std::string& endpoint = "") {
    AwsClientConfig config;
    config.service = service;
    config.signing_name = signing_name;
    config.region = k_region;
    config.endpoint = endpoint.empty() ? s_server->endpoint() : endpoint;
    config.credentials = std::move(credentials);
    config.retry_policy.max_attempts = 1;
    return config;
  }

  // The three unauthenticated calls: a user, its access key, an allow-all policy.
  static std::optional<sigv4::Credentials> bootstrap_user() {
    CurlTransport curl;
    LoopbackTransport transport(curl);
    // AWS's documented example key id: moto lets the first calls through unsigned,
    // so any syntactically valid key works here. Not a real credential.
    AwsClient iam(config("IAM", "iam", {"AKIAIOSFODNN7EXAMPLE", "bootstrap", std::nullopt}),
                  transport);
    auto query = [&](const std::string& action, const std::string& params) {
      HttpRequest request;
      request.method = "POST";
      request.url = "/";
      request.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
      request.body = "Action=" + action + "&Version=2010-05-08&" + params;
      return iam.call(action, request, Protocol::aws_query).body;
    };
    try {
      query("CreateUser", "UserName=agentlift-test");
      const std::string key = query("CreateAccessKey", "UserName=agentlift-test");
      const std::string policy =
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
      query("PutUserPolicy",
            "UserName=agentlift-test&PolicyName=all&PolicyDocument=" + form_encode(policy));
      const auto id = xml::text(key, "AccessKeyId");
      const auto secret = xml::text(key, "SecretAccessKey");
      if (!id || !secret) return std::nullopt;
      return sigv4::Credentials{*id, *secret, std::nullopt};
    } catch (const std::exception& error) {
      ADD_FAILURE() << "IAM bootstrap: " << error.what();
      return std::nullopt;
    }
  }

  static sigv4::Credentials wrong_secret() {
    sigv4::Credentials credentials = *s_credentials;
    credentials.secret_access_key += "x";
    return credentials;
  }

  // Put, get, head, list, delete of awkward keys in a fresh bucket.
  // `keys` must include "plain.txt"; `prefix` must select exactly `prefixed_key`.
  void round_trip(S3Addressing addressing, const std::string& endpoint, const std::string& bucket,
                  const std::vector<std::string>& keys, const std::string& prefix,
                  const std::string& prefixed_key) {
    AwsClient client(config("S3", "s3", *s_credentials, endpoint), m_transport);
    S3Client s3(client, addressing);
    s3.create_bucket(bucket);
    for (const auto& key : keys) {
      SCOPED_TRACE(key);
      const std::string body = "body of " + key;
      S3PutResult put;
      try {
        put = s3.put_object(bucket, key, body, "text/plain");
      } catch (const HttpError& error) {
        ADD_FAILURE() << "PutObject " << key << ": " << error.what();
        continue;
      }
      EXPECT_FALSE(put.etag.empty());
      const S3GetResult got = s3.get_object(bucket, key);
      EXPECT_EQ(got.body, body);
      EXPECT_EQ(got.etag, put.etag);
      const auto head = s3.head_object(bucket, key);
      ASSERT_TRUE(head.has_value());
      EXPECT_EQ(head->content_length, body.size());
      EXPECT_EQ(head->etag, put.etag);
    }
    S3ListResult all = s3.list_objects_v2(bucket, {});
    ASSERT_EQ(all.objects.size(), keys.size());
    for (const auto& key : keys) {
      bool found = false;
      for (const auto& object : all.objects) {
        if (object.key != key) continue;
        found = true;
        EXPECT_EQ(object.size, ("body of " + key).size()) << key;
        EXPECT_FALSE(object.etag.empty());
      }
      EXPECT_TRUE(found) << key;
    }
    // Prefix with a space and '+' in it; then paging two at a time.
    S3ListRequest prefixed;
    prefixed.prefix = prefix;
    const S3ListResult only = s3.list_objects_v2(bucket, prefixed);
    ASSERT_EQ(only.objects.size(), 1u);
    EXPECT_EQ(only.objects[0].key, prefixed_key);

    S3ListRequest page;
    page.max_keys = 2;
    std::size_t seen = 0;
    for (int i = 0; i < 10; ++i) {
      const S3ListResult result = s3.list_objects_v2(bucket, page);
      seen += result.objects.size();
      if (!result.is_truncated) break;
      ASSERT_TRUE(result.next_continuation_token.has_value());
      page.continuation_token = result.next_continuation_token;
    }
    EXPECT_EQ(seen, keys.size());

    for (const auto& key : keys) {
      SCOPED_TRACE(key);
      s3.delete_object(bucket, key);
      EXPECT_FALSE(s3.head_object(bucket, key).has_value());
    }
    EXPECT_TRUE(s3.list_objects_v2(bucket, {}).objects.empty());
    try {
      s3.get_object(bucket, "plain.txt");
      ADD_FAILURE() << "GetObject of a deleted key succeeded";
    } catch (const HttpError& error) {
      EXPECT_EQ(error.status(), 404);
      EXPECT_EQ(error.code(), "NoSuchKey");
    }
  }

  CurlTransport m_curl;
  LoopbackTransport m_transport{m_curl};

  static inline std::unique_ptr<MotoServer> s_server;       // SigV4 enforced
  static inline std::unique_ptr<MotoServer> s_open_server;  // no authentication
  static inline std::optional<sigv4::Credentials> s_credentials;
  static inline std::string s_skip_reason;
  static inline std::string s_start_failure;
};

TEST_F(MotoIntegration, StsGetCallerIdentityReturnsMotoAccount) {
  AwsClient client(config("STS", "sts", *s_credentials), m_transport);
  const CallerIdentity identity = StsClient(client).get_caller_identity();
  EXPECT_EQ(identity.account, k_account);
  EXPECT_EQ(identity.arn, std::string("arn:aws:iam::") + k_account + ":user/agentlift-test");
  EXPECT_FALSE(identity.user_id.empty());
}

TEST_F(MotoIntegration, StsRejectsAWrongSecretKey) {
  AwsClient client(config("STS", "sts", wrong_secret()), m_transport);
  try {
    StsClient(client).get_caller_identity();
    FAIL() << "a wrong signature was accepted: authentication is not enforced";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
    EXPECT_EQ(error.status(), 403);
  }
}

TEST_F(MotoIntegration, StsRejectsAnUnknownAccessKey) {
  // A made-up key id that moto has never issued (a test fixture, not a credential).
  AwsClient client(config("STS", "sts", {"AKIAUNKNOWNKEY000000", "secret", std::nullopt}),
                   m_transport);
  try {
    StsClient(client).get_caller_identity();
    FAIL() << "an unknown access key was accepted";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "InvalidClientTokenId");
  }
}

// Keys whose signatures moto can check: it re-derives the canonical URI from
// werkzeug's request.url, which re-quotes the decoded path leaving
// !$&'()*+,;=:@ and non-ASCII literal. Real S3 (and botocore, which fails the
// same way against moto) signs the path as sent: "+" is "%2B". So keys with
// those characters are only checked against the unauthenticated server below.
// The same goes for query values: werkzeug turns prefix=dir%2F into prefix=dir/,
// so signed listings use a prefix without '/'.
const std::vector<std::string> k_signable_keys = {
    "plain.txt",
    "dir/with space.txt",
    "tilde~/under_score-dash.v1.txt",
    "deep/a/b/c d/e.txt",
};
const std::vector<std::string> k_awkward_keys = {
    "plain.txt",
    "plus+sign=equals&amp.txt",
    "tilde~/unicode-\xC3\xA9\xC3\xBC-\xE6\x97\xA5\xE6\x9C\xAC.txt",
    "a/b c+d.txt",
    "odd chars !$'()*,;:@.txt",
};

TEST_F(MotoIntegration, S3PathStyleRoundTripSigned) {
  round_trip(S3Addressing::path, s_server->endpoint(), "agentlift-path", k_signable_keys, "tilde",
             "tilde~/under_score-dash.v1.txt");
}

TEST_F(MotoIntegration, S3VirtualHostRoundTripSigned) {
  round_trip(S3Addressing::virtual_host, "http://localhost:" + std::to_string(s_server->port()),
             "agentlift-vhost", k_signable_keys, "tilde", "tilde~/under_score-dash.v1.txt");
}

TEST_F(MotoIntegration, S3PathStyleRoundTripAwkwardKeysUnauthenticated) {
  round_trip(S3Addressing::path, s_open_server->endpoint(), "agentlift-path-odd", k_awkward_keys,
             "a/b c+", "a/b c+d.txt");
}

TEST_F(MotoIntegration, S3VirtualHostRoundTripAwkwardKeysUnauthenticated) {
  round_trip(S3Addressing::virtual_host,
             "http://localhost:" + std::to_string(s_open_server->port()), "agentlift-vhost-odd",
             k_awkward_keys, "a/b c+", "a/b c+d.txt");
}

TEST_F(MotoIntegration, S3RejectsAWrongSecretKey) {
  {
    AwsClient good(config("S3", "s3", *s_credentials), m_transport);
    S3Client(good, S3Addressing::path).create_bucket("agentlift-auth");
  }
  AwsClient client(config("S3", "s3", wrong_secret()), m_transport);
  S3Client s3(client, S3Addressing::path);
  try {
    s3.put_object("agentlift-auth", "x.txt", "data");
    FAIL() << "a wrong signature was accepted: authentication is not enforced";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
    EXPECT_EQ(error.status(), 403);
  }
  AwsClient good(config("S3", "s3", *s_credentials), m_transport);
  EXPECT_FALSE(
      S3Client(good, S3Addressing::path).head_object("agentlift-auth", "x.txt").has_value());
}

TEST_F(MotoIntegration, LoopbackTransportRefusesOtherHosts) {
  HttpRequest request;
  request.url = "http://example.com/";
  EXPECT_THROW(m_transport.send(request), std::logic_error);
}

}  // namespace
}  // namespace agentlift::cloud
