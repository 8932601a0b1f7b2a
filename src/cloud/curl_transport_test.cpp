#include "cloud/curl_transport.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/temp_folder.hpp"

namespace agentlift::cloud {
namespace {

using Clock = std::chrono::steady_clock;

// A local test server: one plain HTTP port and, when a certificate is given, one
// TLS port. It exits when its stdin closes, so it cannot outlive the test binary.
constexpr const char* k_server_script = R"PY(
import json, os, socket, ssl, struct, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def reply(self, status, body, ctype="application/octet-stream", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra: self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD": self.wfile.write(body)
    def handle_any(self):
        path = self.path.split("?")[0]
        n = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(n) if n else b""
        if path == "/echo":
            self.reply(200, json.dumps({"method": self.command, "path": self.path,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body_hex": data.hex()}).encode(), "application/json")
        elif path == "/stream":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(3):
                piece = b"chunk-%d;" % i
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                time.sleep(0.3)
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/status/500": self.reply(500, b"boom", "text/plain")
        elif path == "/redirect": self.reply(302, b"", extra=[("Location", "/echo")])
        elif path == "/continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n")
            self.reply(201, b"after-continue", "text/plain")
        elif path == "/sleep":
            time.sleep(4)
            self.reply(200, b"late")
        elif path == "/big": self.reply(200, b"x" * int(self.path.split("n=")[1]))
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif path == "/truncate":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.close_connection = True
        else: self.reply(404, b"no such path")
    do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = do_HEAD = handle_any

class Server(ThreadingHTTPServer):
    daemon_threads = True
    def handle_error(self, request, client_address): pass

def serve(server): threading.Thread(target=server.serve_forever, daemon=True).start()

plain = Server(("127.0.0.1", 0), Handler)
serve(plain)
tls_port = 0
if len(sys.argv) == 3:
    tls = Server(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    tls_port = tls.server_address[1]
    serve(tls)
print(plain.server_address[1], tls_port, flush=True)
sys.stdin.read()
os._exit(0)
)PY";

class CurlTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::system("python3 -c '' >/dev/null 2>&1") != 0) return;
    // libcurl reads proxies from the environment: keep the loopback direct.
    for (const char* name : {"NO_PROXY", "no_proxy"}) {
      const char* old = std::getenv(name);
      const std::string value = old && *old ? std::string(old) + ",127.0.0.1" : "127.0.0.1";
      ::setenv(name, value.c_str(), 1);
    }
    s_folder = std::make_unique<testing::TempFolder>();
    const auto script = s_folder->write("server.py", k_server_script);
    const auto cert = s_folder->path() / "cert.pem";
    const auto key = s_folder->path() / "key.pem";
    const std::string make_cert =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
        key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
    const bool have_cert = std::system(make_cert.c_str()) == 0;
    if (have_cert) s_cert = cert.string();

    int to_child[2];
    int from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return;
    s_pid = ::fork();
    if (s_pid == 0) {
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      ::close(to_child[1]);
      ::close(from_child[0]);
      if (have_cert) {
        ::execlp("python3", "python3", script.c_str(), cert.c_str(), key.c_str(), nullptr);
      } else {
        ::execlp("python3", "python3", script.c_str(), nullptr);
      }
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    s_stdin = to_child[1];
    std::string line;
    pollfd fd{from_child[0], POLLIN, 0};
    char c = 0;
    while (line.find('\n') == std::string::npos && ::poll(&fd, 1, 10'000) > 0 &&
           ::read(from_child[0], &c, 1) == 1) {
      line += c;
    }
    ::close(from_child[0]);
    std::istringstream(line) >> s_port >> s_tls_port;
  }

  static void TearDownTestSuite() {
    if (s_stdin >= 0) ::close(s_stdin);
    if (s_pid > 0) {
      ::kill(s_pid, SIGTERM);
      ::waitpid(s_pid, nullptr, 0);
    }
    s_pid = -1;
    s_stdin = -1;
    s_folder.reset();
  }

  void SetUp() override {
    if (s_port == 0) GTEST_SKIP() << "python3 test server unavailable";
  }

  static std::string url(const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(s_port) + path;
  }

  static HttpRequest request(const std::string& method, const std::string& path,
                             std::string body = {}) {
    HttpRequest r;
    r.method = method;
    r.url = url(path);
    r.body = std::move(body);
    return r;
  }

  static CurlTransportOptions options() {
    CurlTransportOptions o;
    o.connect_timeout = std::chrono::seconds(2);
    o.read_timeout = std::chrono::seconds(5);
    return o;
  }

  static TransportErrorKind failure_kind(CurlTransport& transport, const HttpRequest& r) {
    try {
      transport.send(r);
    } catch (const TransportError& error) {
      return error.kind();
    }
    ADD_FAILURE() << "no TransportError for " << r.url;
    return TransportErrorKind::other;
  }

  static inline std::unique_ptr<testing::TempFolder> s_folder;
  static inline pid_t s_pid = -1;
  static inline int s_stdin = -1;
  static inline int s_port = 0;
  static inline int s_tls_port = 0;
  static inline std::string s_cert;
};

nlohmann::json echoed(const HttpResponse& response) {
  EXPECT_EQ(response.status, 200);
  return nlohmann::json::parse(response.body);
}

std::optional<std::string> echoed_header(const nlohmann::json& echo, const std::string& name) {
  for (const auto& entry : echo["headers"]) {
    if (header_name_equals(entry[0].get<std::string>(), name)) return entry[1].get<std::string>();
  }
  return std::nullopt;
}

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

TEST_F(CurlTransportTest, RoundTripsEachMethodWithExactlyTheCallersHeaders) {
  CurlTransport transport(options());
  for (const std::string method : {"GET", "PUT", "POST", "PATCH", "DELETE"}) {
    HttpRequest r =
        request(method, "/echo?a=1", method == "GET" ? "" : "{\"m\":\"" + method + "\"}");
    r.headers = {{"X-Custom", "value " + method}, {"X-Empty", ""}};
    const auto echo = echoed(transport.send(r));
    EXPECT_EQ(echo["method"], method);
    EXPECT_EQ(echo["path"], "/echo?a=1");
    EXPECT_EQ(echo["body_hex"], hex(r.body));
    EXPECT_EQ(echoed_header(echo, "X-Custom"), "value " + method);
    EXPECT_EQ(echoed_header(echo, "X-Empty"), "");
    EXPECT_FALSE(echoed_header(echo, "Expect")) << method;
    EXPECT_FALSE(echoed_header(echo, "Content-Type")) << method;
    EXPECT_FALSE(echoed_header(echo, "Accept")) << method;
  }
}

TEST_F(CurlTransportTest, HeadReturnsHeadersWithoutWaitingForABody) {
  CurlTransport transport(options());
  const auto start = Clock::now();
  const HttpResponse response = transport.send(request("HEAD", "/echo"));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.header("content-length"));
  EXPECT_EQ(response.body, "");
}

TEST_F(CurlTransportTest, BinaryAndLargeBodiesRoundTripWithoutExpectContinue) {
  CurlTransport transport(options());
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  HttpRequest r = request("PUT", "/echo", binary);
  r.set_header("Content-Type", "application/octet-stream");
  auto echo = echoed(transport.send(r));
  EXPECT_EQ(echo["body_hex"], hex(binary));
  EXPECT_EQ(echoed_header(echo, "Content-Type"), "application/octet-stream");

  const std::string large(3 << 20, 'z');
  echo = echoed(transport.send(request("POST", "/echo", large)));
  EXPECT_EQ(echo["body_hex"].get<std::string>().size(), large.size() * 2);
  EXPECT_FALSE(echoed_header(echo, "Expect"));
}

TEST_F(CurlTransportTest, ErrorStatusesRedirectsAndInterimResponsesAreResponses) {
  CurlTransport transport(options());
  const HttpResponse failed = transport.send(request("GET", "/status/500"));
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.body, "boom");
  const HttpResponse redirect = transport.send(request("GET", "/redirect"));
  EXPECT_EQ(redirect.status, 302);
  EXPECT_EQ(redirect.header("Location"), "/echo");
  const HttpResponse after = transport.send(request("POST", "/continue", "x"));
  EXPECT_EQ(after.status, 201);
  EXPECT_EQ(after.body, "after-continue");
  EXPECT_FALSE(after.header("X-Interim"));
  EXPECT_EQ(after.header("content-type"), "text/plain");
}

TEST_F(CurlTransportTest, StreamingDeliversChunksInOrderBeforeTheResponseEnds) {
  CurlTransport transport(options());
  int header_calls = 0;
  std::vector<std::pair<Clock::time_point, std::string>> chunks;
  transport.send_streaming(
      request("GET", "/stream"),
      [&](int status, const Headers&) {
        EXPECT_EQ(status, 200);
        EXPECT_TRUE(chunks.empty());
        ++header_calls;
      },
      [&](std::string_view chunk) { chunks.emplace_back(Clock::now(), std::string(chunk)); });
  const auto end = Clock::now();
  EXPECT_EQ(header_calls, 1);
  ASSERT_GE(chunks.size(), 2u);
  std::string joined;
  for (const auto& chunk : chunks) joined += chunk.second;
  EXPECT_EQ(joined, "chunk-0;chunk-1;chunk-2;");
  EXPECT_EQ(chunks.front().second, "chunk-0;");
  EXPECT_GT(end - chunks.front().first, std::chrono::milliseconds(400));
}

TEST_F(CurlTransportTest, ACallbackExceptionAbortsTheTransferAndPropagates) {
  CurlTransport transport(options());
  struct Stop {};
  EXPECT_THROW(transport.send_streaming(
                   request("GET", "/stream"), [](int, const Headers&) {},
                   [](std::string_view) { throw Stop{}; }),
               Stop);
}

TEST_F(CurlTransportTest, SilenceLongerThanTheReadTimeoutIsATimeout) {
  CurlTransportOptions o = options();
  o.read_timeout = std::chrono::seconds(1);
  CurlTransport transport(o);
  const auto start = Clock::now();
  EXPECT_EQ(failure_kind(transport, request("GET", "/sleep")), TransportErrorKind::timeout);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3500));
}

TEST_F(CurlTransportTest, ARefusedConnectionIsAConnectError) {
  // A port that was free a moment ago: nothing listens there.
  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &length), 0);
  ::close(sock);
  CurlTransport transport(options());
  HttpRequest r;
  r.url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";
  EXPECT_EQ(failure_kind(transport, r), TransportErrorKind::connect);
}

TEST_F(CurlTransportTest, AnAbruptCloseIsAReset) {
  CurlTransport transport(options());
  EXPECT_EQ(failure_kind(transport, request("GET", "/reset")), TransportErrorKind::reset);
  EXPECT_EQ(failure_kind(transport, request("GET", "/truncate")), TransportErrorKind::reset);
}

TEST_F(CurlTransportTest, SendRefusesBodiesOverTheCap) {
  CurlTransportOptions o = options();
  o.max_response_bytes = 1000;
  CurlTransport transport(o);
  EXPECT_EQ(transport.send(request("GET", "/big?n=1000")).body.size(), 1000u);
  try {
    transport.send(request("GET", "/big?n=5000"));
    ADD_FAILURE() << "no error for an oversized body";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.kind(), TransportErrorKind::other);
    EXPECT_NE(std::string(error.what()).find("exceeds 1000 bytes"), std::string::npos);
  }
  o.max_response_bytes = 10;  // no Content-Length: caught while appending
  CurlTransport small(o);
  EXPECT_EQ(failure_kind(small, request("GET", "/stream")), TransportErrorKind::other);
}

TEST_F(CurlTransportTest, HttpsToAPlainHttpPortFailsTheHandshake) {
  CurlTransport transport(options());
  HttpRequest r = request("GET", "/echo");
  r.url.replace(0, 4, "https");
  const TransportErrorKind kind = failure_kind(transport, r);
  EXPECT_TRUE(kind == TransportErrorKind::tls || kind == TransportErrorKind::connect)
      << transport_error_kind_name(kind);
}

TEST_F(CurlTransportTest, TlsTrustsAwsCaBundleAndNothingElse) {
  if (s_tls_port == 0) GTEST_SKIP() << "no openssl to make a test certificate";
  HttpRequest r;
  r.url = "https://127.0.0.1:" + std::to_string(s_tls_port) + "/echo";
  CurlTransport trusting(CurlTransport::options_from_env({{"AWS_CA_BUNDLE", s_cert}}, options()));
  EXPECT_EQ(echoed(trusting.send(r))["method"], "GET");
  CurlTransport strict(CurlTransport::options_from_env({}, options()));
  EXPECT_EQ(failure_kind(strict, r), TransportErrorKind::tls);
}

TEST(CurlTransportOptions, AwsCaBundleComesFromTheInjectedEnvironment) {
  EXPECT_EQ(CurlTransport::options_from_env({{"AWS_CA_BUNDLE", "/ca.pem"}}).ca_bundle, "/ca.pem");
  EXPECT_FALSE(CurlTransport::options_from_env({{"AWS_CA_BUNDLE", ""}}).ca_bundle);
  EXPECT_FALSE(CurlTransport::options_from_env({}).ca_bundle);
}

}  // namespace
}  // namespace agentlift::cloud
