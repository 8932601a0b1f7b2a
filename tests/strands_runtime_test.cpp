// Runs the generated agentlift_runtime/agent.py under python3 against fake
// strands / strands_tools / mcp / bedrock_agentcore packages, so the generated code
// is exercised end to end (requests, specialists, MCP connections, streaming,
// skills) without installing Strands or calling AWS.
//
// The fakes follow the signatures in shared/spec/strands-api.md (keyword names
// included, keyword-only where the real ones are) and are strict where the real
// libraries are: invalid or duplicate tool names raise, MCP tools only work while
// their client is open, list_tools_sync() needs a started client. A driver script
// imports the package built by the real CLI, sends requests through the fake
// BedrockAgentCoreApp the way the real one calls the entry point, and prints a JSON
// report that the tests below check. Skipped when python3 is not on PATH.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"
#include "support/temp_folder.hpp"

namespace {

namespace fs = std::filesystem;
using agentlift::testing::run_cli;
using agentlift::testing::TempFolder;
using nlohmann::json;

const fs::path k_source_dir = AGENTLIFT_SOURCE_DIR;

// ---- the fake packages ----------------------------------------------------------

// Shared recorder: what the generated code constructed and called.
const char* const k_fake_state = R"PY(
"""Recorder shared by the fake packages (not part of any real API)."""

apps = []
code_interpreters = []
browsers = []
agents = []
mcp_clients = []
transports = []
metrics_raise = False
failing_tools = set()  # tool names whose calls raise (error tool results)

# Tools every fake MCP server offers, in the server's order.
SERVER_TOOLS = ["search", "read_page", "create_ticket", "lookup", "delete_everything"]


def reset_request():
    del agents[:]
    del mcp_clients[:]
    del transports[:]
)PY";

const char* const k_fake_strands = R"PY(
"""Fake strands: Agent, AgentSkills, tool (signatures of strands-agents 1.36-1.40)."""

import asyncio
import inspect
import re

import _fake_state as _state

__all__ = ["Agent", "AgentSkills", "tool"]

_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_DEFAULT_HANDLER = object()


class ConcurrencyException(Exception):
    pass


class DecoratedFunctionTool:
    fake_kind = "function"

    def __init__(self, fn, name, description):
        self._fn = fn
        self.tool_name = name or fn.__name__
        self.description = description if description is not None else (fn.__doc__ or "")
        self.parameters = [p for p in inspect.signature(fn).parameters]

    def __call__(self, *args, **kwargs):
        return self._fn(*args, **kwargs)


def tool(func=None, description=None, inputSchema=None, name=None, context=False):
    def decorate(fn):
        for param in inspect.signature(fn).parameters.values():
            if param.annotation is inspect.Parameter.empty:
                raise TypeError("@tool %s: parameter %r has no type hint" % (fn.__name__, param.name))
        return DecoratedFunctionTool(fn, name, description)

    if func is not None:
        return decorate(func)
    return decorate


class _SkillsTool:
    fake_kind = "skills"
    tool_name = "skills"


class AgentSkills:
    def __init__(self, skills, state_key="agent_skills", max_resource_files=20, strict=False):
        self.skills = list(skills) if isinstance(skills, (list, tuple)) else [skills]
        self.tool = _SkillsTool()


class ToolMetrics:
    def __init__(self):
        self.call_count = 0
        self.success_count = 0
        self.error_count = 0
        self.total_time = 0.0


class EventLoopMetrics:
    def __init__(self):
        self.tool_metrics = {}


class AgentResult:
    def __init__(self, text, metrics, stop_reason="end_turn"):
        self.stop_reason = stop_reason
        self.message = {"role": "assistant", "content": [{"text": text}]}
        self.state = {}
        self.interrupts = []
        self.structured_output = None
        self._text = text
        self._metrics = metrics

    @property
    def metrics(self):
        if _state.metrics_raise:
            raise RuntimeError("metrics unavailable")
        return self._metrics

    def __str__(self):
        return self._text + "\n"  # like the real one: each text block followed by "\n"


def _flatten(tools):
    for item in tools or []:
        if isinstance(item, (list, tuple)):
            yield from _flatten(item)
        else:
            yield item


class Agent:
    def __init__(self, model=None, messages=None, tools=None, system_prompt=None,
                 structured_output_model=None, callback_handler=_DEFAULT_HANDLER,
                 conversation_manager=None, record_direct_tool_call=True,
                 load_tools_from_directory=False, trace_attributes=None, *, agent_id=None,
                 name=None, description=None, state=None, plugins=None, hooks=None,
                 session_manager=None, structured_output_prompt=None, tool_executor=None,
                 retry_strategy=None, concurrent_invocation_mode=None):
        self.model = model
        self.system_prompt = system_prompt
        self.callback_handler = callback_handler
        self.name = "Strands Agents" if name is None else name
        self.description = description
        self.plugins = list(plugins or [])
        self.tools = list(_flatten(tools))
        for plugin in self.plugins:
            if isinstance(plugin, AgentSkills):
                self.tools.append(plugin.tool)
        seen = {}
        for t in self.tools:
            tool_name = t.tool_name
            if not _NAME.match(tool_name):
                raise ValueError("invalid tool name %r" % tool_name)
            key = tool_name.replace("-", "_")
            if key in seen:
                raise ValueError("Tool name '%s' already exists" % tool_name)
            seen[key] = t
        self.event_loop_metrics = EventLoopMetrics()
        self.prompts = []
        self._busy = False
        _state.agents.append(self)

    # A simulated model turn: every specialist tool is asked two things, the first
    # MCP tool and each built-in / skills tool are called once.
    # Yields between tool calls so that concurrent requests interleave.
    def _steps(self, prompt):
        if self._busy:
            raise ConcurrencyException("Agent is already processing a request")
        self._busy = True
        try:
            self.prompts.append(prompt)
            mcp_done = False
            for t in self.tools:
                kind = getattr(t, "fake_kind", "?")
                if kind == "mcp":
                    if mcp_done:
                        continue
                    mcp_done = True
                metrics = self.event_loop_metrics.tool_metrics.setdefault(t.tool_name, ToolMetrics())
                for turn in (1, 2) if kind == "function" else (1,):
                    yield
                    metrics.call_count += 1
                    try:
                        if t.tool_name in _state.failing_tools:
                            raise RuntimeError("tool %s failed" % t.tool_name)
                        if kind == "function":
                            # The model fills the tool's (only) parameter by name.
                            t(**{t.parameters[0]: "task %d from %s: %s" % (turn, self.name, prompt)})
                        elif kind in ("mcp", "builtin"):
                            t.call()
                        metrics.success_count += 1
                    except Exception:  # noqa: BLE001 - a failing tool is an error result
                        metrics.error_count += 1
            self._result = AgentResult("%s answered: %s" % (self.name, prompt),
                                       self.event_loop_metrics)
        finally:
            self._busy = False

    def _run(self, prompt):
        for _ in self._steps(prompt):
            pass
        return self._result

    async def _run_async(self, prompt):
        for _ in self._steps(prompt):
            await asyncio.sleep(0)
        return self._result

    def __call__(self, prompt=None, **kwargs):
        return self._run(prompt)

    async def invoke_async(self, prompt=None, **kwargs):
        return await self._run_async(prompt)

    async def stream_async(self, prompt=None, **kwargs):
        yield {"init_event_loop": True}
        yield {"start": True}
        yield {"event": {"messageStart": {"role": "assistant"}}}
        yield {"data": "Working", "delta": {"text": "Working"}}
        yield {"event": {"contentBlockStart": {"start": {"toolUse": {"name": "x", "toolUseId": "1"}}}}}
        yield {"type": "tool_stream", "tool_stream_event": {"data": "progress"}}
        result = await self._run_async(prompt)
        yield {"data": " done", "delta": {"text": " done"}}
        yield {"event": {"messageStop": {"stopReason": "end_turn"}}}
        yield {"result": result}
)PY";

const char* const k_fake_strands_models = R"PY(
"""Fake strands.models.BedrockModel."""

_CONFIG_KEYS = {
    "model_id", "temperature", "top_p", "max_tokens", "stop_sequences", "streaming",
    "additional_request_fields", "additional_response_field_paths", "additional_args",
    "cache_config", "cache_prompt", "cache_tools", "include_tool_result_status",
    "context_window_limit",
}


class BedrockModel:
    def __init__(self, *, boto_session=None, boto_client_config=None, region_name=None,
                 endpoint_url=None, **config):
        if region_name and boto_session:
            raise ValueError("Cannot specify both `region_name` and `boto_session`.")
        unknown = [k for k in config if k not in _CONFIG_KEYS and not k.startswith("guardrail_")]
        if unknown:
            raise TypeError("unknown BedrockModel config keys %r" % unknown)
        self.region_name = region_name
        self.config = dict(config)
)PY";

const char* const k_fake_strands_mcp = R"PY(
"""Fake strands.tools.mcp.MCPClient (context-manager mode)."""

import re

import _fake_state as _state


class PaginatedList(list):
    def __init__(self, items, token=None):
        super().__init__(items)
        self.pagination_token = token


class MCPAgentTool:
    fake_kind = "mcp"

    def __init__(self, client, server_name, tool_name):
        self.client = client
        self.server_name = server_name
        self.tool_name = tool_name

    def call(self):
        if not self.client.active:
            raise RuntimeError("MCP client session is not running (tool %s)" % self.tool_name)
        self.client.calls.append(self.tool_name)


def _matches(rule, name, tool):
    if isinstance(rule, str):
        return rule == name
    if isinstance(rule, re.Pattern):
        return rule.match(name) is not None
    if callable(rule):
        return bool(rule(tool))
    raise TypeError("unsupported tool filter %r" % (rule,))


class MCPClient:
    def __init__(self, transport_callable, *, startup_timeout=30, tool_filters=None, prefix=None,
                 elicitation_callback=None, tasks_config=None):
        if not callable(transport_callable):
            raise TypeError("transport_callable must be callable")
        if tool_filters is not None:
            if not isinstance(tool_filters, dict) or set(tool_filters) - {"allowed", "rejected"}:
                raise TypeError("tool_filters must be {'allowed': [...], 'rejected': [...]}")
        self._transport_callable = transport_callable
        self.tool_filters = tool_filters
        self.prefix = prefix
        self.entered = 0
        self.exited = 0
        self.active = False
        self.transport = None
        self.calls = []
        _state.mcp_clients.append(self)

    def __enter__(self):
        if self.active:
            raise RuntimeError("the client session is already running")
        self.transport = self._transport_callable()
        self.entered += 1
        self.active = True
        return self

    def __exit__(self, exc_type, exc, tb):
        self.exited += 1
        self.active = False
        return False

    def list_tools_sync(self, pagination_token=None, prefix=None, tool_filters=None):
        if not self.active:
            raise RuntimeError("the client session is not running")
        tools = []
        for name in _state.SERVER_TOOLS:
            if self.tool_filters:
                allowed = self.tool_filters.get("allowed")
                if allowed is not None and not any(_matches(r, name, None) for r in allowed):
                    continue
                rejected = self.tool_filters.get("rejected") or []
                if any(_matches(r, name, None) for r in rejected):
                    continue
            shown = "%s_%s" % (self.prefix, name) if self.prefix else name
            tools.append(MCPAgentTool(self, name, shown))
        return PaginatedList(tools)
)PY";

const char* const k_fake_streamable_http = R"PY(
"""Fake mcp.client.streamable_http (mcp 1.24: streamablehttp_client still present)."""

import _fake_state as _state


class _Streams:
    def __init__(self, url, headers):
        self.url = url
        self.headers = headers

    async def __aenter__(self):
        return (None, None, lambda: None)

    async def __aexit__(self, *exc):
        return False


def streamablehttp_client(url, headers=None, timeout=30, sse_read_timeout=300,
                          terminate_on_close=True, httpx_client_factory=None, auth=None):
    _state.transports.append({"url": url, "headers": None if headers is None else dict(headers)})
    return _Streams(url, headers)


def streamable_http_client(url, *, http_client=None, terminate_on_close=True):
    raise AssertionError("the generated code is expected to use streamablehttp_client")
)PY";

const char* const k_fake_agentcore_runtime = R"PY(
"""Fake bedrock_agentcore.runtime.BedrockAgentCoreApp."""

import asyncio
import inspect

import _fake_state as _state


class BedrockAgentCoreApp:
    def __init__(self, debug=False, lifespan=None, middleware=None):
        self.handlers = {}
        self.takes_context = False
        self.run_calls = []
        _state.apps.append(self)

    def entrypoint(self, func):
        self.handlers["main"] = func
        params = list(inspect.signature(func).parameters)
        # The real app passes the context only to a 2nd parameter named "context".
        self.takes_context = len(params) >= 2 and params[1] == "context"
        func.run = lambda port=8080, host=None: self.run(port, host)
        return func

    def run(self, port=8080, host=None, **kwargs):
        self.run_calls.append({"port": port, "host": host})

    async def handle(self, payload, context=None):
        """What POST /invocations does with the handler (bedrock-agentcore _invoke_handler)."""
        handler = self.handlers["main"]
        args = (payload, context) if self.takes_context else (payload,)
        if asyncio.iscoroutinefunction(handler):
            return await handler(*args)
        return await asyncio.get_running_loop().run_in_executor(None, handler, *args)
)PY";

const char* const k_fake_code_interpreter = R"PY(
"""Fake strands_tools.code_interpreter."""

import _fake_state as _state


class _BuiltinTool:
    fake_kind = "builtin"

    def __init__(self, name):
        self.tool_name = name
        self.calls = 0

    def call(self):
        self.calls += 1


class AgentCoreCodeInterpreter:
    def __init__(self, region=None, identifier=None, session_name=None, auto_create=True,
                 persist_sessions=True, session_timeout_seconds=900, boto_session=None):
        _state.code_interpreters.append({"region": region})
        self.code_interpreter = _BuiltinTool("code_interpreter")
)PY";

const char* const k_fake_browser = R"PY(
"""Fake strands_tools.browser: like the real one, it must not be built inside a running loop."""

import asyncio

import _fake_state as _state
from strands_tools.code_interpreter import _BuiltinTool


class AgentCoreBrowser:
    def __init__(self, region=None, identifier=None, session_timeout=3600):
        try:
            asyncio.get_running_loop()
            inside_loop = True
        except RuntimeError:
            inside_loop = False
        if inside_loop:
            raise RuntimeError("AgentCoreBrowser constructed inside a running event loop")
        _state.browsers.append({"region": region})
        self.browser = _BuiltinTool("browser")
)PY";

// ---- the driver ------------------------------------------------------------------

const char* const k_driver = R"PY(
"""Drives agentlift_runtime.agent through the fake app; prints one JSON report."""

import asyncio
import inspect
import json
import os
import runpy
import sys
import traceback

import _fake_state as S

config = json.load(open(sys.argv[1]))
BUILD = os.path.realpath(config["build_dir"])
AUTH_ENV = config.get("auth_env")  # name of the header env var, or None
report = {"errors": []}


def guard(label, fn):
    try:
        report[label] = fn()
    except Exception:  # noqa: BLE001 - every failure goes into the report
        report["errors"].append("%s:\n%s" % (label, traceback.format_exc()))


def describe_agents():
    out = []
    for a in S.agents:
        skills = []
        for plugin in a.plugins:
            for path in getattr(plugin, "skills", []):
                skills.append({
                    "path": path,
                    "absolute": os.path.isabs(path),
                    "is_dir": os.path.isdir(path),
                    "has_skill_md": os.path.isfile(os.path.join(path, "SKILL.md")),
                    "under_build": os.path.realpath(path).startswith(
                        os.path.join(BUILD, "agentlift_runtime", "skills") + os.sep),
                    "name": os.path.basename(path),
                })
        out.append({
            "name": a.name,
            "description": a.description,
            "model_id": a.model.config.get("model_id") if a.model is not None else None,
            "model_region": getattr(a.model, "region_name", None),
            "callback_handler_none": a.callback_handler is None,
            "tools": [t.tool_name for t in a.tools],
            "skills": skills,
            "prompts": a.prompts,
            "system_prompt": a.system_prompt,
        })
    return out


def describe_mcp():
    return [{
        "prefix": c.prefix,
        "tool_filters": c.tool_filters,
        "entered": c.entered,
        "exited": c.exited,
        "active": c.active,
        "calls": c.calls,
        "url": c.transport.url if c.transport is not None else None,
        "headers": c.transport.headers if c.transport is not None else None,
    } for c in S.mcp_clients]


def request(payload, context=None):
    S.reset_request()
    reply = asyncio.run(APP.handle(payload, context))
    return {"reply": reply, "json_ok": json.loads(json.dumps(reply)) == reply,
            "agents": describe_agents(), "mcp": describe_mcp()}


async def consume(payload, context):
    gen = await APP.handle(payload, context)
    out = {"is_async_generator": inspect.isasyncgen(gen), "events": [], "mcp_during": None}
    if not out["is_async_generator"]:
        out["reply"] = gen
        return out
    async for event in gen:
        json.dumps(event)
        out["events"].append(event)
        if out["mcp_during"] is None and event.get("type") == "tool_call":
            out["mcp_during"] = describe_mcp()
    return out


def stream(payload, context=None):
    S.reset_request()
    out = asyncio.run(consume(payload, context))
    out["mcp_after"] = describe_mcp()
    out["agents"] = describe_agents()
    return out


class Headers(dict):
    def get(self, key, default=None):
        return super().get(key.lower(), default)


class Request:
    def __init__(self, headers):
        self.headers = Headers(headers)


class Context:
    def __init__(self, headers):
        self.session_id = "session-1"
        self.request_headers = dict(headers)
        self.request = Request(headers)


import strands  # noqa: E402

report["fakes_used"] = os.path.realpath(strands.__file__).startswith(
    os.path.realpath(config["fakes_dir"]) + os.sep)

import agentlift_runtime.agent as module  # noqa: E402

APP = S.apps[0]
report["module"] = {
    "root": module.ROOT_AGENT,
    "agents": list(module.AGENTS),
    "region": module.REGION,
    "apps": len(S.apps),
    "takes_context": APP.takes_context,
    "handler_is_coroutine": inspect.iscoroutinefunction(APP.handlers.get("main")),
    "code_interpreters": S.code_interpreters,
    "browsers": S.browsers,
    "agents_built_at_import": len(S.agents),
    "mcp_clients_at_import": len(S.mcp_clients),
}

guard("default", lambda: request({"prompt": "hi"}))
guard("again", lambda: request({"prompt": "hi again"}))
guard("bare_string", lambda: request("plain text"))
guard("input_key", lambda: request({"input": "from input"}))
guard("per_agent", lambda: {name: request({"prompt": "hi", "agent": name})
                            for name in module.AGENTS})
guard("unknown", lambda: request({"prompt": "hi", "agent": "nobody-here"}))
guard("stream", lambda: stream({"prompt": "hi", "stream": True}))
guard("stream_accept", lambda: stream({"prompt": "hi"},
                                      Context({"accept": "text/event-stream"})))
guard("plain_with_context", lambda: request({"prompt": "hi"}, Context({"accept": "application/json"})))


def metrics_failing():
    S.metrics_raise = True
    try:
        return {"plain": request({"prompt": "hi"}), "stream": stream({"prompt": "hi", "stream": True})}
    finally:
        S.metrics_raise = False


guard("metrics_raise", metrics_failing)


def tools_failing():
    S.failing_tools.update(config.get("failing_tools", []))
    try:
        return request({"prompt": "hi"})
    finally:
        S.failing_tools.clear()


guard("tool_errors", tools_failing)


def concurrent():
    async def both():
        return await asyncio.gather(APP.handle({"prompt": "one"}, None),
                                    APP.handle({"prompt": "two"}, None))

    S.reset_request()
    replies = asyncio.run(both())
    return {"replies": list(replies), "mcp": describe_mcp()}


guard("concurrent", concurrent)

if AUTH_ENV:
    def rotated():
        saved = os.environ[AUTH_ENV]
        os.environ[AUTH_ENV] = "Bearer rotated-value"
        try:
            return request({"prompt": "hi"})
        finally:
            os.environ[AUTH_ENV] = saved

    def unset():
        saved = os.environ.pop(AUTH_ENV)
        try:
            return request({"prompt": "hi"})
        finally:
            os.environ[AUTH_ENV] = saved

    guard("env_rotated", rotated)
    guard("env_unset", unset)


def knowledge():
    root = [a for a in request({"prompt": "hi"})["agents"]
            if a["name"] == config.get("knowledge_agent")]
    prompt = root[0]["system_prompt"] if root else ""
    return {path: open(path, encoding="utf-8").read() in prompt
            for path in config.get("knowledge_files", [])}


guard("knowledge", knowledge)


def main_py():
    runpy.run_path(os.path.join(BUILD, "main.py"), run_name="__main__")
    return {"apps": len(S.apps), "run_calls": APP.run_calls}


guard("main", main_py)

print(json.dumps(report, default=repr))
)PY";

// ---- running it ------------------------------------------------------------------

bool python_available() {
  static const bool available =
      std::system("python3 -c 'import sys; sys.exit(0)' >/dev/null 2>&1") == 0;
  return available;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_text(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

void write_fakes(const fs::path& dir) {
  write_text(dir / "_fake_state.py", k_fake_state);
  write_text(dir / "strands" / "__init__.py", k_fake_strands);
  write_text(dir / "strands" / "models" / "__init__.py", k_fake_strands_models);
  write_text(dir / "strands" / "tools" / "__init__.py", "");
  write_text(dir / "strands" / "tools" / "mcp" / "__init__.py", k_fake_strands_mcp);
  write_text(dir / "mcp" / "__init__.py", "");
  write_text(dir / "mcp" / "client" / "__init__.py", "");
  write_text(dir / "mcp" / "client" / "streamable_http.py", k_fake_streamable_http);
  write_text(dir / "bedrock_agentcore" / "__init__.py",
             "from bedrock_agentcore.runtime import BedrockAgentCoreApp\n");
  write_text(dir / "bedrock_agentcore" / "runtime" / "__init__.py", k_fake_agentcore_runtime);
  write_text(dir / "strands_tools" / "__init__.py", "");
  write_text(dir / "strands_tools" / "code_interpreter.py", k_fake_code_interpreter);
  write_text(dir / "strands_tools" / "browser.py", k_fake_browser);
}

// The MCP auth env var of the auth-builtins fixture and the value the child gets.
const char* const k_auth_env = "AGENTLIFT_MCP_CRM_AUTHORIZATION";
const char* const k_auth_value = "Bearer s3cr3t-from-the-environment";

struct DriverRun {
  bool ok = false;      // the CLI built and the driver printed a report
  std::string problem;  // why not, with the output
  json report;
  std::string agent_py;  // the generated module, for source checks
  fs::path build_dir;
};

DriverRun run_driver(const std::string& fixture) {
  DriverRun run;
  static std::vector<std::unique_ptr<TempFolder>> keep;  // build trees outlive the run
  keep.push_back(std::make_unique<TempFolder>());
  const fs::path root = keep.back()->path();

  const fs::path project = root / fixture;
  fs::create_directories(project);
  fs::copy(k_source_dir / "tests" / "fixtures" / "codegen" / fixture / ".managed-agents",
           project / ".managed-agents", fs::copy_options::recursive);
  const auto cli = run_cli({"deploy", project.string(), "--build-only", "--mode", "runtime",
                            "--bedrock-region", "us-east-1"});
  if (cli.code != 0) {
    run.problem =
        "deploy --build-only failed (" + std::to_string(cli.code) + "):\n" + cli.out + cli.err;
    return run;
  }
  run.build_dir = project / ".agentlift-build" / "bedrock";
  run.agent_py = read_text(run.build_dir / "agentlift_runtime" / "agent.py");

  const fs::path fakes = root / "fakes";
  write_fakes(fakes);
  write_text(root / "driver.py", k_driver);

  json config = {{"build_dir", run.build_dir.string()},
                 {"fakes_dir", fakes.string()},
                 {"failing_tools", json::array({"docs_search", "writer"})}};
  std::string env;
  if (fixture == "auth-builtins") {
    config["auth_env"] = k_auth_env;
    env = std::string(k_auth_env) + "=" + shell_quote(k_auth_value) + " ";
  } else {
    config["auth_env"] = nullptr;
  }
  if (fixture == "single") {
    config["knowledge_agent"] = "helpdesk";
    config["knowledge_files"] = {
        (project / ".managed-agents" / "helpdesk" / "knowledge" / "handbook.md").string()};
  }
  write_text(root / "config.json", config.dump());

  const fs::path out = root / "driver.out";
  const fs::path err = root / "driver.err";
  const std::string command = "cd " + shell_quote(root.string()) + " && env -u " + k_auth_env +
                              " " + env + "PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=" +
                              shell_quote(fakes.string() + ":" + run.build_dir.string()) +
                              " python3 " + shell_quote((root / "driver.py").string()) + " " +
                              shell_quote((root / "config.json").string()) + " > " +
                              shell_quote(out.string()) + " 2> " + shell_quote(err.string());
  const int status = std::system(command.c_str());
  const std::string stdout_text = read_text(out);
  const std::string stderr_text = read_text(err);
  if (status != 0) {
    run.problem = "python3 driver.py exited with status " + std::to_string(status) + "\nstdout:\n" +
                  stdout_text + "\nstderr:\n" + stderr_text;
    return run;
  }
  try {
    run.report = json::parse(stdout_text);
  } catch (const std::exception& e) {
    run.problem = std::string("the driver's output is not JSON: ") + e.what() + "\nstdout:\n" +
                  stdout_text + "\nstderr:\n" + stderr_text;
    return run;
  }
  run.ok = true;
  return run;
}

// One driver run per fixture, shared by the tests.
DriverRun& driver_run(const std::string& fixture) {
  static std::map<std::string, DriverRun> runs;
  auto it = runs.find(fixture);
  if (it == runs.end()) it = runs.emplace(fixture, run_driver(fixture)).first;
  return it->second;
}

std::string driver_errors(DriverRun& run) {
  std::string all;
  for (const auto& error : run.report["errors"]) all += error.get<std::string>() + "\n";
  return all;
}

#define REQUIRE_DRIVER(run_var, fixture)                                          \
  if (!python_available()) GTEST_SKIP() << "python3 is not on PATH";              \
  DriverRun& run_var = driver_run(fixture);                                       \
  ASSERT_TRUE(run_var.ok) << run_var.problem;                                     \
  ASSERT_TRUE(run_var.report.value("fakes_used", false))                          \
      << "python imported a real strands instead of the fakes";                   \
  EXPECT_TRUE(run_var.report["errors"].empty()) << "the driver hit exceptions:\n" \
                                                << driver_errors(run_var)

// The part of the report for one request label; fails the test if absent.
json& section(DriverRun& run, const std::string& label) {
  static json k_null;
  k_null = nullptr;
  auto it = run.report.find(label);
  if (it == run.report.end()) {
    ADD_FAILURE() << "no '" << label << "' in the driver report (it raised: see errors above)";
    return k_null;
  }
  return *it;
}

json* find_agent(json& agents, const std::string& name) {
  for (json& agent : agents) {
    if (agent.value("name", "") == name) return &agent;
  }
  return nullptr;
}

// Every MCP client of a request was opened once and closed once, and is closed now.
void expect_mcp_balanced(json& clients, const std::string& where) {
  for (json& client : clients) {
    EXPECT_EQ(client.value("entered", -1), 1) << where << ": " << client.dump();
    EXPECT_EQ(client.value("exited", -1), 1) << where << ": " << client.dump();
    EXPECT_FALSE(client.value("active", true)) << where << ": still open: " << client.dump();
  }
}

json call(const std::string& name, int count, int errors) {
  return {{"name", name}, {"count", count}, {"errors", errors}};
}

json call(const std::string& name, int count, int errors, json delegations) {
  json entry = call(name, count, errors);
  entry["delegations"] = std::move(delegations);
  return entry;
}

// ---- team: a coordinator, two specialists, shared and private MCP ----------------

// What the team's coordinator reports for one request: its own tool calls, and
// inside each specialist's entry the specialist's own calls (one list per ask).
// The fake coordinator asks each specialist twice, so each has two lists.
json team_tool_calls() {
  const json researcher = json::array(
      {call("code_interpreter", 1, 0), call("docs_search", 1, 0), call("skills", 1, 0)});
  const json writer = json::array({call("code_interpreter", 1, 0), call("skills", 1, 0)});
  return json::array({
      call("code_interpreter", 1, 0),
      call("tickets_create_ticket", 1, 0),
      call("web_researcher", 2, 0, json::array({researcher, researcher})),
      call("writer", 2, 0, json::array({writer, writer})),
  });
}

// Prompts of every agent built under `name` in one request, in build order.
std::vector<std::string> prompts_of(json& agents, const std::string& name) {
  std::vector<std::string> prompts;
  for (json& agent : agents) {
    if (agent.value("name", "") != name) continue;
    for (json& prompt : agent["prompts"]) prompts.push_back(prompt.get<std::string>());
  }
  return prompts;
}

TEST(StrandsRuntime, ModuleImportsAndRegistersTheEntryPoint) {
  REQUIRE_DRIVER(run, "team");
  json& module = section(run, "module");
  EXPECT_EQ(module["root"], "coordinator");
  EXPECT_EQ(module["agents"], json::array({"web-researcher", "writer", "coordinator"}));
  EXPECT_EQ(module["region"], "us-east-1");
  EXPECT_EQ(module["apps"], 1);
  EXPECT_TRUE(module["takes_context"].get<bool>())
      << "the entry point's 2nd parameter must be named 'context' to receive it";
  EXPECT_TRUE(module["handler_is_coroutine"].get<bool>());
  EXPECT_EQ(module["agents_built_at_import"], 0) << "agents are built per request";
  EXPECT_EQ(module["mcp_clients_at_import"], 0) << "MCP connects per request, not at import";
  EXPECT_EQ(module["code_interpreters"], json::array({{{"region", "us-east-1"}}}));
  EXPECT_EQ(module["browsers"], json::array()) << "tools: [read] needs no browser";

  json& main = section(run, "main");
  EXPECT_EQ(main["apps"], 1) << "main.py must reuse the module's app";
  EXPECT_EQ(main["run_calls"], json::array({{{"port", 8080}, {"host", "0.0.0.0"}}}));
}

TEST(StrandsRuntime, InvokeReturnsTheNestedTrace) {
  REQUIRE_DRIVER(run, "team");
  json& result = section(run, "default");
  json& reply = result["reply"];
  EXPECT_TRUE(result["json_ok"].get<bool>()) << "the reply must be plain JSON";
  EXPECT_EQ(reply["result"], "coordinator answered: hi") << "str(result) is stripped";
  EXPECT_EQ(reply["agent"], "coordinator");
  EXPECT_EQ(reply["stop_reason"], "end_turn");
  EXPECT_EQ(reply["tool_calls"], team_tool_calls()) << reply.dump(2);
  EXPECT_FALSE(reply.contains("trace_error"));
  std::set<std::string> keys;
  for (const auto& [key, value] : reply.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"result", "agent", "stop_reason", "tool_calls"}));

  // The specialists were asked by the coordinator, with the model's task text, and
  // each ask built a fresh specialist.
  const std::vector<std::string> asked = {"task 1 from coordinator: hi",
                                          "task 2 from coordinator: hi"};
  EXPECT_EQ(prompts_of(result["agents"], "web_researcher"), asked);
  EXPECT_EQ(prompts_of(result["agents"], "writer"), asked);
  json* coordinator = find_agent(result["agents"], "coordinator");
  ASSERT_NE(coordinator, nullptr);
  EXPECT_EQ((*coordinator)["tools"],
            json::array({"web_researcher", "writer", "tickets_create_ticket", "code_interpreter"}));
  EXPECT_EQ((*coordinator)["description"],
            "Splits a request between the researcher and the writer.");

  // A second request builds fresh agents: the trace does not accumulate.
  EXPECT_EQ(section(run, "again")["reply"]["tool_calls"], team_tool_calls());
}

TEST(StrandsRuntime, McpClientsOpenAndCloseOncePerRequest) {
  REQUIRE_DRIVER(run, "team");
  for (const std::string label : {"default", "again", "bare_string", "plain_with_context"}) {
    SCOPED_TRACE(label);
    json& clients = section(run, label)["mcp"];
    ASSERT_EQ(clients.size(), 3u)
        << "tickets (coordinator) and docs (web-researcher, once per ask): " << clients.dump(2);
    expect_mcp_balanced(clients, label);
  }
  json& clients = section(run, "default")["mcp"];
  std::map<std::string, json> by_prefix;
  for (json& client : clients) by_prefix[client["prefix"]] = client;
  ASSERT_EQ(by_prefix.count("tickets"), 1u);
  ASSERT_EQ(by_prefix.count("docs"), 1u);
  EXPECT_EQ(clients[1], clients[2]) << "both asks of web-researcher connect the same way";
  EXPECT_EQ(by_prefix["tickets"]["url"], "https://tickets.example.com/mcp");
  EXPECT_EQ(by_prefix["tickets"]["tool_filters"],
            (json{{"allowed", json::array({"create_ticket"})}}));
  EXPECT_EQ(by_prefix["tickets"]["headers"], json::object()) << "no headers configured";
  EXPECT_EQ(by_prefix["tickets"]["calls"], json::array({"tickets_create_ticket"}));
  EXPECT_EQ(by_prefix["docs"]["url"], "https://docs.example.com/mcp");
  EXPECT_EQ(by_prefix["docs"]["tool_filters"],
            (json{{"allowed", json::array({"search", "read_page"})}}));
  EXPECT_EQ(by_prefix["docs"]["calls"], json::array({"docs_search"}));

  json* researcher = find_agent(section(run, "default")["agents"], "web_researcher");
  ASSERT_NE(researcher, nullptr);
  EXPECT_EQ((*researcher)["tools"],
            json::array({"docs_search", "docs_read_page", "code_interpreter", "skills"}))
      << "allowedTools filter, server-name prefix";
}

TEST(StrandsRuntime, AgentFieldPicksTheAgent) {
  REQUIRE_DRIVER(run, "team");
  json& per_agent = section(run, "per_agent");
  ASSERT_TRUE(per_agent.contains("web-researcher")) << per_agent.dump(2);

  json& researcher = per_agent["web-researcher"];
  EXPECT_EQ(researcher["reply"]["agent"], "web-researcher");
  EXPECT_EQ(researcher["reply"]["result"], "web_researcher answered: hi");
  EXPECT_EQ(researcher["reply"]["tool_calls"],
            json::array(
                {call("code_interpreter", 1, 0), call("docs_search", 1, 0), call("skills", 1, 0)}));
  std::vector<std::string> built;
  for (json& agent : researcher["agents"]) built.push_back(agent["name"]);
  EXPECT_EQ(built, std::vector<std::string>{"web_researcher"}) << "only the chosen agent is built";
  ASSERT_EQ(researcher["mcp"].size(), 1u);
  expect_mcp_balanced(researcher["mcp"], "web-researcher");

  EXPECT_EQ(per_agent["writer"]["reply"]["agent"], "writer");
  EXPECT_EQ(per_agent["writer"]["reply"]["result"], "writer answered: hi");
  EXPECT_EQ(per_agent["writer"]["mcp"], json::array());
  EXPECT_EQ(per_agent["coordinator"]["reply"]["tool_calls"], team_tool_calls());

  json& unknown = section(run, "unknown")["reply"];
  ASSERT_TRUE(unknown.contains("error")) << unknown.dump(2);
  EXPECT_FALSE(unknown.contains("result"));
  const std::string message = unknown["error"];
  EXPECT_NE(message.find("nobody-here"), std::string::npos) << message;
  EXPECT_NE(message.find("web-researcher"), std::string::npos) << "lists the agents: " << message;
  EXPECT_EQ(section(run, "unknown")["agents"], json::array())
      << "nothing built for an unknown agent";
}

TEST(StrandsRuntime, PromptComesFromPromptInputOrBareString) {
  REQUIRE_DRIVER(run, "team");
  EXPECT_EQ(section(run, "bare_string")["reply"]["result"], "coordinator answered: plain text");
  EXPECT_EQ(section(run, "input_key")["reply"]["result"], "coordinator answered: from input");
}

TEST(StrandsRuntime, StreamYieldsTextToolCallsAndAFinalResult) {
  REQUIRE_DRIVER(run, "team");
  for (const std::string label : {"stream", "stream_accept"}) {
    SCOPED_TRACE(label);
    json& result = section(run, label);
    ASSERT_TRUE(result.value("is_async_generator", false))
        << "a streaming request must return an async generator (SSE)";
    json& events = result["events"];
    ASSERT_EQ(events.size(), 4u) << events.dump(2);
    EXPECT_EQ(events[0], json({{"type", "text"}, {"data", "Working"}}));
    EXPECT_EQ(events[1], json({{"type", "tool_call"}, {"name", "x"}}));
    EXPECT_EQ(events[2], json({{"type", "text"}, {"data", " done"}}));
    json& final = events[3];
    EXPECT_EQ(final["type"], "result");
    EXPECT_EQ(final["result"], "coordinator answered: hi");
    EXPECT_EQ(final["agent"], "coordinator");
    EXPECT_EQ(final["stop_reason"], "end_turn");
    EXPECT_EQ(final["tool_calls"], team_tool_calls()) << final.dump(2);

    // MCP connections live while the stream runs and close when it ends.
    json& during = result["mcp_during"];
    ASSERT_TRUE(during.is_array()) << "no tool_call event seen";
    for (json& client : during) {
      EXPECT_TRUE(client.value("active", false)) << "closed mid-stream: " << client.dump();
    }
    ASSERT_EQ(result["mcp_after"].size(), 3u);
    expect_mcp_balanced(result["mcp_after"], label);
  }
  // An Accept header without "text/event-stream" keeps the plain reply.
  EXPECT_EQ(section(run, "plain_with_context")["reply"]["tool_calls"], team_tool_calls());
}

TEST(StrandsRuntime, TraceFailuresDoNotFailTheInvocation) {
  REQUIRE_DRIVER(run, "team");
  json& failing = section(run, "metrics_raise");
  json& reply = failing["plain"]["reply"];
  EXPECT_EQ(reply["result"], "coordinator answered: hi") << reply.dump(2);
  EXPECT_EQ(reply["agent"], "coordinator");
  EXPECT_EQ(reply["stop_reason"], "end_turn");
  EXPECT_EQ(reply["tool_calls"], json::array());
  ASSERT_TRUE(reply.contains("trace_error")) << reply.dump(2);
  EXPECT_EQ(reply["trace_error"], "RuntimeError: metrics unavailable");
  expect_mcp_balanced(failing["plain"]["mcp"], "metrics_raise");

  json& events = failing["stream"]["events"];
  ASSERT_FALSE(events.empty());
  json& final = events.back();
  EXPECT_EQ(final["type"], "result");
  EXPECT_EQ(final["result"], "coordinator answered: hi");
  EXPECT_EQ(final["trace_error"], "RuntimeError: metrics unavailable") << final.dump(2);
}

TEST(StrandsRuntime, ConcurrentRequestsDoNotShareAgentsOrConnections) {
  REQUIRE_DRIVER(run, "team");
  // The fake agents yield to the event loop between tool calls, so two requests
  // interleave; a shared Agent would raise ConcurrencyException.
  json& result = section(run, "concurrent");
  ASSERT_EQ(result["replies"].size(), 2u) << result.dump(2);
  EXPECT_EQ(result["replies"][0]["result"], "coordinator answered: one");
  EXPECT_EQ(result["replies"][1]["result"], "coordinator answered: two");
  for (json& reply : result["replies"]) {
    EXPECT_EQ(reply["tool_calls"], team_tool_calls()) << reply.dump(2);
  }
  ASSERT_EQ(result["mcp"].size(), 6u) << result["mcp"].dump(2);
  expect_mcp_balanced(result["mcp"], "concurrent");
}

TEST(StrandsRuntime, FailedToolCallsShowAsErrorsInTheTrace) {
  REQUIRE_DRIVER(run, "team");
  // docs_search (inside web-researcher) and the writer tool itself raise.
  json& result = section(run, "tool_errors");
  const json researcher = json::array(
      {call("code_interpreter", 1, 0), call("docs_search", 1, 1), call("skills", 1, 0)});
  EXPECT_EQ(result["reply"]["tool_calls"],
            json::array({
                call("code_interpreter", 1, 0),
                call("tickets_create_ticket", 1, 0),
                call("web_researcher", 2, 0, json::array({researcher, researcher})),
                call("writer", 2, 2, json::array()),
            }))
      << "a failed specialist call adds no delegation list: " << result["reply"].dump(2);
  EXPECT_EQ(result["reply"]["result"], "coordinator answered: hi");
  expect_mcp_balanced(result["mcp"], "tool_errors");
}

TEST(StrandsRuntime, SkillsArePassedAsAbsolutePathsIntoThePackage) {
  REQUIRE_DRIVER(run, "team");
  json& agents = section(run, "default")["agents"];
  const std::map<std::string, std::vector<std::string>> expected = {
      {"web_researcher", {"cite-sources"}},
      {"writer", {"house-style", "cite-sources"}},
      {"coordinator", {}},
  };
  for (const auto& [name, skills] : expected) {
    SCOPED_TRACE(name);
    json* agent = find_agent(agents, name);
    ASSERT_NE(agent, nullptr);
    std::vector<std::string> names;
    for (json& skill : (*agent)["skills"]) {
      names.push_back(skill["name"]);
      EXPECT_TRUE(skill["absolute"].get<bool>()) << skill.dump();
      EXPECT_TRUE(skill["is_dir"].get<bool>()) << skill.dump();
      EXPECT_TRUE(skill["has_skill_md"].get<bool>()) << skill.dump();
      EXPECT_TRUE(skill["under_build"].get<bool>())
          << "not under agentlift_runtime/skills/: " << skill.dump();
    }
    EXPECT_EQ(names, skills);
  }
}

TEST(StrandsRuntime, AgentsGetTheirModelsAndPrompts) {
  REQUIRE_DRIVER(run, "team");
  json& agents = section(run, "default")["agents"];
  const std::map<std::string, std::string> models = {
      {"web_researcher", "us.anthropic.claude-haiku-4-5-20251001-v1:0"},
      {"writer", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"},
      {"coordinator", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"},
  };
  for (const auto& [name, model] : models) {
    SCOPED_TRACE(name);
    json* agent = find_agent(agents, name);
    ASSERT_NE(agent, nullptr);
    EXPECT_EQ((*agent)["model_id"], model);
    EXPECT_EQ((*agent)["model_region"], "us-east-1");
    EXPECT_TRUE((*agent)["callback_handler_none"].get<bool>()) << "servers must not print";
  }
  json* writer = find_agent(agents, "writer");
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ((*writer)["system_prompt"],
            "You turn research notes into a short answer. Follow the house style.");
}

// ---- auth-builtins: header auth from the environment, Code Interpreter, Browser --

TEST(StrandsRuntime, McpHeadersComeFromTheEnvironment) {
  REQUIRE_DRIVER(run, "auth-builtins");
  EXPECT_EQ(run.agent_py.find("s3cr3t"), std::string::npos) << "the secret is in agent.py";
  EXPECT_NE(run.agent_py.find(k_auth_env), std::string::npos);

  json& clients = section(run, "default")["mcp"];
  ASSERT_EQ(clients.size(), 3u) << "crm for lead and for each ask of analyst: " << clients.dump(2);
  expect_mcp_balanced(clients, "default");
  for (json& client : clients) {
    EXPECT_EQ(client["url"], "https://crm.example.com/mcp");
    EXPECT_EQ(client["headers"], json({{"Authorization", k_auth_value}})) << client.dump();
    EXPECT_TRUE(client["tool_filters"].is_null()) << "no allowedTools: every tool";
  }

  // Read per request: a rotated value is used by the next request, and a missing
  // variable sends no header at all.
  for (json& client : section(run, "env_rotated")["mcp"]) {
    EXPECT_EQ(client["headers"], json({{"Authorization", "Bearer rotated-value"}}));
  }
  json& unset = section(run, "env_unset");
  ASSERT_EQ(unset["mcp"].size(), 3u);
  for (json& client : unset["mcp"]) EXPECT_EQ(client["headers"], json::object());
  EXPECT_EQ(unset["reply"]["result"], "lead answered: hi");
}

TEST(StrandsRuntime, BuiltinsRunOnAgentCoreTools) {
  REQUIRE_DRIVER(run, "auth-builtins");
  json& module = section(run, "module");
  EXPECT_EQ(module["code_interpreters"], json::array({{{"region", "us-east-1"}}}))
      << "one Code Interpreter per process";
  EXPECT_EQ(module["browsers"], json::array({{{"region", "us-east-1"}}}))
      << "one Browser per process, built outside the event loop";

  json& result = section(run, "default");
  json* lead = find_agent(result["agents"], "lead");
  ASSERT_NE(lead, nullptr) << result["agents"].dump(2);
  EXPECT_EQ((*lead)["tools"], json::array({"analyst", "browser_agent", "crm_search",
                                           "crm_read_page", "crm_create_ticket", "crm_lookup",
                                           "crm_delete_everything", "code_interpreter", "browser"}))
      << "no tools: key means every built-in";
  json* analyst = find_agent(result["agents"], "analyst");
  ASSERT_NE(analyst, nullptr);
  EXPECT_EQ((*analyst)["tools"],
            json::array({"crm_search", "crm_read_page", "crm_create_ticket", "crm_lookup",
                         "crm_delete_everything", "code_interpreter"}));
  json* browser_agent = find_agent(result["agents"], "browser_agent");
  ASSERT_NE(browser_agent, nullptr);
  EXPECT_EQ((*browser_agent)["tools"], json::array({"browser"}));

  const json analyst_calls =
      json::array({call("code_interpreter", 1, 0), call("crm_search", 1, 0)});
  const json browser_calls = json::array({call("browser", 1, 0)});
  EXPECT_EQ(result["reply"]["tool_calls"],
            json::array({
                call("analyst", 2, 0, json::array({analyst_calls, analyst_calls})),
                call("browser", 1, 0),
                call("browser_agent", 2, 0, json::array({browser_calls, browser_calls})),
                call("code_interpreter", 1, 0),
                call("crm_search", 1, 0),
            }))
      << result["reply"].dump(2);

  json& per_agent = section(run, "per_agent");
  ASSERT_TRUE(per_agent.contains("browser-agent")) << per_agent.dump(2);
  EXPECT_EQ(per_agent["browser-agent"]["reply"]["result"], "browser_agent answered: hi");
  EXPECT_EQ(per_agent["browser-agent"]["mcp"], json::array());
}

// ---- single: no MCP, no delegation (the feature-conditional code paths) ----------

TEST(StrandsRuntime, SingleAgentWithoutMcpOrSpecialists) {
  REQUIRE_DRIVER(run, "single");
  EXPECT_EQ(section(run, "module")["root"], "helpdesk");
  json& reply = section(run, "default")["reply"];
  EXPECT_EQ(reply["result"], "helpdesk answered: hi");
  EXPECT_EQ(reply["agent"], "helpdesk");
  EXPECT_EQ(reply["tool_calls"],
            json::array({call("code_interpreter", 1, 0), call("skills", 1, 0)}));
  EXPECT_EQ(section(run, "default")["mcp"], json::array());

  json& events = section(run, "stream")["events"];
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["type"], "result");
  EXPECT_EQ(events.back()["result"], "helpdesk answered: hi");

  json* agent = find_agent(section(run, "default")["agents"], "helpdesk");
  ASSERT_NE(agent, nullptr);
  ASSERT_EQ((*agent)["skills"].size(), 1u);
  EXPECT_EQ((*agent)["skills"][0]["name"], "escalation");
  EXPECT_TRUE((*agent)["skills"][0]["has_skill_md"].get<bool>());
  EXPECT_TRUE((*agent)["skills"][0]["under_build"].get<bool>());

  // The knowledge file (with backslashes and triple quotes) reaches the prompt intact.
  json& knowledge = section(run, "knowledge");
  ASSERT_EQ(knowledge.size(), 1u) << knowledge.dump();
  for (const auto& [path, found] : knowledge.items()) {
    EXPECT_TRUE(found.get<bool>()) << path << " is not verbatim in the system prompt";
  }
}

}  // namespace
