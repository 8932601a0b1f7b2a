// agentlift_bench: times `agentlift plan <corpus> --target bedrock --json` on
// three synthetic corpora and prints the figures (see bench/README.md). It is a
// benchmark, not a test: it exits 0 whether the targets are met or missed, and
// non-zero only when something is broken (agentlift crashed, a corpus could
// not be built, ...).
//
//   agentlift_bench [--agentlift PATH] [--corpus-tool PATH] [--work DIR]
//                   [--runs N] [--only NAME]
//
// Each run is a child process (fork/exec, stdout to /dev/null). Wall time is
// steady_clock around fork..wait4; peak memory is wait4's ru_maxrss (KiB).
// One warm-up run per corpus is not counted: it warms the page cache, so the
// figures are warm-cache figures.

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#ifndef AGENTLIFT_BENCH_AGENTLIFT
#define AGENTLIFT_BENCH_AGENTLIFT "agentlift"
#endif
#ifndef AGENTLIFT_BENCH_CORPUS_TOOL
#define AGENTLIFT_BENCH_CORPUS_TOOL "agentlift_bench_corpus"
#endif
#ifndef AGENTLIFT_BENCH_WORK_DIR
#define AGENTLIFT_BENCH_WORK_DIR "bench-out"
#endif

namespace fs = std::filesystem;

namespace {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BenchOptions {
  fs::path agentlift = AGENTLIFT_BENCH_AGENTLIFT;
  fs::path corpus_tool = AGENTLIFT_BENCH_CORPUS_TOOL;
  fs::path work = AGENTLIFT_BENCH_WORK_DIR;
  int runs = 7;
  std::string only;
};

struct CorpusSpec {
  std::string name;
  std::string description;
  std::vector<std::string> generator_args;
  std::optional<double> wall_target_ms;
  std::optional<double> rss_target_mib;
};

// The three corpora. Byte sizes: F counts SKILL.md, so each skill holds F-1
// files of about --file-bytes; SKILL.md, agent.md, knowledge and mcp.json are
// small. (team) 100 x 3 x 9 + 2 x 9 shared = 2,718 files of ~10.9 KB = ~30 MB;
// (large) 500 x 5 x 6 + 2 x 6 shared = 15,012 files of ~31.2 KB = ~470 MB in
// about 18,100 files in all.
std::vector<CorpusSpec> corpus_specs() {
  return {
      {"small",
       "a single small agent: 2 skills x 3 files x ~1 KB, 1 knowledge file, an MCP server",
       {"--agents", "1", "--skills-per-agent", "2", "--files-per-skill", "3", "--file-bytes",
        "1024", "--knowledge-files", "1"},
       5.0,
       std::nullopt},
      {"team",
       "a 100-agent team: 3 skills x 10 files x ~10.9 KB each, 2 knowledge files, "
       "2 shared skills, 1 coordinator over 50 subagents",
       {"--agents", "100", "--skills-per-agent", "3", "--files-per-skill", "10", "--file-bytes",
        "10900", "--knowledge-files", "2", "--shared-skills", "2", "--coordinator",
        "--max-subagents", "50"},
       std::nullopt,
       std::nullopt},
      {"large",
       "500 agents: 5 skills x 7 files x ~31.2 KB each, 2 shared skills, "
       "1 coordinator over 50 subagents",
       {"--agents", "500", "--skills-per-agent", "5", "--files-per-skill", "7", "--file-bytes",
        "31200", "--shared-skills", "2", "--coordinator", "--max-subagents", "50"},
       500.0,
       40.0},
  };
}

// ---------------------------------------------------------------------------
// Child processes

struct ChildResult {
  double wall_ms = 0;
  double cpu_ms = 0;  // user + system
  long max_rss_kib = 0;
  bool signaled = false;
  int exit_code = 0;  // or the signal number when signaled
};

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }

 private:
  int m_fd;
};

Fd open_for_child(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  return Fd(fd);
}

double to_ms(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3;
}

// Runs argv[0] (a path, no PATH search) with stdout and stderr sent to the
// given files. An exec failure comes back through a close-on-exec pipe, so it
// is reported as such rather than as a mysterious exit code.
ChildResult run_child(const std::vector<std::string>& args, const fs::path& stdout_path,
                      const fs::path& stderr_path) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  const Fd out = open_for_child(stdout_path);
  const bool same_file = stderr_path == stdout_path;
  const Fd err = same_file ? Fd(-1) : open_for_child(stderr_path);
  const int err_fd = same_file ? out.get() : err.get();
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe2 failed: ") + std::strerror(errno));
  }
  const Fd pipe_read(pipe_fds[0]);

  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(pipe_fds[1]);
    throw std::runtime_error(std::string("fork failed: ") + std::strerror(e));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here on.
    if (::dup2(out.get(), STDOUT_FILENO) < 0 || ::dup2(err_fd, STDERR_FILENO) < 0) {
      const int e = errno;
      (void)!::write(pipe_fds[1], &e, sizeof e);
      ::_exit(127);
    }
    ::execv(argv[0], argv.data());
    const int e = errno;
    (void)!::write(pipe_fds[1], &e, sizeof e);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);  // the child holds the only write end until it execs

  int exec_errno = 0;
  ssize_t got = 0;
  do {
    got = ::read(pipe_read.get(), &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);

  int status = 0;
  rusage usage{};
  pid_t waited = 0;
  do {
    waited = ::wait4(pid, &status, 0, &usage);
  } while (waited < 0 && errno == EINTR);
  const auto end = std::chrono::steady_clock::now();
  if (waited != pid) throw std::runtime_error(std::string("wait4 failed: ") + std::strerror(errno));
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    throw std::runtime_error("cannot run " + args[0] + ": " + std::strerror(exec_errno));
  }

  ChildResult result;
  result.wall_ms = std::chrono::duration<double, std::milli>(end - start).count();
  result.cpu_ms = to_ms(usage.ru_utime) + to_ms(usage.ru_stime);
  result.max_rss_kib = usage.ru_maxrss;
  if (WIFSIGNALED(status)) {
    result.signaled = true;
    result.exit_code = WTERMSIG(status);
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

std::string read_tail(const fs::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  if (all.size() > max_bytes) all = "...\n" + all.substr(all.size() - max_bytes);
  return all;
}

// ---------------------------------------------------------------------------
// Corpora

struct CorpusStats {
  std::uint64_t agents = 0;
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
};

CorpusStats measure_corpus(const fs::path& corpus) {
  CorpusStats stats;
  const fs::path root = corpus / ".managed-agents";
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && entry.path().filename() != "shared") ++stats.agents;
  }
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      ++stats.files;
      stats.bytes += entry.file_size();
    }
  }
  return stats;
}

void ensure_corpus(const BenchOptions& options, const CorpusSpec& spec, const fs::path& dir) {
  std::vector<std::string> args = {options.corpus_tool.string(), dir.string()};
  args.insert(args.end(), spec.generator_args.begin(), spec.generator_args.end());
  args.push_back("--if-stale");
  std::cerr << "[bench] corpus " << spec.name << ": checking " << dir.string()
            << " (built on first use; the large one takes a while)\n";
  const fs::path log = options.work / (spec.name + ".corpus.log");
  const ChildResult result = run_child(args, log, log);
  if (result.signaled || result.exit_code != 0) {
    throw std::runtime_error("building corpus '" + spec.name + "' failed (" +
                             (result.signaled ? "signal " : "exit code ") +
                             std::to_string(result.exit_code) + "):\n" + read_tail(log, 4000));
  }
  std::cerr << "[bench]   " << read_tail(log, 400);
}

// ---------------------------------------------------------------------------
// Measuring

struct CorpusFigures {
  const CorpusSpec* spec = nullptr;
  CorpusStats stats;
  double median_wall_ms = 0;
  double min_wall_ms = 0;
  double median_cpu_ms = 0;
  double peak_rss_mib = 0;
  int exit_code = 0;
  std::uintmax_t plan_bytes = 0;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

std::string signal_text(int signal) {
  const char* name = ::strsignal(signal);
  return "signal " + std::to_string(signal) + (name ? std::string(" (") + name + ")" : "");
}

// Aborts (throws) unless agentlift exited normally with 0 (deployable plan)
// or 1 (a plan that is not deployable).
void check_exit(const ChildResult& result, const std::vector<std::string>& args,
                const fs::path& stderr_path) {
  if (!result.signaled && (result.exit_code == 0 || result.exit_code == 1)) return;
  std::string command;
  for (const std::string& arg : args) command += (command.empty() ? "" : " ") + arg;
  throw std::runtime_error(
      "agentlift " +
      (result.signaled ? "CRASHED with " + signal_text(result.exit_code)
                       : "failed with exit code " + std::to_string(result.exit_code)) +
      "\n  command: " + command + "\n  stderr:\n" + read_tail(stderr_path, 4000));
}

CorpusFigures measure(const BenchOptions& options, const CorpusSpec& spec, const fs::path& corpus) {
  CorpusFigures figures;
  figures.spec = &spec;
  figures.stats = measure_corpus(corpus);

  const std::vector<std::string> args = {
      options.agentlift.string(), "plan", corpus.string(), "--target", "bedrock", "--json"};
  const fs::path plan_path = options.work / (spec.name + ".plan.json");
  const fs::path stderr_path = options.work / (spec.name + ".stderr");

  // Warm-up: fills the page cache; its output is kept for inspection.
  const ChildResult warm = run_child(args, plan_path, stderr_path);
  check_exit(warm, args, stderr_path);
  figures.exit_code = warm.exit_code;
  std::error_code ec;
  figures.plan_bytes = fs::file_size(plan_path, ec);
  if (ec || figures.plan_bytes == 0) {
    throw std::runtime_error("agentlift printed no plan for corpus '" + spec.name + "' (see " +
                             plan_path.string() + ")");
  }

  std::vector<double> walls, cpus;
  long max_rss_kib = 0;
  for (int run = 0; run < options.runs; ++run) {
    const ChildResult result = run_child(args, "/dev/null", stderr_path);
    check_exit(result, args, stderr_path);
    if (result.exit_code != figures.exit_code) {
      throw std::runtime_error("agentlift exit code changed between runs on corpus '" + spec.name +
                               "' (" + std::to_string(figures.exit_code) + " then " +
                               std::to_string(result.exit_code) + "); the plan is not stable");
    }
    walls.push_back(result.wall_ms);
    cpus.push_back(result.cpu_ms);
    max_rss_kib = std::max(max_rss_kib, result.max_rss_kib);
  }
  figures.median_wall_ms = median(walls);
  figures.min_wall_ms = *std::min_element(walls.begin(), walls.end());
  figures.median_cpu_ms = median(cpus);
  figures.peak_rss_mib = static_cast<double>(max_rss_kib) / 1024.0;
  return figures;
}

// ---------------------------------------------------------------------------
// Output

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string with_commas(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The 1-minute load average, or -1 when /proc/loadavg is unreadable.
double load_average() {
  std::ifstream in("/proc/loadavg");
  double load = -1;
  if (!(in >> load)) return -1;
  return load;
}

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string verdicts(const CorpusFigures& f) {
  std::string out;
  const auto add = [&out](const std::string& text) { out += (out.empty() ? "" : ", ") + text; };
  if (f.spec->wall_target_ms) {
    add("wall < " + format("%g", *f.spec->wall_target_ms) + " ms " +
        (f.median_wall_ms < *f.spec->wall_target_ms ? "PASS" : "MISS"));
  }
  if (f.spec->rss_target_mib) {
    add("RSS < " + format("%g", *f.spec->rss_target_mib) + " MiB " +
        (f.peak_rss_mib < *f.spec->rss_target_mib ? "PASS" : "MISS"));
  }
  return out.empty() ? "no target" : out;
}

void print_report(const BenchOptions& options, const std::vector<CorpusFigures>& all) {
  std::cout << "agentlift bench: " << options.agentlift.string()
            << " plan <corpus> --target bedrock --json\n"
            << "  " << options.runs << " timed runs per corpus after 1 warm-up (warm page cache), "
            << std::thread::hardware_concurrency() << " CPUs; wall = median, RSS = peak\n";
  const double load = load_average();
  if (load >= 0) {
    std::cout << "  load average " << format("%.2f", load)
              << (load >= 0.5 * std::thread::hardware_concurrency()
                      ? " at the end: the machine is busy, so wall times are noisy (min is the "
                        "least disturbed)"
                      : " at the end")
              << "\n";
  }
  std::cout << "\n";
  for (const CorpusFigures& f : all) {
    std::cout << "  " << pad_right(f.spec->name, 6) << " " << f.spec->description << "\n";
  }
  std::cout << "\n";
  std::cout << "corpus  agents   files  total MB  median ms   min ms   cpu ms  peak RSS MiB"
               "  exit  plan KB  targets\n";
  for (const CorpusFigures& f : all) {
    std::cout << pad_right(f.spec->name, 6) << pad_left(with_commas(f.stats.agents), 8)
              << pad_left(with_commas(f.stats.files), 8)
              << pad_left(format("%.2f", static_cast<double>(f.stats.bytes) / 1e6), 10)
              << pad_left(format("%.2f", f.median_wall_ms), 11)
              << pad_left(format("%.2f", f.min_wall_ms), 9)
              << pad_left(format("%.1f", f.median_cpu_ms), 9)
              << pad_left(format("%.1f", f.peak_rss_mib), 14)
              << pad_left(std::to_string(f.exit_code), 6)
              << pad_left(format("%.0f", static_cast<double>(f.plan_bytes) / 1024.0), 9) << "  "
              << verdicts(f) << "\n";
  }
  std::cout << "(total MB = 10^6 bytes; exit 0 = deployable plan, 1 = plan with errors; "
               "cpu = user+sys, median)\n\n";
  for (const CorpusFigures& f : all) {
    std::cout << "bench " << f.spec->name << " wall_ms=" << format("%.2f", f.median_wall_ms)
              << " rss_mib=" << format("%.1f", f.peak_rss_mib) << "\n";
  }
}

// ---------------------------------------------------------------------------
// Arguments

BenchOptions parse_args(int argc, char** argv) {
  BenchOptions options;
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= args.size()) throw UsageError(std::string(arg) + " needs a value");
      return args[++i];
    };
    if (arg == "--agentlift") {
      options.agentlift = fs::path(value());
    } else if (arg == "--corpus-tool") {
      options.corpus_tool = fs::path(value());
    } else if (arg == "--work") {
      options.work = fs::path(value());
    } else if (arg == "--runs") {
      const std::string_view text = value();
      int runs = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), runs);
      if (ec != std::errc() || end != text.data() + text.size() || runs < 1 || runs > 1000) {
        throw UsageError("--runs expects a whole number from 1 to 1000, got '" + std::string(text) +
                         "'");
      }
      options.runs = runs;
    } else if (arg == "--only") {
      options.only = std::string(value());
    } else if (arg == "-h" || arg == "--help") {
      throw UsageError("");
    } else {
      throw UsageError("unknown argument '" + std::string(arg) + "'");
    }
  }
  return options;
}

constexpr const char* k_usage =
    "usage: agentlift_bench [--agentlift PATH] [--corpus-tool PATH] [--work DIR]\n"
    "                       [--runs N] [--only small|team|large]\n"
    "Builds three synthetic corpora under DIR (once; a stamp file marks them current),\n"
    "then times 'agentlift plan <corpus> --target bedrock --json': 1 warm-up run plus\n"
    "N timed runs (default 7) per corpus, reporting median/min wall time and peak RSS.\n";

void require_executable(const fs::path& path, const char* what, const char* flag) {
  if (::access(path.c_str(), X_OK) != 0) {
    throw UsageError(std::string(what) + " not found or not executable at '" + path.string() +
                     "' (build it, or pass " + flag + " PATH)");
  }
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions options;
  try {
    options = parse_args(argc, argv);
    require_executable(options.agentlift, "agentlift", "--agentlift");
    require_executable(options.corpus_tool, "agentlift_bench_corpus", "--corpus-tool");
  } catch (const UsageError& e) {
    if (*e.what() != '\0') std::cerr << "agentlift_bench: error: " << e.what() << "\n";
    std::cerr << k_usage;
    return *e.what() != '\0' ? 2 : 0;
  }

  try {
    options.agentlift = fs::absolute(options.agentlift);
    options.corpus_tool = fs::absolute(options.corpus_tool);
    fs::create_directories(options.work);
    options.work = fs::canonical(options.work);

    std::vector<CorpusSpec> specs = corpus_specs();
    if (!options.only.empty()) {
      std::erase_if(specs, [&](const CorpusSpec& s) { return s.name != options.only; });
      if (specs.empty()) {
        std::cerr << "agentlift_bench: error: no corpus named '" << options.only
                  << "' (small, team or large)\n";
        return 2;
      }
    }
    std::vector<CorpusFigures> figures;
    for (const CorpusSpec& spec : specs) {
      const fs::path corpus = options.work / spec.name;
      ensure_corpus(options, spec, corpus);
      std::cerr << "[bench] corpus " << spec.name << ": 1 warm-up + " << options.runs
                << " timed runs\n";
      figures.push_back(measure(options, spec, corpus));
    }
    std::cerr << "\n";
    print_report(options, figures);
    return 0;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "\nagentlift_bench: ABORTED: " << e.what() << "\n";
    return 1;
  }
}
