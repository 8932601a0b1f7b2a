// `agentlift diff <path>`: what `agentlift deploy <path>` would do, without
// doing it: create, update (with the fields that change) or nothing. Offline
// it compares the plan with the lockfile (spec hash, region, model, display
// name, role); with --remote it reads the live resource and lists the fields
// an update would change (harness_drift / runtime_drift). The decision is the
// deploy's own (decide_harness_deploy), so diff and deploy agree.
// --detailed-exitcode: 0 no change, 2 changes, 1 error (Terraform's convention).

#include <ostream>

#include "base/errors.hpp"
#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/deploy_support.hpp"
#include "cli/deployed.hpp"
#include "plan/identifiers.hpp"
#include "targets/bedrock/harness_deploy_decision.hpp"
#include "targets/bedrock/harness_drift.hpp"
#include "targets/bedrock/plan_text.hpp"
#include "targets/bedrock/runtime_deploy_decision.hpp"
#include "targets/bedrock/runtime_drift.hpp"

namespace agentlift::cli {
namespace {

constexpr int k_exit_changes = 2;

struct DiffCommand {
  FolderOptions folder;
  BedrockOptions bedrock;
  bool remote = false;
  bool detailed_exitcode = false;
  bool json = false;
  std::string role_arn;
  std::string s3_bucket;
  AwsOptions aws;
};

struct Outcome {
  Outcome(std::string kind_, std::string name_, std::string region_, bedrock::HarnessAction action_,
          std::string reason_)
      : kind(std::move(kind_)),
        name(std::move(name_)),
        region(std::move(region_)),
        action(action_),
        reason(std::move(reason_)) {}

  std::string kind;  // "harness" or "runtime"
  std::string name;  // the resource name the plan gives it
  std::string region;
  bedrock::HarnessAction action = bedrock::HarnessAction::create;
  std::string reason;
  std::string resource_id;  // the recorded resource, "" on create
  bedrock::Drift changes;   // planned = what the deploy sends, live = what is there now
  std::string note;         // drift a deploy would not touch, or why no field changes
};

void add_if_changed(bedrock::Drift& out, const std::string& field, const std::string& recorded,
                    const std::string& planned) {
  if (recorded != planned) {
    out.push_back({field, planned.empty() ? "(none)" : planned,
                   recorded.empty() ? "(none recorded)" : recorded});
  }
}

std::string short_hash(const std::string& hash) { return hash.substr(0, 12); }

// Outcomes name a runtime's action with the harness's words (create, update, …).
bedrock::HarnessAction as_action(bedrock::RuntimeAction action) {
  switch (action) {
    case bedrock::RuntimeAction::create:
      return bedrock::HarnessAction::create;
    case bedrock::RuntimeAction::update:
      return bedrock::HarnessAction::update;
    case bedrock::RuntimeAction::skip:
      return bedrock::HarnessAction::skip;
    case bedrock::RuntimeAction::refuse:
      return bedrock::HarnessAction::refuse;
  }
  return bedrock::HarnessAction::refuse;
}

Outcome harness_outcome(const DiffCommand& options, const bedrock::HarnessPlan& plan,
                        const DeployedLocks& locks, const plan::Environment& environment, Io& io) {
  const std::string role =
      setting(options.role_arn, environment, "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN");
  const std::string bucket = setting(options.s3_bucket, environment, "AGENTLIFT_BEDROCK_S3_BUCKET");
  const bedrock::HarnessDeployDecision decision =
      bedrock::decide_harness_deploy(plan, locks.harness, {role, bucket});
  if (decision.action == bedrock::HarnessAction::refuse) {
    throw Error(decision.reason, "fix or move " + bedrock::harness_lock_path(locks.root).string() +
                                     " (it records the deployed harness)");
  }
  Outcome out("harness", plan.harness_name, plan.region, decision.action, decision.reason);
  const bedrock::HarnessLock& lock = locks.harness.lock;
  if (decision.action == bedrock::HarnessAction::create) return out;
  out.resource_id = lock.harness_id;
  if (!options.remote) {
    add_if_changed(out.changes, "spec_hash", short_hash(lock.spec_hash),
                   short_hash(plan.spec_hash()));
    add_if_changed(out.changes, "model", lock.deploy_model, plan.bedrock_model);
    add_if_changed(out.changes, "display_name", lock.display_name, plan.display_name);
    if (!role.empty() && !lock.execution_role_arn.empty()) {
      add_if_changed(out.changes, "executionRoleArn", lock.execution_role_arn, role);
    }
    return out;
  }
  std::unique_ptr<AwsAccess> access = aws_access_in(options.aws, lock.region, environment, io);
  for (const std::string& secret : known_header_values(plan, environment)) {
    access->add_secret(secret);
  }
  cloud::AgentCoreControlClient control = control_client(*access);
  const std::optional<cloud::AgentCoreResource> live = find_harness(control, lock.harness_id);
  if (!live) {
    throw Error("the lock records harness " + lock.harness_id +
                    ", which AgentCore no longer has: a deploy would fail to update it",
                "move " + bedrock::harness_lock_path(locks.root).string() +
                    " away and deploy again to create a new harness");
  }
  std::string desired_role = role.empty() ? lock.execution_role_arn : role;
  std::string desired_bucket = bucket.empty() ? recorded_skill_bucket(lock) : bucket;
  const bedrock::Drift drift = bedrock::harness_drift(
      bedrock::desired_harness_body(plan, desired_role, desired_bucket), live->raw);
  if (decision.action == bedrock::HarnessAction::update) {
    out.changes = drift;
    if (drift.empty()) {
      out.note =
          "no field of the live harness differs from the plan; the update records the "
          "new spec hash (MCP header values are not compared)";
    }
  } else if (!drift.empty()) {
    out.note = std::to_string(drift.size()) +
               " field(s) of the live harness differ from the plan (changed outside "
               "agentlift?); the spec is unchanged, so a deploy leaves them: see 'agentlift "
               "status'";
  }
  return out;
}

Outcome runtime_outcome(const DiffCommand& options, const bedrock::RuntimePlan& plan,
                        const DeployedLocks& locks, const plan::Environment& environment, Io& io) {
  const std::string role =
      setting(options.role_arn, environment, "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN");
  bedrock::RuntimeDeploySettings settings;
  settings.execution_role_arn = role;
  const bedrock::RuntimeDeployDecision runtime_decision =
      bedrock::decide_runtime_deploy(plan, locks.runtime, settings);
  const bedrock::HarnessDeployDecision decision{as_action(runtime_decision.action),
                                                runtime_decision.reason};
  if (decision.action == bedrock::HarnessAction::refuse) {
    throw Error(decision.reason, "fix or move " + bedrock::runtime_lock_path(locks.root).string() +
                                     " (it records the deployed runtime)");
  }
  Outcome out("runtime", plan::safe_ident(plan.display_name), plan.region, decision.action,
              decision.reason);
  const bedrock::RuntimeLock& lock = locks.runtime.lock;
  if (decision.action == bedrock::HarnessAction::create) return out;
  out.resource_id = lock.agent_runtime_id;
  add_if_changed(out.changes, "spec_hash", short_hash(lock.spec_hash),
                 short_hash(plan.spec_hash()));
  add_if_changed(out.changes, "display_name", lock.display_name, plan.display_name);
  if (!role.empty() && !lock.execution_role_arn.empty()) {
    add_if_changed(out.changes, "roleArn", lock.execution_role_arn, role);
  }
  if (!options.remote) return out;
  std::unique_ptr<AwsAccess> access = aws_access_in(options.aws, lock.region, environment, io);
  cloud::AgentCoreControlClient control = control_client(*access);
  const std::optional<cloud::AgentCoreResource> live =
      find_agent_runtime(control, lock.agent_runtime_id);
  if (!live) {
    throw Error("the lock records agent runtime " + lock.agent_runtime_id +
                    ", which AgentCore no longer has: a deploy would fail to update it",
                "move " + bedrock::runtime_lock_path(locks.root).string() +
                    " away and deploy again to create a new runtime");
  }
  bedrock::Drift drift = bedrock::runtime_drift(lock, live->raw, plan.spec_hash());
  std::erase_if(drift, [](const bedrock::FieldDrift& item) { return item.field == "spec_hash"; });
  if (!drift.empty()) {
    out.note = "the live runtime differs from the lock in: ";
    for (std::size_t i = 0; i < drift.size(); ++i) {
      out.note += (i ? ", " : "") + drift[i].field + " (" + drift[i].live + ")";
    }
    if (decision.action == bedrock::HarnessAction::update) {
      out.note += "; the update replaces them";
    }
  }
  return out;
}

// For diff, a change goes from what is there now (the lock's record offline,
// the live resource with --remote) to what the deploy sends.
Json changes_json(const bedrock::Drift& changes) {
  Json out = Json::array();
  for (const bedrock::FieldDrift& item : changes) {
    out.push_back({{"field", item.field}, {"from", item.live}, {"to", item.planned}});
  }
  return out;
}

void print_text(const Outcome& out, const std::string& path, bool remote, std::ostream& stream) {
  switch (out.action) {
    case bedrock::HarnessAction::create:
      stream << "+ create " << out.kind << " " << out.name << " in " << out.region << "\n";
      break;
    case bedrock::HarnessAction::update:
      stream << "~ update " << out.kind << " " << out.resource_id << " in " << out.region << "\n";
      break;
    default:
      stream << "= " << out.kind << " " << out.resource_id << " in " << out.region
             << " is up to date\n";
      break;
  }
  stream << "  " << out.reason << "\n";
  for (const bedrock::FieldDrift& item : out.changes) {
    stream << "  ~ " << item.field << ": " << item.live << " -> " << item.planned << "\n";
  }
  if (!out.note.empty()) stream << "  note: " << out.note << "\n";
  stream << "\n";
  if (out.action == bedrock::HarnessAction::skip) {
    stream << "No changes: a deploy would do nothing"
           << (remote ? "." : " (offline: compared with the lockfile; --remote reads AgentCore).")
           << "\n";
  } else {
    stream << "A deploy would " << bedrock::action_name(out.action) << " the " << out.kind
           << ". Run: agentlift deploy " << path << "\n";
  }
}

int run_diff(const DiffCommand& options, Io& io) {
  require_bedrock_target(options.bedrock.target);
  const parse::ParseResult parsed = load_project(options.folder);
  const bedrock::Plan plan =
      bedrock::build_plan(parsed.project, parsed.diagnostics, plan_options(options.bedrock));
  if (!plan.deployable()) {
    io.out << bedrock::render_text(plan, model::TextStyle{io.color})
           << "\nNo diff: the plan has errors (fix them first).\n";
    return k_exit_failed;
  }
  const DeployedLocks locks = read_deployed_locks(parsed.project.root);
  const plan::Environment environment = environment_with_dotenv(parsed.project.root);
  const Outcome out = plan.mode == bedrock::Mode::harness
                          ? harness_outcome(options, plan.harness, locks, environment, io)
                          : runtime_outcome(options, plan.runtime, locks, environment, io);
  if (options.json) {
    io.out << json::pretty(Json{{"kind", out.kind},
                                {"action", bedrock::action_name(out.action)},
                                {"reason", out.reason},
                                {"name", out.name},
                                {"region", out.region},
                                {"resource_id", out.resource_id},
                                {"remote", options.remote},
                                {"changes", changes_json(out.changes)},
                                {"note", out.note}})
           << "\n";
  } else {
    print_text(out, options.folder.path, options.remote, io.out);
  }
  const bool changes = out.action != bedrock::HarnessAction::skip;
  return options.detailed_exitcode && changes ? k_exit_changes : k_exit_ok;
}

}  // namespace

void register_diff(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<DiffCommand>();
  CLI::App* command = app.add_subcommand("diff", "Show what a deploy would change");
  add_folder_options(*command, options->folder);
  add_bedrock_options(*command, options->bedrock);
  add_aws_options(*command, options->aws, /*with_region=*/false);
  command->add_flag("--remote", options->remote,
                    "Compare with the live resource on AgentCore, field by field");
  command->add_flag("--detailed-exitcode", options->detailed_exitcode,
                    "Exit 0 for no changes, 2 for changes, 1 for errors");
  command->add_option(
      "--role-arn", options->role_arn,
      "The role the deploy would use (default: AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN)");
  command->add_option(
      "--s3-bucket", options->s3_bucket,
      "The skills bucket the deploy would use (default: AGENTLIFT_BEDROCK_S3_BUCKET)");
  command->add_flag("--json", options->json, "Print the diff as JSON");
  command->callback([options, &slot] {
    slot = [options](Io& io) {
      try {
        return run_diff(*options, io);
      } catch (const UsageError& error) {
        // With --detailed-exitcode, 2 means "changes": a usage error is a plain error then.
        if (!options->detailed_exitcode) throw;
        throw Error(error.what(), error.hint());
      }
    };
  });
}

}  // namespace agentlift::cli
