#pragma once
// What every credentials provider shares: the result type, the provider
// interface and the seams (environment, files, processes, HTTP, STS, clock) that
// are injected so tests never touch the real machine. One provider per file
// (credentials_env, _profile, _process, _assume_role, _web_identity, _container,
// _imds), put together in credentials_chain.
//
// Secrets (secret access keys, session tokens, container authorization tokens,
// web identity tokens) never appear in an error message, a `source` or a
// description.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/aws_config_files.hpp"
#include "cloud/http.hpp"
#include "cloud/sigv4.hpp"

namespace agentlift::cloud::credentials {

using Clock = std::function<std::chrono::sys_seconds()>;

struct ResolvedCredentials {
  sigv4::Credentials credentials;
  std::optional<std::chrono::sys_seconds> expiry;  // nullopt: long-term keys
  std::string source;  // where they came from, e.g. "environment"; never a secret
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // std::nullopt: this source is not configured, the chain tries the next one.
  // Throws agentlift::Error when it is configured but broken (partial keys, a
  // failing credential_process, ...): the chain stops there, as the AWS CLI does.
  virtual std::optional<ResolvedCredentials> resolve() = 0;
  // What was looked at, for the "nothing found" error.
  virtual std::string description() const = 0;
};

// ---- Seams ------------------------------------------------------------------

struct ProcessResult {
  int exit_code = 0;
  std::string standard_output;
  std::string standard_error;
};
// Runs a command line through the shell and waits for it.
using ProcessRunner = std::function<ProcessResult(const std::string& command)>;

// Sends one request with a timeout (the metadata services get short ones); throws
// agentlift::Error when no connection could be made.
using HttpSend =
    std::function<HttpResponse(const HttpRequest& request, std::chrono::milliseconds timeout)>;

// sts:AssumeRole, signed with `source`. Provided by the STS client.
struct AssumeRoleRequest {
  sigv4::Credentials source;
  std::string role_arn;
  std::string session_name;
  std::optional<std::string> external_id;
  std::chrono::seconds duration{3600};
  std::optional<std::string> region;  // the profile's region, if any
};
using StsAssumeRole = std::function<ResolvedCredentials(const AssumeRoleRequest& request)>;

// sts:AssumeRoleWithWebIdentity (unsigned). Provided by the STS client.
struct WebIdentityRequest {
  std::string role_arn;
  std::string session_name;
  std::string web_identity_token;  // a secret
  std::optional<std::chrono::seconds> duration;
  std::optional<std::string> region;
};
using StsAssumeRoleWithWebIdentity =
    std::function<ResolvedCredentials(const WebIdentityRequest& request)>;

struct Seams {
  Environment environment;
  FileReader read_file;
  ProcessRunner run_process;
  HttpSend send_http;
  StsAssumeRole sts_assume_role;
  StsAssumeRoleWithWebIdentity sts_assume_role_with_web_identity;
  Clock clock;
};

// ---- Helpers shared by the providers ----------------------------------------

// RFC 3339 / ISO 8601 UTC time: "2024-05-01T12:00:00Z", with optional fraction
// and a "+00:00"-style offset. std::nullopt when malformed.
std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view text);

// {AccessKeyId, SecretAccessKey, <token_field>, Expiration} as the container
// endpoint, IMDS and credential_process return them. Errors name `source` and
// the missing field, never a value.
ResolvedCredentials credentials_from_json(std::string_view text, std::string_view token_field,
                                          const std::string& source);

// "agentlift-<epoch seconds>", the session name when none is configured.
std::string default_session_name(const Clock& clock);

}  // namespace agentlift::cloud::credentials
