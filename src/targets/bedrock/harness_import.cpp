// GetHarness + S3 skill files -> one agent folder in memory (harness_import.hpp).

#include "targets/bedrock/harness_import.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/utf8.hpp"
#include "plan/identifiers.hpp"
#include "plan/model_ids.hpp"
#include "targets/bedrock/harness_request.hpp"
#include "targets/bedrock/import_folder_text.hpp"
#include "targets/bedrock/lowering.hpp"

namespace agentlift::bedrock {
namespace {

constexpr std::size_t k_shown_max = 80;
constexpr const char* k_harness_prefix = "agentlift_";

const std::vector<std::string> k_sandbox_builtins = {"bash",  "edit", "read",
                                                     "write", "glob", "grep"};
const std::vector<std::string> k_web_builtins = {"web_fetch", "web_search"};

using json::member;
using json::string_member;

// A remote name as diagnostics show it: control characters replaced, cut short.
std::string shown(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  std::size_t count = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t cp = utf8::next(text, pos);
    if (++count > k_shown_max) return out + "...";
    if (cp < 0x20 || cp == 0x7F) {
      out += '?';
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::string agent_name_of(const Json& harness) {
  const Json& variables = member(harness, "environmentVariables");
  std::string name = string_member(variables, k_agent_name_variable);
  if (!name.empty()) return name;
  name = string_member(harness, "harnessName");
  if (name.starts_with(k_harness_prefix) && name.size() > std::string(k_harness_prefix).size()) {
    return name.substr(std::string(k_harness_prefix).size());
  }
  return name.empty() ? "imported-harness" : name;
}

std::string joined_texts(const Json& blocks) {
  std::string out;
  bool first = true;
  if (!blocks.is_array()) return out;
  for (const Json& block : blocks) {
    const Json& text = member(block, "text");
    if (!text.is_string()) continue;
    if (!first) out += "\n";
    out += text.get<std::string>();
    first = false;
  }
  return out;
}

struct Tools {
  bool web = false;
  bool sandbox = false;
  Json servers = Json::object();  // mcp.json's mcpServers
  std::vector<std::string> names;
  std::set<std::string> env_vars;
};

void add_remote_mcp(const Json& tool, const std::string& where, Tools& tools,
                    model::Diagnostics& diagnostics) {
  std::string name = string_member(tool, "name");
  if (name.empty()) name = "mcp";
  const Json& remote = member(member(tool, "config"), "remoteMcp");
  const std::string url = string_member(remote, "url");
  if (url.empty()) {
    diagnostics.warning("import.mcp_no_url",
                        "MCP tool '" + shown(name) + "' has no URL; it is not imported", where);
    return;
  }
  if (tools.servers.contains(name)) {
    diagnostics.warning("import.mcp_duplicate",
                        "two MCP tools are named '" + shown(name) + "'; only the first is kept",
                        where);
    return;
  }
  Json server = {{"type", "url"}, {"url", url}};
  const Json& headers = member(remote, "headers");
  if (headers.is_object() && !headers.empty()) {
    Json templates = Json::object();
    std::vector<std::string> variables;
    for (const auto& [header, value] : headers.items()) {
      (void)value;  // the service's value (a secret) is never written
      const std::string variable = plan::mcp_auth_env_var(name, header);
      templates[header] = "${" + variable + "}";
      variables.push_back(variable);
      tools.env_vars.insert(variable);
    }
    server["headers"] = std::move(templates);
    diagnostics.info("import.mcp_auth_env",
                     "MCP server '" + shown(name) + "' sends header(s) whose values are not " +
                         "imported; set " + join(variables) + " before a deploy",
                     where);
  }
  tools.servers[name] = std::move(server);
  tools.names.push_back(name);
}

Tools tools_of(const Json& harness, const std::string& where, model::Diagnostics& diagnostics) {
  Tools tools;
  const Json& list = member(harness, "tools");
  if (!list.is_array()) return tools;
  for (const Json& tool : list) {
    const std::string type = string_member(tool, "type");
    const Json& config = member(tool, "config");
    if (type == "remote_mcp" || (type.empty() && config.contains("remoteMcp"))) {
      add_remote_mcp(tool, where, tools, diagnostics);
    } else if (type == "agentcore_browser" || type == "agentCoreBrowser" ||
               (type.empty() && config.contains("agentCoreBrowser"))) {
      tools.web = true;
    } else if (type == "agentcore_code_interpreter" || type == "agentCoreCodeInterpreter" ||
               (type.empty() && config.contains("agentCoreCodeInterpreter"))) {
      tools.sandbox = true;
    } else if (type == "inline_function") {
      diagnostics.warning("import.inline_function_dropped",
                          "inline function tool '" + shown(string_member(tool, "name")) +
                              "' runs in the caller, which a folder cannot express; dropped",
                          where);
    } else {
      diagnostics.warning("import.tool_dropped",
                          "tool '" + shown(string_member(tool, "name")) + "' of type '" +
                              shown(type) + "' has no folder equivalent; dropped",
                          where);
    }
  }
  return tools;
}

std::optional<std::vector<std::string>> builtins_of(const Tools& tools) {
  if (!tools.web && !tools.sandbox) return std::nullopt;
  std::vector<std::string> out;
  if (tools.sandbox) out = k_sandbox_builtins;
  if (tools.web) out.insert(out.end(), k_web_builtins.begin(), k_web_builtins.end());
  return out;
}

std::string model_of(const Json& harness, const std::string& where,
                     model::Diagnostics& diagnostics) {
  const Json& model = member(harness, "model");
  const std::string id = harness_model_id(harness);
  if (id.empty()) {
    if (model.is_object() && !model.empty()) {
      diagnostics.warning("import.model_unsupported",
                          "the harness uses a model outside Amazon Bedrock; the folder gets "
                          "the default model",
                          where);
    }
    return "";
  }
  const std::string folder_model = plan::folder_model_of(id);
  if (!folder_model.empty()) return folder_model;
  diagnostics.info("import.bedrock_model_passthrough",
                   "model '" + shown(id) + "' is not a Claude inference profile; kept as it is",
                   where);
  return id;
}

void check_allowed_tools(const Json& harness, const std::string& where,
                         model::Diagnostics& diagnostics) {
  const Json& allowed = member(harness, "allowedTools");
  if (!allowed.is_array() || allowed.empty()) return;
  for (const Json& pattern : allowed) {
    if (pattern.is_string() && pattern.get<std::string>() == "*") return;
  }
  diagnostics.warning("import.allowed_tools_dropped",
                      "the harness narrows its tools with allowedTools, which a folder cannot "
                      "express; the imported agent allows all of its tools",
                      where);
}

// skills/<name>/<relative key> for every safe file; SKILL.md is required.
bool add_skill_files(const FetchedSkill& skill, const std::string& base, const std::string& where,
                     std::vector<ImportedFile>& out, model::Diagnostics& diagnostics) {
  std::map<std::string, const std::string*> files;  // sorted, so prefixes sit together
  for (const FetchedFile& file : skill.files) {
    if (!file.key.starts_with(skill.source.prefix) || file.key.ends_with("/")) continue;
    const std::string relative = file.key.substr(skill.source.prefix.size());
    if (!is_safe_relative_path(relative)) {
      diagnostics.warning("import.skill_file_unsafe",
                          "skill '" + skill.source.name + "': object '" + shown(file.key) +
                              "' would land outside its folder; skipped",
                          where);
      continue;
    }
    files.emplace(relative, &file.bytes);
  }
  // "a" and "a/b" cannot both be files.
  for (auto it = files.begin(); it != files.end();) {
    const auto next = std::next(it);
    if (next != files.end() && next->first.starts_with(it->first + "/")) {
      diagnostics.warning("import.skill_file_unsafe",
                          "skill '" + skill.source.name + "': '" + shown(it->first) +
                              "' is both a file and a folder; the file is skipped",
                          where);
      it = files.erase(it);
    } else {
      it = next;
    }
  }
  if (!files.contains("SKILL.md")) {
    diagnostics.warning("import.skill_missing",
                        "skill '" + skill.source.name + "' (" + shown(skill.source.uri) + ") " +
                            (files.empty() ? "has no files" : "has no SKILL.md") +
                            "; it is not imported",
                        where);
    return false;
  }
  for (const auto& [relative, bytes] : files) {
    out.push_back({base + "/skills/" + skill.source.name + "/" + relative, *bytes});
  }
  return true;
}

}  // namespace

std::string harness_instruction(const Json& harness) {
  return joined_texts(member(harness, "systemPrompt"));
}

std::string harness_model_id(const Json& harness) {
  return string_member(member(member(harness, "model"), "bedrockModelConfig"), "modelId");
}

std::vector<std::string> harness_header_values(const Json& harness) {
  std::vector<std::string> values;
  const Json& tools = member(harness, "tools");
  if (!tools.is_array()) return values;
  for (const Json& tool : tools) {
    const Json& headers = member(member(member(tool, "config"), "remoteMcp"), "headers");
    if (!headers.is_object()) continue;
    for (const auto& [name, value] : headers.items()) {
      if (value.is_string()) values.push_back(value.get<std::string>());
    }
  }
  return values;
}

SkillSources harness_skill_sources(const Json& harness) {
  SkillSources out;
  const Json& skills = member(harness, "skills");
  if (!skills.is_array()) return out;
  std::set<std::string> names;
  for (const Json& skill : skills) {
    const std::string uri = string_member(member(skill, "s3"), "uri");
    if (uri.empty()) {
      out.diagnostics.warning("import.skill_non_s3",
                              "a skill that is not in S3 (git, path or AWS skills) cannot be "
                              "read back; it is not imported");
      continue;
    }
    constexpr std::string_view k_scheme = "s3://";
    const std::size_t slash = uri.find('/', k_scheme.size());
    const std::string bucket =
        uri.starts_with(k_scheme) ? uri.substr(k_scheme.size(), slash - k_scheme.size()) : "";
    if (bucket.empty()) {
      out.diagnostics.warning("import.skill_non_s3", "skill URI '" + shown(uri) +
                                                         "' is not s3://<bucket>/<prefix>; "
                                                         "it is not imported");
      continue;
    }
    std::string prefix = slash == std::string::npos ? "" : uri.substr(slash + 1);
    if (!prefix.empty() && !prefix.ends_with("/")) prefix += "/";
    std::string last = prefix.empty() ? bucket : prefix.substr(0, prefix.size() - 1);
    last = last.substr(last.rfind('/') == std::string::npos ? 0 : last.rfind('/') + 1);
    const std::string name = safe_folder_name(last, "skill");
    if (name != last) {
      out.diagnostics.warning("import.skill_renamed", "skill '" + shown(last) +
                                                          "' is imported as '" + name +
                                                          "' (a folder name must be plain)");
    }
    if (!names.insert(name).second) {
      out.diagnostics.warning("import.skill_duplicate",
                              "two skills are named '" + name + "'; only the first is kept");
      continue;
    }
    out.sources.push_back({uri, bucket, prefix, name});
  }
  return out;
}

HarnessImport import_harness(const Json& harness, const std::vector<FetchedSkill>& fetched) {
  HarnessImport out;
  out.harness_id = string_member(harness, "harnessId");
  out.harness_name = string_member(harness, "harnessName");
  out.agent_name = agent_name_of(harness);
  out.agent_folder = safe_folder_name(out.agent_name, "imported-harness");
  const std::string& where = out.agent_name;
  model::Diagnostics& diagnostics = out.diagnostics;

  const std::string description =
      string_member(member(harness, "environmentVariables"), k_agent_description_variable);
  out.description = description.empty() ? Json() : Json(description);
  out.model = model_of(harness, where, diagnostics);

  Tools tools = tools_of(harness, where, diagnostics);
  out.tools = builtins_of(tools);
  out.mcp_servers = tools.names;
  out.env_var_names.assign(tools.env_vars.begin(), tools.env_vars.end());
  check_allowed_tools(harness, where, diagnostics);

  const std::string base = out.agent_folder;
  SkillSources sources = harness_skill_sources(harness);
  for (const model::Diagnostic& item : sources.diagnostics.items()) {
    diagnostics.add({item.level, item.code, item.message, where});
  }
  std::vector<ImportedFile> skill_files;
  for (const SkillSource& source : sources.sources) {
    const auto found = std::find_if(fetched.begin(), fetched.end(), [&](const FetchedSkill& f) {
      return f.source.uri == source.uri;
    });
    const FetchedSkill skill =
        found == fetched.end() ? FetchedSkill{source, {}} : FetchedSkill{source, found->files};
    if (add_skill_files(skill, base, where, skill_files, diagnostics)) {
      out.skills.push_back(source.name);
    }
  }

  const std::string instruction = harness_instruction(harness);
  std::string system = instruction;
  std::vector<ImportedFile> knowledge;
  if (const auto split = split_knowledge(instruction)) {
    system = split->system;
    for (const KnowledgeFileText& file : split->knowledge) {
      knowledge.push_back({base + "/" + file.relpath, file.content});
      out.knowledge_files.push_back(file.relpath);
    }
  } else if (utf8::strip(system) != system) {
    diagnostics.warning("import.prompt_whitespace",
                        "the system prompt starts or ends with whitespace, which an agent.md "
                        "body cannot keep; it is trimmed",
                        where);
    system = std::string(utf8::strip(system));
  }

  out.files.push_back(
      {base + "/agent.md", agent_markdown({out.agent_name, out.description, out.model, out.tools,
                                           out.skills, system})});
  if (!tools.servers.empty()) {
    out.files.push_back(
        {base + "/mcp.json", json::pretty(Json{{"mcpServers", tools.servers}}) + "\n"});
  }
  for (auto& file : knowledge) out.files.push_back(std::move(file));
  for (auto& file : skill_files) out.files.push_back(std::move(file));
  return out;
}

Json HarnessImport::to_json() const {
  Json files_json = Json::array();
  for (const ImportedFile& file : files) {
    files_json.push_back({{"path", file.path}, {"bytes", file.bytes.size()}});
  }
  return {{"harness_id", harness_id},
          {"harness_name", harness_name},
          {"agent", agent_name},
          {"folder", agent_folder},
          {"description", description},
          {"model", model},
          {"tools", tools ? Json(*tools) : Json()},
          {"skills", skills},
          {"mcp", mcp_servers},
          {"knowledge", knowledge_files},
          {"env_var_names", env_var_names},
          {"files", std::move(files_json)},
          {"diagnostics", diagnostics.to_json()}};
}

}  // namespace agentlift::bedrock
