// `agentlift iam` as the real binary: the three documents for the example
// folders, the account id from --account-id or from STS (moto on 127.0.0.1),
// and a usage error with a hint when neither is available.

#include <gtest/gtest.h>

#include <filesystem>

#include "base/json.hpp"
#include "support/moto_server.hpp"
#include "support/subprocess.hpp"
#include "support/temp_folder.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOutput;

constexpr const char* k_canary = "iamCanarySecretKey0123456789abcdefXYZ";

std::string example(const std::string& name) {
  return (fs::path(AGENTLIFT_SOURCE_DIR) / "examples" / name).string();
}

std::vector<std::string> offline_environment(const testing::TempFolder& home) {
  return {"PATH=/usr/bin:/bin",
          "HOME=" + home.path().string(),
          "NO_PROXY=*",
          "AWS_EC2_METADATA_DISABLED=true",
          "AWS_CONFIG_FILE=/nonexistent/config",
          "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials"};
}

ProcessOutput iam(std::vector<std::string> arguments, const std::vector<std::string>& environment) {
  arguments.insert(arguments.begin(), {AGENTLIFT_BINARY, "iam"});
  return testing::run_process(arguments, environment);
}

TEST(CliIam, HarnessJsonHasTheThreeDocumentsForTheAccount) {
  testing::TempFolder home;
  const ProcessOutput result = iam({example("single-agent"), "--account-id", "123456789012",
                                    "--s3-bucket", "my-skills", "--json"},
                                   offline_environment(home));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Json out = Json::parse(result.out);
  EXPECT_EQ(out["mode"], "harness");
  EXPECT_EQ(out["region"], "us-west-2");
  EXPECT_EQ(out["warnings"], Json::array());
  EXPECT_EQ(out["trust_policy"]["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"],
            "123456789012");
  const std::string execution = out["execution_role_policy"].dump();
  EXPECT_NE(
      execution.find("arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic."),
      std::string::npos);
  EXPECT_NE(execution.find("arn:aws:s3:::my-skills/agentlift-skills/"), std::string::npos);
  const std::string deployer = out["deployer_policy"].dump();
  EXPECT_NE(deployer.find("bedrock-agentcore:CreateHarness"), std::string::npos);
  EXPECT_NE(deployer.find("iam:PassRole"), std::string::npos);
  EXPECT_EQ(
      out["role_arn"].get<std::string>().rfind("arn:aws:iam::123456789012:role/agentlift-", 0), 0u);
}

TEST(CliIam, TextShowsHeadingsAndTheAwsCommands) {
  testing::TempFolder home;
  const ProcessOutput result =
      iam({example("team"), "--account-id", "123456789012", "--artifact", "container"},
          offline_environment(home));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("IAM for the AgentCore Runtime in eu-north-1"), std::string::npos);
  EXPECT_NE(result.out.find("== Execution role trust policy (trust-policy.json) =="),
            std::string::npos);
  EXPECT_NE(result.out.find("aws iam create-role --role-name agentlift-"), std::string::npos);
  EXPECT_NE(result.out.find("--assume-role-policy-document file://trust-policy.json"),
            std::string::npos);
  EXPECT_NE(result.out.find("\"ecr:BatchGetImage\""), std::string::npos);
  EXPECT_EQ(result.err, "");
}

TEST(CliIam, AMissingBucketIsAPlaceholderWithAWarning) {
  testing::TempFolder home;
  const ProcessOutput result =
      iam({example("single-agent"), "--account-id", "123456789012"}, offline_environment(home));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("warning: no bucket is set"), std::string::npos);
  EXPECT_NE(result.out.find("arn:aws:s3:::YOUR-BUCKET/"), std::string::npos);
}

TEST(CliIam, WithoutAccountIdOrCredentialsItIsAUsageError) {
  testing::TempFolder home;
  const ProcessOutput result = iam({example("single-agent")}, offline_environment(home));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.err.find("--account-id"), std::string::npos) << result.err;
}

TEST(CliIam, AskStsForTheAccountWhenCredentialsWork) {
  if (!testing::moto_importable()) GTEST_SKIP() << "python3 cannot import moto";
  testing::MotoServer moto;
  ASSERT_EQ(moto.start(testing::MotoAuth::open), "");
  testing::TempFolder home;
  std::vector<std::string> environment = offline_environment(home);
  environment.push_back("AWS_ACCESS_KEY_ID=AKIAIAMTEST");
  environment.push_back(std::string("AWS_SECRET_ACCESS_KEY=") + k_canary);
  environment.push_back("AWS_ENDPOINT_URL_STS=" + moto.endpoint());
  const ProcessOutput result = iam({example("single-agent"), "--json", "--debug"}, environment);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Json::parse(result.out)["account_id"], testing::k_moto_account);
  EXPECT_NE(result.err.find("GetCallerIdentity"), std::string::npos);
  EXPECT_EQ(result.out.find(k_canary), std::string::npos);
  EXPECT_EQ(result.err.find(k_canary), std::string::npos);
}

}  // namespace
}  // namespace agentlift
