#pragma once
// The verdicts of `agentlift doctor` (the seed's two gates, checked before a
// deploy), decided from what the probes saw: each function takes a reply, an
// error or a fact about the machine and returns one Check with a fix line.
// Pure: the CLI makes the calls (cli/doctor_cmd.cpp).

#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "cloud/aws_error.hpp"
#include "targets/bedrock/iam_policy.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

enum class Verdict { ok, failed, skipped };
const char* verdict_name(Verdict verdict);  // "ok", "failed", "skipped"

struct Check {
  std::string id;     // "credentials", "execution_role", …
  std::string title;  // "AWS credentials"
  Verdict verdict = Verdict::ok;
  std::string detail;  // what was found
  std::string fix;     // what to do; "" when nothing is needed
};

struct DoctorReport {
  std::vector<Check> checks;
  // True when no check failed (skipped checks do not count against it).
  bool passed() const;
  Json to_json() const;
  std::string to_text() const;
};

// The regions whose AgentCore offers each primitive (aws-wire.md §0, newest
// documentation snapshot). Used for the fix text, not to refuse a region.
const std::vector<std::string>& harness_regions();
const std::vector<std::string>& runtime_regions();

// ---- Gate B ----------------------------------------------------------------------

Check credentials_ok(const std::string& account, const std::string& arn, const std::string& source);
// `error` is what resolving credentials or GetCallerIdentity threw.
Check credentials_failed(const std::string& error, const std::optional<cloud::HttpError>& http);

// `arn` from --role-arn or AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN ("" when unset).
Check execution_role_check(const std::string& arn);

// The bucket check when the folder needs no bucket, or when none is set.
Check bucket_not_needed(const std::string& why);
Check bucket_missing(const std::string& why_needed);
// HeadBucket's status for `bucket` from a session in `region`.
Check bucket_check(const std::string& bucket, int status, const std::string& region,
                   const std::optional<std::string>& bucket_region);

// The List call against the control plane of `region` (maxResults=1): it
// answered, or it failed with an HttpError or a transport failure.
Check endpoint_answers(Mode mode, const std::string& region);
Check endpoint_failed(Mode mode, const std::string& region, const cloud::HttpError& error);
Check endpoint_unreachable(Mode mode, const std::string& region, const std::string& error);

// ---- Runtime checks ---------------------------------------------------------------

struct BuildTools {
  bool docker = false;
  bool docker_buildx = false;
  bool podman = false;
  bool buildah = false;
  bool pip = false;  // python3 -m pip
  bool uv = false;
};
Check build_tools_check(Mode mode, RuntimeArtifact artifact, const BuildTools& tools);

// The role's trust policy (IAM GetRole's AssumeRolePolicyDocument, JSON text).
Check trust_check(const std::string& role_arn, const std::string& policy_document);
Check trust_skipped(const std::string& why);
Check trust_failed(const std::string& role_arn, const cloud::HttpError& error);

// ---- Gate A -----------------------------------------------------------------------

Check model_not_probed();
Check model_answers(const std::string& model_id, const std::string& region);
Check model_failed(const std::string& model_id, const std::string& region,
                   const cloud::HttpError& error);

}  // namespace agentlift::bedrock
