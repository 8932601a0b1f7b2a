#include "targets/bedrock/doctor_checks.hpp"

#include <gtest/gtest.h>

namespace agentlift::bedrock {
namespace {

constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-exec";

TEST(DoctorChecks, ExecutionRoleMustBeSetAndWellFormed) {
  EXPECT_EQ(execution_role_check("").verdict, Verdict::failed);
  EXPECT_NE(execution_role_check("").fix.find("AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN"),
            std::string::npos);
  EXPECT_EQ(execution_role_check("arn:aws:iam::123456789012:user/alice").verdict, Verdict::failed);
  EXPECT_EQ(execution_role_check("arn:aws:iam::12345:role/x").verdict, Verdict::failed);
  EXPECT_EQ(execution_role_check(k_role).verdict, Verdict::ok);
}

TEST(DoctorChecks, TrustPolicyShapes) {
  // A list of actions, a list of services, a single statement object.
  EXPECT_EQ(trust_check(k_role, R"({"Statement":{"Effect":"Allow","Action":["sts:TagSession",)"
                                R"("sts:AssumeRole"],"Principal":{"Service":["ec2.amazonaws.com",)"
                                R"("bedrock-agentcore.amazonaws.com"]}}})")
                .verdict,
            Verdict::ok);
  const Check with_arn = trust_check(
      k_role,
      R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":)"
      R"("bedrock-agentcore.amazonaws.com"},"Condition":{"ArnLike":{"aws:SourceArn":"x"}}}]})");
  EXPECT_EQ(with_arn.verdict, Verdict::ok);
  EXPECT_NE(with_arn.detail.find("aws:SourceAccount"), std::string::npos);
  EXPECT_EQ(trust_check(k_role, R"({"Statement":[{"Effect":"Deny","Action":"sts:AssumeRole",)"
                                R"("Principal":{"Service":"bedrock-agentcore.amazonaws.com"}}]})")
                .verdict,
            Verdict::failed);
  EXPECT_EQ(trust_check(k_role, "not json").verdict, Verdict::failed);
  EXPECT_EQ(trust_check(k_role, "[]").verdict, Verdict::failed);
}

TEST(DoctorChecks, BuildToolsPerArtifact) {
  BuildTools none;
  EXPECT_EQ(build_tools_check(Mode::harness, RuntimeArtifact::container, none).verdict,
            Verdict::skipped);
  EXPECT_EQ(build_tools_check(Mode::runtime, RuntimeArtifact::container, none).verdict,
            Verdict::failed);
  BuildTools docker_only;
  docker_only.docker = true;
  const Check no_buildx = build_tools_check(Mode::runtime, RuntimeArtifact::container, docker_only);
  EXPECT_EQ(no_buildx.verdict, Verdict::failed);
  EXPECT_NE(no_buildx.detail.find("buildx"), std::string::npos);
  BuildTools podman;
  podman.podman = true;
  EXPECT_EQ(build_tools_check(Mode::runtime, RuntimeArtifact::container, podman).verdict,
            Verdict::ok);
  EXPECT_EQ(build_tools_check(Mode::runtime, RuntimeArtifact::code, podman).verdict,
            Verdict::failed);
  BuildTools pip;
  pip.pip = true;
  EXPECT_EQ(build_tools_check(Mode::runtime, RuntimeArtifact::code, pip).detail, "python3 -m pip");
}

TEST(DoctorChecks, RegionNotOnTheListStillPassesWhenTheEndpointAnswers) {
  EXPECT_EQ(endpoint_answers(Mode::harness, "us-west-2").detail.find("not on"), std::string::npos);
  const Check fresh = endpoint_answers(Mode::harness, "eu-south-1");
  EXPECT_EQ(fresh.verdict, Verdict::ok);
  EXPECT_NE(fresh.detail.find("not on agentlift's list"), std::string::npos);
}

TEST(DoctorChecks, ReportPassesUnlessACheckFailed) {
  DoctorReport report;
  report.checks.push_back(execution_role_check(k_role));
  report.checks.push_back(model_not_probed());
  EXPECT_TRUE(report.passed());
  EXPECT_NE(report.to_text().find("ok      Execution role: "), std::string::npos);
  EXPECT_NE(report.to_text().find("skipped Model access: "), std::string::npos);
  report.checks.push_back(execution_role_check(""));
  EXPECT_FALSE(report.passed());
  const Json json = report.to_json();
  EXPECT_EQ(json["passed"], false);
  EXPECT_EQ(json["checks"][2]["verdict"], "failed");
  EXPECT_EQ(json["checks"][2]["id"], "execution_role");
  EXPECT_NE(report.to_text().find("        fix: pass --role-arn"), std::string::npos);
}

}  // namespace
}  // namespace agentlift::bedrock
