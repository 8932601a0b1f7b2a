#pragma once
// The calls behind `agentlift doctor`: each probe makes one cheap call (or
// looks at the machine) and turns the outcome into a Check with
// targets/bedrock/doctor_checks. A probe never throws for what it checks; a
// failure is a failed Check.

#include <string>

#include "cloud/aws_session.hpp"
#include "plan/dotenv.hpp"
#include "targets/bedrock/doctor_checks.hpp"

namespace agentlift::cli {

// STS GetCallerIdentity with the session's credentials.
bedrock::Check probe_credentials(cloud::AwsSession& session);
// S3 HeadBucket.
bedrock::Check probe_bucket(cloud::AwsSession& session, const std::string& bucket);
// ListHarnesses / ListAgentRuntimes with maxResults=1.
bedrock::Check probe_control_plane(cloud::AwsSession& session, bedrock::Mode mode);
// IAM GetRole on the role's name, then its trust policy.
bedrock::Check probe_role_trust(cloud::AwsSession& session, const std::string& role_arn);
// One Converse call that asks for one token.
bedrock::Check probe_model(cloud::AwsSession& session, const std::string& model_id);

// Which build tools run here, looked up on the PATH of `environment`.
bedrock::BuildTools detect_build_tools(const plan::Environment& environment);

}  // namespace agentlift::cli
