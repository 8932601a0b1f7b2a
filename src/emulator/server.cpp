// cpp-httplib wiring (server.hpp).
#include "emulator/server.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "base/errors.hpp"
#include "cloud/http.hpp"
#include "emulator/connection_abort.hpp"
#include "emulator/ids.hpp"

namespace agentlift::emulator {
namespace {

IncomingRequest incoming(const httplib::Request& request) {
  IncomingRequest out;
  out.method = request.method;
  // httplib decodes `path`; SigV4 and the URI templates need the raw target.
  const auto question = request.target.find('?');
  out.path = request.target.substr(0, question);
  if (question != std::string::npos) out.query = request.target.substr(question + 1);
  for (const auto& [name, value] : request.headers) {
    // httplib adds these for its own bookkeeping; they were not sent.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    out.headers.emplace_back(name, value);
  }
  out.body = request.body;
  return out;
}

// Control bytes in a logged path become '?', so a request cannot forge log lines.
std::string printable_path(const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  if (path.size() > 512) path = path.substr(0, 512) + "...";
  for (char& c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) c = '?';
  }
  return path;
}

void log_line(const httplib::Request& request, const Reply& reply) {
  std::fprintf(stderr, "%s %s %s %s\n", request.method.c_str(),
               printable_path(request.target).c_str(),
               reply.operation.empty() ? "-" : reply.operation.c_str(),
               reply.abort_connection ? "reset" : std::to_string(reply.status).c_str());
  std::fflush(stderr);
}

// httplib's own error replies (unparseable request, body over the 100 MB cap)
// get an AWS-shaped body too.
httplib::Server::HandlerResponse shape_library_error(const httplib::Request&,
                                                     httplib::Response& response) {
  if (!response.body.empty() || response.has_header("x-amzn-ErrorType")) {
    return httplib::Server::HandlerResponse::Unhandled;
  }
  std::string code = "BadRequestException";
  std::string message = "The request could not be read as HTTP/1.1";
  if (response.status == 413) {
    code = "RequestEntityTooLargeException";
    message = "The request body is larger than " + std::to_string(k_max_invocation_body) + " bytes";
  } else if (response.status == 404 || response.status == 405) {
    code = "UnknownOperationException";
    message = "No AgentCore operation uses this method";
  } else if (response.status == 414) {
    code = "RequestUriTooLongException";
    message = "The request target is too long";
  }
  static IdGenerator request_ids;
  response.set_header("x-amzn-ErrorType", code);
  response.set_header("x-amzn-RequestId", request_ids.uuid());
  response.set_content(Json{{"message", message}}.dump(), "application/json");
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

HttpServer::HttpServer(Dispatcher& dispatcher, bool verbose)
    : m_dispatcher(dispatcher), m_verbose(verbose), m_server(std::make_unique<httplib::Server>()) {
  m_server->set_payload_max_length(k_max_invocation_body);
  m_server->set_keep_alive_max_count(1000);
  // Replies are small and written in pieces: without this, Nagle's algorithm
  // and the client's delayed ACK add ~40 ms to every reply on a kept-alive
  // connection.
  m_server->set_tcp_nodelay(true);
  m_server->set_read_timeout(60);
  m_server->set_write_timeout(60);
  m_server->set_error_handler(httplib::Server::HandlerWithResponse(shape_library_error));

  const auto without_body = [this](const httplib::Request& request, httplib::Response& response) {
    respond(incoming(request), request, response);
  };
  // Requests that may carry a body read it here rather than in httplib, which
  // would wait for EOF on a POST without Content-Length (ListAgentRuntimes as
  // some clients send it) and would not cap a body sent without a length.
  const auto with_body = [this](const httplib::Request& request, httplib::Response& response,
                                const httplib::ContentReader& reader) {
    IncomingRequest in = incoming(request);
    bool too_large = false;
    bool complete = true;
    if (request.has_header("Content-Length") || request.has_header("Transfer-Encoding")) {
      complete = reader([&](const char* data, std::size_t length) {
        if (in.body.size() + length > k_max_invocation_body) {
          too_large = true;
          return false;
        }
        in.body.append(data, length);
        return true;
      });
    }
    if (!complete) {
      // Whatever is left of the body is unread: this connection cannot be reused.
      response.set_header("Connection", "close");
      response.status = too_large || response.status == 413 ? 413 : 400;
      shape_library_error(request, response);
      return;
    }
    respond(std::move(in), request, response);
  };
  const std::string any_path = "/.*";
  m_server->Get(any_path, without_body);
  m_server->Post(any_path, with_body);
  m_server->Put(any_path, with_body);
  m_server->Patch(any_path, with_body);
  m_server->Delete(any_path, with_body);
}

void HttpServer::respond(IncomingRequest incoming_request, const httplib::Request& request,
                         httplib::Response& response) {
  Reply reply = m_dispatcher.handle(incoming_request);
  if (m_verbose) log_line(request, reply);
  if (reply.abort_connection && abort_connection(request.local_port, request.remote_port)) {
    response.status = 500;  // never reaches the client
    return;
  }
  if (reply.abort_connection) {
    // The socket was not found (cannot happen on Linux): fail loudly instead.
    response.status = 500;
    response.set_header("x-amzn-ErrorType", "InternalServerException");
    response.set_content(R"({"message":"agentcore-local could not reset the connection"})",
                         "application/json");
    return;
  }
  response.status = reply.status;
  std::string content_type;
  for (const auto& [name, value] : reply.headers) {
    if (cloud::header_name_equals(name, "Content-Type")) {
      content_type = value;
    } else {
      response.set_header(name, value);
    }
  }
  if (reply.streamed()) {
    auto chunks = std::make_shared<std::vector<std::string>>(std::move(reply.chunks));
    response.set_chunked_content_provider(reply.stream_content_type,
                                          [chunks](std::size_t, httplib::DataSink& sink) {
                                            for (const std::string& chunk : *chunks) {
                                              if (!sink.write(chunk.data(), chunk.size()))
                                                return false;
                                            }
                                            sink.done();
                                            return true;
                                          });
  } else if (!reply.body.empty() || !content_type.empty()) {
    response.set_content(reply.body, content_type.empty() ? "application/json" : content_type);
  }
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(int port) {
  const int bound = port == 0 ? m_server->bind_to_any_port("127.0.0.1")
                              : (m_server->bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound <= 0) {
    throw Error("cannot listen on 127.0.0.1:" + std::to_string(port),
                "pick another --port, or leave it out to get a free one");
  }
  return bound;
}

bool HttpServer::run() {
  const bool served = m_server->listen_after_bind();
  m_finished = true;
  return served;
}

void HttpServer::stop() {
  // httplib ignores a stop() that comes before its accept loop is running, so
  // a signal right after start-up would be lost: wait for the loop first.
  while (!m_server->is_running() && !m_finished) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  m_server->stop();
}

}  // namespace agentlift::emulator
