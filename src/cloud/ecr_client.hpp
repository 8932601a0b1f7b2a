#pragma once
// ECR repository calls over awsJson1_1 (aws-wire.md §6), thin: `POST /` with
// `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Op>` and a JSON body,
// signed for "ecr" by AwsClient, the reply read into structs. A reply that is
// not the JSON the model promises is an agentlift::Error naming the operation.
//
// GetAuthorizationToken's password is a secret: it is never part of an error,
// and callers must not print it.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "cloud/aws_client.hpp"

namespace agentlift::cloud {

struct EcrTag {
  std::string key;
  std::string value;
};

struct EcrRepository {
  std::string name;         // "agents/support"
  std::string arn;          // "arn:aws:ecr:us-east-1:123456789012:repository/agents/support"
  std::string registry_id;  // "123456789012"
  std::string uri;          // "123456789012.dkr.ecr.us-east-1.amazonaws.com/agents/support"
  std::optional<std::chrono::sys_seconds> created_at;
};

// What `docker login` needs: HTTP Basic credentials for the registry.
struct EcrAuthorization {
  std::string proxy_endpoint;  // "https://123456789012.dkr.ecr.us-east-1.amazonaws.com"
  std::optional<std::chrono::sys_seconds> expires_at;
  std::string username;  // "AWS"
  std::string password;  // a secret
};

// CreateRepository found the name taken. An HttpError (code
// RepositoryAlreadyExistsException), so generic handlers still catch it.
class EcrRepositoryAlreadyExists : public HttpError {
 public:
  using HttpError::HttpError;
};

struct EcrEnsureResult {
  EcrRepository repository;
  bool created = false;  // false: it already existed
};

class EcrClient {
 public:
  // `client` must be configured for ECR (signing name "ecr"); it is not owned.
  explicit EcrClient(AwsClient& client) : m_client(client) {}

  // Throws EcrRepositoryAlreadyExists when the name is taken.
  EcrRepository create_repository(const std::string& name, const std::vector<EcrTag>& tags = {});
  // create_repository, or the existing repository of that name (its tags untouched).
  EcrEnsureResult ensure_repository(const std::string& name, const std::vector<EcrTag>& tags = {});
  // The named repositories (every page of all of them when `names` is empty). A
  // single name that does not exist gives an empty list; with several names it
  // is an HttpError, as ECR reports it.
  std::vector<EcrRepository> describe_repositories(const std::vector<std::string>& names);
  std::optional<EcrRepository> describe_repository(const std::string& name);
  // The deleted repository; nullopt when there was none. `force` deletes a
  // repository that still holds images.
  enum class Force { no, yes };
  std::optional<EcrRepository> delete_repository(const std::string& name, Force force = Force::no);
  EcrAuthorization get_authorization_token();

 private:
  Json call(const std::string& operation, const Json& body);

  AwsClient& m_client;
};

// "X-Amz-Target" for an operation: "AmazonEC2ContainerRegistry_V20150921.<operation>".
std::string ecr_target(std::string_view operation);

// Reads a `repository` object; throws agentlift::Error naming `operation`.
EcrRepository parse_ecr_repository(const Json& object, const std::string& operation);
// Reads a GetAuthorizationToken reply (the first authorizationData entry);
// throws agentlift::Error naming the problem, never the token.
EcrAuthorization parse_authorization_data(const Json& reply);

// Standard base64 (RFC 4648, '=' padding optional); nullopt when malformed.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace agentlift::cloud
