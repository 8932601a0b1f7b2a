// The profile provider, the chain's precedence, the cache and the rule that no
// error ever shows a secret. Per-provider tests: credentials_providers_test.cpp.
#include <gtest/gtest.h>

#include "cloud/credentials_chain.hpp"
#include "cloud/credentials_profile.hpp"
#include "cloud/credentials_test_fakes.hpp"

namespace agentlift::cloud::credentials {
namespace {

using testing::credentials_json;
using testing::Fakes;
using testing::k_sentinel_secret;
using testing::k_sentinel_token;

constexpr const char* k_config = "/home/u/.aws/config";
constexpr const char* k_credentials = "/home/u/.aws/credentials";

using testing::contains;
using testing::error_of;

std::optional<ResolvedCredentials> profile(Fakes& fakes, const std::string& name,
                                           bool named = true) {
  return ProfileProvider(name, named, fakes.seams()).resolve();
}

// ---- profile provider -----------------------------------------------------------------

TEST(ProfileProvider, StaticKeysFromCredentialsThenConfig) {
  Fakes fakes;
  fakes.files[k_credentials] =
      std::string("[dev]\naws_access_key_id = AKIACRED\naws_secret_access_key = ") +
      k_sentinel_secret + "\n";
  fakes.files[k_config] =
      "[profile dev]\naws_access_key_id = AKIACONF\naws_secret_access_key = s\n"
      "[profile cfg]\naws_access_key_id = AKIACONF\naws_secret_access_key = s\n"
      "aws_session_token = tok\n";
  EXPECT_EQ(profile(fakes, "dev")->credentials.access_key_id, "AKIACRED");
  const auto cfg = profile(fakes, "cfg");
  EXPECT_EQ(cfg->credentials.access_key_id, "AKIACONF");
  EXPECT_EQ(cfg->credentials.session_token, "tok");
  EXPECT_EQ(cfg->source, "profile 'cfg' (/home/u/.aws/config)");
}

TEST(ProfileProvider, MissingProfileAndPartialKeys) {
  Fakes fakes;
  EXPECT_FALSE(profile(fakes, "default", /*named=*/false));
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "ghost"); }),
                       "The config profile (ghost) could not be found"));
  fakes.files[k_credentials] =
      std::string("[p]\naws_secret_access_key = ") + k_sentinel_secret + "\n";
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "p"); }), "aws_access_key_id is missing"));
}

TEST(ProfileProvider, MalformedFileErrorNamesFileAndLine) {
  Fakes fakes;
  fakes.files[k_config] = "[default]\nregion\n";
  EXPECT_EQ(error_of([&] { profile(fakes, "default"); }),
            "/home/u/.aws/config:2: expected `key = value`, a [section] header or a comment");
}

TEST(ProfileProvider, CredentialProcessAfterCredentialsFileKeys) {
  Fakes fakes;
  fakes.files[k_config] = "[profile p]\ncredential_process = /bin/creds --json\n";
  fakes.process_result.standard_output =
      "{\"Version\":1," + credentials_json("SessionToken").substr(1);
  const auto found = profile(fakes, "p");
  EXPECT_EQ(found->credentials.access_key_id, "ASIAJSON");
  EXPECT_EQ(fakes.commands, std::vector<std::string>{"/bin/creds --json"});
  fakes.files[k_credentials] = "[p]\naws_access_key_id = AKIA\naws_secret_access_key = s\n";
  EXPECT_EQ(profile(fakes, "p")->credentials.access_key_id, "AKIA");
  EXPECT_EQ(fakes.commands.size(), 1u);
}

TEST(ProfileProvider, AssumeRoleFromSourceProfile) {
  Fakes fakes;
  fakes.files[k_credentials] = "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s\n";
  fakes.files[k_config] =
      "[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\nsource_profile = base\n"
      "external_id = ext\nduration_seconds = 900\nrole_session_name = me\nregion = eu-west-1\n";
  const auto found = profile(fakes, "deploy");
  EXPECT_EQ(found->credentials.access_key_id, "ASIAROLE");
  EXPECT_EQ(found->expiry, fakes.sts_expiry);
  EXPECT_EQ(found->source, "profile 'deploy' (assumed role arn:aws:iam::1:role/deploy)");
  ASSERT_EQ(fakes.assume_role_calls.size(), 1u);
  const auto& call = fakes.assume_role_calls[0];
  EXPECT_EQ(call.source.access_key_id, "AKIABASE");
  EXPECT_EQ(call.role_arn, "arn:aws:iam::1:role/deploy");
  EXPECT_EQ(call.session_name, "me");
  EXPECT_EQ(call.external_id, "ext");
  EXPECT_EQ(call.duration, std::chrono::seconds{900});
  EXPECT_EQ(call.region, "eu-west-1");
}

TEST(ProfileProvider, ChainedRolesAndSelfSource) {
  Fakes fakes;
  fakes.files[k_config] =
      "[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:b\nsource_profile = b\naws_access_key_id = AKIAB\n"
      "aws_secret_access_key = s\n";
  EXPECT_TRUE(profile(fakes, "a"));
  ASSERT_EQ(fakes.assume_role_calls.size(), 2u);
  EXPECT_EQ(fakes.assume_role_calls[0].role_arn, "arn:b");
  EXPECT_EQ(fakes.assume_role_calls[0].source.access_key_id, "AKIAB");
  EXPECT_EQ(fakes.assume_role_calls[1].role_arn, "arn:a");
  EXPECT_EQ(fakes.assume_role_calls[1].source.access_key_id, "ASIAROLE");
  EXPECT_EQ(fakes.assume_role_calls[1].session_name, "agentlift-1735689600");
  EXPECT_EQ(fakes.assume_role_calls[1].duration, std::chrono::seconds{3600});
}

TEST(ProfileProvider, AssumeRoleConfigurationErrors) {
  Fakes fakes;
  fakes.files[k_config] =
      "[profile loop1]\nrole_arn = arn:1\nsource_profile = loop2\n"
      "[profile loop2]\nrole_arn = arn:2\nsource_profile = loop1\n"
      "[profile none]\nrole_arn = arn:n\n"
      "[profile both]\nrole_arn = arn:b\nsource_profile = x\ncredential_source = Environment\n"
      "[profile missing]\nrole_arn = arn:m\nsource_profile = nowhere\n"
      "[profile badsrc]\nrole_arn = arn:s\ncredential_source = Laptop\n"
      "[profile mfa]\nrole_arn = arn:f\ncredential_source = Environment\nmfa_serial = arn:mfa\n"
      "[profile long]\nrole_arn = arn:l\ncredential_source = Environment\nduration_seconds = "
      "99999\n"
      "[profile sso]\nsso_session = corp\n";
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "loop1"); }), "loop1 -> loop2 -> loop1"));
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "none"); }), "neither source_profile nor"));
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "both"); }), "both source_profile and"));
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "missing"); }),
                       "'nowhere' of profile 'missing' does not exist"));
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "badsrc"); }),
                       "'Laptop' of profile 'badsrc' is not valid"));
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "sso"); }), "IAM Identity Center"));
  fakes.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  fakes.environment["AWS_SECRET_ACCESS_KEY"] = k_sentinel_secret;
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "mfa"); }), "mfa_serial"));
  EXPECT_TRUE(contains(error_of([&] { profile(fakes, "long"); }), "900 to 43200"));
  EXPECT_TRUE(fakes.assume_role_calls.empty());
}

TEST(ProfileProvider, CredentialSourceAndWebIdentityProfile) {
  Fakes fakes;
  fakes.files[k_config] =
      "[profile ec2]\nrole_arn = arn:ec2\ncredential_source = Ec2InstanceMetadata\n"
      "[profile web]\nrole_arn = arn:web\nweb_identity_token_file = /t\nrole_session_name = w\n";
  fakes.files["/t"] = "jwt";
  fakes.http["PUT http://169.254.169.254/latest/api/token"] = {200, {}, "tok"};
  fakes.http["GET http://169.254.169.254/latest/meta-data/iam/security-credentials/"] = {
      200, {}, "r"};
  fakes.http["GET http://169.254.169.254/latest/meta-data/iam/security-credentials/r"] = {
      200, {}, credentials_json("Token")};
  EXPECT_TRUE(profile(fakes, "ec2"));
  EXPECT_EQ(fakes.assume_role_calls.at(0).source.access_key_id, "ASIAJSON");
  EXPECT_TRUE(profile(fakes, "web"));
  EXPECT_EQ(fakes.web_identity_calls.at(0).role_arn, "arn:web");
  EXPECT_EQ(fakes.web_identity_calls.at(0).session_name, "w");
}

// ---- chain precedence ---------------------------------------------------------------

// Every source configured; each row removes the winner of the row before.
TEST(CredentialsChain, PrecedenceMatrix) {
  Fakes fakes;
  fakes.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  fakes.environment["AWS_SECRET_ACCESS_KEY"] = "s";
  fakes.environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/oidc";
  fakes.environment["AWS_ROLE_ARN"] = "arn:web";
  fakes.environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/c";
  fakes.files["/oidc"] = "jwt";
  fakes.files[k_credentials] =
      "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n"
      "[named]\naws_access_key_id = AKIANAMED\naws_secret_access_key = s\n";
  fakes.http["GET http://169.254.170.2/c"] = {200, {}, credentials_json("Token")};
  fakes.http["PUT http://169.254.169.254/latest/api/token"] = {200, {}, "tok"};
  fakes.http["GET http://169.254.169.254/latest/meta-data/iam/security-credentials/"] = {
      200, {}, "r"};
  fakes.http["GET http://169.254.169.254/latest/meta-data/iam/security-credentials/r"] = {
      200, {}, "{\"AccessKeyId\":\"AKIAIMDS\",\"SecretAccessKey\":\"s\"}"};
  auto winner = [&](std::optional<std::string> flag = std::nullopt) {
    return resolve_credentials(*make_default_chain({flag}, fakes.seams()))
        .credentials.access_key_id;
  };
  EXPECT_EQ(winner(std::string("named")), "AKIANAMED");  // --profile beats even the environment
  EXPECT_EQ(winner(), "AKIAENV");
  fakes.environment.erase("AWS_ACCESS_KEY_ID");
  fakes.environment.erase("AWS_SECRET_ACCESS_KEY");
  EXPECT_EQ(winner(), "ASIAWEB");
  fakes.environment.erase("AWS_WEB_IDENTITY_TOKEN_FILE");
  EXPECT_EQ(winner(), "AKIADEFAULT");
  fakes.environment["AWS_PROFILE"] = "named";
  EXPECT_EQ(winner(), "AKIANAMED");
  fakes.environment.erase("AWS_PROFILE");
  fakes.files.erase(k_credentials);
  EXPECT_EQ(winner(), "ASIAJSON");
  fakes.environment.erase("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  EXPECT_EQ(winner(), "AKIAIMDS");
}

TEST(CredentialsChain, ExplicitProfileUsesThatProfileOnly) {
  Fakes fakes;
  fakes.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  fakes.environment["AWS_SECRET_ACCESS_KEY"] = "s";
  EXPECT_TRUE(
      contains(error_of([&] { resolve_credentials(*make_default_chain({"dev"}, fakes.seams())); }),
               "The config profile (dev) could not be found"));
  fakes.environment["AWS_PROFILE"] = "ghost";  // named by AWS_PROFILE: env keys still win
  EXPECT_EQ(resolve_credentials(*make_default_chain({}, fakes.seams())).credentials.access_key_id,
            "AKIAENV");
  fakes.environment.erase("AWS_ACCESS_KEY_ID");
  fakes.environment.erase("AWS_SECRET_ACCESS_KEY");
  EXPECT_TRUE(
      contains(error_of([&] { resolve_credentials(*make_default_chain({}, fakes.seams())); }),
               "(ghost) could not be found"));
}

TEST(CredentialsChain, BrokenProviderStopsTheChain) {
  Fakes fakes;
  fakes.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  fakes.files[k_credentials] = "[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n";
  EXPECT_TRUE(
      contains(error_of([&] { resolve_credentials(*make_default_chain({}, fakes.seams())); }),
               "AWS_SECRET_ACCESS_KEY is not"));
}

TEST(CredentialsChain, NothingFoundListsWhatWasTriedAndHowToFixIt) {
  Fakes fakes;
  fakes.environment["AWS_SESSION_TOKEN"] = k_sentinel_token;  // a token alone is not credentials
  fakes.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = k_sentinel_secret;
  try {
    resolve_credentials(*make_default_chain({}, fakes.seams()));
    FAIL() << "expected an error";
  } catch (const Error& error) {
    const std::string what = error.what();
    for (const char* part : {"Unable to locate AWS credentials", "1. environment variables",
                             "2. web identity", "3. shared config profile 'default'",
                             "/home/u/.aws/credentials", "4. container credentials",
                             "5. EC2 instance metadata (no answer from http://169.254.169.254)"}) {
      EXPECT_TRUE(contains(what, part)) << part << " in " << what;
    }
    EXPECT_TRUE(contains(error.hint(), "AWS_PROFILE"));
    EXPECT_TRUE(contains(error.hint(), "aws configure"));
    EXPECT_FALSE(contains(what + error.hint(), k_sentinel_secret));
    EXPECT_FALSE(contains(what + error.hint(), k_sentinel_token));
  }
}

// ---- cache ----------------------------------------------------------------------------

class CountingProvider : public CredentialsProvider {
 public:
  std::optional<ResolvedCredentials> resolve() override {
    ++calls;
    if (fail) throw Error("refresh failed");
    return ResolvedCredentials{
        {"AKIA" + std::to_string(calls), "s", std::nullopt}, expiry, "counting"};
  }
  std::string description() const override { return "counting"; }
  int calls = 0;
  bool fail = false;
  std::optional<std::chrono::sys_seconds> expiry;
};

TEST(CachingProvider, RefreshesWhenFewerThanFiveMinutesRemain) {
  auto inner = std::make_unique<CountingProvider>();
  CountingProvider& counting = *inner;
  std::chrono::sys_seconds now{std::chrono::seconds{1'000'000}};
  counting.expiry = now + std::chrono::minutes{10};
  CachingProvider cache(std::move(inner), [&] { return now; });
  EXPECT_EQ(cache.resolve()->credentials.access_key_id, "AKIA1");
  now += std::chrono::minutes{4};  // 6 minutes left
  EXPECT_EQ(cache.resolve()->credentials.access_key_id, "AKIA1");
  now += std::chrono::minutes{1} + std::chrono::seconds{1};  // 4:59 left
  counting.expiry = now + std::chrono::hours{1};
  EXPECT_EQ(cache.resolve()->credentials.access_key_id, "AKIA2");
  EXPECT_EQ(counting.calls, 2);
}

TEST(CachingProvider, KeepsLongTermKeysAndServesUnexpiredOnRefreshFailure) {
  auto inner = std::make_unique<CountingProvider>();
  CountingProvider& counting = *inner;
  std::chrono::sys_seconds now{std::chrono::seconds{1'000'000}};
  CachingProvider cache(std::move(inner), [&] { return now; });
  cache.resolve();
  now += std::chrono::hours{24 * 365};
  EXPECT_EQ(cache.resolve()->credentials.access_key_id, "AKIA1");
  EXPECT_EQ(counting.calls, 1);

  auto expiring = std::make_unique<CountingProvider>();
  CountingProvider& second = *expiring;
  second.expiry = now + std::chrono::minutes{3};
  CachingProvider short_cache(std::move(expiring), [&] { return now; });
  short_cache.resolve();
  second.fail = true;
  EXPECT_EQ(short_cache.resolve()->credentials.access_key_id, "AKIA1");  // still valid for 3 min
  now += std::chrono::minutes{3};
  EXPECT_THROW(short_cache.resolve(), Error);
}

}  // namespace
}  // namespace agentlift::cloud::credentials
