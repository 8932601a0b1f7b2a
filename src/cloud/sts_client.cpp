#include "cloud/sts_client.hpp"

#include "base/errors.hpp"
#include "cloud/xml_text.hpp"

namespace agentlift::cloud {

CallerIdentity StsClient::get_caller_identity() {
  HttpRequest request;
  request.method = "POST";
  request.url = "/";
  request.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  const HttpResponse response = m_client.call("GetCallerIdentity", request, Protocol::aws_query);
  return parse_caller_identity(response.body);
}

CallerIdentity parse_caller_identity(std::string_view body) {
  const auto result = xml::element(body, "GetCallerIdentityResult");
  const std::string_view scope = result ? *result : body;
  auto account = xml::text(scope, "Account");
  auto arn = xml::text(scope, "Arn");
  if (!account || !arn || account->empty() || arn->empty()) {
    throw Error("STS GetCallerIdentity returned a reply without Account or Arn");
  }
  CallerIdentity identity;
  identity.account = std::move(*account);
  identity.arn = std::move(*arn);
  identity.user_id = xml::text(scope, "UserId").value_or("");
  return identity;
}

}  // namespace agentlift::cloud
