// Random identifiers (ids.hpp).
#include "emulator/ids.hpp"

#include <cstdio>

namespace agentlift::emulator {

IdGenerator::IdGenerator(std::optional<std::uint64_t> seed) {
  if (seed) {
    m_engine.seed(*seed);
  } else {
    std::random_device device;
    m_engine.seed((static_cast<std::uint64_t>(device()) << 32) ^ device());
  }
}

std::string IdGenerator::alphanumeric(std::size_t length) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::uniform_int_distribution<std::size_t> pick(0, sizeof k_alphabet - 2);
  std::lock_guard lock(m_mutex);
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i) out.push_back(k_alphabet[pick(m_engine)]);
  return out;
}

std::string IdGenerator::uuid() {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  {
    std::lock_guard lock(m_mutex);
    high = m_engine();
    low = m_engine();
  }
  high = (high & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;    // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
  return text;
}

}  // namespace agentlift::emulator
