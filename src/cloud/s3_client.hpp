#pragma once
// S3 object calls over restXml (aws-wire.md §5), thin: build the request, send
// through AwsClient (which signs with S3's rules: signed x-amz-content-sha256 of
// the real body, the path signed exactly as sent), parse the reply.
//
// Keys are greedy labels: every byte outside the unreserved set is %XX-encoded
// once ("a/b c+d~é" -> "/a/b%20c%2Bd~%C3%A9"), '/' kept.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cloud/aws_client.hpp"

namespace agentlift::cloud {

enum class S3Addressing {
  virtual_host,  // scheme://{bucket}.{endpoint host}/{key}
  path,          // scheme://{endpoint host}/{bucket}/{key}
};

struct S3PutResult {
  std::string etag;  // as S3 sends it, quoted
  std::optional<std::string> version_id;
};

struct S3GetResult {
  std::string body;
  std::string etag;
  std::string content_type;
};

struct S3HeadResult {
  std::uint64_t content_length = 0;
  std::string etag;
  std::string content_type;
};

// What HeadBucket says (aws-wire.md §5). HEAD replies have no body, so the
// status is all there is: 200 reachable, 403 exists but no access, 404 no such
// bucket, 301 (or 400) the bucket is in another region.
struct S3BucketHead {
  int status = 0;
  std::optional<std::string> region;  // x-amz-bucket-region, when S3 sends it
};

struct S3ListRequest {
  std::string prefix;
  std::optional<std::string> continuation_token;
  std::optional<int> max_keys;
};

struct S3ObjectSummary {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;  // quoted, as listed
};

struct S3ListResult {
  std::vector<S3ObjectSummary> objects;
  bool is_truncated = false;
  std::optional<std::string> next_continuation_token;
};

class S3Client {
 public:
  // `client` must be configured for S3 (signing name "s3"); it is not owned.
  S3Client(AwsClient& client, S3Addressing addressing)
      : m_client(client), m_addressing(addressing) {}

  // CreateBucket; outside us-east-1 it sends a LocationConstraint.
  void create_bucket(const std::string& bucket);
  S3PutResult put_object(const std::string& bucket, const std::string& key, const std::string& body,
                         const std::string& content_type = "application/octet-stream");
  S3GetResult get_object(const std::string& bucket, const std::string& key);
  // nullopt when the object does not exist (HTTP 404); other errors throw.
  std::optional<S3HeadResult> head_object(const std::string& bucket, const std::string& key);
  void delete_object(const std::string& bucket, const std::string& key);
  // HeadBucket; an error status is returned, not thrown (transport failures
  // and retries running out still throw).
  S3BucketHead head_bucket(const std::string& bucket);
  // One page of ListObjectsV2.
  S3ListResult list_objects_v2(const std::string& bucket, const S3ListRequest& request);

  // The URL for `key` in `bucket` ("" key: the bucket itself), query appended
  // after '?' when not empty. Exposed for tests.
  std::string object_url(const std::string& bucket, const std::string& key,
                         const std::string& query = "") const;

 private:
  HttpResponse call(const std::string& operation, HttpRequest request);

  AwsClient& m_client;
  S3Addressing m_addressing;
};

// The encoded path of a key: "/" + percent_encode(key, Slash::keep).
std::string s3_key_path(const std::string& key);

// Reads a ListBucketResult body.
S3ListResult parse_list_objects_v2(std::string_view xml);

}  // namespace agentlift::cloud
