#pragma once
// Environmental failures (I/O, later HTTP) are exceptions, caught once in cli::run.
// Problems in the user's folder are Diagnostics instead (model/diagnostic.hpp).

#include <stdexcept>
#include <string>

namespace agentlift {

class Error : public std::runtime_error {
 public:
  Error(std::string message, std::string hint = {})
      : std::runtime_error(std::move(message)), m_hint(std::move(hint)) {}
  const std::string& hint() const { return m_hint; }

 private:
  std::string m_hint;
};

class IoError : public Error {
 public:
  using Error::Error;
};

class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace agentlift
