#include "targets/bedrock/harness_import.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "base/files.hpp"
#include "base/utf8.hpp"
#include "parse/frontmatter.hpp"
#include "parse/project_parser.hpp"
#include "plan/model_ids.hpp"
#include "support/temp_folder.hpp"
#include "targets/bedrock/harness_request.hpp"
#include "targets/bedrock/import_folder_text.hpp"
#include "targets/bedrock/skill_upload_plan.hpp"

namespace agentlift::bedrock {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_canary = "canary-IMPORT-header-value-5d2e";
constexpr const char* k_bucket = "skills-bucket";

bool has_code(const model::Diagnostics& diagnostics, const std::string& code) {
  for (const auto& item : diagnostics.items()) {
    if (item.code == code) return true;
  }
  return false;
}

const ImportedFile* file_at(const HarnessImport& imported, const std::string& path) {
  for (const auto& file : imported.files) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

// ---- Model ids -----------------------------------------------------------------------

TEST(HarnessImportModel, InferenceProfilesGoBackToTheFolderIds) {
  EXPECT_EQ(plan::folder_model_of("us.anthropic.claude-haiku-4-5-20251001-v1:0"),
            "claude-haiku-4-5");
  EXPECT_EQ(plan::folder_model_of("eu.anthropic.claude-sonnet-4-6"), "claude-sonnet-4-6");
  EXPECT_EQ(plan::folder_model_of("apac.anthropic.claude-opus-4-6-v1"), "claude-opus-4-6");
  EXPECT_EQ(plan::folder_model_of("global.anthropic.claude-sonnet-4-20250514-v1:0"),
            "claude-sonnet-4");
  // Would not resolve back to the same profile: kept as the id itself.
  EXPECT_EQ(plan::folder_model_of("us.anthropic.claude-opus-4-6"), "");
  EXPECT_EQ(plan::folder_model_of("us.anthropic.titan"), "");
  EXPECT_EQ(plan::folder_model_of("amazon.nova-pro-v1:0"), "");
  EXPECT_EQ(plan::folder_model_of("xx.anthropic.claude-sonnet-4-6"), "");
  EXPECT_EQ(plan::folder_model_of(""), "");
  // And forward again gives the same profile.
  model::Diagnostics ignored;
  for (const char* profile :
       {"us.anthropic.claude-haiku-4-5-20251001-v1:0", "eu.anthropic.claude-sonnet-4-6",
        "apac.anthropic.claude-opus-4-6-v1"}) {
    const std::string region = std::string(profile).starts_with("us")   ? "us-west-2"
                               : std::string(profile).starts_with("eu") ? "eu-central-1"
                                                                        : "ap-southeast-2";
    EXPECT_EQ(plan::resolve_bedrock_model(plan::folder_model_of(profile), region, "", ignored),
              profile);
  }
}

// ---- YAML scalars ----------------------------------------------------------------------

TEST(HarnessImportText, QuotedScalarsReadBackAsTheSameString) {
  const std::vector<std::string> hostile = {"yes",
                                            "no",
                                            "null",
                                            "~",
                                            "1.0",
                                            "0x1F",
                                            "1e3",
                                            "",
                                            " lead",
                                            "trail ",
                                            "a: b",
                                            "#hash",
                                            "- dash",
                                            "[list]",
                                            "{map}",
                                            "quote\"s",
                                            "single'quote",
                                            "back\\slash",
                                            "new\nline",
                                            "tab\there",
                                            "\x01\x02 control",
                                            "\x7f del",
                                            "caf\xc3\xa9 \xe4\xb8\xad",
                                            "\xc2\x85 next line",
                                            "\xe2\x80\xa8 line sep",
                                            "\xef\xbb\xbf bom",
                                            "emoji \xf0\x9f\x98\x80",
                                            "---",
                                            "*alias",
                                            "&anchor",
                                            "!tag",
                                            "%directive",
                                            "@at",
                                            "`tick`",
                                            "a\r\nb"};
  for (const std::string& text : hostile) {
    const parse::Frontmatter parsed =
        parse::split_frontmatter("---\nname: " + yaml_quoted(text) + "\n---\nbody\n");
    ASSERT_EQ(parsed.status, parse::Frontmatter::Status::parsed) << yaml_quoted(text);
    EXPECT_EQ(parsed.fields["name"], Json(text)) << yaml_quoted(text);
  }
}

TEST(HarnessImportText, KnowledgeSplitsBackIntoFilesThatReInlineExactly) {
  SplitInstruction split;
  split.system = "You help.\n\nBe brief.";
  split.knowledge = {{"knowledge/a.md", "# A\n\n```\ncode\n```\n"},
                     {"knowledge/b/c.txt", ""},
                     {"knowledge/d.json", "{\"x\": 1}\n\n## not a header\n"}};
  const std::string instruction = inline_knowledge_text(split);
  const auto back = split_knowledge(instruction);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->system, split.system);
  ASSERT_EQ(back->knowledge.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back->knowledge[i].relpath, split.knowledge[i].relpath);
    EXPECT_EQ(back->knowledge[i].content, split.knowledge[i].content);
  }
  EXPECT_EQ(inline_knowledge_text(*back), instruction);

  EXPECT_FALSE(split_knowledge("Just a prompt.").has_value());
  EXPECT_FALSE(split_knowledge(instruction + " tail").has_value());
  SplitInstruction bad = split;
  bad.knowledge = {{"knowledge/z.md", "z"}, {"knowledge/a.md", "a"}};  // parse sorts them
  EXPECT_FALSE(split_knowledge(inline_knowledge_text(bad)).has_value());
  bad.knowledge = {{"knowledge/../../etc/passwd.md", "x"}};
  EXPECT_FALSE(split_knowledge(inline_knowledge_text(bad)).has_value());
  bad.knowledge = {{"knowledge/a.png", "x"}};  // not a knowledge extension
  EXPECT_FALSE(split_knowledge(inline_knowledge_text(bad)).has_value());
  bad = split;
  bad.system = "trailing space ";
  EXPECT_FALSE(split_knowledge(inline_knowledge_text(bad)).has_value());
}

// ---- Mapping ------------------------------------------------------------------------------

Json hostile_harness() {
  return Json::parse(R"({
    "harnessId": "agentlift_x-AbCdEf1234",
    "harnessName": "agentlift_x",
    "model": {"bedrockModelConfig": {"modelId": "us.anthropic.claude-sonnet-4-6"}},
    "systemPrompt": [{"text": "Line one."}, {"text": "Line two."}],
    "environmentVariables": {"AGENTLIFT_AGENT_NAME": "../../etc/evil",
                             "AGENTLIFT_AGENT_DESCRIPTION": "Says \"hi\"\nand: more"},
    "allowedTools": ["*"],
    "tools": [
      {"type": "remote_mcp", "name": "orders",
       "config": {"remoteMcp": {"url": "https://orders.example/mcp",
                                "headers": {"Authorization": "Bearer CANARY", "X-Team": "CANARY"}}}},
      {"type": "remote_mcp", "name": "nourl", "config": {"remoteMcp": {}}},
      {"type": "agentcore_browser", "name": "agentcore_browser"},
      {"type": "agentcore_code_interpreter"},
      {"type": "inline_function", "name": "ask_human",
       "config": {"inlineFunction": {"description": "d", "inputSchema": {}}}},
      {"type": "agentcore_gateway", "name": "gw"},
      {"type": "teleporter\u0007", "name": "odd"},
      "not an object",
      42
    ],
    "skills": [
      {"s3": {"uri": "s3://skills-bucket/agentlift-skills/agentlift_x/good/"}},
      {"s3": {"uri": "s3://skills-bucket/agentlift-skills/agentlift_x/../"}},
      {"s3": {"uri": "s3://skills-bucket/agentlift-skills/agentlift_x/empty/"}},
      {"s3": {"uri": "s3://skills-bucket/agentlift-skills/agentlift_x/nomd"}},
      {"git": {"url": "https://example.com/skills.git"}},
      {"s3": {"uri": "not-s3"}}
    ]
  })");
}

std::vector<FetchedSkill> hostile_skills(const Json& harness) {
  std::vector<FetchedSkill> out;
  for (const SkillSource& source : harness_skill_sources(harness).sources) {
    FetchedSkill skill{source, {}};
    const std::string& p = source.prefix;
    if (source.name == "good") {
      skill.files = {{p + "SKILL.md", "---\nname: good\n---\nGood.\n"},
                     {p + "docs/guide.md", "guide"},
                     {p + "../../../outside.txt", "escape"},
                     {p + "a/../../b.txt", "escape"},
                     {p + "/abs.txt", "escape"},
                     {p + "x\\..\\y.txt", "escape"},
                     {p + "dir", "file and folder"},
                     {p + "dir/inner.txt", "inner"},
                     {p + "folder/", ""},
                     {"other-prefix/stray.txt", "not this skill's"}};
    } else if (source.name != "empty") {
      skill.files = {{p + "README.md", "no SKILL.md here"}};
    }
    out.push_back(std::move(skill));
  }
  return out;
}

TEST(HarnessImport, MapsToolsModelNameAndNeverWritesHeaderValues) {
  Json harness = hostile_harness();
  std::string text = harness.dump();
  for (std::size_t at = text.find("CANARY"); at != std::string::npos; at = text.find("CANARY")) {
    text.replace(at, 6, k_canary);
  }
  harness = Json::parse(text);
  const HarnessImport imported = import_harness(harness, hostile_skills(harness));

  EXPECT_EQ(imported.agent_name, "../../etc/evil");
  EXPECT_EQ(imported.agent_folder, "______etc_evil");
  EXPECT_EQ(imported.model, "claude-sonnet-4-6");
  ASSERT_TRUE(imported.tools.has_value());
  EXPECT_EQ(*imported.tools, (std::vector<std::string>{"bash", "edit", "read", "write", "glob",
                                                       "grep", "web_fetch", "web_search"}));
  EXPECT_EQ(imported.mcp_servers, std::vector<std::string>{"orders"});
  EXPECT_EQ(imported.env_var_names, (std::vector<std::string>{"AGENTLIFT_MCP_ORDERS_AUTHORIZATION",
                                                              "AGENTLIFT_MCP_ORDERS_X_TEAM"}));
  for (const char* code :
       {"import.mcp_no_url", "import.inline_function_dropped", "import.tool_dropped",
        "import.skill_file_unsafe", "import.skill_missing", "import.skill_non_s3",
        "import.skill_renamed", "import.mcp_auth_env"}) {
    EXPECT_TRUE(has_code(imported.diagnostics, code)) << code;
  }
  EXPECT_FALSE(has_code(imported.diagnostics, "import.allowed_tools_dropped"));  // "*" is all

  // Every path stays in the agent folder; the unsafe keys were skipped.
  for (const ImportedFile& file : imported.files) {
    EXPECT_TRUE(is_safe_relative_path(file.path)) << file.path;
    EXPECT_TRUE(file.path.starts_with("______etc_evil/")) << file.path;
    EXPECT_EQ(file.bytes.find(k_canary), std::string::npos) << file.path;
    EXPECT_NE(file.bytes, "escape") << file.path;
  }
  EXPECT_EQ(imported.to_json().dump().find(k_canary), std::string::npos);
  for (const auto& item : imported.diagnostics.items()) {
    EXPECT_EQ(item.message.find(k_canary), std::string::npos) << item.message;
    EXPECT_EQ(item.message.find('\a'), std::string::npos) << item.message;
  }
  EXPECT_EQ(imported.skills, std::vector<std::string>{"good"});
  EXPECT_NE(file_at(imported, "______etc_evil/skills/good/SKILL.md"), nullptr);
  EXPECT_NE(file_at(imported, "______etc_evil/skills/good/docs/guide.md"), nullptr);
  EXPECT_NE(file_at(imported, "______etc_evil/skills/good/dir/inner.txt"), nullptr);
  EXPECT_EQ(file_at(imported, "______etc_evil/skills/good/dir"), nullptr);

  const ImportedFile* mcp = file_at(imported, "______etc_evil/mcp.json");
  ASSERT_NE(mcp, nullptr);
  EXPECT_EQ(Json::parse(mcp->bytes), Json::parse(R"({"mcpServers": {"orders": {"type": "url",
              "url": "https://orders.example/mcp",
              "headers": {"Authorization": "${AGENTLIFT_MCP_ORDERS_AUTHORIZATION}",
                          "X-Team": "${AGENTLIFT_MCP_ORDERS_X_TEAM}"}}}})"));
  const ImportedFile* agent = file_at(imported, "______etc_evil/agent.md");
  ASSERT_NE(agent, nullptr);
  const parse::Frontmatter front = parse::split_frontmatter(agent->bytes);
  EXPECT_EQ(front.fields["name"], "../../etc/evil");
  EXPECT_EQ(front.fields["description"], "Says \"hi\"\nand: more");
  EXPECT_EQ(front.fields["skills"], Json::array({"good"}));
  EXPECT_EQ(utf8::strip(front.body), "Line one.\nLine two.");
}

TEST(HarnessImport, FallsBackToTheHarnessNameAndAllBuiltins) {
  const Json harness = Json::parse(R"({"harnessName": "agentlift_support_bot",
    "model": {"bedrockModelConfig": {"modelId": "amazon.nova-pro-v1:0"}},
    "allowedTools": ["shell"], "tools": [], "skills": []})");
  const HarnessImport imported = import_harness(harness, {});
  EXPECT_EQ(imported.agent_name, "support_bot");
  EXPECT_EQ(imported.agent_folder, "support_bot");
  EXPECT_TRUE(imported.description.is_null());
  EXPECT_EQ(imported.model, "amazon.nova-pro-v1:0");
  EXPECT_FALSE(imported.tools.has_value());
  EXPECT_TRUE(has_code(imported.diagnostics, "import.bedrock_model_passthrough"));
  EXPECT_TRUE(has_code(imported.diagnostics, "import.allowed_tools_dropped"));
  ASSERT_EQ(imported.files.size(), 1u);
  EXPECT_EQ(imported.files[0].bytes,
            "---\nname: \"support_bot\"\nmodel: \"amazon.nova-pro-v1:0\"\n---\n\n");
}

TEST(HarnessImport, MalformedRepliesDoNotCrash) {
  for (const char* text : {"null", "[]", "\"x\"", "{}", R"({"tools": "x", "skills": {}})",
                           R"({"tools": [{"type": 1, "config": []}], "systemPrompt": "x"})",
                           R"({"model": [], "environmentVariables": [], "harnessName": 7})",
                           R"({"skills": [{"s3": {"uri": "s3://"}}, {"s3": {"uri": 5}}, 1]})"}) {
    const HarnessImport imported = import_harness(Json::parse(text), {});
    EXPECT_FALSE(imported.agent_folder.empty()) << text;
    for (const auto& file : imported.files) EXPECT_TRUE(is_safe_relative_path(file.path));
  }
}

TEST(HarnessImport, FolderNamesAreAlwaysSafe) {
  EXPECT_EQ(safe_folder_name("support-agent", "f"), "support-agent");
  EXPECT_EQ(safe_folder_name("v1.2_ok", "f"), "v1.2_ok");
  EXPECT_EQ(safe_folder_name("shared", "f"), "shared_");
  EXPECT_EQ(safe_folder_name("..", "f"), "f");
  EXPECT_EQ(safe_folder_name(".", "f"), "f");
  EXPECT_EQ(safe_folder_name("", "f"), "f");
  EXPECT_EQ(safe_folder_name(".hidden", "f"), "_hidden");
  EXPECT_EQ(safe_folder_name("a/b", "f"), "a_b");
  EXPECT_EQ(safe_folder_name("caf\xc3\xa9", "f"), "cafe");
  EXPECT_EQ(safe_folder_name(std::string(300, 'x'), "f").size(), 100u);
  EXPECT_TRUE(is_safe_relative_path("a/b.txt"));
  for (const char* bad : {"", "/a", "a/", "a//b", "./a", "a/..", "..", "a\\b"}) {
    EXPECT_FALSE(is_safe_relative_path(bad)) << bad;
  }
  EXPECT_FALSE(is_safe_relative_path(std::string("a\0b", 3)));
  EXPECT_FALSE(is_safe_relative_path(std::string(256, 'x')));
}

// ---- Round trip: folder -> deploy bodies -> import -> folder plans to the same hash ----

struct Deployed {
  Json harness;
  std::vector<FetchedSkill> skills;
  std::string spec_hash;
};

Deployed deploy_in_memory(const fs::path& folder, const plan::Environment& environment) {
  const parse::ParseResult parsed = parse::parse_project(folder);
  const HarnessPlan plan =
      build_harness_plan(parsed.project, parsed.diagnostics, "us-west-2", false);
  EXPECT_TRUE(plan.deployable()) << folder;
  HarnessRequestInputs inputs;
  inputs.execution_role_arn = "arn:aws:iam::123456789012:role/r";
  inputs.mcp_auth = plan::resolve_mcp_auth_values(harness_auth_headers(plan), environment);
  Deployed out;
  for (const HarnessSkill& skill : plan.skills) {
    const std::string uri = skill_s3_uri(k_bucket, plan.harness_name, skill.name);
    inputs.skill_uris[skill.name] = uri;
    FetchedSkill fetched{
        {uri, k_bucket, skill_key_prefix(plan.harness_name, skill.name), skill.name}, {}};
    for (const model::SkillFile& file : skill.files) {
      const std::string relative = file.arcname.substr(skill.name.size() + 1);
      fetched.files.push_back({fetched.source.prefix + relative,
                               files::read(skill.source_dir / relative, 1u << 20).bytes});
    }
    out.skills.push_back(std::move(fetched));
  }
  out.harness = create_harness_body(plan, inputs, harness_client_token(plan.spec_hash()));
  out.harness["harnessId"] = plan.harness_name + "-AbCdEf1234";
  out.harness.erase("clientToken");
  out.spec_hash = plan.spec_hash();
  return out;
}

std::string replanned_hash(const HarnessImport& imported, const fs::path& out) {
  for (const ImportedFile& file : imported.files) {
    const fs::path path = out / ".managed-agents" / file.path;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << file.bytes;
  }
  const parse::ParseResult parsed = parse::parse_project(out);
  const HarnessPlan plan =
      build_harness_plan(parsed.project, parsed.diagnostics, "us-west-2", false);
  EXPECT_TRUE(plan.deployable()) << model::Diagnostics(plan.diagnostics).to_json().dump(2);
  return plan.spec_hash();
}

TEST(HarnessImportRoundTrip, ExampleFoldersReplanToTheSameSpecHash) {
  const fs::path source(AGENTLIFT_SOURCE_DIR);
  const std::vector<std::pair<fs::path, plan::Environment>> cases = {
      {source / "examples/single-agent", {{"ORDERS_API_TOKEN", k_canary}}},
      {source / "tests/conformance/cases/solo-knowledge/project", {}},
      {source / "tests/conformance/cases/single-claude-dir/project", {{"PAGING_TOKEN", k_canary}}},
  };
  for (const auto& [folder, environment] : cases) {
    const Deployed deployed = deploy_in_memory(folder, environment);
    const HarnessImport imported = import_harness(deployed.harness, deployed.skills);
    testing::TempFolder out;
    EXPECT_EQ(replanned_hash(imported, out.path()), deployed.spec_hash) << folder;
    for (const ImportedFile& file : imported.files) {
      EXPECT_EQ(file.bytes.find(k_canary), std::string::npos) << file.path;
    }
  }
}

TEST(HarnessImportRoundTrip, KnowledgeComesBackAsFiles) {
  const Deployed deployed = deploy_in_memory(
      fs::path(AGENTLIFT_SOURCE_DIR) / "examples/single-agent", {{"ORDERS_API_TOKEN", k_canary}});
  const HarnessImport imported = import_harness(deployed.harness, deployed.skills);
  EXPECT_EQ(imported.agent_name, "support-agent");
  EXPECT_EQ(imported.knowledge_files, std::vector<std::string>{"knowledge/shipping.md"});
  const ImportedFile* knowledge = file_at(imported, "support-agent/knowledge/shipping.md");
  ASSERT_NE(knowledge, nullptr);
  EXPECT_EQ(knowledge->bytes,
            files::read(fs::path(AGENTLIFT_SOURCE_DIR) /
                            "examples/single-agent/.managed-agents/support-agent/knowledge/"
                            "shipping.md",
                        1u << 20)
                .bytes);
}

}  // namespace
}  // namespace agentlift::bedrock
