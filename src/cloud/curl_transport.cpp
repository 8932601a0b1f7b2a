#include "cloud/curl_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <memory>
#include <mutex>

namespace agentlift::cloud {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw TransportError(TransportErrorKind::other, "could not initialise libcurl");
    }
  });
}

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

// Error messages leave the query out: presigned URLs carry credentials there.
std::string url_for_message(const std::string& url) {
  return url.substr(0, std::min(url.find('?'), url.find('#')));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

// State shared with libcurl's callbacks for one transfer. Exceptions must not
// cross libcurl's C frames, so callbacks park them here and abort the transfer.
struct Transfer {
  const Transport::HeadersCallback* on_headers = nullptr;
  const Transport::BodyCallback* on_body = nullptr;
  int status = 0;
  Headers headers;
  bool headers_done = false;
  std::exception_ptr error;

  void finish_headers() {
    headers_done = true;
    (*on_headers)(status, headers);
  }
};

// libcurl hands over every header line of every response on the connection: a
// `100 Continue` (or other 1xx) block comes before the real one, and chunked
// trailers come after the body. Only the final block counts.
void header_line(Transfer& transfer, std::string_view line) {
  line = trim(line);
  if (line.substr(0, 5) == "HTTP/") {
    const auto space = line.find(' ');
    int status = 0;
    if (space != std::string_view::npos) {
      const auto digits = line.substr(space + 1);
      std::from_chars(digits.data(), digits.data() + digits.size(), status);
    }
    transfer.status = status;
    transfer.headers.clear();
    transfer.headers_done = false;
    return;
  }
  if (transfer.headers_done) return;  // trailers
  if (line.empty()) {
    if (transfer.status >= 200) transfer.finish_headers();
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  transfer.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                std::string(trim(line.substr(colon + 1))));
}

size_t on_header_data(char* data, size_t size, size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  try {
    header_line(transfer, std::string_view(data, size * count));
  } catch (...) {
    transfer.error = std::current_exception();
    return 0;
  }
  return size * count;
}

size_t on_body_data(char* data, size_t size, size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  try {
    if (!transfer.headers_done) transfer.finish_headers();
    (*transfer.on_body)(std::string_view(data, size * count));
  } catch (...) {
    transfer.error = std::current_exception();
#ifdef CURL_WRITEFUNC_ERROR
    return CURL_WRITEFUNC_ERROR;
#else
    return 0;
#endif
  }
  return size * count;
}

TransportErrorKind classify(CURLcode code, CURL* easy) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportErrorKind::dns;
    case CURLE_COULDNT_CONNECT:
    case CURLE_PROXY:
      return TransportErrorKind::connect;
    case CURLE_OPERATION_TIMEDOUT: {
      // A connect timeout means the request never left.
      curl_off_t connect_time = 0;
      curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_time);
      return connect_time == 0 ? TransportErrorKind::connect : TransportErrorKind::timeout;
    }
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return TransportErrorKind::tls;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportErrorKind::reset;
    default:
      return TransportErrorKind::other;
  }
}

std::string hint_for(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::dns:
      return "check the endpoint's host name and your DNS or proxy settings";
    case TransportErrorKind::connect:
      return "check your network connection and HTTPS_PROXY/NO_PROXY";
    case TransportErrorKind::tls:
      return "check AWS_CA_BUNDLE, and that any HTTPS proxy's certificate is trusted";
    case TransportErrorKind::timeout:
      return "the endpoint stopped responding; try again";
    default:
      return {};
  }
}

void check_header(const std::string& name, const std::string& value) {
  const auto bad = [](const std::string& s) {
    return s.find_first_of("\r\n") != std::string::npos;
  };
  if (name.empty() || bad(name) || bad(value) || name.find(':') != std::string::npos) {
    throw TransportError(TransportErrorKind::other, "invalid HTTP header '" + name + "'");
  }
}

HeaderList build_headers(const HttpRequest& request) {
  HeaderList list;
  const auto append = [&list](const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) throw std::bad_alloc();
    (void)list.release();
    list.reset(grown);
  };
  for (const auto& [name, value] : request.headers) {
    check_header(name, value);
    // "Name;" is libcurl's spelling of a header with an empty value.
    append(value.empty() ? name + ";" : name + ": " + value);
  }
  // Send what the caller built and nothing else: no Expect: 100-continue round
  // trip, and none of libcurl's default Accept or form Content-Type.
  for (const char* name : {"Expect", "Accept", "Content-Type"}) {
    if (!request.header(name)) append(std::string(name) + ":");
  }
  return list;
}

template <typename T>
void set(CURL* easy, CURLoption option, T value) {
  if (curl_easy_setopt(easy, option, value) != CURLE_OK) {
    throw TransportError(TransportErrorKind::other,
                         "libcurl rejected option " + std::to_string(static_cast<int>(option)));
  }
}

void set_method(CURL* easy, const HttpRequest& request) {
  const std::string& method = request.method;
  if (method == "HEAD") {
    set(easy, CURLOPT_NOBODY, 1L);  // do not wait for a body that never comes
    return;
  }
  const bool has_body =
      !request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (method == "GET" && !has_body) {
    set(easy, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (has_body) {
    set(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    set(easy, CURLOPT_POSTFIELDS, request.body.data());
  }
  if (method != "POST") set(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
}

}  // namespace

CurlTransport::CurlTransport(CurlTransportOptions options) : m_options(std::move(options)) {
  global_init();
}

CurlTransportOptions CurlTransport::options_from_env(const std::map<std::string, std::string>& env,
                                                     CurlTransportOptions base) {
  const auto bundle = env.find("AWS_CA_BUNDLE");
  if (bundle != env.end() && !bundle->second.empty()) base.ca_bundle = bundle->second;
  return base;
}

void CurlTransport::send_streaming(const HttpRequest& request, const HeadersCallback& on_headers,
                                   const BodyCallback& on_body) {
  EasyHandle handle(curl_easy_init());
  if (!handle) throw TransportError(TransportErrorKind::other, "could not create a libcurl handle");
  CURL* easy = handle.get();
  const HeaderList headers = build_headers(request);
  Transfer transfer;
  transfer.on_headers = &on_headers;
  transfer.on_body = &on_body;
  char error_buffer[CURL_ERROR_SIZE] = {};

  set(easy, CURLOPT_URL, request.url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
  set(easy, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  set(easy, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  set(easy, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for DNS timeouts: threads are safe
  set(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  set(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (m_options.ca_bundle) set(easy, CURLOPT_CAINFO, m_options.ca_bundle->c_str());
  set(easy, CURLOPT_FOLLOWLOCATION, 0L);
  set(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  set(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connect_timeout.count()));
  set(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  set(easy, CURLOPT_LOW_SPEED_TIME,
      static_cast<long>(std::max<std::chrono::seconds::rep>(1, m_options.read_timeout.count())));
  set(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  set(easy, CURLOPT_ERRORBUFFER, error_buffer);
  set(easy, CURLOPT_HTTPHEADER, headers.get());
  set(easy, CURLOPT_HEADERFUNCTION, &on_header_data);
  set(easy, CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
  set(easy, CURLOPT_WRITEFUNCTION, &on_body_data);
  set(easy, CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
  set_method(easy, request);

  const CURLcode code = curl_easy_perform(easy);
  if (transfer.error) std::rethrow_exception(transfer.error);
  if (code != CURLE_OK) {
    const TransportErrorKind kind = classify(code, easy);
    const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    throw TransportError(kind,
                         request.method + " " + url_for_message(request.url) + ": " + detail +
                             " (" + transport_error_kind_name(kind) + ")",
                         hint_for(kind));
  }
  if (!transfer.headers_done) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    transfer.status = static_cast<int>(status);
    transfer.finish_headers();
  }
}

HttpResponse CurlTransport::send(const HttpRequest& request) {
  HttpResponse response;
  const std::size_t cap = m_options.max_response_bytes;
  const auto too_large = [&] {
    return TransportError(TransportErrorKind::other,
                          request.method + " " + url_for_message(request.url) +
                              ": response body exceeds " + std::to_string(cap) + " bytes");
  };
  send_streaming(
      request,
      [&](int status, const Headers& headers) {
        response.status = status;
        response.headers = headers;
        if (request.method == "HEAD") return;
        if (const auto length = response.header("Content-Length")) {
          std::size_t size = 0;
          const auto result =
              std::from_chars(length->data(), length->data() + length->size(), size);
          if (result.ec == std::errc() && size > cap) throw too_large();
          if (result.ec == std::errc()) response.body.reserve(size);
        }
      },
      [&](std::string_view chunk) {
        if (response.body.size() + chunk.size() > cap) throw too_large();
        response.body.append(chunk);
      });
  return response;
}

}  // namespace agentlift::cloud
