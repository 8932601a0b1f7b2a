#pragma once
// The HTTP side of agentcore-local: cpp-httplib on 127.0.0.1, every request
// handed to the Dispatcher, replies written back (chunked for streams, not at
// all for the reset fault), an optional one-line-per-request log on stderr.

#include <atomic>
#include <memory>
#include <string>

#include "emulator/dispatcher.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace agentlift::emulator {

class HttpServer {
 public:
  HttpServer(Dispatcher& dispatcher, bool verbose);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds 127.0.0.1:port (0: any free port) and returns the port; throws
  // agentlift::Error when the port cannot be bound.
  int bind(int port);
  // Serves until stop() (from any thread). Returns false if serving failed.
  bool run();
  void stop();

 private:
  void respond(IncomingRequest incoming_request, const httplib::Request& request,
               httplib::Response& response);

  Dispatcher& m_dispatcher;
  bool m_verbose;
  std::unique_ptr<httplib::Server> m_server;
  std::atomic<bool> m_finished{false};
};

}  // namespace agentlift::emulator
