#pragma once
// Random identifiers in AWS's formats: the 10-character alphanumeric suffix of
// harness and runtime ids ("my_agent-AbCdEf1234"), UUID v4 request and session
// ids. One generator is shared by the server's threads, so it locks; tests seed
// it to get the same ids on every run.

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace agentlift::emulator {

class IdGenerator {
 public:
  // Without a seed the generator starts from std::random_device.
  explicit IdGenerator(std::optional<std::uint64_t> seed = std::nullopt);

  std::string alphanumeric(std::size_t length);  // [A-Za-z0-9]{length}
  std::string suffixed(const std::string& name) { return name + "-" + alphanumeric(10); }
  std::string uuid();  // lower-case UUID v4, 36 characters

 private:
  std::mutex m_mutex;
  std::mt19937_64 m_engine;
};

}  // namespace agentlift::emulator
