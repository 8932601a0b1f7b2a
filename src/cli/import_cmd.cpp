// `agentlift import bedrock <out>`: reads a live AgentCore Harness (GetHarness
// and its S3 skill files) back into <out>/.managed-agents/<agent>/. The mapping
// is targets/bedrock/harness_import; this file fetches, writes and re-plans.
//
// Writing: every path comes from the mapping (segments checked there) and is
// checked again here against symlinks, so nothing lands outside <out>. Each
// file is written atomically; nothing in <out> is deleted. An existing agent
// folder is refused unless --force, which overwrites the files the import
// writes and leaves any others in place.

#include <algorithm>
#include <ostream>

#include "base/errors.hpp"
#include "base/files.hpp"
#include "base/json.hpp"
#include "cli/aws_access.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/deploy_support.hpp"
#include "cloud/agentcore_control_client.hpp"
#include "cloud/aws_error.hpp"
#include "cloud/s3_client.hpp"
#include "model/diagnostic_text.hpp"
#include "parse/project_parser.hpp"
#include "targets/bedrock/harness_import.hpp"
#include "targets/bedrock/import_folder_text.hpp"
#include "targets/bedrock/lowering.hpp"
#include "targets/bedrock/plans.hpp"

namespace agentlift::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t k_skill_file_max = 64u << 20;
constexpr std::uint64_t k_skill_total_max = 256u << 20;
constexpr std::size_t k_skill_objects_max = 10'000;

struct ImportCommand {
  std::string source;
  std::string out;
  std::string harness_id;
  std::string harness_name;
  std::string region = bedrock::k_default_harness_region;
  std::string mode = "harness";
  bool dry_run = false;
  bool force = false;
  bool json = false;
  AwsOptions aws;
};

std::string find_harness_id(cloud::AgentCoreControlClient& control, const std::string& name,
                            const std::string& region) {
  for (const cloud::AgentCoreResource& harness : control.list_all_harnesses()) {
    if (harness.name == name) return harness.id;
  }
  throw Error("no harness named '" + name + "' in " + region,
              "check the name and --bedrock-region, or pass --harness-id");
}

bedrock::FetchedSkill fetch_skill(cloud::S3Client& s3, const bedrock::SkillSource& source, Io& io) {
  bedrock::FetchedSkill skill{source, {}};
  std::uint64_t total = 0;
  std::optional<std::string> token;
  const std::string where =
      "skill '" + source.name + "' (s3://" + source.bucket + "/" + source.prefix + ")";
  try {
    do {
      const cloud::S3ListResult page =
          s3.list_objects_v2(source.bucket, {source.prefix, token, std::nullopt});
      for (const cloud::S3ObjectSummary& object : page.objects) {
        if (object.key.ends_with("/")) continue;
        total += object.size;
        if (object.size > k_skill_file_max || total > k_skill_total_max ||
            skill.files.size() >= k_skill_objects_max) {
          throw Error(where + " is larger than agentlift imports (64 MiB a file, 256 MiB and " +
                          std::to_string(k_skill_objects_max) + " files a skill)",
                      "copy the skill by hand, or remove it from the harness");
        }
        // A key that would leave the skill's folder is not fetched (an HTTP
        // client may also fold its "/../"); the mapping reports and skips it.
        const bool safe = object.key.starts_with(source.prefix) &&
                          bedrock::is_safe_relative_path(object.key.substr(source.prefix.size()));
        skill.files.push_back(
            {object.key, safe ? s3.get_object(source.bucket, object.key).body : std::string()});
      }
      token = page.is_truncated ? page.next_continuation_token : std::nullopt;
    } while (token);
  } catch (const cloud::HttpError& error) {
    throw Error("cannot read " + where + ": " + error.what(),
                "the credentials need s3:ListBucket and s3:GetObject on bucket " + source.bucket);
  }
  io.err << "  read " << skill.files.size() << " file(s) of " << where << "\n";
  return skill;
}

// <root>/<relative>, refusing a path through a symlink (an existing folder
// could point elsewhere).
fs::path destination(const fs::path& root, const std::string& relative) {
  if (!bedrock::is_safe_relative_path(relative)) {
    throw Error("refusing to write '" + relative + "': it is not a plain relative path");
  }
  fs::path path = root;
  for (const auto& part : fs::path(relative)) {
    path /= part;
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
      throw Error("refusing to write through the symbolic link " + path.string(),
                  "import into a folder without symbolic links");
    }
  }
  return path;
}

void write_files(const fs::path& root, const bedrock::HarnessImport& imported) {
  for (const bedrock::ImportedFile& file : imported.files) {
    const fs::path path = destination(root, file.path);
    fs::create_directories(path.parent_path());
    files::write_atomic(path, file.bytes);
  }
}

struct RoundTrip {
  std::string spec_hash;
  bool deployable = false;
  std::vector<std::string> differences;  // what the re-planned folder does not reproduce
  model::Diagnostics diagnostics;
};

// Plans the imported agent alone, as a deploy from the folder would.
RoundTrip re_plan(const fs::path& out, const bedrock::HarnessImport& imported, const Json& harness,
                  const std::string& region) {
  RoundTrip result;
  parse::ParseResult parsed = parse::parse_project(out);
  model::Diagnostics own;
  for (const model::Diagnostic& item : parsed.diagnostics.items()) {
    if (item.where == imported.agent_name || item.where.empty()) own.add(item);
  }
  model::Project project = parsed.project;
  std::erase_if(project.agents,
                [&](const model::Agent& agent) { return agent.name != imported.agent_name; });
  const bedrock::HarnessPlan plan =
      bedrock::build_harness_plan(project, own, region, /*skip_unsupported=*/false);
  result.spec_hash = plan.spec_hash();
  result.deployable = plan.deployable() && !project.agents.empty();
  result.diagnostics = plan.diagnostics;
  if (plan.instruction != bedrock::harness_instruction(harness)) {
    result.differences.push_back("instruction");
  }
  const std::string model = bedrock::harness_model_id(harness);
  if (!model.empty() && model != plan.bedrock_model) {
    result.differences.push_back("model (plan with the harness's --bedrock-region)");
  }
  return result;
}

std::string summary_line(const bedrock::HarnessImport& imported) {
  std::string line = "  " + imported.agent_name + "  (" +
                     (imported.model.empty() ? "default model" : imported.model) + ")";
  if (imported.tools) line += "  tools=[" + bedrock::join(*imported.tools) + "]";
  if (!imported.skills.empty()) line += "  skills=[" + bedrock::join(imported.skills) + "]";
  if (!imported.mcp_servers.empty()) line += "  mcp=[" + bedrock::join(imported.mcp_servers) + "]";
  return line;
}

int run_import(const ImportCommand& options, Io& io) {
  if (options.mode == "runtime") {
    throw UsageError(
        "a Bedrock Runtime bakes its agent into an opaque code package or container image, "
        "which cannot be read back; only --mode harness is importable",
        "keep the source folder of a Runtime (it is what you deploy from)");
  }
  if (options.harness_id.empty() == options.harness_name.empty()) {
    throw UsageError("import bedrock needs exactly one of --harness-id and --harness-name",
                     "e.g. agentlift import bedrock ./imported --harness-name agentlift_support");
  }
  const fs::path out = fs::absolute(options.out).lexically_normal();
  const fs::path agents_root = out / ".managed-agents";

  AwsOptions aws = options.aws;
  aws.region = options.region;
  AwsAccess access(aws, io.err, environment_with_dotenv(out));
  cloud::AwsSession& session = access.session();
  cloud::AgentCoreControlClient control(session.client(cloud::AwsService::agentcore_control));

  const std::string id = options.harness_id.empty()
                             ? find_harness_id(control, options.harness_name, options.region)
                             : options.harness_id;
  cloud::AgentCoreResource resource;
  try {
    resource = control.get_harness(id);
  } catch (const cloud::HttpError& error) {
    if (!is_not_found(error)) throw;
    throw Error("no harness with id '" + id + "' in " + options.region,
                "check the id and --bedrock-region");
  }
  const Json& harness = resource.raw;
  // The MCP header values the reply carries are secrets: keep them out of the
  // --debug log from here on.
  for (const std::string& value : bedrock::harness_header_values(harness)) {
    access.add_secret(value);
  }

  std::vector<bedrock::FetchedSkill> skills;
  const bedrock::SkillSources sources = bedrock::harness_skill_sources(harness);
  if (!sources.sources.empty()) {
    cloud::S3Client s3 = s3_client(session);
    for (const auto& source : sources.sources) skills.push_back(fetch_skill(s3, source, io));
  }
  const bedrock::HarnessImport imported = bedrock::import_harness(harness, skills);
  const fs::path folder = agents_root / imported.agent_folder;

  if (!options.dry_run) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(folder, ec)) && !options.force) {
      throw Error(folder.string() + " already exists",
                  "pass --force to overwrite the files the import writes, or import into "
                  "another folder");
    }
    write_files(agents_root, imported);
  }
  const std::optional<RoundTrip> round_trip =
      options.dry_run ? std::nullopt
                      : std::optional<RoundTrip>(re_plan(out, imported, harness, options.region));

  if (options.json) {
    Json result = imported.to_json();
    result["region"] = options.region;
    result["dry_run"] = options.dry_run;
    result["path"] = folder.string();
    if (round_trip) {
      result["spec_hash"] = round_trip->spec_hash;
      result["deployable"] = round_trip->deployable;
      result["round_trip_differences"] = round_trip->differences;
    }
    io.out << json::pretty(result) << "\n";
  } else {
    io.out << "Imported harness " << imported.harness_name << " (" << imported.harness_id << ", "
           << options.region << "):\n"
           << summary_line(imported) << "\n";
    if (!imported.knowledge_files.empty()) {
      io.out << "  knowledge: " << bedrock::join(imported.knowledge_files) << "\n";
    }
    if (!imported.env_var_names.empty()) {
      io.out << "  set before a deploy: " << bedrock::join(imported.env_var_names) << "\n";
    }
    if (!imported.diagnostics.items().empty()) {
      io.out << "\n" << model::render_diagnostics(imported.diagnostics, model::TextStyle{io.color});
    }
    io.out << "\n"
           << (options.dry_run ? "Would write " : "Wrote ") << imported.files.size()
           << " file(s) to " << agents_root.string() << ":\n";
    for (const bedrock::ImportedFile& file : imported.files) {
      io.out << "  " << file.path << "  (" << file.bytes.size() << " bytes)\n";
    }
    if (options.dry_run) {
      io.out << "\n(dry run: no files written)\n";
    } else if (!round_trip->deployable) {
      io.out << "\nwarning: the imported folder does not plan cleanly:\n"
             << model::render_diagnostics(round_trip->diagnostics, model::TextStyle{io.color});
    } else if (!round_trip->differences.empty()) {
      io.out << "\nwarning: the imported folder plans to a different "
             << bedrock::join(round_trip->differences) << " than the harness has\n";
    } else {
      io.out << "\nRound-trip OK: the folder plans to the harness's instruction and model "
                "(spec hash "
             << round_trip->spec_hash.substr(0, 12) << ").\n";
    }
  }
  return round_trip && !round_trip->deployable ? k_exit_failed : k_exit_ok;
}

}  // namespace

void register_import(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<ImportCommand>();
  CLI::App* command =
      app.add_subcommand("import", "Read a live harness back into a .managed-agents/ folder");
  command->add_option("source", options->source, "Where to import from")
      ->required()
      ->check(CLI::IsMember({"bedrock"}));
  command->add_option("out", options->out, "Folder to write .managed-agents/<agent>/ into")
      ->required();
  command->add_option("--harness-id", options->harness_id, "The harness's id");
  command->add_option("--harness-name", options->harness_name,
                      "The harness's name (looked up with ListHarnesses)");
  command->add_option("--bedrock-region", options->region, "Region of the harness")
      ->capture_default_str();
  command->add_option("--mode", options->mode, "What to import (only a harness can be read back)")
      ->check(CLI::IsMember({"harness", "runtime"}))
      ->capture_default_str();
  command->add_flag("--dry-run", options->dry_run, "Show what would be written; write nothing");
  command->add_flag("--force", options->force,
                    "Overwrite the files of an existing agent folder of the same name");
  command->add_flag("--json", options->json, "Print the result as JSON");
  add_aws_options(*command, options->aws, /*with_region=*/false);
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_import(*options, io); }; });
}

}  // namespace agentlift::cli
