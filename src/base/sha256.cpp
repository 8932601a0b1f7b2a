#include "base/sha256.hpp"

// The low-level SHA256_* functions are deprecated in OpenSSL 3 in favour of EVP,
// but EVP's first use loads the provider machinery and the config file (about
// 5 million instructions, longer than the rest of a small `plan`). The low-level
// calls run the same assembly (SHA-NI where the CPU has it) without that start-up.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace agentlift {

struct Sha256::Context {
  SHA256_CTX ctx;
};

Sha256::Sha256() : m_context(std::make_unique<Context>()) { SHA256_Init(&m_context->ctx); }

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  if (!bytes.empty()) SHA256_Update(&m_context->ctx, bytes.data(), bytes.size());
}

std::string Sha256::hex_digest() {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256_Final(digest, &m_context->ctx);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char byte : digest) {
    out += k_hex[byte >> 4];
    out += k_hex[byte & 0x0F];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  return hash.hex_digest();
}

}  // namespace agentlift
