#include "cloud/iam_client.hpp"

#include <utility>

#include "base/errors.hpp"
#include "cloud/partitions.hpp"
#include "cloud/uri_encoding.hpp"
#include "cloud/xml_text.hpp"

namespace agentlift::cloud {
namespace {

struct GlobalEndpoint {
  const char* url;
  const char* signing_region;
};

// The partitions' IAM endpoints (IAM "Endpoints and quotas" in the AWS General
// Reference); other partitions fall back to a regional-looking host.
GlobalEndpoint global_endpoint(const std::string& region) {
  const std::string_view partition = endpoints::partition_for_region(region).id;
  if (partition == "aws-cn") return {"https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"};
  if (partition == "aws-us-gov") return {"https://iam.us-gov.amazonaws.com", "us-gov-west-1"};
  return {"https://iam.amazonaws.com", "us-east-1"};
}

std::optional<std::string> non_empty(const endpoints::Environment& environment,
                                     const std::string& name) {
  const auto found = environment.find(name);
  if (found == environment.end() || found->second.empty()) return std::nullopt;
  std::string url = found->second;
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

bool known_partition(const std::string& region) {
  const std::string_view id = endpoints::partition_for_region(region).id;
  return id == "aws" || id == "aws-cn" || id == "aws-us-gov";
}

}  // namespace

IamRole IamClient::get_role(const std::string& role_name) {
  HttpRequest request;
  request.method = "POST";
  request.url = "/";
  request.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = "Action=GetRole&RoleName=" + form_encode(role_name) + "&Version=2010-05-08";
  const HttpResponse response = m_client.call("GetRole", request, Protocol::aws_query);
  return parse_get_role(response.body);
}

IamRole parse_get_role(std::string_view body) {
  const auto role = xml::element(body, "Role");
  if (!role) throw Error("IAM GetRole returned a reply without a Role");
  IamRole result;
  result.arn = xml::text(*role, "Arn").value_or("");
  if (result.arn.empty()) throw Error("IAM GetRole returned a role without an Arn");
  result.role_name = xml::text(*role, "RoleName").value_or("");
  std::string document = xml::text(*role, "AssumeRolePolicyDocument").value_or("");
  // IAM percent-encodes policy documents (RFC 3986, no '+' for space); some
  // emulators send the JSON as it is.
  const auto first = document.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && document[first] != '{') document = percent_decode(document);
  result.assume_role_policy_document = std::move(document);
  return result;
}

endpoints::ResolvedEndpoint iam_endpoint(const std::string& region,
                                         const endpoints::Environment& environment) {
  endpoints::ResolvedEndpoint resolved;
  const auto ignore = non_empty(environment, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  const bool ignored = ignore && (*ignore == "true" || *ignore == "TRUE" || *ignore == "True");
  const std::string service_variable = endpoints::service_endpoint_variable("IAM");
  if (!ignored) {
    if (auto url = non_empty(environment, service_variable)) {
      resolved.endpoint.url = std::move(*url);
      resolved.source = endpoints::EndpointSource::service_environment;
      resolved.origin = service_variable;
      return resolved;
    }
    if (auto url = non_empty(environment, "AWS_ENDPOINT_URL")) {
      resolved.endpoint.url = std::move(*url);
      resolved.source = endpoints::EndpointSource::global_environment;
      resolved.origin = "AWS_ENDPOINT_URL";
      return resolved;
    }
  }
  if (known_partition(region)) {
    resolved.endpoint.url = global_endpoint(region).url;
  } else {
    const auto& partition = endpoints::partition_for_region(region);
    resolved.endpoint.url = "https://iam." + region + "." + std::string(partition.dns_suffix);
  }
  resolved.source = endpoints::EndpointSource::rule_set;
  resolved.origin = "IAM global endpoint";
  return resolved;
}

std::string iam_signing_region(const std::string& region) {
  return known_partition(region) ? global_endpoint(region).signing_region : region;
}

}  // namespace agentlift::cloud
