#!/usr/bin/env python3
"""Contract test of agentcore-local against boto3/botocore (the machine image's).

botocore drives every harness and agent-runtime operation the emulator serves
with its own serialisation, SigV4 signing, response parsing and event-stream
decoding; hand-made requests, signed with botocore's SigV4Auth, then show that
malformed or badly authenticated requests are refused the way AWS refuses them.

The run is made twice:
  * "model 1.43.67": AWS's botocore 1.43.67 service models, as embedded in the
    emulator (src/emulator/models), loaded into the installed botocore. The
    installed botocore (1.43.11) lacks ListHarnessVersions and the harness
    endpoint operations, so this pass is the one that covers everything.
  * "model <installed>": botocore's own data files as installed; operations
    that model does not have are skipped (and said so).

botocore raises when it cannot parse a value (a timestamp, a number, an event
frame) but quietly turns a body that is not JSON into {"message": body} and
never checks required members, enums or patterns. So every raw reply must be
valid JSON, and every parsed output is checked against the same model: required
members, kinds of value, enums, patterns, lengths, ranges, one member per union.

usage:  emulator_contract_boto3.py http://127.0.0.1:PORT [MODELS_DIR]
stdout: one JSON line per check, {"check": name, "ok": bool, "detail": ...};
        the last one, "coverage", says whether every operation was exercised.
exit:   0 when every check passed, 1 otherwise, 2 on bad usage.

The emulator must be fresh and run with a short --ready-delay
(tests/emulator_contract_test.cpp uses 0.05 s): statuses are polled, never assumed.
"""

import datetime
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import botocore
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import botocore.session
from botocore.exceptions import ClientError, ParamValidationError

REGION = "us-west-2"
ACCOUNT = "123456789012"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/contract_role"
CONTAINER_URI = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/contract-agent"
ARN_PREFIX = f"arn:aws:bedrock-agentcore:{REGION}:{ACCOUNT}:"
STATUSES = {"CREATING", "CREATE_FAILED", "UPDATING", "UPDATE_FAILED", "READY", "DELETING", "DELETE_FAILED"}
REQUIRED_OPERATIONS = [
    "CreateHarness", "GetHarness", "UpdateHarness", "DeleteHarness", "ListHarnesses", "ListHarnessVersions",
    "CreateHarnessEndpoint", "GetHarnessEndpoint", "UpdateHarnessEndpoint", "DeleteHarnessEndpoint",
    "ListHarnessEndpoints", "CreateAgentRuntime", "GetAgentRuntime", "UpdateAgentRuntime", "DeleteAgentRuntime",
    "ListAgentRuntimes", "ListAgentRuntimeVersions", "CreateAgentRuntimeEndpoint", "GetAgentRuntimeEndpoint",
    "UpdateAgentRuntimeEndpoint", "DeleteAgentRuntimeEndpoint", "ListAgentRuntimeEndpoints", "InvokeHarness",
    "InvokeAgentRuntime",
]

# ---- Reporting ------------------------------------------------------------------

failures = 0


def report(check, ok, detail=""):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"check": check, "ok": ok, "detail": detail}, default=str), flush=True)


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def expect_equal(actual, wanted, what):
    expect(actual == wanted, f"{what}: expected {wanted!r}, got {actual!r}")


class Skip(Exception):
    """The model in use has no such operation."""


def check(name, body):
    try:
        detail = body()
        report(name, True, detail if isinstance(detail, str) else "")
    except Skip as reason:
        report(name, True, f"skipped: {reason}")
    except CheckFailed as error:
        report(name, False, str(error))
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        report(name, False, f"{error.response['Error'].get('Code')} (HTTP {status}): {error}")
    except Exception as error:  # anything botocore raised while parsing counts as a failure
        report(name, False, f"{type(error).__name__}: {error}")


# ---- Output checks against the model ----------------------------------------------


def _pattern(text):
    try:
        return re.compile(text)
    except re.error:
        return None  # a Java-only construct; the pattern is not checked


def model_problems(shape, value, path, out, constraints=True):
    """Problems of a parsed `value` against botocore `shape` (appended to out).

    Without `constraints`, only required members, kinds of value and unions
    are checked (enums, patterns, lengths and ranges are not).
    """
    if value is None:
        return out
    kind = shape.type_name
    if shape.serialization.get("eventstream") or (kind == "blob" and not isinstance(value, (bytes, bytearray))):
        return out  # event streams and streaming payloads are read separately
    if kind == "structure":
        if not isinstance(value, dict):
            out.append(f"{path}: expected a structure, got {type(value).__name__}")
            return out
        if shape.metadata.get("union") and len([k for k in value if k in shape.members]) != 1:
            out.append(f"{path}: a union needs exactly one member, got {sorted(value)}")
        for name in shape.required_members:
            if name not in value:
                out.append(f"{path}.{name}: required member missing")
        for name, member in shape.members.items():
            if name in value:
                model_problems(member, value[name], f"{path}.{name}", out, constraints)
    elif kind == "list":
        if not isinstance(value, list):
            out.append(f"{path}: expected a list")
            return out
        if constraints:
            _length(shape, len(value), path, out)
        for index, item in enumerate(value):
            model_problems(shape.member, item, f"{path}[{index}]", out, constraints)
    elif kind == "map":
        if not isinstance(value, dict):
            out.append(f"{path}: expected a map")
            return out
        for key, item in value.items():
            model_problems(shape.key, key, f"{path} key", out, constraints)
            model_problems(shape.value, item, f"{path}[{key}]", out, constraints)
    elif kind == "string":
        if not isinstance(value, str):
            out.append(f"{path}: expected a string")
            return out
        if not constraints:
            return out
        if shape.enum and value not in shape.enum:
            out.append(f"{path}: {value!r} is not one of {shape.enum}")
        pattern = shape.metadata.get("pattern")
        if pattern and (compiled := _pattern(pattern)) and not compiled.fullmatch(value):
            out.append(f"{path}: {value!r} does not match {pattern}")
        _length(shape, len(value), path, out)
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            out.append(f"{path}: expected an integer")
        elif constraints:
            _range(shape, value, path, out)
    elif kind in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            out.append(f"{path}: expected a number")
        elif constraints:
            _range(shape, value, path, out)
    elif kind == "boolean":
        if not isinstance(value, bool):
            out.append(f"{path}: expected a boolean")
    elif kind == "timestamp":
        if not isinstance(value, datetime.datetime):
            out.append(f"{path}: expected a timestamp")
    return out


def _length(shape, length, path, out):
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    # The model contradicts itself on agent runtime summaries: `description`
    # is required there with a minimum length of 1, yet a runtime may be
    # created without one. agentcore-local answers "" (its documented choice,
    # docs/emulator.md); both SDKs accept it.
    if length == 0 and "agentRuntimes" in path and path.endswith("description"):
        return
    if low is not None and length < low:
        out.append(f"{path}: length {length} below the minimum {low}")
    if high is not None and length > high:
        out.append(f"{path}: length {length} above the maximum {high}")


def _range(shape, number, path, out):
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and number < low:
        out.append(f"{path}: {number} below the minimum {low}")
    if high is not None and number > high:
        out.append(f"{path}: {number} above the maximum {high}")


def expect_matches_model(shape, value, what, constraints=True):
    problems = model_problems(shape, value, what, [], constraints)
    expect(not problems, f"{what} does not match the botocore model: " + "; ".join(problems))


# ---- Clients ------------------------------------------------------------------------

CONFIG = botocore.config.Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=10)
SERVICES = {"control": "bedrock-agentcore-control", "data": "bedrock-agentcore"}
MODEL_FILES = {
    "control": ("bedrock-agentcore-control", "2023-06-05", "agentcore-control.botocore.json"),
    "data": ("bedrock-agentcore", "2024-02-28", "agentcore.botocore.json"),
}


class Api:
    """botocore clients for both planes, built from one set of service models.

    call() sends an operation, checks that the raw reply is JSON (when it
    should be) and that the parsed output matches the model, and records it.
    """

    def __init__(self, endpoint, label, data_path=None, constraints=True):
        self.label = label
        self.constraints = constraints
        self.succeeded = set()
        session = botocore.session.get_session()
        if data_path:
            session.get_component("data_loader").search_paths.insert(0, data_path)
        self.clients = {
            plane: session.create_client(
                service,
                region_name=REGION,
                endpoint_url=endpoint,
                aws_access_key_id="test",
                aws_secret_access_key="test",
                config=CONFIG,
            )
            for plane, service in SERVICES.items()
        }
        self.raw_problems = []
        for client in self.clients.values():
            events = client.meta.events
            # agentcore-local does not set TCP_NODELAY: on a kept-alive
            # connection each reply waits ~40 ms for the client's delayed ACK.
            # A connection per request keeps the run short.
            events.register("before-send.*", self._close_connection)
            events.register("before-parse.*", self._check_raw_reply)

    @staticmethod
    def _close_connection(request, **_):
        request.headers["Connection"] = "close"

    def _check_raw_reply(self, operation_model, response_dict, **_):
        # botocore parses a body that is not JSON into {"message": body}; AWS never sends one.
        body = response_dict.get("body")
        if operation_model.has_streaming_output or not isinstance(body, (bytes, bytearray)) or not body:
            return
        try:
            json.loads(body)
        except ValueError:
            self.raw_problems.append(f"{operation_model.name}: reply body is not JSON: {body[:200]!r}")

    def has(self, plane, operation):
        return operation in self.clients[plane].meta.service_model.operation_names

    def client(self, plane):
        return self.clients[plane]

    def call(self, plane, operation, **params):
        if not self.has(plane, operation):
            raise Skip(f"{operation} is not in this botocore model")
        client = self.clients[plane]
        self.raw_problems.clear()
        method = getattr(client, botocore.xform_name(operation))
        output = method(**params)
        expect(not self.raw_problems, "; ".join(self.raw_problems))
        self.succeeded.add(operation)  # botocore parsed it; what follows is stricter than botocore
        expect(output["ResponseMetadata"].get("RequestId"), f"{operation}: no x-amzn-RequestId")
        members = {key: value for key, value in output.items() if key != "ResponseMetadata"}
        shape = client.meta.service_model.operation_model(operation).output_shape
        expect_matches_model(shape, members, operation, self.constraints)
        return output

    def expect_error(self, plane, operation, code, status, **params):
        if not self.has(plane, operation):
            raise Skip(f"{operation} is not in this botocore model")
        method = getattr(self.clients[plane], botocore.xform_name(operation))
        try:
            method(**params)
        except ClientError as error:
            got = error.response["Error"].get("Code")
            expect(got == code, f"expected {code}, got {got}: {error}")
            expect_equal(error.response["ResponseMetadata"]["HTTPStatusCode"], status, f"{code} HTTP status")
            expect(error.response["Error"].get("Message"), "error without message")
            # The exception class botocore made from the model, not a generic one.
            modeled = getattr(self.clients[plane].exceptions, code, None)
            expect(modeled is not None and isinstance(error, modeled), f"{code} is not a modelled exception")
            return error.response
        raise CheckFailed(f"expected {code}, but the call succeeded")

    def has_member(self, plane, operation, member):
        shape = self.clients[plane].meta.service_model.operation_model(operation).input_shape
        return member in shape.members


def wait_until(read, done, what):
    deadline = time.monotonic() + 5
    while True:
        value = read()
        if done(value):
            return value
        expect(time.monotonic() < deadline, f"{what} did not happen within 5 s")
        time.sleep(0.025)


def wait_gone(api, plane, operation, **params):
    deadline = time.monotonic() + 5
    while True:
        try:
            getattr(api.client(plane), botocore.xform_name(operation))(**params)
        except ClientError as error:
            expect_equal(error.response["Error"].get("Code"), "ResourceNotFoundException", f"{operation} after deletion")
            return
        expect(time.monotonic() < deadline, f"{operation}: still there 5 s after deletion")
        time.sleep(0.025)


def all_pages(api, plane, operation, key, **params):
    """Follows nextToken with maxResults=1; returns every item."""
    items, token, pages = [], None, 0
    while True:
        extra = {"nextToken": token} if token else {}
        output = api.call(plane, operation, maxResults=1, **params, **extra)
        expect(len(output[key]) <= 1, f"a page of {len(output[key])} items for maxResults=1")
        items += output[key]
        pages += 1
        token = output.get("nextToken")
        expect(pages <= 50, "pagination does not end")
        if not token:
            return items


def field_names(response):
    return [item.get("name") for item in response.get("fieldList", [])]


# ---- The flow, once per model -------------------------------------------------------------


def run_flow(api, tag):
    """Every operation through `api`; names are suffixed with `tag` so both passes share the emulator."""
    p = f"[{api.label}] "
    state = {}
    harness_name, runtime_name = f"contract_h{tag}", f"contract_rt{tag}"
    harness_id_re = re.compile(rf"^{harness_name}(_2)?-[a-zA-Z0-9]{{10}}$")
    runtime_id_re = re.compile(rf"^{runtime_name}(_2)?-[a-zA-Z0-9]{{10}}$")
    harness_input = {
        "harnessName": harness_name,
        "executionRoleArn": ROLE_ARN,
        "clientToken": str(uuid.uuid4()),
        "model": {"bedrockModelConfig": {"modelId": "contract.model-v1", "maxTokens": 512}},
        "systemPrompt": [{"text": "You are a contract test."}],
        "environmentVariables": {"STAGE": "contract"},
        "maxIterations": 4,
    }

    # -- Harnesses --
    def create_harness():
        output = api.call("control", "CreateHarness", **harness_input)
        harness = state["harness"] = output["harness"]
        expect_equal(output["ResponseMetadata"]["HTTPStatusCode"], 201, "HTTP status")
        expect(harness_id_re.match(harness["harnessId"]), f"harnessId {harness['harnessId']}")
        expect_equal(harness["arn"], f"{ARN_PREFIX}harness/{harness['harnessId']}", "harness ARN")
        expect(harness["status"] in ("CREATING", "READY"), f"status {harness['status']}")
        expect_equal(harness["model"], harness_input["model"], "model")
        if "harnessVersion" in harness or api.has("control", "ListHarnessVersions"):
            expect_equal(harness.get("harnessVersion"), "1", "harnessVersion")
        return f"{harness['harnessId']} {harness['status']}"

    check(p + "CreateHarness", create_harness)
    if "harness" not in state:
        return
    harness = state["harness"]
    hid = harness["harnessId"]

    def replay_harness():
        output = api.call("control", "CreateHarness", **harness_input)
        expect_equal(output["harness"]["harnessId"], hid, "harnessId of the replay")

    check(p + "CreateHarness: same clientToken and body returns the same harness", replay_harness)

    def mismatch_harness():
        reply = api.expect_error("control", "CreateHarness", "ValidationException", 400,
                                 **{**harness_input, "maxIterations": 9})
        expect_equal(reply.get("reason"), "IdempotentParameterMismatchException", "reason")

    check(p + "CreateHarness: same clientToken, different body -> ValidationException", mismatch_harness)

    def taken_harness_name():
        api.expect_error("control", "CreateHarness", "ConflictException", 409,
                         **{**harness_input, "clientToken": str(uuid.uuid4())})

    check(p + "CreateHarness: taken name -> ConflictException", taken_harness_name)

    def bad_name():
        # botocore checks required members and types client-side, not patterns: the service must refuse.
        reply = api.expect_error("control", "CreateHarness", "ValidationException", 400,
                                 harnessName="bad-name", executionRoleArn=ROLE_ARN)
        expect("harnessName" in field_names(reply), f"fieldList {field_names(reply)} does not name harnessName")

    check(p + "CreateHarness: name violating the pattern -> ValidationException", bad_name)

    def botocore_refuses_missing_member():
        try:
            api.client("control").create_harness(harnessName=f"{harness_name}_x")
        except ParamValidationError as error:
            expect("executionRoleArn" in str(error), str(error))
            return "botocore refused it before sending"
        raise CheckFailed("botocore sent a CreateHarness without executionRoleArn")

    check(p + "CreateHarness: botocore refuses a missing required member", botocore_refuses_missing_member)

    def get_harness_ready():
        output = wait_until(lambda: api.call("control", "GetHarness", harnessId=hid),
                            lambda out: out["harness"]["status"] == "READY", "harness READY")
        expect_equal(output["harness"]["systemPrompt"], harness_input["systemPrompt"], "systemPrompt")
        return output["harness"]["status"]

    check(p + "GetHarness until READY", get_harness_ready)

    check(p + "GetHarness: missing id -> ResourceNotFoundException", lambda: api.expect_error(
        "control", "GetHarness", "ResourceNotFoundException", 404, harnessId="contract_none-AAAAAAAAAA"))

    def update_harness():
        output = api.call("control", "UpdateHarness", harnessId=hid, clientToken=str(uuid.uuid4()),
                          model={"bedrockModelConfig": {"modelId": "contract.model-v2"}}, maxIterations=6)
        expect_equal(output["harness"]["maxIterations"], 6, "maxIterations")
        expect_equal(output["harness"]["systemPrompt"], harness_input["systemPrompt"], "systemPrompt kept")
        if "harnessVersion" in output["harness"] or api.has("control", "ListHarnessVersions"):
            expect_equal(output["harness"].get("harnessVersion"), "2", "harnessVersion")
        wait_until(lambda: api.call("control", "GetHarness", harnessId=hid),
                   lambda out: out["harness"]["status"] == "READY", "harness READY after the update")

    check(p + "UpdateHarness bumps the version", update_harness)

    check(p + "UpdateHarness: missing id -> ResourceNotFoundException", lambda: api.expect_error(
        "control", "UpdateHarness", "ResourceNotFoundException", 404, harnessId="contract_none-AAAAAAAAAA",
        maxIterations=2))

    def list_harnesses():
        second = api.call("control", "CreateHarness", harnessName=f"{harness_name}_2", executionRoleArn=ROLE_ARN)
        state["second_harness"] = second["harness"]["harnessId"]
        items = all_pages(api, "control", "ListHarnesses", "harnesses")
        mine = sorted(item["harnessId"] for item in items if harness_id_re.match(item["harnessId"]))
        expect_equal(mine, sorted([hid, state["second_harness"]]), "listed ids")
        return f"{len(items)} harnesses, one per page"

    check(p + "ListHarnesses paginated with maxResults=1", list_harnesses)

    def list_harness_versions():
        items = all_pages(api, "control", "ListHarnessVersions", "harnessVersions", harnessId=hid)
        expect_equal(sorted(item["harnessVersion"] for item in items), ["1", "2"], "versions")

    check(p + "ListHarnessVersions paginated with maxResults=1", list_harness_versions)

    # -- Harness endpoints --
    endpoint_input = {"harnessId": hid, "endpointName": "blue", "targetVersion": "1",
                      "description": "pinned to version 1", "clientToken": str(uuid.uuid4())}

    def default_endpoint():
        output = api.call("control", "ListHarnessEndpoints", harnessId=hid)
        defaults = [item for item in output["endpoints"] if item["endpointName"] == "DEFAULT"]
        expect_equal(len(defaults), 1, "DEFAULT endpoints")
        expect_equal(defaults[0].get("liveVersion"), "2", "DEFAULT liveVersion")

    check(p + "ListHarnessEndpoints has DEFAULT on the latest version", default_endpoint)

    def create_harness_endpoint():
        output = api.call("control", "CreateHarnessEndpoint", **endpoint_input)
        expect_equal(output["ResponseMetadata"]["HTTPStatusCode"], 201, "HTTP status")
        expect_equal(output["endpoint"]["arn"], f"{harness['arn']}/harness-endpoint/blue", "endpoint ARN")
        expect_equal(output["endpoint"]["targetVersion"], "1", "targetVersion")
        replay = api.call("control", "CreateHarnessEndpoint", **endpoint_input)
        expect_equal(replay["endpoint"]["arn"], output["endpoint"]["arn"], "idempotent replay")

    check(p + "CreateHarnessEndpoint", create_harness_endpoint)

    check(p + "CreateHarnessEndpoint: taken name -> ConflictException", lambda: api.expect_error(
        "control", "CreateHarnessEndpoint", "ConflictException", 409,
        **{**endpoint_input, "clientToken": str(uuid.uuid4())}))

    def get_harness_endpoint():
        output = wait_until(lambda: api.call("control", "GetHarnessEndpoint", harnessId=hid, endpointName="blue"),
                            lambda out: out["endpoint"]["status"] == "READY", "endpoint READY")
        expect_equal(output["endpoint"].get("liveVersion"), "1", "liveVersion")

    check(p + "GetHarnessEndpoint until READY", get_harness_endpoint)

    # -- InvokeHarness --
    session_id = f"contract-session-{uuid.uuid4()}"

    def invoke_harness(**params):
        output = api.call("data", "InvokeHarness", harnessArn=harness["arn"], runtimeSessionId=session_id, **params)
        union = api.client("data").meta.service_model.operation_model("InvokeHarness").output_shape.members["stream"]
        events = []
        for event in output["stream"]:  # botocore's own event-stream decoder
            expect_matches_model(union, event, "InvokeHarness event", api.constraints)
            events.append(event)
        text = "".join(e.get("contentBlockDelta", {}).get("delta", {}).get("text", "") for e in events)
        return events, text

    def invoke_default():
        prompt = "contract prompt: what is 6 times 7?"
        events, text = invoke_harness(messages=[{"role": "user", "content": [{"text": prompt}]}])
        kinds = [next(iter(event)) for event in events]
        expect_equal(kinds[0], "messageStart", "first event")
        expect("contentBlockStop" in kinds, "no contentBlockStop")
        stops = [e["messageStop"]["stopReason"] for e in events if "messageStop" in e]
        expect_equal(stops, ["end_turn"], "stop reasons")
        expect(any("metadata" in e for e in events), "no metadata event")
        expect("contract.model-v2" in text, f"text does not name the model: {text!r}")
        expect(prompt in text, f"text does not echo the prompt: {text!r}")
        return f"{len(events)} events: {','.join(kinds)}"

    check(p + "InvokeHarness: event stream read to the end", invoke_default)

    def invoke_qualifier():
        if not api.has_member("data", "InvokeHarness", "qualifier"):
            raise Skip("InvokeHarness has no qualifier in this botocore model")
        _, text = invoke_harness(qualifier="blue", messages=[{"role": "user", "content": [{"text": "which model?"}]}])
        expect("contract.model-v1" in text, f"endpoint blue (version 1) should name model-v1: {text!r}")

    check(p + "InvokeHarness: qualifier serves the endpoint's version", invoke_qualifier)

    def botocore_refuses_no_session():
        try:
            api.client("data").invoke_harness(harnessArn=harness["arn"],
                                              messages=[{"role": "user", "content": [{"text": "hi"}]}])
        except ParamValidationError:
            return "botocore refused it before sending"
        raise CheckFailed("botocore sent an InvokeHarness without runtimeSessionId")

    check(p + "InvokeHarness: botocore refuses a call without runtimeSessionId", botocore_refuses_no_session)

    check(p + "InvokeHarness: unknown harness -> ResourceNotFoundException", lambda: api.expect_error(
        "data", "InvokeHarness", "ResourceNotFoundException", 404,
        harnessArn=f"{ARN_PREFIX}harness/contract_none-AAAAAAAAAA", runtimeSessionId=session_id,
        messages=[{"role": "user", "content": [{"text": "hi"}]}]))

    def update_harness_endpoint():
        output = api.call("control", "UpdateHarnessEndpoint", harnessId=hid, endpointName="blue", targetVersion="2",
                          clientToken=str(uuid.uuid4()))
        expect_equal(output["endpoint"]["targetVersion"], "2", "targetVersion")
        wait_until(lambda: api.call("control", "GetHarnessEndpoint", harnessId=hid, endpointName="blue"),
                   lambda out: out["endpoint"]["status"] == "READY" and out["endpoint"].get("liveVersion") == "2",
                   "endpoint live on version 2")

    check(p + "UpdateHarnessEndpoint moves it to version 2", update_harness_endpoint)

    def list_harness_endpoints():
        items = all_pages(api, "control", "ListHarnessEndpoints", "endpoints", harnessId=hid)
        expect_equal(sorted(item["endpointName"] for item in items), ["DEFAULT", "blue"], "endpoint names")

    check(p + "ListHarnessEndpoints paginated with maxResults=1", list_harness_endpoints)

    def delete_harness_endpoint():
        output = api.call("control", "DeleteHarnessEndpoint", harnessId=hid, endpointName="blue")
        expect_equal(output["endpoint"]["status"], "DELETING", "status")
        wait_gone(api, "control", "GetHarnessEndpoint", harnessId=hid, endpointName="blue")

    check(p + "DeleteHarnessEndpoint", delete_harness_endpoint)

    def delete_harness():
        expect("second_harness" in state, "no second harness (ListHarnesses failed)")
        output = api.call("control", "DeleteHarness", harnessId=state["second_harness"])
        expect_equal(output["harness"]["status"], "DELETING", "status")
        wait_gone(api, "control", "GetHarness", harnessId=state["second_harness"])

    check(p + "DeleteHarness", delete_harness)

    check(p + "DeleteHarness: missing id -> ResourceNotFoundException", lambda: api.expect_error(
        "control", "DeleteHarness", "ResourceNotFoundException", 404, harnessId="contract_none-AAAAAAAAAA"))

    # -- Agent runtimes --
    runtime_input = {
        "agentRuntimeName": runtime_name,
        "roleArn": ROLE_ARN,
        "clientToken": str(uuid.uuid4()),
        "agentRuntimeArtifact": {"containerConfiguration": {"containerUri": f"{CONTAINER_URI}:v1"}},
        "networkConfiguration": {"networkMode": "PUBLIC"},  # required by botocore <= 1.43.11
        "protocolConfiguration": {"serverProtocol": "HTTP"},
        "description": "contract runtime",
    }

    def create_runtime():
        output = state["runtime"] = api.call("control", "CreateAgentRuntime", **runtime_input)
        expect_equal(output["ResponseMetadata"]["HTTPStatusCode"], 202, "HTTP status")
        expect(runtime_id_re.match(output["agentRuntimeId"]), f"agentRuntimeId {output['agentRuntimeId']}")
        expect_equal(output["agentRuntimeArn"], f"{ARN_PREFIX}runtime/{output['agentRuntimeId']}", "runtime ARN")
        expect_equal(output["agentRuntimeVersion"], "1", "agentRuntimeVersion")
        expect(output["status"] in ("CREATING", "READY"), f"status {output['status']}")
        return f"{output['agentRuntimeId']} {output['status']}"

    check(p + "CreateAgentRuntime", create_runtime)
    if "runtime" not in state:
        return
    runtime = state["runtime"]
    rid = runtime["agentRuntimeId"]

    def replay_runtime():
        output = api.call("control", "CreateAgentRuntime", **runtime_input)
        expect_equal(output["agentRuntimeId"], rid, "agentRuntimeId of the replay")

    check(p + "CreateAgentRuntime: same clientToken and body returns the same runtime", replay_runtime)

    def mismatch_runtime():
        reply = api.expect_error("control", "CreateAgentRuntime", "ValidationException", 400,
                                 **{**runtime_input, "description": "changed"})
        expect_equal(reply.get("reason"), "IdempotentParameterMismatchException", "reason")

    check(p + "CreateAgentRuntime: same clientToken, different body -> ValidationException", mismatch_runtime)

    check(p + "CreateAgentRuntime: taken name -> ConflictException", lambda: api.expect_error(
        "control", "CreateAgentRuntime", "ConflictException", 409,
        **{**runtime_input, "clientToken": str(uuid.uuid4())}))

    def get_runtime():
        output = wait_until(lambda: api.call("control", "GetAgentRuntime", agentRuntimeId=rid),
                            lambda out: out["status"] == "READY", "runtime READY")
        expect_equal(output["agentRuntimeArtifact"], runtime_input["agentRuntimeArtifact"], "agentRuntimeArtifact")

    check(p + "GetAgentRuntime until READY", get_runtime)

    check(p + "GetAgentRuntime: missing id -> ResourceNotFoundException", lambda: api.expect_error(
        "control", "GetAgentRuntime", "ResourceNotFoundException", 404, agentRuntimeId="contract_none-AAAAAAAAAA"))

    def update_runtime():
        output = api.call("control", "UpdateAgentRuntime", agentRuntimeId=rid, roleArn=ROLE_ARN,
                          agentRuntimeArtifact={"containerConfiguration": {"containerUri": f"{CONTAINER_URI}:v2"}},
                          networkConfiguration={"networkMode": "PUBLIC"}, clientToken=str(uuid.uuid4()))
        expect_equal(output["ResponseMetadata"]["HTTPStatusCode"], 202, "HTTP status")
        expect_equal(output["agentRuntimeVersion"], "2", "agentRuntimeVersion")
        wait_until(lambda: api.call("control", "GetAgentRuntime", agentRuntimeId=rid),
                   lambda out: out["status"] == "READY", "runtime READY after the update")
        first = api.call("control", "GetAgentRuntime", agentRuntimeId=rid, agentRuntimeVersion="1")
        expect_equal(first["agentRuntimeArtifact"], runtime_input["agentRuntimeArtifact"], "version 1 artifact")

    check(p + "UpdateAgentRuntime bumps the version", update_runtime)

    def list_runtimes():
        # The second runtime has no description, the usual case.
        second_input = {key: value for key, value in runtime_input.items() if key != "description"}
        second = api.call("control", "CreateAgentRuntime", **{**second_input, "agentRuntimeName": f"{runtime_name}_2",
                                                             "clientToken": str(uuid.uuid4())})
        state["second_runtime"] = second["agentRuntimeId"]
        items = all_pages(api, "control", "ListAgentRuntimes", "agentRuntimes")
        mine = sorted(item["agentRuntimeId"] for item in items if runtime_id_re.match(item["agentRuntimeId"]))
        expect_equal(mine, sorted([rid, state["second_runtime"]]), "listed ids")

    check(p + "ListAgentRuntimes paginated with maxResults=1", list_runtimes)

    def list_runtime_versions():
        items = all_pages(api, "control", "ListAgentRuntimeVersions", "agentRuntimes", agentRuntimeId=rid)
        expect_equal(sorted(item["agentRuntimeVersion"] for item in items), ["1", "2"], "versions")

    check(p + "ListAgentRuntimeVersions paginated with maxResults=1", list_runtime_versions)

    # -- Runtime endpoints --
    def default_runtime_endpoint():
        output = api.call("control", "GetAgentRuntimeEndpoint", agentRuntimeId=rid, endpointName="DEFAULT")
        expect_equal(output.get("liveVersion"), "2", "DEFAULT liveVersion")
        expect_equal(output["agentRuntimeEndpointArn"], f"{runtime['agentRuntimeArn']}/runtime-endpoint/DEFAULT",
                     "endpoint ARN")

    check(p + "GetAgentRuntimeEndpoint DEFAULT follows the latest version", default_runtime_endpoint)

    runtime_endpoint_input = {"agentRuntimeId": rid, "name": "blue", "agentRuntimeVersion": "1",
                              "description": "pinned to version 1", "clientToken": str(uuid.uuid4())}

    def create_runtime_endpoint():
        output = api.call("control", "CreateAgentRuntimeEndpoint", **runtime_endpoint_input)
        expect_equal(output["ResponseMetadata"]["HTTPStatusCode"], 202, "HTTP status")
        expect_equal(output["targetVersion"], "1", "targetVersion")
        expect_equal(output["agentRuntimeEndpointArn"], f"{runtime['agentRuntimeArn']}/runtime-endpoint/blue",
                     "endpoint ARN")
        replay = api.call("control", "CreateAgentRuntimeEndpoint", **runtime_endpoint_input)
        expect_equal(replay["agentRuntimeEndpointArn"], output["agentRuntimeEndpointArn"], "idempotent replay")

    check(p + "CreateAgentRuntimeEndpoint", create_runtime_endpoint)

    check(p + "CreateAgentRuntimeEndpoint: taken name -> ConflictException", lambda: api.expect_error(
        "control", "CreateAgentRuntimeEndpoint", "ConflictException", 409,
        **{**runtime_endpoint_input, "clientToken": str(uuid.uuid4())}))

    def get_runtime_endpoint():
        output = wait_until(
            lambda: api.call("control", "GetAgentRuntimeEndpoint", agentRuntimeId=rid, endpointName="blue"),
            lambda out: out["status"] == "READY", "runtime endpoint READY")
        expect_equal(output.get("liveVersion"), "1", "liveVersion")

    check(p + "GetAgentRuntimeEndpoint until READY", get_runtime_endpoint)

    def update_runtime_endpoint():
        output = api.call("control", "UpdateAgentRuntimeEndpoint", agentRuntimeId=rid, endpointName="blue",
                          agentRuntimeVersion="2", clientToken=str(uuid.uuid4()))
        expect_equal(output["targetVersion"], "2", "targetVersion")
        wait_until(lambda: api.call("control", "GetAgentRuntimeEndpoint", agentRuntimeId=rid, endpointName="blue"),
                   lambda out: out["status"] == "READY" and out.get("liveVersion") == "2",
                   "runtime endpoint live on version 2")

    check(p + "UpdateAgentRuntimeEndpoint moves it to version 2", update_runtime_endpoint)

    def list_runtime_endpoints():
        items = all_pages(api, "control", "ListAgentRuntimeEndpoints", "runtimeEndpoints", agentRuntimeId=rid)
        expect_equal(sorted(item["name"] for item in items), ["DEFAULT", "blue"], "endpoint names")

    check(p + "ListAgentRuntimeEndpoints paginated with maxResults=1", list_runtime_endpoints)

    # -- InvokeAgentRuntime --
    def invoke_json():
        session = f"contract-runtime-session-{uuid.uuid4()}"
        output = api.call("data", "InvokeAgentRuntime", agentRuntimeArn=runtime["agentRuntimeArn"],
                          runtimeSessionId=session, contentType="application/json", accept="application/json",
                          payload=json.dumps({"prompt": "contract JSON prompt"}).encode())
        expect_equal(output.get("statusCode"), 200, "statusCode")
        expect_equal(output["contentType"], "application/json", "contentType")
        expect_equal(output.get("runtimeSessionId"), session, "runtimeSessionId echoed")
        body = json.loads(output["response"].read())
        expect("contract JSON prompt" in json.dumps(body), f"reply does not echo the prompt: {body}")
        return json.dumps(body)

    check(p + "InvokeAgentRuntime: JSON", invoke_json)

    def invoke_sse():
        output = api.call("data", "InvokeAgentRuntime", agentRuntimeArn=runtime["agentRuntimeArn"],
                          contentType="application/json", accept="text/event-stream",
                          payload=json.dumps({"prompt": "contract SSE prompt"}).encode())
        expect("text/event-stream" in output["contentType"], f"contentType {output['contentType']}")
        expect(len(output.get("runtimeSessionId", "")) >= 33, "botocore fills runtimeSessionId in; it is echoed")
        pieces = []
        for line in output["response"].iter_lines():  # the way AWS's samples read it
            line = line.decode("utf-8")
            if not line:
                continue
            expect(line.startswith("data: "), f"not an SSE data line: {line!r}")
            pieces.append(json.loads(line[6:]))
        text = "".join(pieces)
        expect("contract SSE prompt" in text, f"SSE text does not echo the prompt: {text!r}")
        return f"{len(pieces)} SSE events"

    check(p + "InvokeAgentRuntime: SSE (accept: text/event-stream)", invoke_sse)

    def invoke_by_id():
        output = api.call("data", "InvokeAgentRuntime", agentRuntimeArn=rid, accountId=ACCOUNT, qualifier="blue",
                          payload=b"plain bytes")
        body = output["response"].read().decode("utf-8")
        expect("plain bytes" in body, f"reply does not echo the payload: {body}")

    check(p + "InvokeAgentRuntime: by id with accountId, on the blue endpoint", invoke_by_id)

    check(p + "InvokeAgentRuntime: unknown endpoint -> ResourceNotFoundException", lambda: api.expect_error(
        "data", "InvokeAgentRuntime", "ResourceNotFoundException", 404, agentRuntimeArn=runtime["agentRuntimeArn"],
        qualifier="nothing", payload=b"{}"))

    def delete_runtime_endpoint():
        output = api.call("control", "DeleteAgentRuntimeEndpoint", agentRuntimeId=rid, endpointName="blue")
        expect_equal(output["ResponseMetadata"]["HTTPStatusCode"], 202, "HTTP status")
        expect_equal(output["status"], "DELETING", "status")
        wait_gone(api, "control", "GetAgentRuntimeEndpoint", agentRuntimeId=rid, endpointName="blue")

    check(p + "DeleteAgentRuntimeEndpoint", delete_runtime_endpoint)

    def delete_runtime():
        expect("second_runtime" in state, "no second runtime (ListAgentRuntimes failed)")
        output = api.call("control", "DeleteAgentRuntime", agentRuntimeId=state["second_runtime"])
        expect_equal(output["ResponseMetadata"]["HTTPStatusCode"], 202, "HTTP status")
        expect_equal(output["status"], "DELETING", "status")
        wait_gone(api, "control", "GetAgentRuntime", agentRuntimeId=state["second_runtime"])

    check(p + "DeleteAgentRuntime", delete_runtime)

    check(p + "DeleteAgentRuntime: missing id -> ResourceNotFoundException", lambda: api.expect_error(
        "control", "DeleteAgentRuntime", "ResourceNotFoundException", 404, agentRuntimeId="contract_none-AAAAAAAAAA"))

    def delete_first():
        api.call("control", "DeleteHarness", harnessId=hid)
        api.call("control", "DeleteAgentRuntime", agentRuntimeId=rid)

    check(p + "DeleteHarness and DeleteAgentRuntime of the first resources", delete_first)
    state["runtime_arn"] = runtime["agentRuntimeArn"]
    return state


# ---- Hand-made requests -------------------------------------------------------------------


def raw_request(endpoint, method, path, body=None, query=None, headers=None, sign=True, secret="test",
                key_id="test", after_signing=None):
    """Signs (unless told not to) and sends a request; returns (status, error type, parsed body, text)."""
    url = endpoint + path + ("?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote) if query else "")
    request = botocore.awsrequest.AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
    if body is not None:
        request.headers["Content-Type"] = "application/json"
    if sign:
        credentials = botocore.credentials.Credentials(key_id, secret)
        botocore.auth.SigV4Auth(credentials, "bedrock-agentcore", REGION).add_auth(request)
    if after_signing:
        after_signing(request)
    prepared = request.prepare()
    data = prepared.body.encode("utf-8") if isinstance(prepared.body, str) else prepared.body
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    sent = urllib.request.Request(prepared.url, data=data, method=method, headers=dict(prepared.headers))
    try:
        with opener.open(sent, timeout=10) as reply:
            status, reply_headers, text = reply.status, reply.headers, reply.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, reply_headers, text = error.code, error.headers, error.read().decode("utf-8", "replace")
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    return status, reply_headers.get("x-amzn-ErrorType"), parsed, text


def expect_refusal(reply, status, error_types):
    got_status, error_type, body, text = reply
    expect(got_status == status, f"expected HTTP {status}, got {got_status}: {text}")
    expect(error_type in error_types, f"expected x-amzn-ErrorType in {error_types}, got {error_type}")
    expect(isinstance(body, dict) and body.get("message"), f"no JSON message: {text}")
    return f"{got_status} {error_type}: {body['message']}"


def expect_raw_field(reply, field):
    names = [item.get("name") for item in (reply[2] or {}).get("fieldList", [])]
    expect(field in names, f"fieldList {names} does not name {field}")


def malformed_requests(endpoint, runtime_arn):
    p = "[hand-made] "
    secret_marker = "sk-contract-SECRET-0123456789"
    # A pasted secret with a raw line break inside a JSON string: not valid JSON.
    broken = ('{"harnessName":"contract_raw","executionRoleArn":"%s","environmentVariables":{"API_KEY":"%s\n"}}'
              % (ROLE_ARN, secret_marker))
    replies = {}

    def invalid_json():
        reply = replies["parse"] = raw_request(endpoint, "POST", "/harnesses", body=broken)
        # SerializationException is common on AWS; AgentCore's ValidationException
        # has a reason CannotParse made for this. Either passes.
        detail = expect_refusal(reply, 400, ["ValidationException", "SerializationException"])
        if reply[1] == "ValidationException":
            expect_equal(reply[2].get("reason"), "CannotParse", "reason")
        return detail

    check(p + "invalid JSON body -> 400", invalid_json)

    def no_echo():
        expect("parse" in replies, "no reply to the invalid JSON body")
        text = replies["parse"][3]
        expect("SECRET" not in text, f"the error repeats the request's content (a secret could leak): {text}")

    check(p + "the parse error does not quote the request body", no_echo)

    def no_empty_field():
        expect("parse" in replies, "no reply to the invalid JSON body")
        fields = (replies["parse"][2] or {}).get("fieldList", [])
        expect(all(item.get("name") for item in fields), f"fieldList has an entry without a field name: {fields}")

    check(p + "the parse error names no empty field", no_empty_field)

    def missing_member():
        reply = raw_request(endpoint, "POST", "/harnesses", body=json.dumps({"harnessName": "contract_raw"}))
        detail = expect_refusal(reply, 400, ["ValidationException"])
        expect_equal(reply[2].get("reason"), "FieldValidationFailed", "reason")
        expect_raw_field(reply, "executionRoleArn")
        return detail

    check(p + "missing required member -> 400 ValidationException", missing_member)

    def two_member_union():
        reply = raw_request(endpoint, "POST", "/harnesses", body=json.dumps({
            "harnessName": "contract_raw", "executionRoleArn": ROLE_ARN,
            "model": {"bedrockModelConfig": {"modelId": "a"}, "liteLlmModelConfig": {"modelId": "b"}}}))
        detail = expect_refusal(reply, 400, ["ValidationException"])
        expect_raw_field(reply, "model")
        return detail

    check(p + "union with two members -> 400 ValidationException", two_member_union)

    def bad_pattern():
        reply = raw_request(endpoint, "POST", "/harnesses",
                            body=json.dumps({"harnessName": "contract-raw", "executionRoleArn": ROLE_ARN}))
        detail = expect_refusal(reply, 400, ["ValidationException"])
        expect_raw_field(reply, "harnessName")
        return detail

    check(p + "name violating the pattern -> 400 ValidationException", bad_pattern)

    check(p + "unsigned request -> 403", lambda: expect_refusal(
        raw_request(endpoint, "GET", "/harnesses", sign=False), 403, ["MissingAuthenticationTokenException"]))

    check(p + "signed with the wrong secret -> 403", lambda: expect_refusal(
        raw_request(endpoint, "GET", "/harnesses", secret="not-the-secret"), 403, ["InvalidSignatureException"]))

    def tamper(request):
        request.data = json.dumps({"harnessName": "contract_evil", "executionRoleArn": ROLE_ARN})

    check(p + "body changed after signing -> 403", lambda: expect_refusal(
        raw_request(endpoint, "POST", "/harnesses", after_signing=tamper,
                    body=json.dumps({"harnessName": "contract_raw", "executionRoleArn": ROLE_ARN})),
        403, ["InvalidSignatureException"]))

    check(p + "unknown access key -> 403", lambda: expect_refusal(
        raw_request(endpoint, "GET", "/harnesses", key_id="AKIDCONTRACTUNKNOWN"), 403,
        ["UnrecognizedClientException", "InvalidClientTokenId"]))

    bearer = {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJjb250cmFjdCJ9."}
    check(p + "Bearer token on the control plane -> refused", lambda: expect_refusal(
        raw_request(endpoint, "GET", "/harnesses", sign=False, headers=bearer), 403,
        ["IncompleteSignatureException", "AccessDeniedException", "MissingAuthenticationTokenException"]))

    def bearer_runtime():
        expect(runtime_arn, "no runtime to invoke (CreateAgentRuntime failed)")
        path = "/runtimes/" + urllib.parse.quote(runtime_arn, safe="") + "/invocations"
        return expect_refusal(raw_request(endpoint, "POST", path, body='{"prompt":"hello"}', sign=False,
                                          headers=bearer), 403, ["AccessDeniedException"])

    check(p + "Bearer token on a SigV4 runtime -> 403 AccessDeniedException", bearer_runtime)


# ---- Injected faults: error shapes the flow does not produce ------------------------------------


def arm_fault(endpoint, rule):
    """Arms one rule through the emulator's unsigned control endpoint."""
    request = urllib.request.Request(endpoint + "/_agentcore_local/faults", data=json.dumps(rule).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as reply:
        expect(reply.status == 200, f"arming {rule}: HTTP {reply.status}")


def injected_faults(endpoint, api):
    p = f"[{api.label}] "
    session_id = f"contract-session-{uuid.uuid4()}"

    def throttled():
        arm_fault(endpoint, {"operation": "ListHarnesses", "kind": "throttle"})
        api.expect_error("control", "ListHarnesses", "ThrottlingException", 429)

    check(p + "fault: throttle -> ThrottlingException (429)", throttled)

    def internal_error():
        arm_fault(endpoint, {"operation": "InvokeHarness", "kind": "internal_error"})
        api.expect_error("data", "InvokeHarness", "InternalServerException", 500,
                         harnessArn=f"{ARN_PREFIX}harness/contract_none-AAAAAAAAAA", runtimeSessionId=session_id,
                         messages=[{"role": "user", "content": [{"text": "hi"}]}])

    check(p + "fault: internal error before the stream -> InternalServerException (500)", internal_error)

    def unavailable():
        arm_fault(endpoint, {"operation": "ListAgentRuntimes", "kind": "unavailable"})
        try:
            api.client("control").list_agent_runtimes()
        except ClientError as error:
            expect_equal(error.response["Error"].get("Code"), "ServiceUnavailableException", "code")
            expect_equal(error.response["ResponseMetadata"]["HTTPStatusCode"], 503, "HTTP status")
            return error.response["Error"].get("Message")
        raise CheckFailed("ListAgentRuntimes succeeded despite the fault")

    check(p + "fault: 503 -> an unmodelled ServiceUnavailableException", unavailable)

    def create_failed():
        reason = "contract: the image could not be pulled"
        arm_fault(endpoint, {"operation": "CreateAgentRuntime", "kind": "create_failed", "reason": reason})
        created = api.call("control", "CreateAgentRuntime", agentRuntimeName="contract_rt_failed", roleArn=ROLE_ARN,
                           agentRuntimeArtifact={"containerConfiguration": {"containerUri": f"{CONTAINER_URI}:v1"}},
                           networkConfiguration={"networkMode": "PUBLIC"})
        failed = wait_until(lambda: api.call("control", "GetAgentRuntime", agentRuntimeId=created["agentRuntimeId"]),
                            lambda out: out["status"] != "CREATING", "leaving CREATING")
        expect_equal(failed["status"], "CREATE_FAILED", "status")
        expect_equal(failed.get("failureReason"), reason, "failureReason")
        api.call("control", "DeleteAgentRuntime", agentRuntimeId=created["agentRuntimeId"])

    check(p + "fault: create_failed -> CREATE_FAILED with its failureReason", create_failed)


# ---- Main -----------------------------------------------------------------------------------


def overlay_models(models_dir):
    """A botocore data directory holding the 1.43.67 service models."""
    root = tempfile.mkdtemp(prefix="agentcore-models-")
    for service, version, file in MODEL_FILES.values():
        folder = os.path.join(root, service, version)
        os.makedirs(folder)
        shutil.copyfile(os.path.join(models_dir, file), os.path.join(folder, "service-2.json"))
    return root


def main():
    if len(sys.argv) not in (2, 3) or not re.fullmatch(r"http://127\.0\.0\.1:\d+", sys.argv[1]):
        print("usage: emulator_contract_boto3.py http://127.0.0.1:PORT [MODELS_DIR]", file=sys.stderr)
        return 2
    endpoint = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    models_dir = sys.argv[2] if len(sys.argv) == 3 else os.path.join(here, "..", "src", "emulator", "models")
    data_path = overlay_models(models_dir)
    try:
        newer = Api(endpoint, "model 1.43.67", data_path)
        state = run_flow(newer, "") or {}
        # The installed model predates the service as it is (its CreateAgentRuntime
        # ARN pattern is still "agent/<uuid>:<version>"): parse and required
        # members only, no enums, patterns, lengths or ranges.
        installed = Api(endpoint, f"model {botocore.__version__}", constraints=False)
        run_flow(installed, "_b")
        malformed_requests(endpoint, state.get("runtime_arn"))
        injected_faults(endpoint, newer)
    finally:
        shutil.rmtree(data_path, ignore_errors=True)

    missing = [op for op in REQUIRED_OPERATIONS if op not in newer.succeeded]
    report("coverage", not missing,
           f"never succeeded: {', '.join(missing)}" if missing else
           f"{len(REQUIRED_OPERATIONS)} operations succeeded through botocore {botocore.__version__} "
           f"(model 1.43.67); {len(installed.succeeded)} also with its installed model")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
