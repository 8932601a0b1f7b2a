// S3Client over CurlTransport against s3rver (npm, pinned in tests/js), a
// second S3 implementation next to moto: buckets, objects with awkward keys,
// ListObjectsV2 paging, errors, in path-style and virtual-hosted addressing.
//
// What it proves about signatures, honestly: s3rver 3.7.1 parses a SigV4
// Authorization header, insists on a known key id (S3RVER), a present
// x-amz-content-sha256 and an X-Amz-Date within 15 minutes, but never
// recomputes the signature: a wrong secret key is accepted (pinned below, so an
// upgrade that starts checking shows up here). tests/js/s3rver.mjs
// --verify-sigv4 adds the missing check in front of s3rver: it signs the
// request again as it arrived on the socket (raw path, query, the headers named
// in SignedHeaders, the body) with AWS's JavaScript signer and the S3RVER
// secret, and refuses a mismatch with 403 SignatureDoesNotMatch, and a wrong
// x-amz-content-sha256 with 400 XAmzContentSHA256Mismatch. The round trips run
// against that checking server, so every request our client sends (keys with
// spaces, '+', '~', unicode, nested '/') is signature-verified after curl.
//
// Each server is `node tests/js/s3rver.mjs` bound to 127.0.0.1 on a port the
// kernel picks (its first stdout line), one per suite; it exits when its stdin
// closes, which this test does first when stopping it (then SIGTERM, then
// SIGKILL, always waitpid). Virtual-hosted requests go to
// "{bucket}.s3.localhost:{port}", which LoopbackTransport sends to 127.0.0.1
// with the Host header they were signed with. Skipped when node or
// tests/js/node_modules is missing.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cloud/aws_client.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/s3_client.hpp"
#include "cloud/uri_encoding.hpp"
#include "support/moto_server.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::cloud {
namespace {

namespace fs = std::filesystem;

const fs::path k_js_dir = fs::path(AGENTLIFT_SOURCE_DIR) / "tests" / "js";

// s3rver's built-in account (lib/models/account.js): a fixture, not a credential.
sigv4::Credentials s3rver_credentials() { return {"S3RVER", "S3RVER", std::nullopt}; }

// 127.0.0.1 only; "*.localhost" goes there with its signed Host header.
using testing::LoopbackTransport;

// One `node tests/js/s3rver.mjs [args]` child, always reaped.
class S3rverProcess {
 public:
  S3rverProcess() = default;
  S3rverProcess(const S3rverProcess&) = delete;
  S3rverProcess& operator=(const S3rverProcess&) = delete;
  ~S3rverProcess() { stop(); }

  // "" when the server reported its port, else why not.
  std::string start(const std::vector<std::string>& args) {
    const std::string stderr_path = (m_scratch.path() / "stderr.txt").string();
    std::vector<std::string> words = {"node", (k_js_dir / "s3rver.mjs").string()};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);

    int in[2];
    int out[2];
    if (pipe2(in, O_CLOEXEC) != 0) return "pipe failed";
    if (pipe2(out, O_CLOEXEC) != 0) {
      close(in[0]);
      close(in[1]);
      return "pipe failed";
    }
    m_pid = fork();
    if (m_pid < 0) return "fork failed";
    if (m_pid == 0) {
      dup2(in[0], STDIN_FILENO);
      dup2(out[1], STDOUT_FILENO);
      const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (err >= 0) dup2(err, STDERR_FILENO);
      execvp("node", argv.data());
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    m_stdin = in[1];
    m_stdout = out[0];

    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd fd{m_stdout, POLLIN, 0};
      if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[64];
      const ssize_t n = read(m_stdout, buffer, sizeof buffer);
      if (n <= 0) break;
      line.append(buffer, static_cast<std::size_t>(n));
    }
    m_port = std::atoi(line.c_str());
    if (m_port > 0) return "";
    std::ifstream errors(stderr_path);
    return "s3rver.mjs did not report a port; stderr:\n" +
           std::string(std::istreambuf_iterator<char>(errors), {});
  }

  // Closes stdin (the script's signal to exit), then escalates; always reaps.
  void stop() {
    if (m_stdin >= 0) close(m_stdin);
    m_stdin = -1;
    if (m_pid > 0) {
      if (!wait_for_exit(std::chrono::seconds(5))) {
        kill(m_pid, SIGTERM);
        if (!wait_for_exit(std::chrono::seconds(2))) {
          kill(m_pid, SIGKILL);
          waitpid(m_pid, nullptr, 0);
        }
      }
      m_pid = -1;
    }
    if (m_stdout >= 0) close(m_stdout);
    m_stdout = -1;
  }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  std::string vhost_endpoint() const { return "http://s3.localhost:" + std::to_string(m_port); }

 private:
  bool wait_for_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(m_pid, nullptr, WNOHANG) == m_pid) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  agentlift::testing::TempFolder m_scratch;
  pid_t m_pid = -1;
  int m_stdin = -1;
  int m_stdout = -1;
  int m_port = 0;
};

// Every key is written, read, listed and deleted by each round trip.
const std::vector<std::string> k_keys = {
    "plain.txt",
    "with space.txt",
    "plus+sign=equals&amp.txt",
    "tilde~/under_score-dash.v1.txt",
    "unicode/\xC3\xA9\xC3\xBC-\xE6\x97\xA5\xE6\x9C\xAC.txt",  // é ü 日本
    "nested/a/b/c d/e+f.txt",
    "odd chars !$'()*,;:@.txt",
};

class S3rver : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Never go through a proxy to the local server.
    setenv("NO_PROXY", "*", 1);
    setenv("no_proxy", "*", 1);
    if (std::system("node --version > /dev/null 2>&1") != 0) {
      s_skip_reason = "node is not on PATH";
      return;
    }
    for (const char* package : {"s3rver", "@smithy/signature-v4"}) {
      if (!fs::exists(k_js_dir / "node_modules" / package)) {
        s_skip_reason = std::string("tests/js/node_modules/") + package +
                        " is absent: run `npm ci` in tests/js";
        return;
      }
    }
    s_plain = std::make_unique<S3rverProcess>();
    s_checked = std::make_unique<S3rverProcess>();
    s_start_failure = s_plain->start({});
    if (s_start_failure.empty()) s_start_failure = s_checked->start({"--verify-sigv4"});
  }

  static void TearDownTestSuite() {
    s_plain.reset();
    s_checked.reset();
  }

  void SetUp() override {
    if (!s_skip_reason.empty()) GTEST_SKIP() << s_skip_reason;
    ASSERT_TRUE(s_start_failure.empty()) << s_start_failure;
  }

  static AwsClientConfig config(const std::string& endpoint,
                                sigv4::Credentials credentials = s3rver_credentials(),
                                const std::string& region = "us-east-1") {
    AwsClientConfig config;
    config.service = "S3";
    config.signing_name = "s3";
    config.region = region;
    config.endpoint = endpoint;
    config.credentials = std::move(credentials);
    config.retry_policy.max_attempts = 1;
    return config;
  }

  // Creates `bucket`, then puts, gets, heads, lists (whole, by prefix, in pages
  // of two) and deletes every key of k_keys.
  void round_trip(S3Client& s3, const std::string& bucket) {
    s3.create_bucket(bucket);
    for (const auto& key : k_keys) {
      SCOPED_TRACE("key " + key);
      const std::string body = "body of " + key;
      const S3PutResult put = s3.put_object(bucket, key, body, "text/plain");
      EXPECT_FALSE(put.etag.empty());
      const S3GetResult got = s3.get_object(bucket, key);
      EXPECT_EQ(got.body, body);
      EXPECT_EQ(got.etag, put.etag);
      EXPECT_EQ(got.content_type, "text/plain");
      const auto head = s3.head_object(bucket, key);
      ASSERT_TRUE(head.has_value());
      EXPECT_EQ(head->content_length, body.size());
      EXPECT_EQ(head->etag, put.etag);
    }
    EXPECT_FALSE(s3.head_object(bucket, "missing/key.txt").has_value());

    const S3ListResult all = s3.list_objects_v2(bucket, {});
    EXPECT_FALSE(all.is_truncated);
    std::set<std::string> listed;
    for (const auto& object : all.objects) {
      listed.insert(object.key);
      EXPECT_EQ(object.size, ("body of " + object.key).size()) << object.key;
      EXPECT_FALSE(object.etag.empty()) << object.key;
    }
    EXPECT_EQ(listed, std::set<std::string>(k_keys.begin(), k_keys.end()));

    // Prefixes with a space and '/', with '+', and with non-ASCII bytes.
    for (const auto& [prefix, only] : std::vector<std::pair<std::string, std::string>>{
             {"nested/a/b/c d/", "nested/a/b/c d/e+f.txt"},
             {"plus+", "plus+sign=equals&amp.txt"},
             {"unicode/\xC3\xA9", k_keys[4]}}) {
      S3ListRequest request;
      request.prefix = prefix;
      const S3ListResult result = s3.list_objects_v2(bucket, request);
      ASSERT_EQ(result.objects.size(), 1u) << "prefix " << prefix;
      EXPECT_EQ(result.objects[0].key, only);
    }

    // Pages of two: 2, 2, 2, 1, every key once, tokens until the last page.
    S3ListRequest page;
    page.max_keys = 2;
    std::vector<std::string> paged;
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 10; ++i) {
      const S3ListResult result = s3.list_objects_v2(bucket, page);
      sizes.push_back(result.objects.size());
      for (const auto& object : result.objects) paged.push_back(object.key);
      if (!result.is_truncated) {
        EXPECT_FALSE(result.next_continuation_token.has_value());
        break;
      }
      ASSERT_TRUE(result.next_continuation_token.has_value());
      page.continuation_token = result.next_continuation_token;
    }
    EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 2, 2, 1}));
    std::vector<std::string> expected = k_keys;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(paged, expected);  // S3 lists in UTF-8 byte order

    for (const auto& key : k_keys) {
      SCOPED_TRACE("key " + key);
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

  static sigv4::Credentials wrong_secret() {
    sigv4::Credentials credentials = s3rver_credentials();
    credentials.secret_access_key = "not-the-S3RVER-secret";
    return credentials;
  }

  // Sends a request as signed, then altered by `tamper`, and returns the reply.
  HttpResponse send_tampered(const std::string& endpoint,
                             const std::function<void(HttpRequest&)>& tamper) {
    AwsClient client(config(endpoint), m_transport);
    HttpRequest request;
    request.method = "PUT";
    request.url = S3Client(client, S3Addressing::path).object_url("agentlift-tamper", "x.txt");
    request.body = "original";
    HttpRequest wire = client.signed_request(request, std::chrono::system_clock::now());
    tamper(wire);
    return m_transport.send(wire);
  }

  CurlTransport m_curl;
  LoopbackTransport m_transport{m_curl};

  static inline std::unique_ptr<S3rverProcess> s_plain;    // s3rver as shipped
  static inline std::unique_ptr<S3rverProcess> s_checked;  // with --verify-sigv4
  static inline std::string s_skip_reason;
  static inline std::string s_start_failure;
};

TEST_F(S3rver, PathStyleRoundTripSignatureChecked) {
  AwsClient client(config(s_checked->endpoint()), m_transport);
  S3Client s3(client, S3Addressing::path);
  round_trip(s3, "agentlift-path");
}

TEST_F(S3rver, VirtualHostRoundTripSignatureChecked) {
  // Outside us-east-1, so CreateBucket carries a signed LocationConstraint body.
  AwsClient client(config(s_checked->vhost_endpoint(), s3rver_credentials(), "eu-west-1"),
                   m_transport);
  S3Client s3(client, S3Addressing::virtual_host);
  EXPECT_EQ(s3.object_url("agentlift-vhost", "a b"),
            s_checked->vhost_endpoint().replace(7, 0, "agentlift-vhost.") + "/a%20b");
  round_trip(s3, "agentlift-vhost");
}

TEST_F(S3rver, PathStyleRoundTripAgainstPlainS3rver) {
  AwsClient client(config(s_plain->endpoint()), m_transport);
  S3Client s3(client, S3Addressing::path);
  round_trip(s3, "agentlift-plain");
}

TEST_F(S3rver, SessionTokenIsSignedAndAccepted) {
  sigv4::Credentials credentials = s3rver_credentials();
  credentials.session_token = "IQoJb3JpZ2luX2VjEXAMPLE+token/with=odd/chars";
  for (S3rverProcess* server : {s_checked.get(), s_plain.get()}) {
    AwsClient client(config(server->endpoint(), credentials), m_transport);
    S3Client s3(client, S3Addressing::path);
    s3.create_bucket("agentlift-token");
    s3.put_object("agentlift-token", "t.txt", "token");
    EXPECT_EQ(s3.get_object("agentlift-token", "t.txt").body, "token");
    s3.delete_object("agentlift-token", "t.txt");
  }
}

TEST_F(S3rver, WrongSecretKeyIsRefusedByTheSignatureCheck) {
  {
    AwsClient good(config(s_checked->endpoint()), m_transport);
    S3Client(good, S3Addressing::path).create_bucket("agentlift-auth");
  }
  AwsClient client(config(s_checked->endpoint(), wrong_secret()), m_transport);
  S3Client s3(client, S3Addressing::path);
  try {
    s3.put_object("agentlift-auth", "x.txt", "data");
    FAIL() << "a wrong secret key was accepted";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "SignatureDoesNotMatch");
  }
  AwsClient good(config(s_checked->endpoint()), m_transport);
  EXPECT_FALSE(S3Client(good, S3Addressing::path).head_object("agentlift-auth", "x.txt"));
}

TEST_F(S3rver, PlainS3rverDoesNotCheckSigV4Signatures) {
  // Pins s3rver 3.7.1's limitation: if this starts failing, s3rver verifies
  // SigV4 itself and the README's statement about it should change.
  AwsClient client(config(s_plain->endpoint(), wrong_secret()), m_transport);
  S3Client s3(client, S3Addressing::path);
  EXPECT_NO_THROW(s3.create_bucket("agentlift-unchecked"));
  EXPECT_NO_THROW(s3.put_object("agentlift-unchecked", "x.txt", "data"));
}

TEST_F(S3rver, UnknownAccessKeyIsRefused) {
  // A key id s3rver has no account for (a fixture, not a credential).
  for (S3rverProcess* server : {s_plain.get(), s_checked.get()}) {
    AwsClient client(config(server->endpoint(), {"AKIAUNKNOWNKEY000000", "secret", std::nullopt}),
                     m_transport);
    try {
      S3Client(client, S3Addressing::path).create_bucket("agentlift-unknown-key");
      ADD_FAILURE() << "an unknown access key id was accepted";
    } catch (const HttpError& error) {
      EXPECT_EQ(error.status(), 403);
      EXPECT_EQ(error.code(), "InvalidAccessKeyId");
    }
  }
}

TEST_F(S3rver, SkewedClockIsRefusedThenCorrectedFromTheDateHeader) {
  const auto skewed = [] { return std::chrono::system_clock::now() - std::chrono::minutes(20); };
  AwsClientConfig once = config(s_plain->endpoint());
  once.clock = skewed;
  AwsClient refused(once, m_transport);
  try {
    S3Client(refused, S3Addressing::path).create_bucket("agentlift-skew");
    FAIL() << "a request 20 minutes old was accepted";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.code(), "RequestTimeTooSkewed");
  }

  // With retries the Retrier learns the offset from s3rver's Date header.
  AwsClientConfig retried = config(s_checked->endpoint());
  retried.clock = skewed;
  retried.retry_policy.max_attempts = 2;
  retried.retry_hooks.now = skewed;
  retried.retry_hooks.sleep = [](std::chrono::milliseconds) {};
  AwsClient client(retried, m_transport);
  S3Client(client, S3Addressing::path).create_bucket("agentlift-skew");
  EXPECT_GE(client.retrier(Protocol::rest_xml).clock_offset(), std::chrono::minutes(19));
}

TEST_F(S3rver, SignatureCheckIsNotVacuous) {
  // The checker itself: a request altered after signing must not get through.
  {
    AwsClient good(config(s_checked->endpoint()), m_transport);
    S3Client(good, S3Addressing::path).create_bucket("agentlift-tamper");
  }
  const HttpResponse other_key = send_tampered(s_checked->endpoint(), [](HttpRequest& request) {
    request.url.replace(request.url.rfind("x.txt"), 5, "y.txt");
  });
  EXPECT_EQ(other_key.status, 403);
  EXPECT_EQ(error_code_of(Protocol::rest_xml, other_key), "SignatureDoesNotMatch");

  const HttpResponse other_body =
      send_tampered(s_checked->endpoint(), [](HttpRequest& request) { request.body = "tampered"; });
  EXPECT_EQ(other_body.status, 400);
  EXPECT_EQ(error_code_of(Protocol::rest_xml, other_body), "XAmzContentSHA256Mismatch");

  const HttpResponse unchanged = send_tampered(s_checked->endpoint(), [](HttpRequest&) {});
  EXPECT_EQ(unchanged.status, 200);
}

TEST_F(S3rver, LoopbackTransportRefusesOtherHosts) {
  HttpRequest request;
  request.url = "http://example.com/";
  EXPECT_THROW(m_transport.send(request), std::logic_error);
}

}  // namespace
}  // namespace agentlift::cloud
