#include "targets/bedrock/harness_request.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "base/errors.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"
#include "parse/project_parser.hpp"
#include "targets/bedrock/harness_lock.hpp"
#include "targets/bedrock/skill_upload_plan.hpp"

namespace agentlift::bedrock {
namespace {

constexpr const char* k_role = "arn:aws:iam::123456789012:role/agentlift-harness";
constexpr const char* k_paging_secret = "pg-secret-value-123";

std::filesystem::path case_folder(const std::string& name) {
  return std::filesystem::path(AGENTLIFT_SOURCE_DIR) / "tests/conformance/cases" / name / "project";
}

HarnessPlan harness_plan_of(const std::string& case_name, bool skip_unsupported = false) {
  const parse::ParseResult parsed = parse::parse_project(case_folder(case_name));
  return build_harness_plan(parsed.project, parsed.diagnostics, "us-west-2", skip_unsupported);
}

// ---- A tiny validator against the botocore model's constraints ---------------

class ModelCheck {
 public:
  ModelCheck() {
    const files::ReadResult file =
        files::read(std::filesystem::path(AGENTLIFT_SOURCE_DIR) /
                        "src/emulator/models/agentcore-control.botocore.json",
                    16u << 20);
    if (file.status == files::ReadResult::Status::ok) m_shapes = Json::parse(file.bytes)["shapes"];
  }
  bool loaded() const { return m_shapes.is_object(); }

  // Problems of `body` as the JSON body of `shape` (members bound to the URI,
  // query or headers are not in the body).
  std::vector<std::string> problems(const std::string& shape, const Json& body) {
    m_problems.clear();
    check(shape, body, "$", /*top=*/true);
    return m_problems;
  }

 private:
  void fail(const std::string& path, const std::string& what) {
    m_problems.push_back(path + ": " + what);
  }

  void check(const std::string& name, const Json& value, const std::string& path, bool top) {
    const Json& shape = m_shapes.at(name);
    const std::string type = shape.at("type");
    if (type == "structure") {
      check_structure(shape, value, path, top);
    } else if (type == "list") {
      if (!value.is_array()) return fail(path, "not a list");
      check_size(shape, value.size(), path);
      for (std::size_t i = 0; i < value.size(); ++i) {
        check(shape["member"]["shape"], value[i], path + "[" + std::to_string(i) + "]", false);
      }
    } else if (type == "map") {
      if (!value.is_object()) return fail(path, "not a map");
      for (auto it = value.begin(); it != value.end(); ++it) {
        check(shape["key"]["shape"], it.key(), path + ".<key>", false);
        check(shape["value"]["shape"], it.value(), path + "." + it.key(), false);
      }
    } else if (type == "string") {
      check_string(shape, value, path);
    } else if (type == "integer" || type == "long") {
      if (!value.is_number_integer()) fail(path, "not an integer");
    } else if (type == "boolean") {
      if (!value.is_boolean()) fail(path, "not a boolean");
    }
  }

  void check_structure(const Json& shape, const Json& value, const std::string& path, bool top) {
    if (!value.is_object()) return fail(path, "not an object");
    const Json& members = shape["members"];
    if (shape.value("union", false) && value.size() != 1) fail(path, "a union needs one member");
    for (const Json& required : shape.value("required", Json::array())) {
      const bool in_body = !(top && members[required.get<std::string>()].contains("location"));
      if (in_body && !value.contains(required.get<std::string>())) {
        fail(path, "required member " + required.get<std::string>() + " is missing");
      }
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!members.contains(it.key())) {
        fail(path, "unknown member " + it.key());
        continue;
      }
      check(members[it.key()]["shape"], it.value(), path + "." + it.key(), false);
    }
  }

  void check_size(const Json& shape, std::size_t size, const std::string& path) {
    if (shape.contains("min") && size < shape["min"].get<std::size_t>()) fail(path, "too short");
    if (shape.contains("max") && size > shape["max"].get<std::size_t>()) fail(path, "too long");
  }

  void check_string(const Json& shape, const Json& value, const std::string& path) {
    if (!value.is_string()) return fail(path, "not a string");
    const std::string text = value.get<std::string>();
    check_size(shape, utf8::length(text), path);
    if (shape.contains("pattern") &&
        !std::regex_match(text, std::regex(shape["pattern"].get<std::string>()))) {
      fail(path, "does not match " + shape["pattern"].get<std::string>());
    }
    if (shape.contains("enum")) {
      bool listed = false;
      for (const Json& option : shape["enum"]) listed = listed || option == value;
      if (!listed) fail(path, "not one of the enum values");
    }
  }

  Json m_shapes;
  std::vector<std::string> m_problems;
};

HarnessRequestInputs inputs_for(const HarnessPlan& plan, const plan::Environment& env,
                                const std::string& role = k_role) {
  HarnessRequestInputs inputs;
  inputs.execution_role_arn = role;
  inputs.mcp_auth = plan::resolve_mcp_auth_values(harness_auth_headers(plan), env);
  for (const HarnessSkill& skill : plan.skills) {
    inputs.skill_uris[skill.name] = skill_s3_uri("my-bucket", plan.harness_name, skill.name);
  }
  return inputs;
}

// ---- Client token ------------------------------------------------------------

TEST(HarnessClientToken, IsPrefixPlus48HexAndFitsAwsPattern) {
  const std::string hash = "534eb800d514a98a888f237243d34f3f3463426dec31a854dcd0f1e30cb10453";
  const std::string token = harness_client_token(hash);
  EXPECT_EQ(token, "agentlift-534eb800d514a98a888f237243d34f3f3463426dec31a854");
  EXPECT_EQ(token.size(), 58u);
  EXPECT_TRUE(is_valid_client_token(token));
  EXPECT_TRUE(std::regex_match(token, std::regex("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}")));
}

TEST(HarnessClientToken, Validation) {
  EXPECT_TRUE(is_valid_client_token("25e21087-f499-4460-8ba9-171c0345a03e"));
  EXPECT_FALSE(is_valid_client_token("agentlift-short"));
  EXPECT_FALSE(is_valid_client_token("-" + std::string(40, 'a')));
  EXPECT_FALSE(is_valid_client_token(std::string(40, 'a') + "-"));
  EXPECT_FALSE(is_valid_client_token(std::string(40, 'a') + "_b"));
  EXPECT_FALSE(is_valid_client_token(std::string(257, 'a')));
}

TEST(HarnessClientToken, RecognisesTheDeletedTokenError) {
  EXPECT_TRUE(is_deleted_client_token_error(
      "The resource created with this clientToken has since been deleted."));
  EXPECT_TRUE(is_deleted_client_token_error(
      "Invalid clientToken: the harness was deleted; retry without clientToken"));
  EXPECT_FALSE(is_deleted_client_token_error("The harness has since been deleted."));
  EXPECT_FALSE(is_deleted_client_token_error(
      "The client token was already used for a CreateHarness request with different parameters"));
  Json body = {{"harnessName", "h"}, {"clientToken", "agentlift-x"}};
  EXPECT_EQ(without_client_token(body), (Json{{"harnessName", "h"}}));
}

// ---- Names and role ------------------------------------------------------------

TEST(HarnessRequest, ToolNamesAreValidForAws) {
  EXPECT_EQ(harness_tool_name("analytics-api"), "analytics-api");
  EXPECT_EQ(harness_tool_name("weird name.v2"), "weird_name_v2");
  EXPECT_EQ(harness_tool_name(std::string(70, 'x')), std::string(64, 'x'));
}

TEST(HarnessRequest, RoleIsRequiredForCreateAndChecked) {
  EXPECT_NO_THROW(require_execution_role(k_role));
  EXPECT_NO_THROW(require_execution_role("arn:aws-us-gov:iam::123456789012:role/path/r"));
  try {
    require_execution_role("");
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(error.hint().find("AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN"), std::string::npos);
    EXPECT_NE(error.hint().find("--role-arn"), std::string::npos);
    EXPECT_NE(error.hint().find("no network call"), std::string::npos);
  }
  EXPECT_THROW(require_execution_role("arn:aws:iam::123456789012:user/me"), UsageError);
  EXPECT_THROW(require_execution_role("agentlift-harness"), UsageError);
}

// ---- Bodies from a real folder ---------------------------------------------------

TEST(HarnessRequest, CreateBodyForAFolderWithSkillsAndMcpAuth) {
  const HarnessPlan plan = harness_plan_of("single-claude-dir");
  ASSERT_TRUE(plan.deployable());
  // The plan change that carries templates and source folders leaves the hash alone.
  ASSERT_EQ(plan.spec_hash(), "534eb800d514a98a888f237243d34f3f3463426dec31a854dcd0f1e30cb10453");
  const Json body = create_harness_body(plan, inputs_for(plan, {{"PAGING_TOKEN", k_paging_secret}}),
                                        harness_client_token(plan.spec_hash()));
  const Json expected = {
      {"harnessName", "agentlift_project"},
      {"executionRoleArn", k_role},
      {"model",
       {{"bedrockModelConfig", {{"modelId", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"}}}}},
      {"systemPrompt", {{{"text", plan.instruction}}}},
      {"clientToken", "agentlift-534eb800d514a98a888f237243d34f3f3463426dec31a854"},
      {"tools",
       {{{"type", "remote_mcp"},
         {"name", "dashboards"},
         {"config", {{"remoteMcp", {{"url", "https://grafana.payments.example/mcp"}}}}}},
        {{"type", "remote_mcp"},
         {"name", "paging"},
         {"config",
          {{"remoteMcp",
            {{"url", "https://paging.payments.example/mcp"},
             {"headers", {{"Authorization", std::string("Token ") + k_paging_secret}}}}}}}}}},
      {"skills",
       {{{"s3", {{"uri", "s3://my-bucket/agentlift-skills/agentlift_project/postmortem/"}}}},
        {{"s3", {{"uri", "s3://my-bucket/agentlift-skills/agentlift_project/runbook/"}}}}}},
      {"environmentVariables",
       {{"AGENTLIFT_AGENT_NAME", "project"},
        {"AGENTLIFT_AGENT_DESCRIPTION",
         "On-call helper that reads dashboards and runbooks for the payments service."}}}};
  EXPECT_EQ(body, expected) << body.dump(2);
  EXPECT_EQ(body.dump(), expected.dump());  // key order too
}

TEST(HarnessRequest, UpdateBodyIsTheFullDesiredConfiguration) {
  const HarnessPlan plan = harness_plan_of("single-claude-dir");
  const HarnessRequestInputs inputs = inputs_for(plan, {{"PAGING_TOKEN", k_paging_secret}});
  const Json create = create_harness_body(plan, inputs, harness_client_token(plan.spec_hash()));
  const Json update = update_harness_body(plan, inputs);
  EXPECT_FALSE(update.contains("harnessName"));
  EXPECT_FALSE(update.contains("clientToken"));
  EXPECT_FALSE(update.contains("harnessId"));
  for (const char* key :
       {"executionRoleArn", "model", "systemPrompt", "tools", "skills", "environmentVariables"}) {
    EXPECT_EQ(update.at(key), create.at(key)) << key;
  }
}

TEST(HarnessRequest, UpdateWithoutRoleKeepsItAndClearsWhatThePlanNoLongerHas) {
  HarnessPlan plan = harness_plan_of("single-claude-dir");
  plan.mcp.clear();
  plan.skills.clear();
  plan.instruction.clear();
  const Json update = update_harness_body(plan, inputs_for(plan, {}, ""));
  EXPECT_FALSE(update.contains("executionRoleArn"));
  EXPECT_EQ(update.at("tools"), Json::array());
  EXPECT_EQ(update.at("skills"), Json::array());
  EXPECT_EQ(update.at("systemPrompt"), Json::array());
  EXPECT_FALSE(update.contains("allowedTools"));
  const Json create =
      create_harness_body(plan, inputs_for(plan, {}), harness_client_token(plan.spec_hash()));
  EXPECT_FALSE(create.contains("tools"));
  EXPECT_FALSE(create.contains("skills"));
  EXPECT_FALSE(create.contains("systemPrompt"));
}

TEST(HarnessRequest, EnvironmentVariablesCarryTheAgentNameAndDescription) {
  HarnessPlan plan = harness_plan_of("single-claude-dir");
  plan.agent_name = "Café bot";
  plan.description = "Answers in one line.";
  EXPECT_EQ(harness_environment_variables(plan),
            (Json{{"AGENTLIFT_AGENT_NAME", "Café bot"},
                  {"AGENTLIFT_AGENT_DESCRIPTION", "Answers in one line."}}));
  // No description in the folder: the plan's description is the name; not sent.
  plan.description = "Café bot";
  EXPECT_EQ(harness_environment_variables(plan), (Json{{"AGENTLIFT_AGENT_NAME", "Café bot"}}));
  // Not a string (YAML gave a number) or too long for AWS: not sent.
  plan.description = 42;
  EXPECT_EQ(harness_environment_variables(plan).size(), 1u);
  plan.description = std::string(5000, 'x');
  EXPECT_EQ(harness_environment_variables(plan).size(), 2u);
  plan.description = std::string(5001, 'x');
  EXPECT_EQ(harness_environment_variables(plan).size(), 1u);
  // An update clears what an earlier deploy sent; a create leaves the map out.
  plan.agent_name = std::string(5001, 'n');
  EXPECT_EQ(update_harness_body(plan, inputs_for(plan, {{"PAGING_TOKEN", "x"}}))
                .at("environmentVariables"),
            Json::object());
  EXPECT_FALSE(create_harness_body(plan, inputs_for(plan, {{"PAGING_TOKEN", "x"}}),
                                   harness_client_token(plan.spec_hash()))
                   .contains("environmentVariables"));
}

TEST(HarnessRequest, BodiesAreValidAgainstTheServiceModel) {
  ModelCheck model;
  ASSERT_TRUE(model.loaded());
  for (const char* name :
       {"single-claude-dir", "mcp-matrix", "team-shared-private", "solo-knowledge"}) {
    const HarnessPlan plan = harness_plan_of(name, /*skip_unsupported=*/true);
    const plan::Environment env = {{"PAGING_TOKEN", k_paging_secret},
                                   {"TRACKER_WORKSPACE", "acme"},
                                   {"TRACKER_TOKEN", "tt"},
                                   {"LEGACY_KEY", "lk"},
                                   {"LEGACY_SESSION", "ls"}};
    const HarnessRequestInputs inputs = inputs_for(plan, env);
    const Json create = create_harness_body(plan, inputs, harness_client_token(plan.spec_hash()));
    EXPECT_EQ(model.problems("CreateHarnessRequest", create), std::vector<std::string>{})
        << name << "\n"
        << create.dump(2);
    EXPECT_EQ(model.problems("UpdateHarnessRequest", update_harness_body(plan, inputs)),
              std::vector<std::string>{})
        << name;
  }
  // The validator itself notices broken bodies.
  EXPECT_FALSE(model.problems("CreateHarnessRequest", {{"harnessName", "bad-name"}}).empty());
  const HarnessPlan plan = harness_plan_of("single-claude-dir");
  const Json good = create_harness_body(plan, inputs_for(plan, {{"PAGING_TOKEN", "x"}}),
                                        harness_client_token(plan.spec_hash()));
  Json bad = good;
  bad["tools"][0]["name"] = "weird name.v2";
  EXPECT_EQ(model.problems("CreateHarnessRequest", bad).size(), 1u);
  bad = good;
  bad["tools"][1]["config"]["remoteMcp"]["headers"]["Authorization"] = "";
  EXPECT_EQ(model.problems("CreateHarnessRequest", bad).size(), 1u);
  bad = good;
  bad["model"]["liteLlmModelConfig"] = {{"modelId", "m"}};
  EXPECT_EQ(model.problems("CreateHarnessRequest", bad),
            std::vector<std::string>{"$.model: a union needs one member"});
  bad = good;
  bad["clientToken"] = "agentlift-short";
  EXPECT_EQ(model.problems("CreateHarnessRequest", bad).size(), 1u);
}

TEST(HarnessRequest, MatrixFolderToolsAndHeaders) {
  const HarnessPlan plan = harness_plan_of("mcp-matrix", /*skip_unsupported=*/true);
  const Json body = create_harness_body(plan,
                                        inputs_for(plan, {{"TRACKER_WORKSPACE", "acme"},
                                                          {"TRACKER_TOKEN", "tt"},
                                                          {"LEGACY_KEY", "lk"},
                                                          {"LEGACY_SESSION", "ls"}}),
                                        harness_client_token(plan.spec_hash()));
  std::vector<std::string> names;
  for (const Json& tool : body["tools"]) names.push_back(tool["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"handbook", "tracker", "analytics-api", "open-data",
                                             "kb", "status", "weird_name_v2"}));
  EXPECT_EQ(body["tools"][1]["config"]["remoteMcp"]["headers"],
            (Json{{"Authorization", "Bearer tt"}, {"X-Workspace", "acme-prod"}}));
  EXPECT_EQ(body["tools"][6]["config"]["remoteMcp"]["headers"],
            (Json{{"Cookie", "session=ls; theme=dark"}, {"x-api-key", "lk"}}));
}

TEST(HarnessRequest, MissingInputsAreErrorsWithoutValues) {
  const HarnessPlan plan = harness_plan_of("single-claude-dir");
  HarnessRequestInputs inputs = inputs_for(plan, {{"PAGING_TOKEN", k_paging_secret}});
  inputs.skill_uris.erase("runbook");
  EXPECT_THROW(update_harness_body(plan, inputs), Error);
  inputs = inputs_for(plan, {{"PAGING_TOKEN", k_paging_secret}});
  inputs.mcp_auth = {};
  try {
    update_harness_body(plan, inputs);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("AGENTLIFT_MCP_PAGING_AUTHORIZATION"),
              std::string::npos);
  }
  HarnessPlan twins = plan;
  twins.mcp.push_back(twins.mcp.front());
  twins.mcp.back().server = "dash boards";
  twins.mcp.front().server = "dash_boards";
  EXPECT_THROW(update_harness_body(twins, inputs_for(twins, {{"PAGING_TOKEN", "x"}})), Error);
}

// ---- Secrets stay out of everything but the body ------------------------------------

TEST(HarnessDeploySecrets, NeverInTheLockThePlanOrAnError) {
  const HarnessPlan plan = harness_plan_of("single-claude-dir");
  const HarnessRequestInputs inputs = inputs_for(plan, {{"PAGING_TOKEN", k_paging_secret}});
  ASSERT_NE(create_harness_body(plan, inputs, harness_client_token(plan.spec_hash()))
                .dump()
                .find(k_paging_secret),
            std::string::npos);
  const HarnessLock lock =
      next_harness_lock(HarnessLock{}, plan, "agentlift_project-AbCdEf1234", "arn:h", k_role, {});
  EXPECT_EQ(serialize_harness_lock(lock).find(k_paging_secret), std::string::npos);
  EXPECT_EQ(json::pretty(plan.to_json()).find(k_paging_secret), std::string::npos);
  try {
    plan::resolve_mcp_auth_values(harness_auth_headers(plan), {});
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("PAGING_TOKEN is not set"), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find("Token "), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace agentlift::bedrock
