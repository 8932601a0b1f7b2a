#pragma once
// The streams a command writes to; tests pass string streams.

#include <iosfwd>

namespace agentlift::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
  bool color = false;  // only on a TTY and never with NO_COLOR
};

}  // namespace agentlift::cli
