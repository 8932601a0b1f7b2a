#pragma once
// `agentlift import bedrock`, the pure part (reference-spec §6.4.3-6.4.4 with
// decisions.md #9): a GetHarness reply and the skill files fetched from S3
// become the files of one agent folder, in memory. The CLI fetches and writes.
//
//   name         environmentVariables.AGENTLIFT_AGENT_NAME (our deploy sends it),
//                else harnessName minus "agentlift_";
//   description  environmentVariables.AGENTLIFT_AGENT_DESCRIPTION, else none;
//   model        the inference profile reversed to the folder's claude-* id,
//                other ids as they are;
//   instruction  systemPrompt; the "# Reference material" section our deploy
//                inlines from knowledge/ goes back to knowledge/ files when it
//                parses exactly, so the folder re-plans to the same instruction;
//   tools        agentcore_browser -> web_fetch, web_search;
//                agentcore_code_interpreter -> the sandbox built-ins;
//                remote_mcp -> a URL server in mcp.json whose headers are the
//                templates "${AGENTLIFT_MCP_<SERVER>_<HEADER>}" (header NAMES
//                only: the values the service returns are never written);
//                anything else is dropped with a warning;
//   skills       every S3 skill's files under skills/<name>/.
//
// Remote names never choose a path outside the agent folder: the agent and
// skill folder names are sanitized, and a skill file whose key has an empty,
// "." or ".." segment (or a backslash or NUL) is skipped with a warning.

#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "model/diagnostic.hpp"

namespace agentlift::bedrock {

// An S3 skill directory the harness attaches.
struct SkillSource {
  std::string uri;     // as the harness lists it
  std::string bucket;  // from the URI
  std::string prefix;  // the key prefix to list; ends with '/' unless empty
  std::string name;    // the skill's folder name (sanitized)
};

struct SkillSources {
  std::vector<SkillSource> sources;
  model::Diagnostics diagnostics;  // non-S3 skills, malformed URIs, duplicate names
};

// The S3 skills of a Harness object (GetHarness's "harness").
SkillSources harness_skill_sources(const Json& harness);

struct FetchedFile {
  std::string key;  // the full S3 key (starts with the source's prefix)
  std::string bytes;
};

struct FetchedSkill {
  SkillSource source;
  std::vector<FetchedFile> files;
};

// A file of the imported folder; `path` is relative to .managed-agents/ and
// '/'-separated, each segment safe to create.
struct ImportedFile {
  std::string path;
  std::string bytes;
};

struct HarnessImport {
  std::string harness_id;
  std::string harness_name;
  std::string agent_name;
  std::string agent_folder;  // the folder under .managed-agents/
  Json description;          // a string, or null
  std::string model;         // the folder's model id ("" when the harness names none)
  std::optional<std::vector<std::string>> tools;  // nullopt: all built-ins (no tools: key)
  std::vector<std::string> skills;
  std::vector<std::string> mcp_servers;
  std::vector<std::string> env_var_names;  // MCP header env vars to set before a deploy
  std::vector<std::string> knowledge_files;
  std::vector<ImportedFile> files;
  model::Diagnostics diagnostics;

  Json to_json() const;  // a summary: names, lists, file paths and sizes, diagnostics
};

// `skills` are the fetched files of harness_skill_sources(harness).sources (in
// any order; a source with no entry counts as empty).
HarnessImport import_harness(const Json& harness, const std::vector<FetchedSkill>& skills);

// The harness's systemPrompt blocks joined by "\n" (its instruction).
std::string harness_instruction(const Json& harness);
// Its bedrockModelConfig.modelId, or "".
std::string harness_model_id(const Json& harness);
// The MCP header values the reply carries (secrets, for redaction only).
std::vector<std::string> harness_header_values(const Json& harness);

}  // namespace agentlift::bedrock
