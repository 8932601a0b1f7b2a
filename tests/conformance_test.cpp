// Runs every case in tests/conformance/cases through the real CLI and compares
// with the reference's expected plans: the same JSON once diagnostic messages
// (ours to word) and the two codes decisions.md #15 retires are removed.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "base/json.hpp"
#include "support/cli_runner.hpp"
#include "support/python_checks.hpp"

namespace agentlift {
namespace {

namespace fs = std::filesystem;

const fs::path k_cases = fs::path(AGENTLIFT_SOURCE_DIR) / "tests" / "conformance" / "cases";
const std::set<std::string> k_ignored_codes = {"bedrock.harness.preview",
                                               "bedrock.harness.region_preview"};

struct Command {
  std::string case_name;
  std::string key;  // "plan-auto", "audit", ...
  Json spec;        // the exit-codes.json entry
};

Json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);  // unordered: key order inside objects is free
}

std::vector<Command> all_commands() {
  std::vector<Command> out;
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(k_cases)) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  for (const fs::path& dir : cases) {
    const Json codes = read_json(dir / "expected" / "exit-codes.json");
    for (auto it = codes.begin(); it != codes.end(); ++it) {
      out.push_back({dir.filename().string(), it.key(), it.value()});
    }
  }
  return out;
}

Json comparable(Json plan) {
  Json kept = Json::array();
  for (Json d : plan["diagnostics"]) {
    if (k_ignored_codes.count(d["code"].get<std::string>())) continue;
    d.erase("message");
    kept.push_back(d);
  }
  plan["diagnostics"] = kept;
  return plan;
}

void PrintTo(const Command& command, std::ostream* os) {
  *os << command.case_name << " " << command.key;
}

const Json& adjustments() {
  static const Json all = read_json(k_cases.parent_path() / "adjustments.json");
  return all;
}

// Runtime plans differ from 0.8 on purpose (adjustments.json says why): mapped
// built-ins, real requirements, a generator version, hence another spec hash.
void apply_runtime_adjustments(Json& want, Json& got) {
  const Json& rules = adjustments()["runtime_plans"];
  for (Json& d : want["diagnostics"]) {
    const std::string code = d["code"];
    if (rules["replace_diagnostics"].contains(code)) {
      d["level"] = rules["replace_diagnostics"][code]["level"];
      d["code"] = rules["replace_diagnostics"][code]["code"];
    }
  }
  for (auto it = rules["added_fields"].begin(); it != rules["added_fields"].end(); ++it) {
    EXPECT_EQ(got[it.key()], it.value());
  }
  Json hashed = Json::object();
  for (const char* key : {"display_name", "root_agent", "agents", "skill_bundles", "requirements",
                          "env_var_names", "generator"}) {
    hashed[key] = got[key];
  }
  EXPECT_EQ(got["spec_hash"], agentlift::json::canonical_hash(agentlift::Json(hashed)))
      << "spec_hash is not the hash of the plan's own hashed fields";
  for (const Json& field : rules["recomputed_fields"]) {
    want.erase(field.get<std::string>());
    got.erase(field.get<std::string>());
  }
  for (auto it = rules["added_fields"].begin(); it != rules["added_fields"].end(); ++it) {
    got.erase(it.key());
  }
}

// Every file 0.8 exported is written; the only extras are the ones
// adjustments.json allows; the Python in the package is clean.
void check_export(const fs::path& expected_list, const fs::path& dir) {
  std::set<std::string> expected;
  std::ifstream in(expected_list);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) expected.insert(line);
  }
  std::set<std::string> written;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      written.insert(entry.path().lexically_relative(dir).generic_string());
  }
  for (const std::string& file : expected) EXPECT_TRUE(written.count(file)) << "missing " << file;
  for (const std::string& file : written) {
    if (expected.count(file)) continue;
    bool allowed = false;
    for (const Json& extra : adjustments()["export"]["extra_files"]) {
      if (file.rfind(extra.get<std::string>(), 0) == 0) allowed = true;
    }
    EXPECT_TRUE(allowed) << "unexpected file " << file;
  }
  if (written.count("agentlift_runtime/agent.py")) {
    EXPECT_EQ(testing::check_python_package(dir), "ok\n");
  }
}

class Conformance : public ::testing::TestWithParam<Command> {};

TEST_P(Conformance, MatchesReference) {
  const Command& command = GetParam();
  const fs::path project = k_cases / command.case_name / "project";
  const fs::path export_dir = fs::temp_directory_path() /
                              ("agentlift-conformance-" + command.case_name + "-" + command.key);
  fs::remove_all(export_dir);
  std::vector<std::string> args;
  for (const Json& arg : command.spec["command"]) {
    std::string text = arg.get<std::string>();
    if (text == "<PROJECT>") text = project.string();
    if (text == "<EXPORT_DIR>") text = export_dir.string();
    args.push_back(text);
  }

  int expected_exit = command.spec["exit"].get<int>();
  Json adjustment;
  const fs::path adjusted = k_cases / command.case_name / "expected" / "adjusted.json";
  if (fs::exists(adjusted)) {
    const Json all = read_json(adjusted);
    if (all["plans"].contains(command.key)) adjustment = all["plans"][command.key];
  }
  if (adjustment.contains("exit")) expected_exit = adjustment["exit"].get<int>();

  const testing::CliResult result = testing::run_cli(args);
  if (command.spec.value("crash", false)) {
    // 0.8 crashed here (a traceback, exit 1); we must fail cleanly instead.
    EXPECT_EQ(result.code, 1) << result.err;
    EXPECT_EQ(result.err.find("unexpected failure"), std::string::npos) << result.err;
    return;
  }
  EXPECT_EQ(result.code, expected_exit) << result.err;
  if (command.key == "export") {
    check_export(k_cases / command.case_name / "expected" / "export-files.txt", export_dir);
    fs::remove_all(export_dir);
    return;
  }
  if (command.key.rfind("plan", 0) != 0) return;

  Json want =
      comparable(read_json(k_cases / command.case_name / "expected" / (command.key + ".json")));
  if (adjustment.contains("prepend_diagnostics")) {
    Json diagnostics = adjustment["prepend_diagnostics"];
    for (const Json& d : want["diagnostics"]) diagnostics.push_back(d);
    want["diagnostics"] = diagnostics;
  }
  if (adjustment.contains("deployable")) want["deployable"] = adjustment["deployable"];
  if (adjustment.contains("spec_hash")) want["spec_hash"] = adjustment["spec_hash"];

  Json got = comparable(nlohmann::json::parse(result.out));
  if (!want.contains("mode")) apply_runtime_adjustments(want, got);
  if (got != want) {
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (!got.contains(it.key()) || got[it.key()] != it.value()) {
        ADD_FAILURE() << "field '" << it.key() << "' differs\n  got:  "
                      << (got.contains(it.key()) ? got[it.key()].dump() : "(missing)")
                      << "\n  want: " << it.value().dump();
      }
    }
    for (auto it = got.begin(); it != got.end(); ++it) {
      if (!want.contains(it.key())) ADD_FAILURE() << "unexpected field '" << it.key() << "'";
    }
  }
}

std::string command_name(const ::testing::TestParamInfo<Command>& info) {
  std::string name = info.param.case_name + "_" + info.param.key;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, Conformance, ::testing::ValuesIn(all_commands()), command_name);

}  // namespace
}  // namespace agentlift
