#include "cloud/s3_client.hpp"

#include <charconv>

#include "base/errors.hpp"
#include "cloud/uri_encoding.hpp"
#include "cloud/xml_text.hpp"

namespace agentlift::cloud {
namespace {

std::uint64_t parse_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return 0;
  return value;
}

}  // namespace

std::string s3_key_path(const std::string& key) { return "/" + percent_encode(key, Slash::keep); }

std::string S3Client::object_url(const std::string& bucket, const std::string& key,
                                 const std::string& query) const {
  const std::string& endpoint = m_client.endpoint();
  std::string url;
  if (m_addressing == S3Addressing::path) {
    url = endpoint + "/" + percent_encode(bucket) + (key.empty() ? "" : s3_key_path(key));
  } else {
    const UrlParts parts = split_url(endpoint);
    url = std::string(parts.scheme) + "://" + bucket + "." + std::string(parts.authority) +
          (key.empty() ? "/" : s3_key_path(key));
  }
  if (!query.empty()) url += "?" + query;
  return url;
}

HttpResponse S3Client::call(const std::string& operation, HttpRequest request) {
  return m_client.call(operation, request, Protocol::rest_xml);
}

void S3Client::create_bucket(const std::string& bucket) {
  HttpRequest request;
  request.method = "PUT";
  request.url = object_url(bucket, "");
  const std::string& region = m_client.config().region;
  if (region != "us-east-1") {
    request.set_header("Content-Type", "application/xml");
    request.body =
        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<LocationConstraint>" +
        region + "</LocationConstraint></CreateBucketConfiguration>";
  }
  call("CreateBucket", std::move(request));
}

S3PutResult S3Client::put_object(const std::string& bucket, const std::string& key,
                                 const std::string& body, const std::string& content_type) {
  HttpRequest request;
  request.method = "PUT";
  request.url = object_url(bucket, key);
  request.body = body;
  if (!content_type.empty()) request.set_header("Content-Type", content_type);
  const HttpResponse response = call("PutObject", std::move(request));
  S3PutResult result;
  result.etag = response.header("ETag").value_or("");
  result.version_id = response.header("x-amz-version-id");
  return result;
}

S3GetResult S3Client::get_object(const std::string& bucket, const std::string& key) {
  HttpRequest request;
  request.method = "GET";
  request.url = object_url(bucket, key);
  HttpResponse response = call("GetObject", std::move(request));
  S3GetResult result;
  result.body = std::move(response.body);
  result.etag = response.header("ETag").value_or("");
  result.content_type = response.header("Content-Type").value_or("");
  return result;
}

std::optional<S3HeadResult> S3Client::head_object(const std::string& bucket,
                                                  const std::string& key) {
  HttpRequest request;
  request.method = "HEAD";
  request.url = object_url(bucket, key);
  try {
    const HttpResponse response = call("HeadObject", std::move(request));
    S3HeadResult result;
    result.content_length = parse_u64(response.header("Content-Length").value_or("0"));
    result.etag = response.header("ETag").value_or("");
    result.content_type = response.header("Content-Type").value_or("");
    return result;
  } catch (const HttpError& error) {
    if (error.status() == 404) return std::nullopt;
    throw;
  }
}

S3BucketHead S3Client::head_bucket(const std::string& bucket) {
  HttpRequest request;
  request.method = "HEAD";
  request.url = object_url(bucket, "");
  S3BucketHead result;
  try {
    const HttpResponse response = call("HeadBucket", std::move(request));
    result.status = response.status;
    result.region = response.header("x-amz-bucket-region");
  } catch (const HttpError& error) {
    result.status = error.status();
  }
  return result;
}

void S3Client::delete_object(const std::string& bucket, const std::string& key) {
  HttpRequest request;
  request.method = "DELETE";
  request.url = object_url(bucket, key);
  call("DeleteObject", std::move(request));
}

S3ListResult S3Client::list_objects_v2(const std::string& bucket, const S3ListRequest& list) {
  // Parameters in canonical (sorted) order; values encoded with the unreserved set.
  std::string query;
  if (list.continuation_token)
    query += "continuation-token=" + percent_encode(*list.continuation_token) + "&";
  query += "list-type=2";
  if (list.max_keys) query += "&max-keys=" + std::to_string(*list.max_keys);
  if (!list.prefix.empty()) query += "&prefix=" + percent_encode(list.prefix);
  HttpRequest request;
  request.method = "GET";
  request.url = object_url(bucket, "", query);
  const HttpResponse response = call("ListObjectsV2", std::move(request));
  return parse_list_objects_v2(response.body);
}

S3ListResult parse_list_objects_v2(std::string_view body) {
  if (!xml::element(body, "ListBucketResult")) {
    throw Error("S3 ListObjectsV2 returned a reply without ListBucketResult");
  }
  S3ListResult result;
  for (const std::string_view contents : xml::elements(body, "Contents")) {
    S3ObjectSummary object;
    object.key = xml::text(contents, "Key").value_or("");
    object.size = parse_u64(xml::text(contents, "Size").value_or("0"));
    object.etag = xml::text(contents, "ETag").value_or("");
    result.objects.push_back(std::move(object));
  }
  result.is_truncated = xml::text(body, "IsTruncated").value_or("false") == "true";
  if (auto token = xml::text(body, "NextContinuationToken"); token && !token->empty()) {
    result.next_continuation_token = std::move(*token);
  }
  return result;
}

}  // namespace agentlift::cloud
