// `agentlift destroy <path>`: deletes what agentlift created on AgentCore for
// a folder, as its lockfiles record it (targets/bedrock/destroy_plan), and
// nothing else: lists it, asks (or --yes), deletes the harness / runtime and
// waits until it is gone, then the S3 objects and the ECR repository it made,
// then deletes the lockfiles. What could not be deleted stays in its lockfile
// (rewritten atomically) and the command exits 1, so a re-run finishes.

#include <functional>
#include <map>
#include <memory>
#include <ostream>

#include "base/errors.hpp"
#include "base/files.hpp"
#include "base/json.hpp"
#include "cli/aws_access.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/deploy_support.hpp"
#include "cli/deployed.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/ecr_client.hpp"
#include "cloud/s3_client.hpp"
#include "targets/bedrock/destroy_plan.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;
using bedrock::DestroyItem;
using bedrock::DestroyKind;

struct DestroyCommand {
  std::string path;
  bool dry_run = false;
  bool yes = false;
  bool json = false;
  int timeout_seconds = 600;
  AwsOptions aws;
};

struct Outcome {
  DestroyItem item;
  std::string result;  // "deleted", "already gone", "failed"
  std::string error;
};

// Deletes one AgentCore resource and waits until it is gone. True when it
// existed. `get` and `remove` throw HttpError; a 404 means gone.
bool delete_and_wait(const DestroyItem& item,
                     const std::function<cloud::AgentCoreResource(const std::string&)>& get,
                     const std::function<void(const std::string&)>& remove,
                     std::chrono::seconds timeout, Io& io) {
  const std::string noun = item.kind == DestroyKind::harness ? "harness" : "agent runtime";
  const auto get_or_gone = [&get](const std::string& id) {
    try {
      return get(id);
    } catch (const cloud::HttpError& error) {
      if (!is_not_found(error)) throw;
      cloud::AgentCoreResource gone;
      gone.id = id;
      gone.status = "DELETED";
      return gone;
    }
  };
  try {
    remove(item.id);
  } catch (const cloud::HttpError& error) {
    if (!is_not_found(error)) throw;
    return false;
  }
  const cloud::AgentCoreResource settled =
      wait_until_settled(get_or_gone(item.id), noun, get_or_gone, timeout, io);
  if (settled.status != "DELETED") {
    throw Error(noun + " " + item.id + " is " + settled.status + " after the delete" +
                (settled.failure_reason.empty() ? "" : ": " + settled.failure_reason));
  }
  return true;
}

class Destroyer {
 public:
  Destroyer(const DestroyCommand& options, const plan::Environment& environment, Io& io)
      : m_options(options), m_environment(environment), m_io(io) {}

  Outcome destroy(const DestroyItem& item) {
    try {
      const bool existed = delete_item(item);
      m_io.err << "  " << (existed ? "deleted " : "already gone: ") << item.label() << "\n";
      return {item, existed ? "deleted" : "already gone", ""};
    } catch (const std::exception& error) {
      m_io.err << "  could not delete " << item.label() << ": " << error.what() << "\n";
      return {item, "failed", error.what()};
    }
  }

 private:
  cloud::AwsSession& session(const std::string& region) {
    auto& access = m_access[region];
    if (!access) {
      AwsOptions aws = m_options.aws;
      aws.region = region;
      access = std::make_unique<AwsAccess>(aws, m_io.err, m_environment);
    }
    return access->session();
  }

  bool delete_item(const DestroyItem& item) {
    cloud::AwsSession& aws = session(item.region);
    const auto timeout = std::chrono::seconds(m_options.timeout_seconds);
    switch (item.kind) {
      case DestroyKind::harness: {
        cloud::AgentCoreControlClient control(aws.client(cloud::AwsService::agentcore_control));
        return delete_and_wait(
            item, [&](const std::string& id) { return control.get_harness(id); },
            [&](const std::string& id) { control.delete_harness(id); }, timeout, m_io);
      }
      case DestroyKind::agent_runtime: {
        cloud::AgentCoreControlClient control(aws.client(cloud::AwsService::agentcore_control));
        return delete_and_wait(
            item, [&](const std::string& id) { return control.get_agent_runtime(id); },
            [&](const std::string& id) { control.delete_agent_runtime(id); }, timeout, m_io);
      }
      case DestroyKind::skill_object:
      case DestroyKind::code_object: {
        cloud::S3Client s3 = s3_client(aws);
        try {
          if (!s3.head_object(item.bucket, item.key)) return false;
          s3.delete_object(item.bucket, item.key);
        } catch (const cloud::HttpError& error) {
          if (!is_not_found(error)) throw;  // no such bucket
          return false;
        }
        return true;
      }
      case DestroyKind::ecr_repository: {
        cloud::EcrClient ecr(aws.client(cloud::AwsService::ecr));
        return ecr.delete_repository(item.id, cloud::EcrClient::Force::yes).has_value();
      }
    }
    return false;
  }

  const DestroyCommand& m_options;
  const plan::Environment& m_environment;
  Io& m_io;
  std::map<std::string, std::unique_ptr<AwsAccess>> m_access;
};

std::vector<DestroyItem> failed_items(const std::vector<Outcome>& outcomes) {
  std::vector<DestroyItem> out;
  for (const Outcome& outcome : outcomes) {
    if (outcome.result == "failed") out.push_back(outcome.item);
  }
  return out;
}

// Writes the lock that still records what remains, or deletes the file.
// Returns the file's name when it was deleted.
template <typename Lock, typename Serialize>
std::string settle_lock(const fs::path& path, const std::optional<Lock>& lock,
                        Serialize serialize) {
  if (lock) {
    files::write_atomic(path, serialize(*lock));
    return "";
  }
  std::error_code ec;
  const bool removed = fs::remove(path, ec);
  if (ec) throw IoError("cannot delete " + path.string() + ": " + ec.message());
  return removed ? path.filename().string() : "";
}

int run_destroy(const DestroyCommand& options, Io& io) {
  require_folder(options.path);
  const fs::path root = fs::absolute(options.path).lexically_normal();
  const fs::path harness_path = bedrock::harness_lock_path(root);
  const fs::path runtime_path = bedrock::runtime_lock_path(root);
  const DeployedLocks locks = read_deployed_locks(root);
  require_readable_locks(locks);
  const bedrock::HarnessLockRead& harness = locks.harness;
  const bedrock::RuntimeLockRead& runtime = locks.runtime;
  const std::vector<DestroyItem> harness_items = bedrock::harness_destroy_items(harness.lock);
  const std::vector<DestroyItem> runtime_items = bedrock::runtime_destroy_items(runtime.lock);
  std::vector<DestroyItem> all = harness_items;
  all.insert(all.end(), runtime_items.begin(), runtime_items.end());

  if (all.empty()) {
    if (options.json) {
      io.out << json::pretty(Json{{"path", root.string()}, {"resources", Json::array()}}) << "\n";
    } else {
      io.out << "Nothing to destroy.\n";
    }
    return k_exit_ok;
  }
  if (!options.json || options.dry_run) {
    std::ostream& list = options.json ? io.err : io.out;
    list << "agentlift created " << all.size() << " resource(s) for " << root.string() << ":\n";
    for (const DestroyItem& item : all) {
      list << "  " << item.label() << "  (" << item.region << ")\n";
    }
  }
  if (options.dry_run) {
    if (options.json) {
      Json resources = Json::array();
      for (const DestroyItem& item : all) resources.push_back(item.to_json());
      io.out << json::pretty(Json{{"path", root.string()},
                                  {"dry_run", true},
                                  {"resources", std::move(resources)}})
             << "\n";
    } else {
      io.out << "\n(dry run: nothing deleted)\n";
    }
    return k_exit_ok;
  }
  confirm(options.yes, "delete these " + std::to_string(all.size()) + " resource(s)", io);

  const plan::Environment environment = environment_with_dotenv(root);
  Destroyer destroyer(options, environment, io);
  std::vector<Outcome> outcomes;
  // A resource whose deletion failed still uses its objects: keep them too.
  const auto run_group = [&](const std::vector<DestroyItem>& items) {
    std::vector<Outcome> group;
    bool owner_failed = false;
    for (const DestroyItem& item : items) {
      const bool owner =
          item.kind == DestroyKind::harness || item.kind == DestroyKind::agent_runtime;
      if (owner_failed) {
        group.push_back({item, "failed", "kept: " + items.front().label() + " still exists"});
        continue;
      }
      group.push_back(destroyer.destroy(item));
      if (owner && group.back().result == "failed") owner_failed = true;
    }
    outcomes.insert(outcomes.end(), group.begin(), group.end());
    return failed_items(group);
  };
  std::vector<std::string> removed;
  for (std::string name :
       {settle_lock(harness_path,
                    bedrock::harness_lock_after(harness.lock, run_group(harness_items)),
                    bedrock::serialize_harness_lock),
        settle_lock(runtime_path,
                    bedrock::runtime_lock_after(runtime.lock, run_group(runtime_items)),
                    bedrock::serialize_runtime_lock)}) {
    if (!name.empty()) removed.push_back(std::move(name));
  }

  const std::size_t failed = failed_items(outcomes).size();
  if (options.json) {
    Json resources = Json::array();
    for (const Outcome& outcome : outcomes) {
      Json entry = outcome.item.to_json();
      entry["result"] = outcome.result;
      if (!outcome.error.empty()) entry["error"] = outcome.error;
      resources.push_back(std::move(entry));
    }
    io.out << json::pretty(Json{{"path", root.string()},
                                {"dry_run", false},
                                {"resources", std::move(resources)},
                                {"failed", failed},
                                {"lockfiles_removed", removed}})
           << "\n";
  } else if (failed == 0) {
    io.out << "\nDestroyed " << outcomes.size() << " resource(s)";
    for (std::size_t i = 0; i < removed.size(); ++i) {
      io.out << (i == 0 ? "; removed " : " and ") << removed[i];
    }
    io.out << ".\n";
  }
  if (failed > 0) {
    io.err << "error: " << failed << " of " << outcomes.size()
           << " resource(s) could not be deleted; the lockfile(s) still record them\n"
           << "hint: fix the cause above and run 'agentlift destroy' again to finish\n";
    return k_exit_failed;
  }
  return k_exit_ok;
}

}  // namespace

void register_destroy(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<DestroyCommand>();
  CLI::App* command = app.add_subcommand(
      "destroy", "Delete what agentlift deployed from a folder (as its lockfiles record it)");
  command->add_option("path", options->path, "The agent folder")->required();
  command->add_flag("--dry-run", options->dry_run, "List what would be deleted; delete nothing");
  command->add_flag("--yes,-y", options->yes, "Delete without asking");
  command
      ->add_option("--timeout", options->timeout_seconds,
                   "Seconds to wait for a harness or runtime to be gone")
      ->capture_default_str();
  command->add_flag("--json", options->json, "Print the result as JSON");
  add_aws_options(*command, options->aws, /*with_region=*/false);
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_destroy(*options, io); }; });
}

}  // namespace agentlift::cli
