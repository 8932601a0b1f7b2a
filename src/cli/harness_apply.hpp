#pragma once
// The AgentCore half of a harness deploy: create or update the harness and
// wait until it settles, so that a deploy interrupted anywhere converges, when
// run again, on exactly one harness (targets/bedrock/harness_recovery.hpp):
//
//   update (the lock records a harness):  GetHarness; gone (404, or it finishes
//     DELETING) -> say so and fall through to the lookup; busy -> wait until it
//     settles; UpdateHarness (404 -> the lookup); wait until READY or failed.
//   lookup (no usable harness recorded):  ListHarnesses, every page; one with
//     the plan's name is adopted (recorded, then updated as above); one being
//     deleted is waited for; else CreateHarness with the spec-hash clientToken
//     (once more without it when AWS says the token's harness was deleted),
//     recorded at once, then waited for.
//
// `record` writes the lock for a harness the deploy now acts on, before any
// wait, so Ctrl-C or a killed process never leaves a harness the lock does not
// name (except for the instant between a create's reply and the write, which
// the lookup covers).

#include <chrono>
#include <functional>
#include <string>

#include "cli/io.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "targets/bedrock/harness_deploy_decision.hpp"
#include "targets/bedrock/harness_lock.hpp"
#include "targets/bedrock/harness_request.hpp"

namespace agentlift::cli {

struct HarnessApply {
  cloud::AgentCoreControlClient& control;
  const bedrock::HarnessPlan& plan;
  const bedrock::HarnessRequestInputs& inputs;
  std::function<void(const cloud::AgentCoreResource&)> record;
  std::chrono::seconds timeout;
  Io& io;
};

struct AppliedHarness {
  bedrock::HarnessAction action = bedrock::HarnessAction::create;  // what was done
  cloud::AgentCoreResource harness;                                // settled: READY or *_FAILED
};

// `decided` is create or update; `lock` is the lock as the deploy read it.
AppliedHarness apply_harness(const HarnessApply& apply, bedrock::HarnessAction decided,
                             const bedrock::HarnessLock& lock);

}  // namespace agentlift::cli
