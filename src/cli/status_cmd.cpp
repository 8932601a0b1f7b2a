// `agentlift status <path>`: what is deployed from a folder (its lockfiles),
// how AgentCore sees it now (GetHarness / GetAgentRuntime), and whether it
// drifted from the folder's plan. Exit 0 when everything recorded exists (also
// with drift, and when nothing is deployed), 1 when a lock points at a
// resource that no longer exists or cannot be read, 3 when a resource is in a
// failed state (docs/commands-live.md).

#include <ostream>

#include "base/errors.hpp"
#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/deploy_support.hpp"
#include "cli/deployed.hpp"
#include "targets/bedrock/harness_drift.hpp"
#include "targets/bedrock/runtime_drift.hpp"

namespace agentlift::cli {
namespace {

struct StatusCommand {
  FolderOptions folder;
  bool json = false;
  AwsOptions aws;
};

constexpr const char* k_header_note = "MCP header values are not compared";

// One deployment as status reports it.
struct Report {
  std::string kind;  // "harness" or "runtime"
  std::filesystem::path lock_file;
  std::string id;
  std::string arn;
  std::string region;
  std::optional<cloud::AgentCoreResource> live;
  std::string recorded_spec_hash;
  std::string planned_spec_hash;
  std::string artifact;  // runtime only
  std::string role;
  bedrock::Drift drift;
  std::string drift_unavailable;  // why no drift could be computed
};

bool failed(const Report& report) {
  return report.live && report.live->status.find("FAILED") != std::string::npos;
}

Json report_json(const Report& report) {
  Json out = Json::object();
  out["kind"] = report.kind;
  out["lock_file"] = report.lock_file.string();
  out["id"] = report.id;
  out["arn"] = report.arn;
  out["region"] = report.region;
  out["exists"] = report.live.has_value();
  if (report.live) {
    out["status"] = report.live->status;
    out["version"] = report.live->version;
    out["failure_reason"] = report.live->failure_reason;
  }
  if (!report.artifact.empty()) out["artifact"] = report.artifact;
  if (!report.role.empty()) out["role_arn"] = report.role;
  out["spec_hash_recorded"] = report.recorded_spec_hash;
  out["spec_hash_planned"] = report.planned_spec_hash;
  out["in_sync"] = report.live && report.drift.empty() && report.drift_unavailable.empty();
  out["drift"] = bedrock::drift_json(report.drift);
  if (!report.drift_unavailable.empty()) out["drift_unavailable"] = report.drift_unavailable;
  if (report.kind == "harness") out["header_values_compared"] = false;
  return out;
}

void print_drift(const bedrock::Drift& drift, std::ostream& out) {
  for (const bedrock::FieldDrift& item : drift) {
    out << "    " << item.field << "\n"
        << "      planned: " << item.planned << "\n"
        << "      live:    " << item.live << "\n";
  }
}

void print_report(const Report& report, std::ostream& out) {
  out << (report.kind == "harness" ? "Harness " : "Runtime ") << report.id << "  (from "
      << report.lock_file.filename().string() << ")\n"
      << "  arn:      " << report.arn << "\n"
      << "  region:   " << report.region << "\n";
  if (!report.live) {
    out << "  status:   GONE: AgentCore has no " << report.kind << " " << report.id
        << " (deleted outside agentlift?)\n";
    return;
  }
  out << "  status:   " << report.live->status << "   version " << report.live->version << "\n";
  if (!report.live->failure_reason.empty()) {
    out << "  failure:  " << report.live->failure_reason << "\n";
  }
  if (!report.artifact.empty()) out << "  artifact: " << report.artifact << "\n";
  if (!report.role.empty()) out << "  role:     " << report.role << "\n";
  const bool same_hash = report.recorded_spec_hash == report.planned_spec_hash;
  out << "  spec:     "
      << (report.recorded_spec_hash.empty() ? std::string("(none recorded)")
                                            : report.recorded_spec_hash.substr(0, 12))
      << (same_hash ? " (the folder plans the same)"
                    : " deployed, the folder now plans " + report.planned_spec_hash.substr(0, 12))
      << "\n";
  if (!report.drift_unavailable.empty()) {
    out << "  drift:    not computed: " << report.drift_unavailable << "\n";
  } else if (report.drift.empty()) {
    out << "  drift:    none"
        << (report.kind == "harness" ? std::string(" (") + k_header_note + ")" : "") << "\n";
  } else {
    out << "  drift:    " << report.drift.size() << " field(s) differ"
        << (report.kind == "harness" ? std::string(" (") + k_header_note + ")" : "") << ":\n";
    print_drift(report.drift, out);
  }
}

Report harness_report(const parse::ParseResult& parsed, const bedrock::HarnessLock& lock,
                      const plan::Environment& environment, AwsAccess& access) {
  Report report;
  report.kind = "harness";
  report.lock_file = bedrock::harness_lock_path(parsed.project.root);
  report.id = lock.harness_id;
  report.arn = lock.harness_arn;
  report.region = lock.region;
  report.recorded_spec_hash = lock.spec_hash;
  const bedrock::HarnessPlan plan = harness_plan_in(parsed, lock.region);
  report.planned_spec_hash = plan.spec_hash();
  const std::vector<std::string> secrets = known_header_values(plan, environment);
  for (const std::string& secret : secrets) access.add_secret(secret);
  cloud::AgentCoreControlClient control = control_client(access);
  report.live = find_harness(control, lock.harness_id);
  if (!report.live) return report;
  report.live->failure_reason = hide_texts(report.live->failure_reason, secrets);
  if (!plan.deployable()) {
    report.drift_unavailable = "the folder's harness plan has errors (see 'agentlift plan')";
    return report;
  }
  std::string role = setting("", environment, "AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN");
  if (role.empty()) role = lock.execution_role_arn;
  std::string bucket = recorded_skill_bucket(lock);
  if (bucket.empty()) bucket = setting("", environment, "AGENTLIFT_BEDROCK_S3_BUCKET");
  try {
    report.drift =
        bedrock::harness_drift(bedrock::desired_harness_body(plan, role, bucket), report.live->raw);
  } catch (const Error& error) {
    report.drift_unavailable = error.what();
  }
  return report;
}

Report runtime_report(const parse::ParseResult& parsed, const bedrock::RuntimeLock& lock,
                      cloud::AgentCoreControlClient& control) {
  Report report;
  report.kind = "runtime";
  report.lock_file = bedrock::runtime_lock_path(parsed.project.root);
  report.id = lock.agent_runtime_id;
  report.arn = lock.agent_runtime_arn;
  report.region = lock.region;
  report.recorded_spec_hash = lock.spec_hash;
  report.live = find_agent_runtime(control, lock.agent_runtime_id);
  const bedrock::RuntimePlan plan = runtime_plan_in(parsed, lock.region);
  report.planned_spec_hash = plan.spec_hash();
  if (!report.live) return report;
  report.artifact = bedrock::runtime_artifact_uri(report.live->raw);
  if (report.live->raw.is_object()) report.role = report.live->raw.value("roleArn", "");
  report.drift = bedrock::runtime_drift(lock, report.live->raw, report.planned_spec_hash);
  return report;
}

int run_status(const StatusCommand& options, Io& io) {
  require_folder(options.folder.path);
  const parse::ParseResult parsed = load_project(options.folder);
  const DeployedLocks locks = read_deployed_locks(parsed.project.root);
  require_readable_locks(locks);
  std::vector<Report> reports;
  if (locks.has_harness() || locks.has_runtime()) {
    const plan::Environment environment = environment_with_dotenv(parsed.project.root);
    if (locks.has_harness()) {
      std::unique_ptr<AwsAccess> access =
          aws_access_in(options.aws, locks.harness.lock.region, environment, io);
      reports.push_back(harness_report(parsed, locks.harness.lock, environment, *access));
    }
    if (locks.has_runtime()) {
      std::unique_ptr<AwsAccess> access =
          aws_access_in(options.aws, locks.runtime.lock.region, environment, io);
      cloud::AgentCoreControlClient control = control_client(*access);
      reports.push_back(runtime_report(parsed, locks.runtime.lock, control));
    }
  }
  bool gone = false;
  bool any_failed = false;
  for (const Report& report : reports) {
    gone = gone || !report.live;
    any_failed = any_failed || failed(report);
  }
  if (options.json) {
    Json deployments = Json::array();
    for (const Report& report : reports) deployments.push_back(report_json(report));
    io.out << json::pretty(Json{{"project", parsed.project.root.string()},
                                {"deployments", std::move(deployments)}})
           << "\n";
  } else if (reports.empty()) {
    io.out << "Nothing deployed from " << parsed.project.root.string() << " (no "
           << bedrock::k_harness_lock_file << " or " << bedrock::k_runtime_lock_file << ").\n"
           << "  deploy it with: agentlift deploy " << options.folder.path << "\n";
  } else {
    for (std::size_t i = 0; i < reports.size(); ++i) {
      if (i > 0) io.out << "\n";
      print_report(reports[i], io.out);
    }
  }
  if (gone) {
    io.err << "error: a lockfile records a resource AgentCore no longer has\n"
           << "hint: move that lockfile away and run 'agentlift deploy " << options.folder.path
           << "' to create a new one\n";
    return k_exit_failed;
  }
  return any_failed ? k_exit_deploy_failed : k_exit_ok;
}

}  // namespace

void register_status(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<StatusCommand>();
  CLI::App* command =
      app.add_subcommand("status", "Show what is deployed from a folder and whether it drifted");
  add_folder_options(*command, options->folder);
  add_aws_options(*command, options->aws, /*with_region=*/false);
  command->add_flag("--json", options->json, "Print the status as JSON");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_status(*options, io); }; });
}

}  // namespace agentlift::cli
