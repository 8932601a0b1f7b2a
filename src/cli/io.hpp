#pragma once
// The streams a command writes to; tests pass string streams.

#include <iosfwd>

namespace agentlift::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
  bool color = false;  // only on a TTY and never with NO_COLOR
  // stderr is a terminal: a progress line may be rewritten in place ("\r")
  // instead of printing one line per update.
  bool live_progress = false;
};

}  // namespace agentlift::cli
