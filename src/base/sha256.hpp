#pragma once
// SHA-256 through OpenSSL's EVP interface; the only OpenSSL user in the project.

#include <memory>
#include <string>
#include <string_view>

namespace agentlift {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // Finishes the digest; the object must not be updated afterwards.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> m_context;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace agentlift
