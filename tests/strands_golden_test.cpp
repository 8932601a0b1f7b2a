// Golden tests of the generated Strands package: `agentlift deploy <fixture>
// --build-only --mode runtime` on the folders under tests/fixtures/codegen/, every
// generated file (paths and bytes) compared with tests/golden/codegen/<case>/.
//
// Regenerate after an intended change of the generated code:
//   AGENTLIFT_UPDATE_GOLDEN=1 ./build/agentlift_tests --gtest_filter='StrandsGolden.*'
// and review the diff of tests/golden/codegen/ before committing it.
//
// The fixtures are copied into a scratch folder and built there, so the repository
// stays clean. The CLI runs with the scratch folder as the current directory and
// the case name as the path, so NOTES.txt (which quotes the path as typed) reads
// "agentlift deploy team ..." on every machine.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"
#include "support/temp_folder.hpp"

namespace {

namespace fs = std::filesystem;
using agentlift::testing::CliResult;
using agentlift::testing::run_cli;
using agentlift::testing::TempFolder;

const fs::path k_source_dir = AGENTLIFT_SOURCE_DIR;
const char* const k_regenerate =
    "AGENTLIFT_UPDATE_GOLDEN=1 ./build/agentlift_tests --gtest_filter='StrandsGolden.*'";

fs::path fixture_dir(const std::string& name) {
  return k_source_dir / "tests" / "fixtures" / "codegen" / name;
}

fs::path golden_dir(const std::string& name) {
  return k_source_dir / "tests" / "golden" / "codegen" / name;
}

bool updating_goldens() {
  const char* value = std::getenv("AGENTLIFT_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

// Restores the current directory on scope exit, also when an assertion returns early.
class CurrentDirectory {
 public:
  explicit CurrentDirectory(const fs::path& dir) : m_saved(fs::current_path()) {
    fs::current_path(dir);
  }
  ~CurrentDirectory() {
    std::error_code ec;
    fs::current_path(m_saved, ec);
  }
  CurrentDirectory(const CurrentDirectory&) = delete;
  CurrentDirectory& operator=(const CurrentDirectory&) = delete;

 private:
  fs::path m_saved;
};

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_bytes(const fs::path& file, const std::string& bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

// Every regular file under `root`: generic relative path -> bytes.
using Tree = std::map<std::string, std::string>;

Tree read_tree(const fs::path& root) {
  Tree tree;
  if (!fs::is_directory(root)) return tree;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    tree[entry.path().lexically_relative(root).generic_string()] = read_bytes(entry.path());
  }
  return tree;
}

std::string path_list(const Tree& tree) {
  std::string out;
  for (const auto& [path, bytes] : tree) out += "  " + path + "\n";
  return out;
}

// Copies the fixture's .managed-agents/ (and nothing else, such as a stray
// .agentlift-build/ from a manual run) to <parent>/<name>/.
fs::path stage_fixture(const fs::path& parent, const std::string& name) {
  const fs::path source = fixture_dir(name) / ".managed-agents";
  const fs::path project = parent / name;
  fs::create_directories(project);
  fs::copy(source, project / ".managed-agents", fs::copy_options::recursive);
  return project;
}

struct Build {
  CliResult cli;
  fs::path dir;  // <project>/.agentlift-build/bedrock
};

// `agentlift deploy <name> --build-only` run from `parent`.
Build build(const fs::path& parent, const std::string& name) {
  CurrentDirectory cwd(parent);
  Build result{run_cli({"deploy", name, "--build-only", "--mode", "runtime", "--bedrock-region",
                        "us-east-1"}),
               parent / name / ".agentlift-build" / "bedrock"};
  return result;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// A unified-style hunk around the first differing lines: common prefix and
// suffix are cut, three lines of context kept, long runs truncated.
std::string diff(const std::string& expected, const std::string& actual) {
  const std::vector<std::string> a = split_lines(expected);
  const std::vector<std::string> b = split_lines(actual);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::ostringstream out;
  if (prefix == a.size() && prefix == b.size()) {
    out << "  (same lines; the bytes differ in line endings or the final newline: expected "
        << expected.size() << " bytes, got " << actual.size() << ")\n";
    return out.str();
  }
  constexpr std::size_t k_context = 3;
  constexpr std::size_t k_max_run = 25;
  const std::size_t from = prefix > k_context ? prefix - k_context : 0;
  const std::size_t a_end = a.size() - suffix;
  const std::size_t b_end = b.size() - suffix;
  out << "--- golden\n+++ generated\n"
      << "@@ -" << from + 1 << "," << (std::min(a.size(), a_end + k_context) - from) << " +"
      << from + 1 << "," << (std::min(b.size(), b_end + k_context) - from) << " @@\n";
  for (std::size_t i = from; i < prefix; ++i) out << " " << a[i] << "\n";
  for (std::size_t i = prefix; i < a_end && i < prefix + k_max_run; ++i) out << "-" << a[i] << "\n";
  if (a_end > prefix + k_max_run) out << "-... (" << a_end - prefix - k_max_run << " more)\n";
  for (std::size_t i = prefix; i < b_end && i < prefix + k_max_run; ++i) out << "+" << b[i] << "\n";
  if (b_end > prefix + k_max_run) out << "+... (" << b_end - prefix - k_max_run << " more)\n";
  for (std::size_t i = a_end; i < a.size() && i < a_end + k_context; ++i)
    out << " " << a[i] << "\n";
  return out.str();
}

// Compares a generated tree with tests/golden/codegen/<name>/, or rewrites the
// golden files when AGENTLIFT_UPDATE_GOLDEN=1.
void expect_golden(const std::string& name, const Tree& generated) {
  const fs::path golden = golden_dir(name);
  if (updating_goldens()) {
    fs::remove_all(golden);
    for (const auto& [path, bytes] : generated) write_bytes(golden / path, bytes);
    std::cout << "[golden] rewrote " << golden.string() << " (" << generated.size() << " files)\n";
    return;
  }
  ASSERT_TRUE(fs::is_directory(golden))
      << "no golden files for '" << name << "' at " << golden.string()
      << "\nCreate them with: " << k_regenerate;
  const Tree expected = read_tree(golden);

  std::vector<std::string> missing, extra, different;
  for (const auto& [path, bytes] : expected) {
    auto it = generated.find(path);
    if (it == generated.end()) {
      missing.push_back(path);
    } else if (it->second != bytes) {
      different.push_back(path);
    }
  }
  for (const auto& [path, bytes] : generated) {
    if (expected.count(path) == 0) extra.push_back(path);
  }
  if (missing.empty() && extra.empty() && different.empty()) return;

  std::ostringstream report;
  report << "generated package for '" << name << "' differs from " << golden.string() << "\n";
  for (const std::string& path : missing)
    report << "  missing (in golden, not generated): " << path << "\n";
  for (const std::string& path : extra)
    report << "  extra (generated, not in golden): " << path << "\n";
  for (const std::string& path : different) {
    report << "  differs: " << path << "\n" << diff(expected.at(path), generated.at(path));
  }
  report << "If the change is intended, regenerate with:\n  " << k_regenerate
         << "\nand review `git diff tests/golden/codegen/`.";
  ADD_FAILURE() << report.str();
}

// Builds one fixture in a scratch folder and checks it against its goldens.
Tree build_fixture(const std::string& name) {
  TempFolder temp;
  stage_fixture(temp.path(), name);
  const Build result = build(temp.path(), name);
  EXPECT_EQ(result.cli.code, 0) << "stdout:\n" << result.cli.out << "\nstderr:\n" << result.cli.err;
  return read_tree(result.dir);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- the three cases ---------------------------------------------------------

TEST(StrandsGolden, SingleAgent) {
  const Tree tree = build_fixture("single");
  ASSERT_FALSE(tree.empty());
  expect_golden("single", tree);

  // What the golden must show, stated once more so a careless regeneration is caught.
  const std::string& agent = tree.at("agentlift_runtime/agent.py");
  EXPECT_TRUE(tree.count("agentlift_runtime/skills/escalation/SKILL.md"));
  EXPECT_EQ(
      tree.at("agentlift_runtime/skills/escalation/SKILL.md"),
      read_bytes(fixture_dir("single") / ".managed-agents/helpdesk/skills/escalation/SKILL.md"));
  EXPECT_TRUE(contains(agent, "plugins=[_skills('escalation')]"));
  EXPECT_TRUE(contains(agent, "## knowledge/handbook.md")) << "knowledge is folded into the prompt";
  EXPECT_FALSE(contains(agent, "MCPClient")) << "no MCP server, no MCP import";
  EXPECT_FALSE(contains(agent, "AgentCoreBrowser")) << "tools: [read] needs no browser";
  EXPECT_TRUE(contains(agent, "AgentCoreCodeInterpreter(region=REGION)"));
  EXPECT_TRUE(contains(tree.at("NOTES.txt"), "agentlift deploy single --target bedrock"));
}

TEST(StrandsGolden, Team) {
  const Tree tree = build_fixture("team");
  ASSERT_FALSE(tree.empty());
  expect_golden("team", tree);

  const std::string& agent = tree.at("agentlift_runtime/agent.py");
  EXPECT_TRUE(tree.count("agentlift_runtime/skills/cite-sources/SKILL.md"));
  EXPECT_TRUE(tree.count("agentlift_runtime/skills/house-style/SKILL.md"));
  EXPECT_TRUE(tree.count("agentlift_runtime/skills/house-style/references/examples.md"))
      << "a skill's extra files travel with it";
  EXPECT_TRUE(contains(agent, "ROOT_AGENT = 'coordinator'"));
  EXPECT_TRUE(contains(agent, "request.specialist('web_researcher', "));
  EXPECT_TRUE(contains(agent, "request.specialist('writer', "));
  EXPECT_TRUE(contains(agent,
                       "request.mcp_tools('docs', 'https://docs.example.com/mcp', "
                       "['search', 'read_page'], {})"));
  EXPECT_TRUE(contains(agent,
                       "request.mcp_tools('tickets', 'https://tickets.example.com/mcp', "
                       "['create_ticket'], {})"));
  EXPECT_TRUE(contains(agent, "plugins=[_skills('house-style', 'cite-sources')]"));
}

TEST(StrandsGolden, AuthAndBuiltins) {
  const Tree tree = build_fixture("auth-builtins");
  ASSERT_FALSE(tree.empty());
  expect_golden("auth-builtins", tree);

  const std::string& agent = tree.at("agentlift_runtime/agent.py");
  EXPECT_TRUE(contains(agent, "{'Authorization': 'AGENTLIFT_MCP_CRM_AUTHORIZATION'}"));
  for (const auto& [path, bytes] : tree) {
    EXPECT_FALSE(contains(bytes, "Bearer")) << path << " carries the header template";
    EXPECT_FALSE(contains(bytes, "${TOKEN}")) << path << " carries the header template";
  }
  EXPECT_TRUE(contains(agent, "_BROWSER = AgentCoreBrowser(region=REGION)"));
  EXPECT_TRUE(contains(agent, "_CODE_INTERPRETER = AgentCoreCodeInterpreter(region=REGION)"));
  EXPECT_TRUE(contains(tree.at("NOTES.txt"), "  AGENTLIFT_MCP_CRM_AUTHORIZATION\n"));
  EXPECT_TRUE(contains(tree.at("NOTES.txt"), "-e AGENTLIFT_MCP_CRM_AUTHORIZATION"));
  EXPECT_TRUE(contains(tree.at("requirements.txt"), "playwright"));
  EXPECT_FALSE(contains(agent, "AgentSkills")) << "no skills, no skills import";
}

// ---- properties of the build itself --------------------------------------------

TEST(StrandsGolden, Deterministic) {
  for (const std::string name : {"single", "team", "auth-builtins"}) {
    SCOPED_TRACE(name);
    TempFolder first, second;
    stage_fixture(first.path(), name);
    stage_fixture(second.path(), name);
    const Build a = build(first.path(), name);
    const Build b = build(second.path(), name);
    ASSERT_EQ(a.cli.code, 0) << a.cli.out << a.cli.err;
    ASSERT_EQ(b.cli.code, 0) << b.cli.out << b.cli.err;
    const Tree tree_a = read_tree(a.dir);
    EXPECT_EQ(tree_a, read_tree(b.dir)) << "two folders, same input, different bytes";

    // Rebuilding in place gives the same bytes again.
    const Build again = build(first.path(), name);
    ASSERT_EQ(again.cli.code, 0) << again.cli.out << again.cli.err;
    const Tree tree_again = read_tree(again.dir);
    EXPECT_EQ(tree_a.size(), tree_again.size()) << path_list(tree_a) << "vs\n"
                                                << path_list(tree_again);
    EXPECT_EQ(tree_a, tree_again) << "a rebuild changed the bytes";
  }
}

TEST(StrandsGolden, BuildReplacesOldFolderCompletely) {
  TempFolder temp;
  const fs::path project = stage_fixture(temp.path(), "team");
  const Build fresh = build(temp.path(), "team");
  ASSERT_EQ(fresh.cli.code, 0) << fresh.cli.out << fresh.cli.err;
  const Tree expected = read_tree(fresh.dir);

  // Leftovers of an older build, and a file next to the bedrock folder.
  write_bytes(fresh.dir / "stale.txt", "from a previous build\n");
  write_bytes(fresh.dir / "agentlift_runtime" / "skills" / "old-skill" / "SKILL.md", "old\n");
  write_bytes(fresh.dir / "agentlift_runtime" / "__pycache__" / "agent.cpython-311.pyc", "pyc");
  write_bytes(fresh.dir / "agentlift_runtime" / "agent.py", "edited by hand\n");
  write_bytes(project / ".agentlift-build" / "keep.txt", "not ours\n");

  const Build rebuilt = build(temp.path(), "team");
  ASSERT_EQ(rebuilt.cli.code, 0) << rebuilt.cli.out << rebuilt.cli.err;
  const Tree after = read_tree(rebuilt.dir);
  EXPECT_FALSE(after.count("stale.txt"));
  EXPECT_FALSE(after.count("agentlift_runtime/skills/old-skill/SKILL.md"));
  EXPECT_FALSE(fs::exists(rebuilt.dir / "agentlift_runtime" / "skills" / "old-skill"));
  EXPECT_FALSE(fs::exists(rebuilt.dir / "agentlift_runtime" / "__pycache__"));
  EXPECT_EQ(after, expected) << "after:\n"
                             << path_list(after) << "expected:\n"
                             << path_list(expected);

  // Only bedrock/ is replaced: no staging or retired folder is left behind, and a
  // sibling file survives.
  std::vector<std::string> entries;
  for (const fs::directory_entry& entry : fs::directory_iterator(project / ".agentlift-build")) {
    entries.push_back(entry.path().filename().string());
  }
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, (std::vector<std::string>{"bedrock", "keep.txt"}));

  // A skill dropped from the folder disappears from the next build.
  write_bytes(project / ".managed-agents" / "writer" / "agent.md",
              "---\nname: writer\ndescription: Writes the answer in the house style.\n"
              "model: claude-sonnet-4-5\ntools: [read]\nskills: [shared/cite-sources]\n---\n"
              "You turn research notes into a short answer.\n");
  const Build without = build(temp.path(), "team");
  ASSERT_EQ(without.cli.code, 0) << without.cli.out << without.cli.err;
  EXPECT_FALSE(fs::exists(without.dir / "agentlift_runtime" / "skills" / "house-style"));
  EXPECT_TRUE(
      fs::exists(without.dir / "agentlift_runtime" / "skills" / "cite-sources" / "SKILL.md"));
}

}  // namespace
