#include "cloud/credentials_chain.hpp"

#include "base/errors.hpp"
#include "cloud/credentials_container.hpp"
#include "cloud/credentials_env.hpp"
#include "cloud/credentials_imds.hpp"
#include "cloud/credentials_profile.hpp"
#include "cloud/credentials_web_identity.hpp"

namespace agentlift::cloud::credentials {

std::optional<ResolvedCredentials> ChainProvider::resolve() {
  for (auto& provider : m_providers) {
    if (auto found = provider->resolve()) return found;
  }
  std::string tried;
  for (std::size_t i = 0; i < m_providers.size(); ++i) {
    tried += "\n  " + std::to_string(i + 1) + ". " + m_providers[i]->description();
  }
  throw Error(
      "Unable to locate AWS credentials. Tried, in order:" + tried,
      "set AWS_PROFILE to a configured profile (or pass --profile), run `aws configure` "
      "to create the default profile, `aws sso login` plus `aws configure export-credentials`, "
      "or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
}

std::string ChainProvider::description() const {
  std::string text = "credentials chain:";
  for (const auto& provider : m_providers) text += " " + provider->description() + ";";
  return text;
}

std::optional<ResolvedCredentials> CachingProvider::resolve() {
  std::lock_guard lock(m_mutex);
  const auto now = m_clock();
  if (m_cached && (!m_cached->expiry || *m_cached->expiry - now > m_refresh_window))
    return m_cached;
  try {
    auto fresh = m_inner->resolve();
    if (fresh) m_cached = fresh;
    return fresh;
  } catch (const Error&) {
    if (m_cached && m_cached->expiry && *m_cached->expiry > now) return m_cached;
    throw;
  }
}

std::vector<std::unique_ptr<CredentialsProvider>> default_providers(const ChainOptions& options,
                                                                    const Seams& seams) {
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  if (options.profile && !options.profile->empty()) {
    providers.push_back(std::make_unique<ProfileProvider>(*options.profile, true, seams));
    return providers;
  }
  const bool named = env_value(seams.environment, "AWS_PROFILE").has_value();
  providers.push_back(std::make_unique<EnvProvider>(seams.environment));
  providers.push_back(std::make_unique<WebIdentityEnvProvider>(seams));
  providers.push_back(std::make_unique<ProfileProvider>(
      select_profile(std::nullopt, seams.environment), named, seams));
  providers.push_back(std::make_unique<ContainerProvider>(seams));
  providers.push_back(std::make_unique<ImdsProvider>(seams));
  return providers;
}

std::unique_ptr<CredentialsProvider> make_default_chain(const ChainOptions& options,
                                                        const Seams& seams) {
  Clock clock = seams.clock ? seams.clock : Clock([] {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  });
  return std::make_unique<CachingProvider>(
      std::make_unique<ChainProvider>(default_providers(options, seams)), std::move(clock));
}

ResolvedCredentials resolve_credentials(CredentialsProvider& provider) {
  auto found = provider.resolve();
  if (!found) throw Error("Unable to locate AWS credentials (" + provider.description() + ")");
  return *found;
}

}  // namespace agentlift::cloud::credentials
