#include "parse/project_parser.hpp"

#include <algorithm>
#include <map>

#include "base/json.hpp"
#include "base/utf8.hpp"
#include "parse/folder.hpp"
#include "parse/frontmatter.hpp"
#include "parse/knowledge.hpp"
#include "parse/list_values.hpp"
#include "parse/mcp_config.hpp"
#include "parse/skill_hasher.hpp"
#include "parse/skills.hpp"
#include "parse/tools.hpp"

namespace agentlift::parse {
namespace {

struct Pools {
  std::vector<model::Skill> skills;
  std::vector<model::McpServer> mcp;
};

template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

// `skills:` / `mcp:` references: absent or null -> every local entry; otherwise
// "shared/<n>" from the shared pool only, a bare name local first then shared.
template <typename T>
std::vector<T> resolve_refs(const Json& refs, const std::vector<T>& local,
                            const std::vector<T>& shared, const std::string& kind,
                            const ListSetting& setting, model::Diagnostics& diagnostics) {
  if (refs.is_null()) return local;
  std::vector<T> out;
  const auto names = read_string_list(refs, setting, diagnostics);
  if (!names) return out;
  for (const std::string& raw : *names) {
    const std::string ref(utf8::strip(raw));
    const T* item = nullptr;
    if (ref.rfind("shared/", 0) == 0) {
      const std::string name = ref.substr(7);
      item = find_named(shared, name);
      if (!item) {
        diagnostics.error(
            kind + ".missing",
            "shared " + kind + " '" + name + "' not found (looked in .managed-agents/shared/)",
            setting.where);
        continue;
      }
    } else {
      item = find_named(local, ref);
      if (!item) item = find_named(shared, ref);
      if (!item) {
        diagnostics.error(
            kind + ".missing",
            kind + " '" + ref + "' not found in the agent's folder or the shared pool",
            setting.where);
        continue;
      }
    }
    out.push_back(*item);
  }
  return out;
}

const Json& field(const Json& fields, const char* key) {
  static const Json k_null;
  return fields.contains(key) ? fields.at(key) : k_null;
}

class ProjectParser {
 public:
  ProjectParser(const ParseOptions& options, Folder& folder, SkillHasher& hasher)
      : m_options(options), m_folder(folder), m_hasher(hasher) {}

  std::optional<model::Agent> load_agent(const fs::path& dir, const Pools& shared) {
    fs::path file;
    for (const char* name : {"agent.md", "CLAUDE.md"}) {
      const Folder::Kind kind = m_folder.kind(dir / name);
      if (kind == Folder::Kind::file) {
        file = dir / name;
        break;
      }
      if (kind != Folder::Kind::missing) {
        diagnostics().error("file.not_regular", m_folder.display(dir / name) +
                                                    ": expected a file here; rename or remove it");
        return std::nullopt;
      }
    }
    if (file.empty()) return std::nullopt;

    const std::string dir_name = dir.filename().string();
    const auto text = m_folder.read_text(file, m_options.max_file_bytes, dir_name);
    if (!text) {
      // Keep the agent (named after its folder) so the rest of the plan still shows.
      model::Agent placeholder;
      placeholder.name = dir_name;
      placeholder.model = m_options.default_model;
      placeholder.source_dir = dir;
      return placeholder;
    }
    const Frontmatter fm = split_frontmatter(*text, m_options.yaml);
    const Json& fields = fm.fields;
    const std::string display = m_folder.display(file);

    model::Agent agent;
    agent.source_dir = dir;
    const Json& name = field(fields, "name");
    agent.name = json::truthy(name) ? json::python_str(name) : dir_name;
    if (fm.status == Frontmatter::Status::invalid_yaml) {
      diagnostics().error("frontmatter.invalid_yaml",
                          display + ":" + std::to_string(fm.error->line) +
                              ": invalid YAML frontmatter (" + fm.error->message +
                              "); fix the YAML between the --- lines (or remove the block)",
                          agent.name);
    }
    agent.system = std::string(utf8::strip(fm.body));
    const Json& model = field(fields, "model");
    agent.model = json::truthy(model) ? json::python_str(model) : m_options.default_model;
    agent.description = field(fields, "description");

    const std::vector<model::Skill> local_skills = discover_skills(
        m_folder, dir, {m_options.max_file_bytes, m_options.yaml, false, agent.name});
    const std::vector<model::McpServer> local_mcp =
        discover_mcp(m_folder, dir, {m_options.max_file_bytes, false, agent.name});

    agent.skills = resolve_refs(field(fields, "skills"), local_skills, shared.skills, "skill",
                                {"skills", display, agent.name}, diagnostics());
    for (const model::Skill& skill : agent.skills) m_hasher.submit(skill);
    agent.mcp_servers = resolve_refs(field(fields, "mcp"), local_mcp, shared.mcp, "mcp",
                                     {"mcp", display, agent.name}, diagnostics());

    const Json& subagents = field(fields, "subagents");
    if (json::truthy(subagents)) {
      if (auto names =
              read_string_list(subagents, {"subagents", display, agent.name}, diagnostics())) {
        for (const std::string& sub : *names) agent.subagents.emplace_back(utf8::strip(sub));
      }
    }

    const Json& knowledge = field(fields, "knowledge");
    agent.knowledge_mode =
        utf8::ascii_lower(json::truthy(knowledge) ? json::python_str(knowledge) : "inline");
    if (agent.knowledge_mode != "skip") agent.knowledge_files = discover_knowledge(m_folder, dir);

    const Json& tools = field(fields, "tools");
    if (!tools.is_null()) {
      if (auto entries = read_string_list(tools, {"tools", display, agent.name}, diagnostics())) {
        BuiltinTools resolved = resolve_builtin_tools(*entries, agent.name, diagnostics());
        agent.builtin_tools = std::move(resolved.names);
        agent.builtin_tool_policies = std::move(resolved.policies);
      } else {
        agent.builtin_tools = std::vector<std::string>{};
      }
    }
    return agent;
  }

  Pools load_shared(const fs::path& shared_dir) {
    Pools pools;
    if (!m_folder.is_directory(shared_dir)) return pools;
    pools.skills =
        discover_skills(m_folder, shared_dir, {m_options.max_file_bytes, m_options.yaml, true, ""});
    pools.mcp = discover_mcp(m_folder, shared_dir, {m_options.max_file_bytes, true, ""});
    return pools;
  }

  model::Diagnostics& diagnostics() { return m_folder.diagnostics(); }

 private:
  const ParseOptions& m_options;
  Folder& m_folder;
  SkillHasher& m_hasher;
};

// Copies each skill folder's hash (computed once, in the background) to every
// agent that references it; unreadable files become diagnostics in parse order.
void apply_skill_hashes(model::Project& project, SkillHasher& hasher, Folder& folder) {
  std::map<fs::path, std::string> hashes;
  for (auto& [dir, result] : hasher.finish()) {
    if (!result.error.empty()) {
      folder.diagnostics().error("file.unreadable", folder.display(dir) +
                                                        ": cannot hash the skill (" + result.error +
                                                        "); check the file's permissions");
    }
    hashes.emplace(dir, std::move(result.hash));
  }
  for (model::Agent& agent : project.agents) {
    for (model::Skill& skill : agent.skills) skill.content_hash = hashes[skill.source_dir];
  }
}

void check_unique_names(const model::Project& project, model::Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < project.agents.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (project.agents[i].name == project.agents[j].name) {
        diagnostics.error("project.duplicate_agent",
                          "agents in folders '" + project.agents[j].source_dir.filename().string() +
                              "' and '" + project.agents[i].source_dir.filename().string() +
                              "' are both named '" + project.agents[i].name +
                              "'; give each agent a unique 'name:'",
                          project.agents[i].name);
        break;
      }
    }
  }
}

}  // namespace

ParseResult parse_project(const std::filesystem::path& path, const ParseOptions& options) {
  ParseResult result;
  std::error_code ec;
  fs::path root = fs::absolute(path, ec).lexically_normal();
  if (root.has_filename() == false && root.has_parent_path() && root != root.root_path()) {
    root = root.parent_path();
  }
  model::Project& project = result.project;
  project.root = root;
  const fs::path agents_root = root / ".managed-agents";

  if (fs::is_directory(agents_root, ec)) {
    project.layout = model::Layout::managed_agents;
    Folder folder(root, agents_root, result.diagnostics);
    SkillHasher hasher(options.hash_threads);
    ProjectParser parser(options, folder, hasher);
    const Pools shared = parser.load_shared(agents_root / "shared");
    for (const std::string& entry : folder.list(agents_root)) {
      if (entry == "shared") continue;
      const fs::path dir = agents_root / entry;
      if (!folder.is_directory(dir)) continue;
      if (auto agent = parser.load_agent(dir, shared)) project.agents.push_back(std::move(*agent));
    }
    if (project.agents.empty()) {
      result.diagnostics.error("project.empty", "no agents found under " + agents_root.string() +
                                                    " (add a folder with an agent.md, e.g. "
                                                    ".managed-agents/my-agent/agent.md)");
    }
    check_unique_names(project, result.diagnostics);
    apply_skill_hashes(project, hasher, folder);
    return result;
  }

  Folder folder(root, root, result.diagnostics);
  const bool has_agent_file = folder.kind(root / "agent.md") != Folder::Kind::missing ||
                              folder.kind(root / "CLAUDE.md") != Folder::Kind::missing;
  if (has_agent_file) {
    project.layout = model::Layout::single;
    SkillHasher hasher(options.hash_threads);
    ProjectParser parser(options, folder, hasher);
    if (auto agent = parser.load_agent(root, Pools{})) project.agents.push_back(std::move(*agent));
    apply_skill_hashes(project, hasher, folder);
    return result;
  }

  result.diagnostics.error("project.not_found",
                           "no agent project at " + root.string() +
                               " (expected a .managed-agents/ folder, or an agent.md or "
                               "CLAUDE.md directly in it)");
  return result;
}

}  // namespace agentlift::parse
