#pragma once
// moto serving S3 on 127.0.0.1 with one bucket, shared by a test suite's tests
// (the end-to-end deploy, import, destroy and run tests).

#include <memory>
#include <string>

#include "cloud/aws_client.hpp"
#include "cloud/curl_transport.hpp"
#include "cloud/s3_client.hpp"
#include "support/moto_server.hpp"

namespace agentlift::testing {

// moto (S3, no authentication) with one bucket, for one test suite:
//   static void SetUpTestSuite() { s_s3.start("my-bucket"); }
//   static void TearDownTestSuite() { s_s3.stop(); }
//   void SetUp() override { if (!s_s3.skip.empty()) GTEST_SKIP() << s_s3.skip; ... }
struct MotoS3Server {
  std::string skip;     // moto is not installed: skip, do not fail
  std::string failure;  // moto is installed but did not come up
  std::unique_ptr<MotoServer> moto;

  // Calls S3 on moto through `use(s3)`.
  template <typename Use>
  auto with_s3(Use use) const {
    cloud::CurlTransport curl;
    LoopbackTransport transport(curl);
    cloud::AwsClient client(moto_config("S3", "s3", moto_fixture_key(), endpoint()), transport);
    cloud::S3Client s3(client, cloud::S3Addressing::path);
    return use(s3);
  }

  void start(const std::string& bucket) {
    if (!moto_importable()) {
      skip = "python3 cannot import moto";
      return;
    }
    moto = std::make_unique<MotoServer>();
    failure = moto->start(MotoAuth::open);
    if (!failure.empty()) return;
    try {
      with_s3([&](cloud::S3Client& s3) { s3.create_bucket(bucket); });
    } catch (const std::exception& error) {
      failure = std::string("creating the bucket: ") + error.what();
    }
  }
  void stop() { moto.reset(); }
  std::string endpoint() const { return moto->endpoint(); }
};

}  // namespace agentlift::testing
