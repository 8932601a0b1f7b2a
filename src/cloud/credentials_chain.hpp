#pragma once
// The AWS CLI's credentials precedence:
//   --profile given: that profile only (static keys, assume role, web identity,
//                    credential_process: credentials_profile);
//   otherwise:       environment variables -> web identity from the environment
//                    -> the profile (AWS_PROFILE or "default") -> container
//                    endpoint -> EC2 instance metadata.
// The first provider with credentials wins; a provider that is configured but
// broken stops the chain with its error. Nothing at all is an agentlift::Error
// listing what was tried and how to fix it, never a secret.
// The chain is wrapped in a cache that refreshes expiring credentials.

#include <memory>
#include <mutex>
#include <vector>

#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials {

class ChainProvider : public CredentialsProvider {
 public:
  explicit ChainProvider(std::vector<std::unique_ptr<CredentialsProvider>> providers)
      : m_providers(std::move(providers)) {}
  // Never std::nullopt: throws when no provider has credentials.
  std::optional<ResolvedCredentials> resolve() override;
  std::string description() const override;

 private:
  std::vector<std::unique_ptr<CredentialsProvider>> m_providers;
};

// Serves the last credentials until fewer than `refresh_window` remain before
// their expiry (long-term keys are kept for good). When a refresh fails but the
// cached credentials have not expired yet, those are served.
class CachingProvider : public CredentialsProvider {
 public:
  static constexpr std::chrono::seconds k_refresh_window{5 * 60};

  CachingProvider(std::unique_ptr<CredentialsProvider> inner, Clock clock,
                  std::chrono::seconds refresh_window = k_refresh_window)
      : m_inner(std::move(inner)), m_clock(std::move(clock)), m_refresh_window(refresh_window) {}
  std::optional<ResolvedCredentials> resolve() override;
  std::string description() const override { return m_inner->description(); }

 private:
  std::unique_ptr<CredentialsProvider> m_inner;
  Clock m_clock;
  std::chrono::seconds m_refresh_window;
  std::mutex m_mutex;
  std::optional<ResolvedCredentials> m_cached;
};

struct ChainOptions {
  std::optional<std::string> profile;  // --profile
};

// The providers in precedence order, without the cache (for tests and `doctor`).
std::vector<std::unique_ptr<CredentialsProvider>> default_providers(const ChainOptions& options,
                                                                    const Seams& seams);
// The cached default chain.
std::unique_ptr<CredentialsProvider> make_default_chain(const ChainOptions& options,
                                                        const Seams& seams);
// resolve() of a chain, unwrapped: the credentials or the chain's error.
ResolvedCredentials resolve_credentials(CredentialsProvider& provider);

}  // namespace agentlift::cloud::credentials
