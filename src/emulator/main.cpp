// agentcore-local: a local emulator of Amazon Bedrock AgentCore's control and
// data plane on one 127.0.0.1 port (docs/emulator.md). Flags -> Config, state
// loaded, "listening on http://127.0.0.1:PORT" printed as the first stdout
// line, then it serves until SIGINT or SIGTERM. Bad flags exit with 2, other
// start-up failures with 1.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "base/errors.hpp"
#include "emulator/config.hpp"
#include "emulator/dispatcher.hpp"
#include "emulator/faults.hpp"
#include "emulator/resource_store.hpp"
#include "emulator/server.hpp"

namespace {

using namespace agentlift;
using namespace agentlift::emulator;

void print_error(const Error& error) {
  std::fprintf(stderr, "agentcore-local: error: %s\n", error.what());
  if (!error.hint().empty()) std::fprintf(stderr, "hint: %s\n", error.hint().c_str());
}

int serve(const Config& config) {
  // Signals are taken synchronously by the main thread (sigwait), so every
  // thread started from here on must have them blocked.
  // An ignored signal is discarded, never pending, so sigwait would not see it;
  // a shell starts background jobs with SIGINT ignored.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);  // the server thread ended on its own
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  StoreOptions options;
  options.region = config.region;
  options.account_id = config.account_id;
  options.ready_delay = config.ready_delay;
  options.state_file = config.state_file;
  ResourceStore store(options);
  store.load();
  store.save();  // an unwritable --state fails now, not on the first change
  FaultTable faults;
  for (const FaultRule& rule : config.faults) faults.add(rule);
  Dispatcher dispatcher(config, store, faults);
  HttpServer server(dispatcher, config.verbose);
  const int port = server.bind(config.port);

  std::printf("listening on http://127.0.0.1:%d\n", port);
  std::fflush(stdout);

  const pthread_t main_thread = pthread_self();
  bool served = true;
  std::thread serving([&] {
    served = server.run();
    pthread_kill(main_thread, SIGUSR1);
  });
  int received = 0;
  sigwait(&signals, &received);
  server.stop();
  serving.join();
  if (received == SIGUSR1 && !served) {
    std::fprintf(stderr, "agentcore-local: error: the server stopped unexpectedly\n");
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CommandLine command_line;
  try {
    command_line = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& error) {
    print_error(error);
    return 2;
  }
  switch (command_line.action) {
    case CommandLineAction::help:
      std::cout << usage_text();
      return 0;
    case CommandLineAction::version:
      std::cout << "agentcore-local " << AGENTLIFT_VERSION << "\n";
      return 0;
    case CommandLineAction::run:
      break;
  }
  try {
    return serve(command_line.config);
  } catch (const Error& error) {
    print_error(error);
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "agentcore-local: error: %s\n", error.what());
    return 1;
  }
}
