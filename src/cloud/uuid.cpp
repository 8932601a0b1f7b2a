#include "cloud/uuid.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdint>

#include "base/errors.hpp"

namespace agentlift::cloud {

std::string random_uuid_v4() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw Error("could not read random bytes for an idempotency token (OpenSSL RAND_bytes failed)");
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += k_hex[bytes[i] >> 4];
    out += k_hex[bytes[i] & 0x0F];
  }
  return out;
}

}  // namespace agentlift::cloud
