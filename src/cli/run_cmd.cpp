// `agentlift run <agent> --project <path> --task TEXT`: invokes what a deploy
// of the folder left on AgentCore, as its lockfiles record it. A harness
// (InvokeHarness) streams its text to stdout as it arrives, tool calls and
// usage to stderr; a runtime (InvokeAgentRuntime) prints its result on stdout
// and the nested tool-call tree on stderr. --json prints JSON Lines instead:
// every decoded event as it arrives, then one "done" object with the whole
// answer (docs/commands-live.md).

#include <ostream>
#include <regex>

#include "base/errors.hpp"
#include "base/json.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/deploy_support.hpp"
#include "cli/deployed.hpp"
#include "cloud/agentcore_data_client.hpp"
#include "cloud/aws_error.hpp"
#include "plan/identifiers.hpp"
#include "targets/bedrock/invoke_output.hpp"

namespace agentlift::cli {
namespace {

struct RunCommand {
  std::string agent;
  std::string project = ".";
  std::string target = "bedrock";
  std::string mode = "auto";
  std::string task;
  std::string session;
  bool stream = false;
  bool json = false;
  AwsOptions aws;
};

enum class Kind { harness, runtime };

// The deployment `run` talks to and the agent's name as it expects it.
struct Target {
  Kind kind = Kind::harness;
  std::string agent;
};

std::string compact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "(none)" : out;
}

// The harness's agent: the folder agent whose name the lock's display name
// was made from, else what the display name says.
std::string harness_agent(const parse::ParseResult& parsed, const bedrock::HarnessLock& lock) {
  for (const model::Agent& agent : parsed.project.agents) {
    if ("agentlift-" + plan::safe_ident(agent.name) == lock.display_name) return agent.name;
  }
  const std::string prefix = "agentlift-";
  return lock.display_name.starts_with(prefix) ? lock.display_name.substr(prefix.size())
                                               : lock.display_name;
}

bool names_agent(const std::string& wanted, const std::string& name) {
  return wanted == name || wanted == plan::safe_ident(name);
}

Target resolve_target(const RunCommand& options, const parse::ParseResult& parsed,
                      const DeployedLocks& locks) {
  std::vector<std::string> deployed;
  std::optional<Target> harness;
  std::optional<Target> runtime;
  if (locks.has_harness()) {
    const std::string name = harness_agent(parsed, locks.harness.lock);
    deployed.push_back(name + " (harness)");
    if (names_agent(options.agent, name) && options.mode != "runtime") {
      harness = Target{Kind::harness, name};
    }
  }
  if (locks.has_runtime()) {
    const bedrock::RuntimePlan plan = runtime_plan_in(parsed, locks.runtime.lock.region);
    for (const bedrock::AgentNode& node : plan.agents) {
      deployed.push_back(node.name + " (runtime)");
      if (names_agent(options.agent, node.name) && options.mode != "harness") {
        runtime = Target{Kind::runtime, node.name};
      }
    }
  }
  if (harness && runtime) {
    return bedrock::select_mode(parsed.project).mode == bedrock::Mode::runtime ? *runtime
                                                                               : *harness;
  }
  if (harness) return *harness;
  if (runtime) return *runtime;
  throw UsageError(
      "agent '" + options.agent + "' is not deployed from " + options.project +
          (options.mode == "auto" ? "" : " as a " + options.mode) +
          "; deployed: " + joined(deployed),
      "pass one of those names, or deploy the folder: agentlift deploy " + options.project);
}

void check_session_id(const std::string& session) {
  static const std::regex k_session("[a-zA-Z0-9][a-zA-Z0-9_-]{32,99}");
  if (!session.empty() && !std::regex_match(session, k_session)) {
    throw UsageError("--session '" + session + "' is not a session id AgentCore accepts",
                     "use the id an earlier 'agentlift run' printed (33 to 100 letters, digits, "
                     "'-' and '_'), or leave --session out to start a new session");
  }
}

// An AWS error while invoking, with what to do about the usual ones.
Error invoke_error(const cloud::HttpError& error, const std::string& noun) {
  const std::string& code = error.code();
  if (code == "RuntimeClientError" || error.status() == 424) {
    return Error("the " + noun + " failed while answering: " + error.aws_message(),
                 "the agent's code or one of its tools failed; its logs are in CloudWatch "
                 "(/aws/bedrock-agentcore/runtimes/...). Run 'agentlift status' to check it");
  }
  if (error.status() == 200) {
    return Error("the " + noun + " stopped its answer with " + code + ": " + error.aws_message(),
                 "run the task again; if it keeps failing, check 'agentlift status'");
  }
  if (code == "ValidationException" &&
      error.aws_message().find("ResourceConflict") != std::string::npos) {
    return Error(error.what(), "the " + noun + " is not READY; check 'agentlift status'");
  }
  return Error(error.what(), error.hint());
}

int run_harness(const RunCommand& options, const bedrock::HarnessLock& lock,
                const plan::Environment& environment, Io& io) {
  const std::string session = options.session.empty() ? cloud::random_uuid_v4() : options.session;
  io.err << "harness " << lock.harness_id << "  session " << session
         << "  (continue it with --session " << session << ")\n";
  std::unique_ptr<AwsAccess> access = aws_access_in(options.aws, lock.region, environment, io);
  cloud::AgentCoreDataClient data(access->session().client(cloud::AwsService::agentcore));
  cloud::InvokeHarnessRequest request;
  request.harness_arn = lock.harness_arn;
  request.session_id = session;
  request.body = {
      {"messages",
       Json::array({{{"role", "user"}, {"content", Json::array({{{"text", options.task}}})}}})}};

  std::string text;
  std::string stop_reason;
  Json usage;
  bool line_open = false;  // stdout holds text without its final newline
  // Ends the text's line before a note goes to stderr, so a terminal showing
  // both never glues the note to the answer.
  const auto note = [&]() -> std::ostream& {
    if (line_open) io.out << "\n" << std::flush;
    line_open = false;
    return io.err;
  };
  try {
    data.invoke_harness(request, [&](const cloud::HarnessEvent& event) {
      if (options.json) io.out << compact({{"event", event.type}, {"data", event.payload}}) << "\n";
      const std::string delta = cloud::harness_text_delta(event);
      text += delta;
      if (!options.json && !delta.empty()) {
        io.out << delta;
        line_open = delta.back() != '\n';
      } else if (event.type == "contentBlockStart") {
        const std::string line = bedrock::harness_block_start_line(event.payload);
        if (!line.empty()) note() << "[" << line << "]\n";
      } else if (event.type == "messageStop" && event.payload.is_object()) {
        stop_reason = event.payload.value("stopReason", "");
        if (stop_reason != "end_turn" && !stop_reason.empty()) {
          note() << "[stop: " << stop_reason << "]\n";
        }
      } else if (event.type == "metadata") {
        usage = event.payload.is_object() ? event.payload.value("usage", Json()) : Json();
        note() << bedrock::harness_usage_line(event.payload) << "\n";
      }
      io.out << std::flush;
    });
  } catch (const cloud::HttpError& error) {
    if (line_open) io.out << "\n" << std::flush;
    throw invoke_error(error, "harness");
  }
  if (line_open) io.out << "\n";
  if (options.json) {
    io.out << compact({{"event", "done"},
                       {"target", "harness"},
                       {"harness_arn", lock.harness_arn},
                       {"session_id", session},
                       {"text", text},
                       {"stop_reason", stop_reason},
                       {"usage", usage}})
           << "\n";
  }
  io.out << std::flush;
  return k_exit_ok;
}

int run_runtime(const RunCommand& options, const Target& target, const bedrock::RuntimeLock& lock,
                const plan::Environment& environment, Io& io) {
  const std::string session = options.session.empty() ? cloud::random_uuid_v4() : options.session;
  io.err << "runtime " << lock.agent_runtime_id << "  agent " << target.agent << "  session "
         << session << "  (continue it with --session " << session << ")\n";
  std::unique_ptr<AwsAccess> access = aws_access_in(options.aws, lock.region, environment, io);
  cloud::AgentCoreDataClient data(access->session().client(cloud::AwsService::agentcore));
  Json payload = {{"prompt", options.task}, {"agent", target.agent}};
  if (options.stream) payload["stream"] = true;
  cloud::InvokeRuntimeRequest request;
  request.runtime_arn = lock.agent_runtime_arn;
  request.session_id = session;
  request.payload = payload.dump();
  if (options.stream) request.accept = "text/event-stream, application/json";

  std::string streamed_text;
  std::optional<bedrock::RuntimeReply> final_reply;
  std::string refusal;
  cloud::InvokeRuntimeResult result;
  try {
    result = data.invoke_agent_runtime(request, [&](const std::string& chunk) {
      const bedrock::RuntimeStreamEvent event = bedrock::read_runtime_stream_event(chunk);
      if (options.json) {
        const Json parsed = Json::parse(chunk, nullptr, false);
        io.out << compact(
                      {{"event", "data"}, {"data", parsed.is_discarded() ? Json(chunk) : parsed}})
               << "\n";
      }
      switch (event.kind) {
        case bedrock::RuntimeStreamEvent::Kind::text:
          streamed_text += event.text;
          if (!options.json) io.out << event.text;
          break;
        case bedrock::RuntimeStreamEvent::Kind::tool_call:
          io.err << "[tool: " << event.text << "]\n";
          break;
        case bedrock::RuntimeStreamEvent::Kind::result:
          final_reply = event.reply;
          break;
        case bedrock::RuntimeStreamEvent::Kind::error:
          refusal = event.text;
          break;
      }
      io.out << std::flush;
    });
  } catch (const cloud::HttpError& error) {
    if (!streamed_text.empty()) io.out << "\n" << std::flush;
    throw invoke_error(error, "runtime");
  }
  bedrock::RuntimeReply reply;
  if (!result.streamed) {
    reply = bedrock::read_runtime_reply_text(result.body);
    if (options.json) {
      const Json parsed = Json::parse(result.body, nullptr, false);
      io.out << compact({{"event", "response"},
                         {"data", parsed.is_discarded() ? Json(result.body) : parsed}})
             << "\n";
    }
  } else if (final_reply) {
    reply = *final_reply;
  } else {
    reply.text = streamed_text;
  }
  if (refusal.empty()) refusal = reply.error;
  if (!refusal.empty()) {
    if (!streamed_text.empty() && !options.json) io.out << "\n" << std::flush;
    throw Error("the runtime refused the request: " + refusal,
                "check the agent name and the task; 'agentlift status " + options.project +
                    "' shows what is deployed");
  }
  if (!options.json) {
    if (result.streamed && !streamed_text.empty()) {
      if (streamed_text.back() != '\n') io.out << "\n";
    } else if (!reply.text.empty()) {
      io.out << reply.text << (reply.text.back() == '\n' ? "" : "\n");
    }
  }
  const std::string tree = bedrock::render_tool_call_tree(reply.tool_calls);
  if (!tree.empty()) io.err << "tool calls:\n" << tree;
  if (!reply.trace_error.empty()) {
    io.err << "note: the runtime could not report its tool calls: " << reply.trace_error << "\n";
  }
  if (options.json) {
    io.out << compact({{"event", "done"},
                       {"target", "runtime"},
                       {"agent_runtime_arn", lock.agent_runtime_arn},
                       {"agent", reply.agent.empty() ? target.agent : reply.agent},
                       {"session_id", result.session_id.empty() ? session : result.session_id},
                       {"text", reply.text},
                       {"stop_reason", reply.stop_reason},
                       {"tool_calls", reply.tool_calls}})
           << "\n";
  }
  io.out << std::flush;
  return k_exit_ok;
}

int run_agent(const RunCommand& options, Io& io) {
  require_bedrock_target(options.target);
  check_session_id(options.session);
  if (options.task.empty()) throw UsageError("--task is empty", "say what the agent should do");
  require_folder(options.project);
  FolderOptions folder;
  folder.path = options.project;
  const parse::ParseResult parsed = load_project(folder);
  const DeployedLocks locks = read_deployed_locks(parsed.project.root);
  require_readable_locks(locks);
  if (!locks.has_harness() && !locks.has_runtime()) {
    throw UsageError("nothing is deployed from " + options.project + " (no " +
                         bedrock::k_harness_lock_file + " or " + bedrock::k_runtime_lock_file + ")",
                     deploy_first_hint(options.project));
  }
  const Target target = resolve_target(options, parsed, locks);
  const plan::Environment environment = environment_with_dotenv(parsed.project.root);
  if (target.kind == Kind::harness)
    return run_harness(options, locks.harness.lock, environment, io);
  return run_runtime(options, target, locks.runtime.lock, environment, io);
}

}  // namespace

void register_run(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<RunCommand>();
  CLI::App* command =
      app.add_subcommand("run", "Invoke a deployed agent (harness or runtime) with a task");
  command->add_option("agent", options->agent, "The agent to ask (its name in the folder)")
      ->required();
  command->add_option("--project", options->project, "The deployed folder")->capture_default_str();
  command->add_option("--target", options->target, "Deploy target")
      ->check(CLI::IsMember({"bedrock", "anthropic", "google"}))
      ->capture_default_str();
  command
      ->add_option("--mode", options->mode,
                   "Which deployment when the folder has both: auto, harness or runtime")
      ->check(CLI::IsMember({"auto", "harness", "runtime"}))
      ->capture_default_str();
  command->add_option("--task", options->task, "What to ask the agent")->required();
  command->add_option("--session", options->session,
                      "Continue this session (the id an earlier run printed)");
  command->add_flag("--stream", options->stream,
                    "Runtime: ask for server-sent events (text as it is written)");
  command->add_flag("--json", options->json,
                    "Print JSON Lines: each event as it arrives, then a \"done\" object");
  add_aws_options(*command, options->aws, /*with_region=*/false);
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_agent(*options, io); }; });
}

}  // namespace agentlift::cli
