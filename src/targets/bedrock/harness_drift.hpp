#pragma once
// Drift of a deployed harness: the live harness (GetHarness) against the
// CreateHarness body the folder's plan would send (harness_request.hpp), field
// by field. `status` shows it; `diff --remote` uses it for the changes an
// update would make.
//
// Compared: executionRoleArn, model, systemPrompt, tools (per tool name: type,
// MCP url, the NAMES of the MCP headers), skills, allowedTools. MCP header
// VALUES are never compared: they are secrets, and the desired body is built
// with a placeholder for each (desired_harness_body), so no value is read or
// printed. Members the plan never sets (truncation, environment, memory, …) are
// not compared. What AWS fills in when a create leaves it out counts as what
// the plan asked for: no systemPrompt = [], no tools/skills = [], no
// allowedTools = ["*"].

#include <string>

#include "base/json.hpp"
#include "targets/bedrock/field_drift.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::bedrock {

// What replaces each MCP header value in a desired body.
inline constexpr const char* k_header_value_placeholder = "<not compared>";

// The CreateHarness body the plan would send, with placeholder MCP header
// values and the skills' URIs in `skill_bucket` ("" when unknown: the URIs then
// say "s3://<bucket>/…"). `execution_role_arn` "" leaves the role out (not
// compared). Throws agentlift::Error as create_harness_body does (two MCP
// servers on one tool name).
Json desired_harness_body(const HarnessPlan& plan, const std::string& execution_role_arn,
                          const std::string& skill_bucket);

// The compared members of a CreateHarness body or a live Harness object, with
// AWS's defaults filled in and MCP headers reduced to their sorted names.
Json comparable_harness(const Json& harness);

// Every compared field where `desired_body` (desired_harness_body) and `live`
// (GetHarness's `harness` object) differ, in a fixed order. A role missing
// from `desired_body` is not compared.
Drift harness_drift(const Json& desired_body, const Json& live);

}  // namespace agentlift::bedrock
