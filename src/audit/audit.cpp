#include "audit/audit.hpp"

#include <set>
#include <stdexcept>

#include "base/utf8.hpp"

namespace agentlift::audit {
namespace {

constexpr std::string_view k_reference_reason =
    "the reference target: the folder convention was written for it, so every piece maps one to "
    "one";
constexpr std::string_view k_client_side_approval_fix =
    "enforce the approval in your client, or deploy agents that use :ask to Anthropic";

constexpr Capability native_cell() { return {Tier::native, "", ""}; }
constexpr Capability reference_cell() { return {Tier::native, k_reference_reason, ""}; }

// One feature: its names and how each provider serves it.
struct MatrixRow {
  Feature feature;
  const char* id;
  const char* label;
  std::array<Capability, std::size(k_targets)> cells;  // indexed by Target
};

// The tiers are the contract (reference-spec section 7); the wording is ours and
// follows what AWS and the other providers offer today: the AgentCore Harness is
// generally available and takes skills from S3, while the Runtime path still has
// the sandbox and web built-ins planned.
constexpr MatrixRow k_matrix[] = {
    {Feature::hosted_runtime,
     "hosted_runtime",
     "Hosted runtime (the provider runs the loop; call by id)",
     {reference_cell(),
      native_cell(),
      native_cell(),
      {Tier::degraded,
       "OpenAI hosts only Agent Builder's visual workflows (started by workflow_id through ChatKit "
       "sessions); agents written in code with the Agents SDK run on your own machines, so there "
       "is no way to define an agent in code and have OpenAI host it",
       "host the agents yourself with the Agents SDK, or build them in Agent Builder"}}},
    {Feature::builtin_sandbox,
     "builtin_sandbox",
     "Built-in sandbox tools (bash, file edits, glob/grep)",
     {reference_cell(),
      {Tier::emulated,
       "the AgentCore Harness (generally available) starts every session with its own shell and "
       "file tools, so bash, edit, write, glob and grep are served natively by configuration "
       "alone, with no container; on the Runtime path the matching primitive, the AgentCore Code "
       "Interpreter, is still planned and not wired into the container, so those tools are left "
       "out there",
       "a single agent deploys to the harness (--mode auto picks it); on the Runtime, serve "
       "equivalent tools from a URL MCP server until the Code Interpreter is wired"},
      {Tier::degraded,
       "the hosted code sandbox runs only Python and JavaScript: no shell, no editing or writing "
       "files, and no glob/grep over a workspace",
       "provide those tools through MCP or as external FunctionTools"},
      {Tier::degraded,
       "the hosted code_interpreter runs Python only, in a short-lived container; a real shell "
       "and file tools exist only in a runner you host yourself, and there is no glob/grep",
       "run the agents in a self-hosted runner that provides these tools"}}},
    {Feature::builtin_web,
     "builtin_web",
     "Built-in web tools (web_search, web_fetch)",
     {reference_cell(),
      {Tier::degraded,
       "the harness serves web_search and web_fetch through its agentcore_browser tool: web_fetch "
       "maps well, but web_search is only approximate, because a browser session is not a hosted "
       "search-grounding tool like the ones Anthropic and Gemini offer; on the Runtime path both "
       "are still planned and not wired",
       "provide web_search from a search MCP server, or keep search-heavy agents on Anthropic or "
       "Google"},
      {Tier::emulated,
       "web_search becomes Gemini's Google Search grounding and web_fetch becomes URL Context, "
       "each deployed as its own single-tool ADK sub-agent behind an AgentTool (which passes the "
       "grounding metadata on) so both can sit beside MCP, skills and transfers; web_fetch is "
       "approximate, since URL Context grounds answers in the given URLs rather than fetching a "
       "page on request",
       ""},
      {Tier::emulated,
       "web_search maps directly to the Agents SDK's hosted WebSearchTool (Responses API), but "
       "OpenAI hosts no web_fetch, so it becomes a function tool that your own runner implements",
       "run the agents in a self-hosted runner and give it a fetch FunctionTool for web_fetch"}}},
    {Feature::tool_approval,
     "tool_approval",
     "Approval before a tool runs (:ask, human in the loop)",
     {reference_cell(),
      {Tier::unsupported,
       "neither AgentCore primitive can pause for a person: a Runtime /invocations call is one "
       "request and one response, and a harness invocation runs without interaction, so :ask "
       "cannot be enforced on the server",
       k_client_side_approval_fix},
      {Tier::unsupported,
       "ADK's tool confirmation is not enforced when sessions run on VertexAiSessionService, the "
       "Agent Engine session service (known open bugs)",
       k_client_side_approval_fix},
      {Tier::degraded,
       "approvals happen in the client (approve()/reject() in your runner); only require_approval "
       "on a remote MCP tool is enforced by OpenAI itself",
       "enforce the approvals in the runner you host"}}},
    {Feature::skills,
     "skills",
     "Skill bundles (SKILL.md folders)",
     {reference_cell(),
      {Tier::emulated,
       "the same SKILL.md format: the harness receives each bundle from S3 (agentlift uploads it "
       "to the deploy bucket and attaches it by URI), and the Runtime ships the bundles inside its "
       "code package and loads them with Strands at startup; neither has a shared registry where "
       "a skill is uploaded once and reused, so changing a skill means redeploying",
       ""},
      {Tier::emulated,
       "the same SKILL.md format: the bundles travel in the engine's source package and are loaded "
       "at startup with ADK's load_skill_from_dir; there is no shared registry to upload to once, "
       "so changing a skill means redeploying",
       ""},
      native_cell()}},
    {Feature::remote_mcp,
     "remote_mcp",
     "Remote MCP servers (URL plus tool allowlist)",
     {reference_cell(), native_cell(), native_cell(), native_cell()}},
    {Feature::subagents,
     "subagents",
     "Subagents under a coordinator (a deployed team)",
     {reference_cell(),
      {Tier::emulated,
       "the Runtime deploys the coordinator and its roster together as one agent: each subagent "
       "becomes a Strands agents-as-tools tool that the coordinator calls inside its own loop, so "
       "the members have no ids of their own as they do on Anthropic; the harness runs a single "
       "agent, so folders with subagents go to the Runtime",
       "deploy each specialist as its own runtime or harness and call across them when you need "
       "separate ids"},
      {Tier::emulated,
       "the root agent and its sub_agents deploy together as one reasoningEngine and delegate on "
       "the server; the members cannot be called by their own ids as they can on Anthropic",
       "use the A2A protocol between separate deployments when you need per-agent ids"},
      {Tier::emulated,
       "a coordinator can call its subagents as tools (agent-as-tool in the Agents SDK, known to "
       "work) or chain them as nodes of an Agent Builder graph, but the delegation loop then runs "
       "in your own orchestrator rather than on OpenAI, and the agents have no separate ids",
       "make each subagent an as_tool of the coordinator with the Agents SDK and run the routing "
       "loop yourself, or build a workflow graph in Agent Builder"}}},
    {Feature::knowledge,
     "knowledge",
     "Knowledge files (knowledge/)",
     {reference_cell(),
      {Tier::emulated,
       "there is no bundled knowledge primitive: agentlift folds the knowledge/ files into the "
       "system prompt when it builds the plan (a diagnostic says when a large set is cut short); "
       "Bedrock Knowledge Bases offer retrieval, but agentlift does not connect one yet",
       "for large collections, attach a Bedrock Knowledge Base or a retrieval MCP server"},
      {Tier::emulated,
       "there is no bundled knowledge primitive: the files become level-3 reference files of a "
       "skill plus a Vertex RAG Engine corpus",
       ""},
      native_cell()}},
    {Feature::deploy_versioning,
     "deploy_versioning",
     "Durable deploys with versions",
     {reference_cell(),
      native_cell(),
      native_cell(),
      {Tier::degraded,
       "Agent Builder keeps versions of workflows and skills, but there is no API to create a "
       "hosted free-form agent from code (the Workflows API is announced, not available)",
       "build the agent in the Agent Builder UI, or host it yourself"}}},
    {Feature::streaming,
     "streaming",
     "Sessions and event streaming",
     {reference_cell(), native_cell(), native_cell(), native_cell()}},
};

// The table is indexed by enum value, so its rows must follow the enum.
constexpr bool matrix_follows_features() {
  for (std::size_t i = 0; i < std::size(k_features); ++i) {
    if (k_matrix[i].feature != k_features[i]) return false;
  }
  return std::size(k_matrix) == std::size(k_features);
}
static_assert(matrix_follows_features());

// `read` only looks; these are the tools that need a real workspace.
const std::set<std::string> k_sandbox_tools = {"bash", "edit", "glob", "grep", "write"};
const std::set<std::string> k_web_tools = {"web_fetch", "web_search"};

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::vector<std::string> enabled_builtins(const model::Agent& agent) {
  if (agent.builtin_tools) return *agent.builtin_tools;
  return {std::begin(model::k_builtin_tools), std::end(model::k_builtin_tools)};
}

}  // namespace

const char* feature_id(Feature feature) { return k_matrix[static_cast<std::size_t>(feature)].id; }

const char* feature_label(Feature feature) {
  return k_matrix[static_cast<std::size_t>(feature)].label;
}

const char* tier_name(Tier tier) {
  switch (tier) {
    case Tier::native:
      return "native";
    case Tier::emulated:
      return "emulated";
    case Tier::degraded:
      return "degraded";
    case Tier::unsupported:
      return "unsupported";
  }
  throw std::logic_error("unknown audit tier");
}

char tier_glyph(Tier tier) {
  switch (tier) {
    case Tier::native:
      return '+';
    case Tier::emulated:
      return '~';
    case Tier::degraded:
      return '!';
    case Tier::unsupported:
      return 'x';
  }
  throw std::logic_error("unknown audit tier");
}

const char* target_id(Target target) {
  switch (target) {
    case Target::anthropic:
      return "anthropic";
    case Target::bedrock:
      return "bedrock";
    case Target::google:
      return "google";
    case Target::openai:
      return "openai";
  }
  throw std::logic_error("unknown audit target");
}

const char* target_title(Target target) {
  switch (target) {
    case Target::anthropic:
      return "Anthropic (Managed Agents)";
    case Target::bedrock:
      return "Amazon Bedrock AgentCore (Harness and Runtime)";
    case Target::google:
      return "Google Vertex AI Agent Engine (ADK)";
    case Target::openai:
      return "OpenAI (Agent Builder and Agents SDK)";
  }
  throw std::logic_error("unknown audit target");
}

std::optional<Target> find_target(std::string_view id) {
  for (Target target : k_targets) {
    if (id == target_id(target)) return target;
  }
  return std::nullopt;
}

std::vector<std::string> parse_target_list(std::string_view list) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string name = utf8::ascii_lower(utf8::strip(list.substr(0, comma)));
    if (!name.empty()) out.push_back(name);
    if (comma == std::string_view::npos) return out;
    list.remove_prefix(comma + 1);
  }
}

const Capability& capability(Target target, Feature feature) {
  return k_matrix[static_cast<std::size_t>(feature)].cells[static_cast<std::size_t>(target)];
}

std::vector<UsedFeature> detect_features(const model::Project& project) {
  if (project.agents.empty()) return {};
  std::set<std::string> sandbox, web, asks, skills, servers;
  std::string delegation;
  std::size_t knowledge_files = 0;
  for (const model::Agent& agent : project.agents) {
    for (const std::string& tool : enabled_builtins(agent)) {
      if (k_sandbox_tools.count(tool)) sandbox.insert(tool);
      if (k_web_tools.count(tool)) web.insert(tool);
    }
    for (const auto& [tool, policy] : agent.builtin_tool_policies) {
      if (policy == model::ToolPolicy::ask) asks.insert(agent.name + ":" + tool);
    }
    for (const model::McpServer& server : agent.mcp_servers) {
      servers.insert(server.name);
      for (const auto& [tool, policy] : server.tool_policies) {
        if (policy == model::ToolPolicy::ask) {
          asks.insert(agent.name + ":" + server.name + "." + tool);
        }
      }
    }
    for (const model::Skill& skill : agent.skills) skills.insert(skill.name);
    if (agent.is_coordinator()) {
      std::string roster;
      for (const std::string& sub : agent.subagents) roster += (roster.empty() ? "" : ", ") + sub;
      delegation += (delegation.empty() ? "" : "; ") + agent.name + " -> " + roster;
    }
    knowledge_files += agent.knowledge_files.size();
  }

  // Every deploy needs these, whatever the folder holds.
  const std::string always = "every deployed agent relies on it";
  std::vector<UsedFeature> used;
  used.push_back({Feature::hosted_runtime, always});
  if (!sandbox.empty()) used.push_back({Feature::builtin_sandbox, "uses " + join(sandbox)});
  if (!web.empty()) used.push_back({Feature::builtin_web, "uses " + join(web)});
  if (!asks.empty()) used.push_back({Feature::tool_approval, ":ask on " + join(asks)});
  if (!skills.empty()) used.push_back({Feature::skills, join(skills)});
  if (!servers.empty()) used.push_back({Feature::remote_mcp, join(servers)});
  if (!delegation.empty()) used.push_back({Feature::subagents, delegation});
  if (knowledge_files > 0) {
    used.push_back({Feature::knowledge, std::to_string(knowledge_files) + " file(s)"});
  }
  used.push_back({Feature::deploy_versioning, always});
  used.push_back({Feature::streaming, always});
  return used;
}

const char* verdict_id(Verdict verdict) {
  switch (verdict) {
    case Verdict::clean:
      return "clean";
    case Verdict::degraded:
      return "degraded";
    case Verdict::lossy:
      return "lossy";
  }
  throw std::logic_error("unknown audit verdict");
}

TierCounts TargetReport::counts() const {
  TierCounts counts{};
  for (const Assessment& row : rows) ++counts[static_cast<std::size_t>(row.capability.tier)];
  return counts;
}

Verdict TargetReport::verdict() const {
  const TierCounts tiers = counts();
  if (tiers[static_cast<std::size_t>(Tier::unsupported)] > 0) return Verdict::lossy;
  if (tiers[static_cast<std::size_t>(Tier::degraded)] > 0) return Verdict::degraded;
  return Verdict::clean;
}

Report build_report(const model::Project& project, const std::vector<std::string>& targets) {
  Report report;
  report.root = project.root;
  for (const model::Agent& agent : project.agents) report.agents.push_back(agent.name);
  report.features = detect_features(project);
  if (project.agents.empty()) return report;  // nothing to carry over, so nothing to rate
  for (const std::string& name : targets) {
    TargetReport target{name, find_target(name), {}};
    if (target.target) {
      for (const UsedFeature& used : report.features) {
        target.rows.push_back({used.feature, capability(*target.target, used.feature)});
      }
    }
    report.targets.push_back(std::move(target));
  }
  return report;
}

}  // namespace agentlift::audit
