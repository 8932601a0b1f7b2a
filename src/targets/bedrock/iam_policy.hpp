#pragma once
// The IAM documents a folder's AgentCore deploy needs, computed from its plan
// (`agentlift iam`): the execution role's permission policy and trust policy,
// and the deploying caller's policy. Least privilege: every ARN names the
// account, region, model, bucket prefix or resource name when it is known, and
// a wildcard stands only where AWS picks the name (a harness id's random
// suffix, the regions a cross-region inference profile routes to).
//
// Pure: the account id, role and bucket arrive as inputs.

#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

enum class RuntimeArtifact { code, container };

// Where the Runtime's code zip goes in the bucket ("<root>/<runtime name>/…").
inline constexpr const char* k_code_key_root = "agentlift-code";

struct IamSettings {
  std::string account_id;  // 12 digits
  std::string role_arn;    // the execution role; "" suggests arn:…:role/agentlift-<name>
  std::string s3_bucket;   // skills (harness) or code zips (runtime); "" when unset
  RuntimeArtifact artifact = RuntimeArtifact::code;
};

// What the policies are built from, read off the plan.
struct IamInputs {
  Mode mode = Mode::harness;  // harness or runtime
  std::string partition;      // "aws", "aws-cn", …
  std::string region;
  std::string account_id;
  std::string resource_name;  // harness name, or the runtime name
  std::string role_arn;
  std::string role_name;
  std::vector<std::string> model_ids;  // Bedrock model ids, sorted, distinct
  std::string bucket;                  // "" when none is set
  bool needs_bucket = false;           // skills (harness) or a code zip (runtime)
  bool uses_browser = false;
  bool uses_code_interpreter = false;
  RuntimeArtifact artifact = RuntimeArtifact::code;
  std::string ecr_repository;  // container Runtime: "agentlift/<runtime name>"
};

// Throws UsageError when the account id is not 12 digits or the role ARN is
// malformed.
IamInputs iam_inputs(const Plan& plan, const IamSettings& settings);

// The placeholder used in ARNs when a needed bucket is not set.
inline constexpr const char* k_bucket_placeholder = "YOUR-BUCKET";

// The three documents, each ready for `aws iam create-role
// --assume-role-policy-document` / `put-role-policy --policy-document`.
Json execution_role_policy(const IamInputs& inputs);
Json trust_policy(const IamInputs& inputs);
Json deployer_policy(const IamInputs& inputs);

// The ARNs `bedrock:InvokeModel` needs for one model id in `region`: an
// inference profile ("eu.anthropic.…") and the foundation model it routes to
// (in any region of its geography, so the region is a wildcard; "global."
// profiles also need the region-less form), or a foundation model in `region`.
std::vector<std::string> model_resource_arns(const std::string& model_id,
                                             const std::string& partition,
                                             const std::string& region,
                                             const std::string& account_id);

}  // namespace agentlift::bedrock
