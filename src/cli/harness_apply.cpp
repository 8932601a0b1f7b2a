#include "cli/harness_apply.hpp"

#include <optional>
#include <utility>

#include "base/errors.hpp"
#include "cli/deploy_support.hpp"
#include "cloud/aws_error.hpp"
#include "targets/bedrock/harness_recovery.hpp"

namespace agentlift::cli {
namespace {

using bedrock::HarnessAction;
using cloud::AgentCoreResource;

// The status wait_until_settled sees once a harness it waits for is gone.
constexpr const char* k_gone = "GONE";

std::optional<AgentCoreResource> get_if_exists(cloud::AgentCoreControlClient& control,
                                               const std::string& id) {
  try {
    return control.get_harness(id);
  } catch (const cloud::HttpError& error) {
    if (is_not_found(error)) return std::nullopt;
    throw;
  }
}

AgentCoreResource settle(const HarnessApply& apply, AgentCoreResource harness) {
  return wait_until_settled(
      std::move(harness), "harness",
      [&apply](const std::string& id) { return apply.control.get_harness(id); }, apply.timeout,
      apply.io);
}

// Waits while an existing harness is CREATING, UPDATING or DELETING; nullopt
// when it turns out to be gone.
std::optional<AgentCoreResource> settle_existing(const HarnessApply& apply,
                                                 AgentCoreResource harness) {
  AgentCoreResource settled = wait_until_settled(
      std::move(harness), "harness",
      [&apply](const std::string& id) {
        std::optional<AgentCoreResource> found = get_if_exists(apply.control, id);
        if (found) return *found;
        AgentCoreResource gone;
        gone.id = id;
        gone.status = k_gone;
        return gone;
      },
      apply.timeout, apply.io);
  if (settled.status == k_gone) return std::nullopt;
  if (settled.status == "DELETE_FAILED") {
    throw Error("harness " + settled.id + " named '" + apply.plan.harness_name +
                    "' failed to delete (DELETE_FAILED) and still holds its name",
                "delete it in the AgentCore console (or with 'agentlift destroy'), then deploy "
                "again");
  }
  return settled;
}

// UpdateHarness with the full desired configuration once the harness is
// settled, then waits; nullopt when the harness is gone.
std::optional<AgentCoreResource> update_existing(const HarnessApply& apply,
                                                 AgentCoreResource harness) {
  std::optional<AgentCoreResource> settled = settle_existing(apply, std::move(harness));
  if (!settled) return std::nullopt;
  AgentCoreResource updated;
  try {
    updated = apply.control.update_harness(settled->id,
                                           bedrock::update_harness_body(apply.plan, apply.inputs));
  } catch (const cloud::HttpError& error) {
    if (is_not_found(error)) return std::nullopt;
    throw;
  }
  return settle(apply, std::move(updated));
}

AgentCoreResource create(const HarnessApply& apply) {
  Json body = bedrock::create_harness_body(apply.plan, apply.inputs,
                                           bedrock::harness_client_token(apply.plan.spec_hash()));
  AgentCoreResource harness;
  try {
    harness = apply.control.create_harness(body);
  } catch (const cloud::HttpError& error) {
    if (!bedrock::is_deleted_client_token_error(error.aws_message())) throw;
    harness = apply.control.create_harness(bedrock::without_client_token(std::move(body)));
  }
  apply.record(harness);
  return settle(apply, std::move(harness));
}

}  // namespace

AppliedHarness apply_harness(const HarnessApply& apply, HarnessAction decided,
                             const bedrock::HarnessLock& lock) {
  if (decided == HarnessAction::update) {
    if (std::optional<AgentCoreResource> recorded = get_if_exists(apply.control, lock.harness_id)) {
      if (std::optional<AgentCoreResource> updated = update_existing(apply, std::move(*recorded))) {
        return {HarnessAction::update, std::move(*updated)};
      }
    }
    apply.io.err << "  " << bedrock::recorded_harness_gone(lock) << "\n";
  }
  const bedrock::ExistingHarness existing =
      bedrock::find_existing_harness(apply.control.list_all_harnesses(), apply.plan);
  if (existing.kind != bedrock::ExistingHarnessKind::none) {
    apply.io.err << "  " << existing.reason << "\n";
  }
  if (existing.kind == bedrock::ExistingHarnessKind::adopt) {
    apply.record(existing.harness);
    if (std::optional<AgentCoreResource> updated = update_existing(apply, existing.harness)) {
      return {HarnessAction::update, std::move(*updated)};
    }
  } else if (existing.kind == bedrock::ExistingHarnessKind::being_deleted) {
    if (std::optional<AgentCoreResource> alive = settle_existing(apply, existing.harness)) {
      throw Error("harness " + alive->id + " named '" + apply.plan.harness_name +
                      "' was being deleted and is now " + alive->status,
                  "deploy again to adopt it");
    }
  }
  return {HarnessAction::create, create(apply)};
}

}  // namespace agentlift::cli
