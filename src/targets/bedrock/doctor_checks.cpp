#include "targets/bedrock/doctor_checks.hpp"

#include <algorithm>
#include <regex>

namespace agentlift::bedrock {
namespace {

constexpr const char* k_agentcore_principal = "bedrock-agentcore.amazonaws.com";
constexpr const char* k_iam_hint = "'agentlift iam <path>' prints the policies";

Check make(std::string id, std::string title, Verdict verdict, std::string detail,
           std::string fix = {}) {
  return Check{std::move(id), std::move(title), verdict, std::move(detail), std::move(fix)};
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

const char* primitive(Mode mode) { return mode == Mode::runtime ? "Runtime" : "Harness"; }

std::string error_text(const cloud::HttpError& error) {
  std::string text = error.code().empty() ? "HTTP " + std::to_string(error.status()) : error.code();
  if (!error.aws_message().empty()) text += ": " + error.aws_message();
  return text;
}

bool is_access_denied(const cloud::HttpError& error) {
  return error.status() == 403 || error.code() == "AccessDenied" ||
         error.code() == "AccessDeniedException";
}

// Whether `value` (a string or a list of strings) holds `wanted`.
bool holds(const Json& value, const std::string& wanted) {
  if (value.is_string()) return value.get<std::string>() == wanted;
  if (!value.is_array()) return false;
  return std::any_of(value.begin(), value.end(), [&](const Json& item) {
    return item.is_string() && item.get<std::string>() == wanted;
  });
}

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::ok:
      return "ok";
    case Verdict::failed:
      return "failed";
    case Verdict::skipped:
      return "skipped";
  }
  return "failed";
}

bool DoctorReport::passed() const {
  return std::none_of(checks.begin(), checks.end(),
                      [](const Check& check) { return check.verdict == Verdict::failed; });
}

Json DoctorReport::to_json() const {
  Json list = Json::array();
  for (const Check& check : checks) {
    list.push_back(Json{{"id", check.id},
                        {"title", check.title},
                        {"verdict", verdict_name(check.verdict)},
                        {"detail", check.detail},
                        {"fix", check.fix}});
  }
  return Json{{"passed", passed()}, {"checks", list}};
}

std::string DoctorReport::to_text() const {
  std::string out;
  for (const Check& check : checks) {
    std::string verdict = verdict_name(check.verdict);
    verdict.resize(8, ' ');
    out += verdict + check.title + ": " + check.detail + "\n";
    if (!check.fix.empty()) out += "        fix: " + check.fix + "\n";
  }
  const auto failed = std::count_if(checks.begin(), checks.end(), [](const Check& check) {
    return check.verdict == Verdict::failed;
  });
  out += passed() ? "\nReady to deploy: every required check passed.\n"
                  : "\n" + std::to_string(failed) + " check(s) failed.\n";
  return out;
}

const std::vector<std::string>& harness_regions() {
  static const std::vector<std::string> k_regions{
      "us-east-1",      "us-east-2",      "us-west-2",      "eu-central-1",
      "eu-west-1",      "eu-west-2",      "eu-west-3",      "eu-north-1",
      "ap-south-1",     "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
      "ap-northeast-2", "ca-central-1",   "sa-east-1",      "us-gov-west-1"};
  return k_regions;
}

const std::vector<std::string>& runtime_regions() {
  static const std::vector<std::string> k_regions{
      "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "eu-central-1",
      "eu-west-1",      "eu-west-2",      "eu-south-1",     "eu-west-3",      "eu-south-2",
      "eu-north-1",     "ap-southeast-5", "ap-south-1",     "ap-south-2",     "ap-southeast-1",
      "ap-southeast-2", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ca-central-1",
      "sa-east-1",      "us-gov-west-1"};
  return k_regions;
}

// ---- Gate B ----------------------------------------------------------------------

Check credentials_ok(const std::string& account, const std::string& arn,
                     const std::string& source) {
  return make("credentials", "AWS credentials", Verdict::ok,
              arn + " (account " + account + ", from " + source + ")");
}

Check credentials_failed(const std::string& error, const std::optional<cloud::HttpError>& http) {
  std::string fix =
      "give IAM credentials (not AWS_BEARER_TOKEN_BEDROCK, which only covers model inference): "
      "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or an instance role";
  if (http) {
    const std::string& code = http->code();
    if (code == "SignatureDoesNotMatch" || http->aws_message().find("expired") != std::string::npos)
      fix =
          "check the secret key, and that this machine's clock is within 5 minutes of the "
          "real time";
    if (code == "ExpiredToken") fix = "the session has expired: sign in again (aws sso login, …)";
    if (code == "InvalidClientTokenId") fix = "the access key id is unknown to AWS: check it";
  }
  return make("credentials", "AWS credentials", Verdict::failed, error, fix);
}

Check execution_role_check(const std::string& arn) {
  const char* title = "Execution role";
  if (arn.empty()) {
    return make("execution_role", title, Verdict::failed, "not set",
                "pass --role-arn or set AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN (or put it in "
                ".env); " +
                    std::string(k_iam_hint) + " and the commands that create the role");
  }
  static const std::regex k_role_arn("arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+");
  if (arn.size() > 2048 || !std::regex_match(arn, k_role_arn)) {
    return make("execution_role", title, Verdict::failed, "'" + arn + "' is not an IAM role ARN",
                "use the form arn:aws:iam::<12-digit account>:role/<name>");
  }
  return make("execution_role", title, Verdict::ok, arn);
}

Check bucket_not_needed(const std::string& why) {
  return make("s3_bucket", "S3 bucket", Verdict::skipped, why);
}

Check bucket_missing(const std::string& why_needed) {
  return make("s3_bucket", "S3 bucket", Verdict::failed, "not set, but " + why_needed,
              "pass --s3-bucket or set AGENTLIFT_BEDROCK_S3_BUCKET (or put it in .env)");
}

Check bucket_check(const std::string& bucket, int status, const std::string& region,
                   const std::optional<std::string>& bucket_region) {
  const char* title = "S3 bucket";
  const std::string name = "s3://" + bucket;
  if (status >= 200 && status < 300) {
    std::string detail = name + " is reachable";
    if (bucket_region && !bucket_region->empty()) detail += " (in " + *bucket_region + ")";
    return make("s3_bucket", title, Verdict::ok, detail);
  }
  if (status == 404) {
    return make("s3_bucket", title, Verdict::failed, name + " does not exist",
                "create it (aws s3 mb " + name + " --region " + region +
                    ") or point --s3-bucket / AGENTLIFT_BEDROCK_S3_BUCKET at an existing one");
  }
  if (status == 403) {
    return make("s3_bucket", title, Verdict::failed,
                name + " exists, but these credentials may not use it (HTTP 403)",
                "allow s3:ListBucket on the bucket and s3:PutObject/GetObject/DeleteObject on "
                "its agentlift prefix; " +
                    std::string(k_iam_hint) + " (or the bucket belongs to another account)");
  }
  if (status == 301 || status == 400) {
    return make(
        "s3_bucket", title, Verdict::failed,
        name + " is in another region than " + region + " (HTTP " + std::to_string(status) + ")",
        "use a bucket in " + region +
            " (AgentCore reads it from there), or deploy to the bucket's region with "
            "--bedrock-region");
  }
  return make("s3_bucket", title, Verdict::failed,
              "HeadBucket on " + name + " answered HTTP " + std::to_string(status),
              "check the bucket name and try again");
}

Check endpoint_answers(Mode mode, const std::string& region) {
  std::string detail =
      std::string("AgentCore ") + primitive(mode) + " control plane in " + region + " answers";
  const auto& known = mode == Mode::runtime ? runtime_regions() : harness_regions();
  if (!contains(known, region)) detail += " (the region is not on agentlift's list; it may be new)";
  return make("region", "Region", Verdict::ok, detail);
}

Check endpoint_failed(Mode mode, const std::string& region, const cloud::HttpError& error) {
  const std::string operation = mode == Mode::runtime ? "ListAgentRuntimes" : "ListHarnesses";
  if (is_access_denied(error)) {
    return make(
        "region", "Region", Verdict::failed,
        std::string("AgentCore in ") + region + " refused " + operation + ": " + error_text(error),
        "allow bedrock-agentcore:" + operation +
            " (and the other deploy actions) for "
            "this identity; " +
            k_iam_hint);
  }
  return make("region", "Region", Verdict::failed,
              std::string("AgentCore ") + primitive(mode) + " in " + region + ": " + operation +
                  " failed: " + error_text(error),
              "check the region; the " + std::string(primitive(mode)) + " is offered in " +
                  join(mode == Mode::runtime ? runtime_regions() : harness_regions(), ", "));
}

Check endpoint_unreachable(Mode mode, const std::string& region, const std::string& error) {
  return make("region", "Region", Verdict::failed,
              std::string("cannot reach the AgentCore control plane in ") + region + ": " + error,
              "the " + std::string(primitive(mode)) + " is offered in " +
                  join(mode == Mode::runtime ? runtime_regions() : harness_regions(), ", ") +
                  "; pick one with --bedrock-region (or check the network/proxy)");
}

// ---- Runtime checks ---------------------------------------------------------------

Check build_tools_check(Mode mode, RuntimeArtifact artifact, const BuildTools& tools) {
  const char* title = "Build tools";
  if (mode == Mode::harness) {
    return make("build_tools", title, Verdict::skipped, "a harness is configuration only");
  }
  if (artifact == RuntimeArtifact::container) {
    if (tools.docker && tools.docker_buildx)
      return make("build_tools", title, Verdict::ok, "docker with buildx");
    if (tools.podman) return make("build_tools", title, Verdict::ok, "podman");
    if (tools.buildah) return make("build_tools", title, Verdict::ok, "buildah");
    return make("build_tools", title, Verdict::failed,
                tools.docker ? "docker is on PATH, but 'docker buildx' is not available"
                             : "no docker, podman or buildah on PATH",
                "install Docker with the buildx plugin (or podman, or buildah) for the "
                "linux/arm64 image, or deploy the code zip instead (--artifact code)");
  }
  if (tools.uv) return make("build_tools", title, Verdict::ok, "uv");
  if (tools.pip) return make("build_tools", title, Verdict::ok, "python3 -m pip");
  return make("build_tools", title, Verdict::failed, "neither uv nor python3 -m pip works",
              "install uv or python3 with pip: the code zip bundles the agent's Python "
              "dependencies");
}

Check trust_check(const std::string& role_arn, const std::string& policy_document) {
  const char* title = "Role trust policy";
  const Json policy = Json::parse(policy_document, nullptr, false);
  if (policy.is_discarded() || !policy.is_object()) {
    return make("role_trust", title, Verdict::failed,
                role_arn + " has a trust policy that is not JSON",
                "replace it with the trust policy 'agentlift iam <path>' prints");
  }
  Json statements = policy.value("Statement", Json::array());
  if (statements.is_object()) statements = Json::array({statements});
  for (const Json& statement : statements) {
    if (!statement.is_object() || statement.value("Effect", "") != "Allow") continue;
    const Json action = statement.value("Action", Json());
    if (!holds(action, "sts:AssumeRole") && !holds(action, "sts:*")) continue;
    const Json principal = statement.value("Principal", Json::object());
    if (!principal.is_object() || !holds(principal.value("Service", Json()), k_agentcore_principal))
      continue;
    std::string detail = role_arn + " trusts " + k_agentcore_principal;
    const Json condition = statement.value("Condition", Json::object());
    if (condition.dump().find("aws:SourceArn") != std::string::npos) {
      detail +=
          " (with an aws:SourceArn condition: if a create fails on the role, use "
          "aws:SourceAccount instead)";
    }
    return make("role_trust", title, Verdict::ok, detail);
  }
  return make("role_trust", title, Verdict::failed,
              role_arn + " does not let " + k_agentcore_principal + " assume it",
              "set its trust policy to the one 'agentlift iam <path>' prints (aws iam "
              "update-assume-role-policy --role-name <name> --policy-document file://trust.json)");
}

Check trust_skipped(const std::string& why) {
  return make("role_trust", "Role trust policy", Verdict::skipped, why);
}

Check trust_failed(const std::string& role_arn, const cloud::HttpError& error) {
  if (is_access_denied(error)) {
    return trust_skipped("cannot read the role (" + error_text(error) +
                         "); allow iam:GetRole to have it checked");
  }
  if (error.status() == 404 || error.code() == "NoSuchEntity") {
    return make("role_trust", "Role trust policy", Verdict::failed, role_arn + " does not exist",
                "create it: 'agentlift iam <path>' prints the aws iam commands");
  }
  return make("role_trust", "Role trust policy", Verdict::failed,
              "IAM GetRole failed: " + error_text(error), "check the role ARN and try again");
}

// ---- Gate A -----------------------------------------------------------------------

Check model_not_probed() {
  return make("model_access", "Model access", Verdict::skipped,
              "not probed; pass --probe-model <model id> to send one one-token Converse call");
}

Check model_answers(const std::string& model_id, const std::string& region) {
  return make("model_access", "Model access", Verdict::ok, model_id + " answers in " + region);
}

Check model_failed(const std::string& model_id, const std::string& region,
                   const cloud::HttpError& error) {
  const char* title = "Model access";
  const std::string detail = model_id + " in " + region + ": " + error_text(error);
  const std::string& message = error.aws_message();
  if (message.find("use case details") != std::string::npos ||
      message.find("use case form") != std::string::npos) {
    return make("model_access", title, Verdict::failed, detail,
                "submit the Anthropic use-case form once for this account (Bedrock console > "
                "Model access > Anthropic), then wait about 15 minutes and run doctor again; "
                "the approval is eventually consistent, so it can flap for a while");
  }
  if (is_access_denied(error)) {
    return make("model_access", title, Verdict::failed, detail,
                "allow bedrock:InvokeModel on the model (and, for an inference profile, the "
                "foundation models it routes to); " +
                    std::string(k_iam_hint));
  }
  if (error.code() == "ValidationException" || error.code() == "ResourceNotFoundException") {
    return make("model_access", title, Verdict::failed, detail,
                "the model id is not offered in " + region +
                    ": check it (claude ids use the region's inference-profile prefix, e.g. " +
                    (region.rfind("eu-", 0) == 0 ? "eu." : "us.") +
                    "anthropic.…) and that model access is enabled there");
  }
  return make("model_access", title, Verdict::failed, detail,
              "try again; if it persists, check the model id and region");
}

}  // namespace agentlift::bedrock
