// Contract test of agentcore-local against AWS's own JavaScript SDK: the
// official @aws-sdk/client-bedrock-agentcore-control and
// @aws-sdk/client-bedrock-agentcore clients (pinned in package-lock.json) drive
// every harness and agent-runtime operation the emulator serves, with the
// SDK's own serialisation, SigV4 signing, response parsing and event-stream
// decoding. Hand-made requests, signed with @smithy/signature-v4 and sent with
// fetch(), then show that malformed or badly authenticated requests are refused
// the way AWS refuses them.
//
// The JS SDK checks nothing in a response beyond what it needs to parse, so
// every output is also checked against the SDK's own static schemas (the
// required members, the kind of each value, one member per union).
//
// usage:  node emulator_contract.mjs http://127.0.0.1:PORT
// stdout: one JSON line per check, {"check": name, "ok": bool, "detail": ...};
//         the last one, "coverage", says whether every operation was exercised.
// exit:   0 when every check passed, 1 otherwise, 2 on bad usage.
//
// The emulator must be fresh (no resources) and run with a short
// --ready-delay (tests/emulator_contract_test.cpp uses 0.05 s): statuses are
// polled until READY, never assumed.
import { randomUUID } from "node:crypto";
import http from "node:http";

import * as control from "@aws-sdk/client-bedrock-agentcore-control";
import * as data from "@aws-sdk/client-bedrock-agentcore";
import { Sha256 } from "@aws-crypto/sha256-js";
import { NormalizedSchema } from "@smithy/core/schema";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

if (process.argv.length !== 3 || !/^http:\/\/127\.0\.0\.1:\d+$/.test(process.argv[2])) {
  console.error("usage: node emulator_contract.mjs http://127.0.0.1:PORT");
  process.exit(2);
}
const endpoint = process.argv[2];
const region = "us-west-2";
const account = "123456789012";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const roleArn = `arn:aws:iam::${account}:role/contract_role`;
const containerUri = `${account}.dkr.ecr.${region}.amazonaws.com/contract-agent`;

// ---- Reporting ---------------------------------------------------------------

let failures = 0;
function report(check, ok, detail) {
  if (!ok) failures += 1;
  console.log(JSON.stringify({ check, ok, detail }));
}

class CheckFailed extends Error {}
function expect(condition, message) {
  if (!condition) throw new CheckFailed(message);
}
function expectEqual(actual, wanted, what) {
  expect(
    JSON.stringify(actual) === JSON.stringify(wanted),
    `${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`,
  );
}

// Runs one check; `body` returns the detail to print (or throws).
async function check(name, body) {
  try {
    report(name, true, (await body()) ?? "");
  } catch (error) {
    const detail =
      error instanceof CheckFailed
        ? error.message
        : `${error?.name ?? "Error"}: ${error?.message ?? error}` +
          (error?.$metadata ? ` (HTTP ${error.$metadata.httpStatusCode})` : "");
    report(name, false, detail);
  }
}

// ---- Clients, with every successful operation recorded -----------------------

// agentcore-local does not set TCP_NODELAY: on a kept-alive connection each
// reply waits ~40 ms for the client's delayed ACK. A connection per request
// keeps the run short; nothing in the contract depends on keep-alive.
const requestHandler = { httpAgent: new http.Agent({ keepAlive: false }) };

const succeeded = new Set();
function makeClient(Client) {
  const client = new Client({ region, endpoint, credentials, maxAttempts: 1, requestHandler });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      succeeded.add(context.commandName.replace(/Command$/, ""));
      return result;
    },
    { step: "initialize", name: "recordSuccess" },
  );
  return client;
}
const controlClient = makeClient(control.BedrockAgentCoreControlClient);
const dataClient = makeClient(data.BedrockAgentCoreClient);

// ---- Output checks against the SDK's own schemas -------------------------------

// Problems of `value` against schema `ns` (a NormalizedSchema): a missing
// required member (the static schema lists required members first and counts
// them in slot 6), a value of the wrong kind, a union without exactly one
// known member. Streaming members (event streams, raw payloads) are skipped.
function schemaProblems(ns, value, path, out) {
  if (value === undefined || value === null || ns.isStreaming()) return out;
  if (ns.isStructSchema()) {
    if (typeof value !== "object") return out.push(`${path}: expected an object`), out;
    if (ns.isUnionSchema()) {
      const set = Object.keys(value).filter((key) => value[key] !== undefined);
      if (set.length !== 1 || set[0] === "$unknown") {
        out.push(`${path}: a union needs exactly one known member, got [${set}]`);
      }
    }
    const raw = ns.getSchema();
    const required = !ns.isUnionSchema() && typeof raw[6] === "number" ? raw[6] : 0;
    let index = 0;
    for (const [name, member] of ns.structIterator()) {
      if (index++ < required && (value[name] === undefined || value[name] === null)) {
        out.push(`${path}.${name}: required member missing`);
      }
      schemaProblems(member, value[name], `${path}.${name}`, out);
    }
  } else if (ns.isListSchema()) {
    if (!Array.isArray(value)) return out.push(`${path}: expected a list`), out;
    value.forEach((item, i) => schemaProblems(ns.getValueSchema(), item, `${path}[${i}]`, out));
  } else if (ns.isMapSchema()) {
    if (typeof value !== "object") return out.push(`${path}: expected a map`), out;
    for (const [key, item] of Object.entries(value)) {
      schemaProblems(ns.getValueSchema(), item, `${path}[${key}]`, out);
    }
  } else if (ns.isTimestampSchema()) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      out.push(`${path}: expected a timestamp, got ${JSON.stringify(value)}`);
    }
  } else if (ns.isStringSchema()) {
    if (typeof value !== "string") out.push(`${path}: expected a string`);
  } else if (ns.isNumericSchema()) {
    if (typeof value !== "number") out.push(`${path}: expected a number`);
  } else if (ns.isBooleanSchema()) {
    if (typeof value !== "boolean") out.push(`${path}: expected a boolean`);
  }
  return out;
}

function expectMatchesSchema(schema, value, what) {
  const problems = schemaProblems(NormalizedSchema.of(schema), value, what, []);
  expect(problems.length === 0, `${what} does not match the SDK schema: ${problems.join("; ")}`);
}

// Sends `Command` with `input` and checks the output against the operation's
// output schema (the module exports it as `<Operation>$`).
async function call(module, Command, input) {
  const client = module === control ? controlClient : dataClient;
  const output = await client.send(new Command(input));
  const operation = Command.name.replace(/Command$/, "");
  const { $metadata, ...members } = output;
  expect($metadata.requestId, `${operation}: no x-amzn-RequestId`);
  expectMatchesSchema(module[`${operation}$`][5], members, operation);
  return output;
}

// Expects the call to fail with the modelled error `ErrorClass` and HTTP `status`.
async function expectError(promise, ErrorClass, status) {
  let output;
  try {
    output = await promise;
  } catch (error) {
    expect(
      error instanceof ErrorClass,
      `expected ${ErrorClass.name}, got ${error?.name}: ${error?.message}`,
    );
    expectEqual(error.$metadata?.httpStatusCode, status, `${ErrorClass.name} HTTP status`);
    expect(typeof error.message === "string" && error.message.length > 0, "error without message");
    return error;
  }
  const got = output?.$metadata?.httpStatusCode;
  throw new CheckFailed(`expected ${ErrorClass.name}, but the call succeeded (HTTP ${got})`);
}

function expectField(error, field) {
  const names = (error.fieldList ?? []).map((item) => item.name);
  expect(names.includes(field), `fieldList ${JSON.stringify(names)} does not name ${field}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls `read` until `done(value)`, for at most 5 s; returns the last value.
async function waitUntil(read, done, what) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    expect(Date.now() < deadline, `${what} did not happen within 5 s`);
    await sleep(25);
  }
}

async function waitGone(read, ErrorClass, what) {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await read();
    } catch (error) {
      expect(error instanceof ErrorClass, `${what}: expected ${ErrorClass.name}, got ${error?.name}`);
      return;
    }
    expect(Date.now() < deadline, `${what} was still there after 5 s`);
    await sleep(25);
  }
}

// Follows nextToken with maxResults=1; returns the pages (lists under `key`).
async function allPages(makeCommand, key) {
  const pages = [];
  let token;
  do {
    const output = await call(...makeCommand(token));
    pages.push(output[key]);
    token = output.nextToken;
    expect(pages.length <= 50, "pagination does not end");
  } while (token !== undefined);
  for (const page of pages) expect(page.length <= 1, `a page of ${page.length} items for maxResults=1`);
  return pages.flat();
}

const statuses = ["CREATING", "CREATE_FAILED", "UPDATING", "UPDATE_FAILED", "READY", "DELETING", "DELETE_FAILED"];
const isDate = (value) => value instanceof Date && !Number.isNaN(value.getTime());
const harnessIdPattern = /^contract_h(2)?-[a-zA-Z0-9]{10}$/;
const runtimeIdPattern = /^contract_rt(2)?-[a-zA-Z0-9]{10}$/;
const arnPrefix = `arn:aws:bedrock-agentcore:${region}:${account}:`;

// ---- Harnesses ---------------------------------------------------------------

const harnessToken = randomUUID();
const harnessInput = {
  harnessName: "contract_h",
  executionRoleArn: roleArn,
  clientToken: harnessToken,
  model: { bedrockModelConfig: { modelId: "contract.model-v1", maxTokens: 512, temperature: 0.5 } },
  systemPrompt: [{ text: "You are a contract test." }],
  tools: [{ type: "agentcore_code_interpreter", name: "code" }],
  environmentVariables: { STAGE: "contract" },
  maxIterations: 4,
};
let harness; // the CreateHarness output's harness
const harnessId = () => harness.harnessId;

await check("CreateHarness", async () => {
  const output = await call(control, control.CreateHarnessCommand, harnessInput);
  harness = output.harness;
  expectEqual(output.$metadata.httpStatusCode, 201, "HTTP status");
  expect(harnessIdPattern.test(harness.harnessId), `harnessId ${harness.harnessId}`);
  expectEqual(harness.arn, `${arnPrefix}harness/${harness.harnessId}`, "harness ARN");
  expectEqual(harness.harnessName, "contract_h", "harnessName");
  expectEqual(harness.harnessVersion, "1", "harnessVersion");
  expect(["CREATING", "READY"].includes(harness.status), `status ${harness.status}`);
  expectEqual(harness.model, harnessInput.model, "model");
  expectEqual(harness.executionRoleArn, roleArn, "executionRoleArn");
  expect(isDate(harness.createdAt) && isDate(harness.updatedAt), "timestamps");
  const runtime = harness.environment?.agentCoreRuntimeEnvironment;
  expect(runtime && runtime.agentRuntimeArn.startsWith(`${arnPrefix}runtime/`), "backing runtime ARN");
  return `${harness.harnessId} ${harness.status}`;
});
if (!harness) {
  // Everything below needs the harness.
  console.log(JSON.stringify({ check: "coverage", ok: false, detail: "CreateHarness failed; stopped" }));
  process.exit(1);
}

await check("CreateHarness: same clientToken and body returns the same harness", async () => {
  const output = await call(control, control.CreateHarnessCommand, harnessInput);
  expectEqual(output.harness.harnessId, harness.harnessId, "harnessId of the replay");
  expectEqual(output.harness.arn, harness.arn, "arn of the replay");
});

await check("CreateHarness: same clientToken, different body -> ValidationException", async () => {
  const error = await expectError(
    controlClient.send(new control.CreateHarnessCommand({ ...harnessInput, maxIterations: 9 })),
    control.ValidationException,
    400,
  );
  expectEqual(error.reason, "IdempotentParameterMismatchException", "reason");
});

await check("CreateHarness: taken name -> ConflictException", async () => {
  await expectError(
    controlClient.send(new control.CreateHarnessCommand({ ...harnessInput, clientToken: randomUUID() })),
    control.ConflictException,
    409,
  );
});

await check("CreateHarness: name violating the pattern -> ValidationException", async () => {
  // The JS SDK validates nothing client-side; the service must refuse.
  const error = await expectError(
    controlClient.send(new control.CreateHarnessCommand({ harnessName: "bad-name", executionRoleArn: roleArn })),
    control.ValidationException,
    400,
  );
  expectEqual(error.reason, "FieldValidationFailed", "reason");
  expectField(error, "harnessName");
});

await check("GetHarness until READY", async () => {
  const output = await waitUntil(
    () => call(control, control.GetHarnessCommand, { harnessId: harnessId() }),
    (out) => out.harness.status === "READY",
    "harness READY",
  );
  expectEqual(output.harness.harnessId, harness.harnessId, "harnessId");
  expectEqual(output.harness.harnessVersion, "1", "harnessVersion");
  expectEqual(output.harness.systemPrompt, harnessInput.systemPrompt, "systemPrompt");
  expectEqual(output.harness.environmentVariables, harnessInput.environmentVariables, "environmentVariables");
  return output.harness.status;
});

await check("GetHarness: missing id -> ResourceNotFoundException", async () => {
  await expectError(
    controlClient.send(new control.GetHarnessCommand({ harnessId: "contract_none-AAAAAAAAAA" })),
    control.ResourceNotFoundException,
    404,
  );
});

await check("UpdateHarness bumps the version", async () => {
  const output = await call(control, control.UpdateHarnessCommand, {
    harnessId: harnessId(),
    clientToken: randomUUID(),
    model: { bedrockModelConfig: { modelId: "contract.model-v2" } },
    maxIterations: 6,
  });
  expectEqual(output.$metadata.httpStatusCode, 200, "HTTP status");
  expectEqual(output.harness.harnessVersion, "2", "harnessVersion");
  expect(["UPDATING", "READY"].includes(output.harness.status), `status ${output.harness.status}`);
  expectEqual(output.harness.maxIterations, 6, "maxIterations");
  // PATCH: what the update leaves out is kept.
  expectEqual(output.harness.systemPrompt, harnessInput.systemPrompt, "systemPrompt kept");
  await waitUntil(
    () => call(control, control.GetHarnessCommand, { harnessId: harnessId() }),
    (out) => out.harness.status === "READY",
    "harness READY after the update",
  );
  const first = await call(control, control.GetHarnessCommand, { harnessId: harnessId(), harnessVersion: "1" });
  expectEqual(first.harness.model, harnessInput.model, "version 1 keeps its model");
  return `version ${output.harness.harnessVersion}`;
});

await check("UpdateHarness: missing id -> ResourceNotFoundException", async () => {
  await expectError(
    controlClient.send(new control.UpdateHarnessCommand({ harnessId: "contract_none-AAAAAAAAAA", maxIterations: 2 })),
    control.ResourceNotFoundException,
    404,
  );
});

let secondHarness;
await check("ListHarnesses paginated with maxResults=1", async () => {
  secondHarness = (
    await call(control, control.CreateHarnessCommand, { harnessName: "contract_h2", executionRoleArn: roleArn })
  ).harness;
  const all = await allPages(
    (nextToken) => [control, control.ListHarnessesCommand, { maxResults: 1, nextToken }],
    "harnesses",
  );
  const wanted = [harness.harnessId, secondHarness.harnessId].sort();
  expectEqual(all.map((item) => item.harnessId).sort(), wanted, "listed ids");
  for (const item of all) {
    expect(statuses.includes(item.status), `status ${item.status}`);
    expect(harnessIdPattern.test(item.harnessId), `harnessId ${item.harnessId}`);
  }
  const mine = all.find((item) => item.harnessId === harness.harnessId);
  expectEqual(mine.harnessVersion, "2", "latest version in the summary");
  return `${all.length} harnesses over ${all.length} pages`;
});

await check("ListHarnessVersions paginated with maxResults=1", async () => {
  const all = await allPages(
    (nextToken) => [
      control,
      control.ListHarnessVersionsCommand,
      { harnessId: harnessId(), maxResults: 1, nextToken },
    ],
    "harnessVersions",
  );
  expectEqual(all.map((item) => item.harnessVersion).sort(), ["1", "2"], "versions");
  return all.map((item) => `${item.harnessVersion}:${item.status}`).join(" ");
});

// ---- Harness endpoints ---------------------------------------------------------

await check("ListHarnessEndpoints has DEFAULT on the latest version", async () => {
  const output = await call(control, control.ListHarnessEndpointsCommand, { harnessId: harnessId() });
  const defaults = output.endpoints.filter((item) => item.endpointName === "DEFAULT");
  expectEqual(defaults.length, 1, "DEFAULT endpoints");
  expectEqual(defaults[0].liveVersion, "2", "DEFAULT liveVersion");
  expectEqual(defaults[0].arn, `${harness.arn}/harness-endpoint/DEFAULT`, "DEFAULT ARN");
});

const harnessEndpointToken = randomUUID();
const harnessEndpointInput = () => ({
  harnessId: harnessId(),
  endpointName: "blue",
  targetVersion: "1",
  description: "pinned to version 1",
  clientToken: harnessEndpointToken,
});
await check("CreateHarnessEndpoint", async () => {
  const output = await call(control, control.CreateHarnessEndpointCommand, harnessEndpointInput());
  expectEqual(output.$metadata.httpStatusCode, 201, "HTTP status");
  expectEqual(output.endpoint.endpointName, "blue", "endpointName");
  expectEqual(output.endpoint.arn, `${harness.arn}/harness-endpoint/blue`, "endpoint ARN");
  expectEqual(output.endpoint.targetVersion, "1", "targetVersion");
  expect(statuses.includes(output.endpoint.status), `status ${output.endpoint.status}`);
  const replay = await call(control, control.CreateHarnessEndpointCommand, harnessEndpointInput());
  expectEqual(replay.endpoint.arn, output.endpoint.arn, "idempotent replay");
  return output.endpoint.status;
});

await check("CreateHarnessEndpoint: taken name -> ConflictException", async () => {
  await expectError(
    controlClient.send(
      new control.CreateHarnessEndpointCommand({ ...harnessEndpointInput(), clientToken: randomUUID() }),
    ),
    control.ConflictException,
    409,
  );
});

await check("GetHarnessEndpoint until READY", async () => {
  const output = await waitUntil(
    () => call(control, control.GetHarnessEndpointCommand, { harnessId: harnessId(), endpointName: "blue" }),
    (out) => out.endpoint.status === "READY",
    "endpoint READY",
  );
  expectEqual(output.endpoint.liveVersion, "1", "liveVersion");
  expectEqual(output.endpoint.description, "pinned to version 1", "description");
});

await check("GetHarnessEndpoint: missing name -> ResourceNotFoundException", async () => {
  await expectError(
    controlClient.send(new control.GetHarnessEndpointCommand({ harnessId: harnessId(), endpointName: "nothing" })),
    control.ResourceNotFoundException,
    404,
  );
});

// ---- InvokeHarness (before the endpoint moves: blue serves version 1) ---------------

const sessionId = `contract-session-${randomUUID()}`; // 53 characters

// Reads the whole event stream with the SDK's own parser; returns the events.
async function invokeHarness(input) {
  const output = await call(data, data.InvokeHarnessCommand, input);
  const events = [];
  for await (const event of output.stream) {
    expectMatchesSchema(data.InvokeHarnessStreamOutput$, event, "InvokeHarness event");
    events.push(event);
  }
  return events;
}
const textOf = (events) =>
  events.map((event) => event.contentBlockDelta?.delta?.text ?? "").join("");

await check("InvokeHarness: event stream read to the end", async () => {
  const prompt = "contract prompt: what is 6 times 7?";
  const events = await invokeHarness({
    harnessArn: harness.arn,
    runtimeSessionId: sessionId,
    messages: [{ role: "user", content: [{ text: prompt }] }],
  });
  const kinds = events.map((event) => Object.keys(event)[0]);
  expectEqual(kinds[0], "messageStart", "first event");
  expectEqual(events[0].messageStart.role, "assistant", "role");
  expect(kinds.includes("contentBlockDelta"), "no contentBlockDelta");
  expect(kinds.includes("contentBlockStop"), "no contentBlockStop");
  const stop = events.find((event) => event.messageStop);
  expect(stop && stop.messageStop.stopReason === "end_turn", "messageStop end_turn");
  const metadata = events.find((event) => event.metadata)?.metadata;
  expect(metadata && Number.isInteger(metadata.usage?.totalTokens), "metadata usage");
  const text = textOf(events);
  expect(text.includes("contract.model-v2"), `text does not name the model: ${text}`);
  expect(text.includes(prompt), `text does not echo the prompt: ${text}`);
  return `${events.length} events: ${kinds.join(",")}`;
});

await check("InvokeHarness: qualifier serves the endpoint's version", async () => {
  const events = await invokeHarness({
    harnessArn: harness.arn,
    qualifier: "blue",
    runtimeSessionId: sessionId,
    messages: [{ role: "user", content: [{ text: "which model?" }] }],
  });
  const text = textOf(events);
  expect(text.includes("contract.model-v1"), `endpoint blue (version 1) should name model-v1: ${text}`);
});

await check("InvokeHarness: no session id -> ValidationException", async () => {
  // The header is required; the JS SDK sends the request without it.
  const error = await expectError(
    dataClient.send(
      new data.InvokeHarnessCommand({
        harnessArn: harness.arn,
        messages: [{ role: "user", content: [{ text: "hello" }] }],
      }),
    ),
    data.ValidationException,
    400,
  );
  expectField(error, "runtimeSessionId");
});

await check("InvokeHarness: unknown harness -> ResourceNotFoundException", async () => {
  await expectError(
    dataClient.send(
      new data.InvokeHarnessCommand({
        harnessArn: `${arnPrefix}harness/contract_none-AAAAAAAAAA`,
        runtimeSessionId: sessionId,
        messages: [{ role: "user", content: [{ text: "hello" }] }],
      }),
    ),
    data.ResourceNotFoundException,
    404,
  );
});

await check("UpdateHarnessEndpoint moves it to version 2", async () => {
  const output = await call(control, control.UpdateHarnessEndpointCommand, {
    harnessId: harnessId(),
    endpointName: "blue",
    targetVersion: "2",
    clientToken: randomUUID(),
  });
  expectEqual(output.endpoint.targetVersion, "2", "targetVersion");
  const ready = await waitUntil(
    () => call(control, control.GetHarnessEndpointCommand, { harnessId: harnessId(), endpointName: "blue" }),
    (out) => out.endpoint.status === "READY" && out.endpoint.liveVersion === "2",
    "endpoint live on version 2",
  );
  return `${ready.endpoint.status} live ${ready.endpoint.liveVersion}`;
});

await check("ListHarnessEndpoints paginated with maxResults=1", async () => {
  const all = await allPages(
    (nextToken) => [
      control,
      control.ListHarnessEndpointsCommand,
      { harnessId: harnessId(), maxResults: 1, nextToken },
    ],
    "endpoints",
  );
  expectEqual(all.map((item) => item.endpointName).sort(), ["DEFAULT", "blue"], "endpoint names");
});

await check("DeleteHarnessEndpoint", async () => {
  const output = await call(control, control.DeleteHarnessEndpointCommand, {
    harnessId: harnessId(),
    endpointName: "blue",
  });
  expectEqual(output.endpoint.endpointName, "blue", "endpointName");
  expect(["DELETING"].includes(output.endpoint.status), `status ${output.endpoint.status}`);
  await waitGone(
    () =>
      controlClient.send(
        new control.GetHarnessEndpointCommand({ harnessId: harnessId(), endpointName: "blue" }),
      ),
    control.ResourceNotFoundException,
    "the deleted endpoint",
  );
});

await check("DeleteHarness", async () => {
  const output = await call(control, control.DeleteHarnessCommand, { harnessId: secondHarness.harnessId });
  expectEqual(output.harness.status, "DELETING", "status");
  await waitGone(
    () => controlClient.send(new control.GetHarnessCommand({ harnessId: secondHarness.harnessId })),
    control.ResourceNotFoundException,
    "the deleted harness",
  );
});

await check("DeleteHarness: missing id -> ResourceNotFoundException", async () => {
  await expectError(
    controlClient.send(new control.DeleteHarnessCommand({ harnessId: "contract_none-AAAAAAAAAA" })),
    control.ResourceNotFoundException,
    404,
  );
});

// ---- Agent runtimes --------------------------------------------------------------

const runtimeToken = randomUUID();
const runtimeInput = {
  agentRuntimeName: "contract_rt",
  roleArn,
  clientToken: runtimeToken,
  agentRuntimeArtifact: { containerConfiguration: { containerUri: `${containerUri}:v1` } },
  networkConfiguration: { networkMode: "PUBLIC" },
  protocolConfiguration: { serverProtocol: "HTTP" },
  description: "contract runtime",
};
let runtime; // the CreateAgentRuntime output
const runtimeId = () => runtime.agentRuntimeId;

await check("CreateAgentRuntime", async () => {
  runtime = await call(control, control.CreateAgentRuntimeCommand, runtimeInput);
  expectEqual(runtime.$metadata.httpStatusCode, 202, "HTTP status");
  expect(runtimeIdPattern.test(runtime.agentRuntimeId), `agentRuntimeId ${runtime.agentRuntimeId}`);
  expectEqual(runtime.agentRuntimeArn, `${arnPrefix}runtime/${runtime.agentRuntimeId}`, "runtime ARN");
  expectEqual(runtime.agentRuntimeVersion, "1", "agentRuntimeVersion");
  expect(["CREATING", "READY"].includes(runtime.status), `status ${runtime.status}`);
  expect(isDate(runtime.createdAt), "createdAt");
  expect(
    runtime.workloadIdentityDetails?.workloadIdentityArn?.startsWith(`${arnPrefix}workload-identity-directory/`),
    "workloadIdentityArn",
  );
  return `${runtime.agentRuntimeId} ${runtime.status}`;
});
if (!runtime) {
  console.log(JSON.stringify({ check: "coverage", ok: false, detail: "CreateAgentRuntime failed; stopped" }));
  process.exit(1);
}

await check("CreateAgentRuntime: same clientToken and body returns the same runtime", async () => {
  const output = await call(control, control.CreateAgentRuntimeCommand, runtimeInput);
  expectEqual(output.agentRuntimeId, runtime.agentRuntimeId, "agentRuntimeId of the replay");
});

await check("CreateAgentRuntime: same clientToken, different body -> ValidationException", async () => {
  const error = await expectError(
    controlClient.send(new control.CreateAgentRuntimeCommand({ ...runtimeInput, description: "changed" })),
    control.ValidationException,
    400,
  );
  expectEqual(error.reason, "IdempotentParameterMismatchException", "reason");
});

await check("CreateAgentRuntime: taken name -> ConflictException", async () => {
  await expectError(
    controlClient.send(new control.CreateAgentRuntimeCommand({ ...runtimeInput, clientToken: randomUUID() })),
    control.ConflictException,
    409,
  );
});

await check("GetAgentRuntime until READY", async () => {
  const output = await waitUntil(
    () => call(control, control.GetAgentRuntimeCommand, { agentRuntimeId: runtimeId() }),
    (out) => out.status === "READY",
    "runtime READY",
  );
  expectEqual(output.agentRuntimeName, "contract_rt", "agentRuntimeName");
  expectEqual(output.agentRuntimeArtifact, runtimeInput.agentRuntimeArtifact, "agentRuntimeArtifact");
  expectEqual(output.roleArn, roleArn, "roleArn");
  expect(isDate(output.lastUpdatedAt), "lastUpdatedAt");
});

await check("GetAgentRuntime: missing id -> ResourceNotFoundException", async () => {
  await expectError(
    controlClient.send(new control.GetAgentRuntimeCommand({ agentRuntimeId: "contract_none-AAAAAAAAAA" })),
    control.ResourceNotFoundException,
    404,
  );
});

await check("UpdateAgentRuntime bumps the version", async () => {
  const output = await call(control, control.UpdateAgentRuntimeCommand, {
    agentRuntimeId: runtimeId(),
    roleArn,
    agentRuntimeArtifact: { containerConfiguration: { containerUri: `${containerUri}:v2` } },
    networkConfiguration: { networkMode: "PUBLIC" },
    clientToken: randomUUID(),
  });
  expectEqual(output.$metadata.httpStatusCode, 202, "HTTP status");
  expectEqual(output.agentRuntimeVersion, "2", "agentRuntimeVersion");
  expect(["UPDATING", "READY"].includes(output.status), `status ${output.status}`);
  await waitUntil(
    () => call(control, control.GetAgentRuntimeCommand, { agentRuntimeId: runtimeId() }),
    (out) => out.status === "READY",
    "runtime READY after the update",
  );
  const first = await call(control, control.GetAgentRuntimeCommand, {
    agentRuntimeId: runtimeId(),
    agentRuntimeVersion: "1",
  });
  expectEqual(first.agentRuntimeArtifact, runtimeInput.agentRuntimeArtifact, "version 1 keeps its artifact");
});

await check("UpdateAgentRuntime: missing id -> ResourceNotFoundException", async () => {
  await expectError(
    controlClient.send(
      new control.UpdateAgentRuntimeCommand({
        agentRuntimeId: "contract_none-AAAAAAAAAA",
        roleArn,
        agentRuntimeArtifact: runtimeInput.agentRuntimeArtifact,
        networkConfiguration: { networkMode: "PUBLIC" },
      }),
    ),
    control.ResourceNotFoundException,
    404,
  );
});

let secondRuntime;
await check("ListAgentRuntimes paginated with maxResults=1", async () => {
  // The second runtime has no description, the usual case.
  const { description, ...withoutDescription } = runtimeInput;
  secondRuntime = await call(control, control.CreateAgentRuntimeCommand, {
    ...withoutDescription,
    agentRuntimeName: "contract_rt2",
    clientToken: randomUUID(),
  });
  const all = await allPages(
    (nextToken) => [control, control.ListAgentRuntimesCommand, { maxResults: 1, nextToken }],
    "agentRuntimes",
  );
  const wanted = [runtimeId(), secondRuntime.agentRuntimeId].sort();
  expectEqual(all.map((item) => item.agentRuntimeId).sort(), wanted, "listed ids");
  const mine = all.find((item) => item.agentRuntimeId === runtimeId());
  expectEqual(mine.agentRuntimeVersion, "2", "latest version");
  return `${all.length} runtimes`;
});

await check("ListAgentRuntimeVersions paginated with maxResults=1", async () => {
  const all = await allPages(
    (nextToken) => [
      control,
      control.ListAgentRuntimeVersionsCommand,
      { agentRuntimeId: runtimeId(), maxResults: 1, nextToken },
    ],
    "agentRuntimes",
  );
  expectEqual(all.map((item) => item.agentRuntimeVersion).sort(), ["1", "2"], "versions");
});

// ---- Runtime endpoints ---------------------------------------------------------------

await check("GetAgentRuntimeEndpoint DEFAULT follows the latest version", async () => {
  const output = await call(control, control.GetAgentRuntimeEndpointCommand, {
    agentRuntimeId: runtimeId(),
    endpointName: "DEFAULT",
  });
  expectEqual(output.name, "DEFAULT", "name");
  expectEqual(output.liveVersion, "2", "liveVersion");
  expectEqual(output.agentRuntimeEndpointArn, `${runtime.agentRuntimeArn}/runtime-endpoint/DEFAULT`, "endpoint ARN");
});

const runtimeEndpointToken = randomUUID();
const runtimeEndpointInput = () => ({
  agentRuntimeId: runtimeId(),
  name: "blue",
  agentRuntimeVersion: "1",
  description: "pinned to version 1",
  clientToken: runtimeEndpointToken,
});
await check("CreateAgentRuntimeEndpoint", async () => {
  const output = await call(control, control.CreateAgentRuntimeEndpointCommand, runtimeEndpointInput());
  expectEqual(output.$metadata.httpStatusCode, 202, "HTTP status");
  expectEqual(output.targetVersion, "1", "targetVersion");
  expectEqual(output.agentRuntimeEndpointArn, `${runtime.agentRuntimeArn}/runtime-endpoint/blue`, "endpoint ARN");
  expectEqual(output.agentRuntimeArn, runtime.agentRuntimeArn, "agentRuntimeArn");
  expect(statuses.includes(output.status), `status ${output.status}`);
  const replay = await call(control, control.CreateAgentRuntimeEndpointCommand, runtimeEndpointInput());
  expectEqual(replay.agentRuntimeEndpointArn, output.agentRuntimeEndpointArn, "idempotent replay");
});

await check("CreateAgentRuntimeEndpoint: taken name -> ConflictException", async () => {
  await expectError(
    controlClient.send(
      new control.CreateAgentRuntimeEndpointCommand({ ...runtimeEndpointInput(), clientToken: randomUUID() }),
    ),
    control.ConflictException,
    409,
  );
});

await check("GetAgentRuntimeEndpoint until READY", async () => {
  const output = await waitUntil(
    () => call(control, control.GetAgentRuntimeEndpointCommand, { agentRuntimeId: runtimeId(), endpointName: "blue" }),
    (out) => out.status === "READY",
    "runtime endpoint READY",
  );
  expectEqual(output.liveVersion, "1", "liveVersion");
  expectEqual(output.name, "blue", "name");
});

await check("UpdateAgentRuntimeEndpoint moves it to version 2", async () => {
  const output = await call(control, control.UpdateAgentRuntimeEndpointCommand, {
    agentRuntimeId: runtimeId(),
    endpointName: "blue",
    agentRuntimeVersion: "2",
    clientToken: randomUUID(),
  });
  expectEqual(output.$metadata.httpStatusCode, 202, "HTTP status");
  expectEqual(output.targetVersion, "2", "targetVersion");
  await waitUntil(
    () => call(control, control.GetAgentRuntimeEndpointCommand, { agentRuntimeId: runtimeId(), endpointName: "blue" }),
    (out) => out.status === "READY" && out.liveVersion === "2",
    "runtime endpoint live on version 2",
  );
});

await check("ListAgentRuntimeEndpoints paginated with maxResults=1", async () => {
  const all = await allPages(
    (nextToken) => [
      control,
      control.ListAgentRuntimeEndpointsCommand,
      { agentRuntimeId: runtimeId(), maxResults: 1, nextToken },
    ],
    "runtimeEndpoints",
  );
  expectEqual(all.map((item) => item.name).sort(), ["DEFAULT", "blue"], "endpoint names");
});

// ---- InvokeAgentRuntime ---------------------------------------------------------------

await check("InvokeAgentRuntime: JSON", async () => {
  const runtimeSessionId = `contract-runtime-session-${randomUUID()}`;
  const output = await call(data, data.InvokeAgentRuntimeCommand, {
    agentRuntimeArn: runtime.agentRuntimeArn,
    runtimeSessionId,
    contentType: "application/json",
    accept: "application/json",
    payload: JSON.stringify({ prompt: "contract JSON prompt" }),
  });
  expectEqual(output.statusCode, 200, "statusCode");
  expectEqual(output.contentType, "application/json", "contentType");
  expectEqual(output.runtimeSessionId, runtimeSessionId, "runtimeSessionId echoed");
  const body = JSON.parse(await output.response.transformToString());
  const reply = JSON.stringify(body);
  expect(reply.includes("contract JSON prompt"), `reply does not echo the prompt: ${reply}`);
  return reply;
});

await check("InvokeAgentRuntime: SSE (accept: text/event-stream)", async () => {
  const output = await call(data, data.InvokeAgentRuntimeCommand, {
    agentRuntimeArn: runtime.agentRuntimeArn,
    contentType: "application/json",
    accept: "text/event-stream",
    payload: JSON.stringify({ prompt: "contract SSE prompt" }),
  });
  expectEqual(output.contentType, "text/event-stream", "contentType");
  // The SDK fills the session id in (idempotency token) and the reply echoes it.
  expect(typeof output.runtimeSessionId === "string" && output.runtimeSessionId.length >= 33, "runtimeSessionId");
  const body = await output.response.transformToString();
  const events = body.split(/\n\n/).filter((block) => block.trim() !== "");
  const pieces = events.map((block) => {
    const lines = block.split("\n");
    expect(lines.every((line) => line.startsWith("data: ")), `not an SSE data event: ${JSON.stringify(block)}`);
    return JSON.parse(lines.map((line) => line.slice(6)).join("\n"));
  });
  const text = pieces.join("");
  expect(text.includes("contract SSE prompt"), `SSE text does not echo the prompt: ${text}`);
  return `${events.length} SSE events`;
});

await check("InvokeAgentRuntime: by id with accountId, on the blue endpoint", async () => {
  const output = await call(data, data.InvokeAgentRuntimeCommand, {
    agentRuntimeArn: runtimeId(),
    accountId: account,
    qualifier: "blue",
    payload: "plain bytes",
  });
  expectEqual(output.statusCode, 200, "statusCode");
  const body = await output.response.transformToString();
  expect(body.includes("plain bytes"), `reply does not echo the payload: ${body}`);
});

await check("InvokeAgentRuntime: unknown endpoint -> ResourceNotFoundException", async () => {
  await expectError(
    dataClient.send(
      new data.InvokeAgentRuntimeCommand({
        agentRuntimeArn: runtime.agentRuntimeArn,
        qualifier: "nothing",
        payload: "{}",
      }),
    ),
    data.ResourceNotFoundException,
    404,
  );
});

await check("DeleteAgentRuntimeEndpoint", async () => {
  const output = await call(control, control.DeleteAgentRuntimeEndpointCommand, {
    agentRuntimeId: runtimeId(),
    endpointName: "blue",
  });
  expectEqual(output.$metadata.httpStatusCode, 202, "HTTP status");
  expectEqual(output.status, "DELETING", "status");
  await waitGone(
    () =>
      controlClient.send(
        new control.GetAgentRuntimeEndpointCommand({ agentRuntimeId: runtimeId(), endpointName: "blue" }),
      ),
    control.ResourceNotFoundException,
    "the deleted runtime endpoint",
  );
});

await check("DeleteAgentRuntime", async () => {
  const output = await call(control, control.DeleteAgentRuntimeCommand, {
    agentRuntimeId: secondRuntime.agentRuntimeId,
  });
  expectEqual(output.$metadata.httpStatusCode, 202, "HTTP status");
  expectEqual(output.status, "DELETING", "status");
  await waitGone(
    () => controlClient.send(new control.GetAgentRuntimeCommand({ agentRuntimeId: secondRuntime.agentRuntimeId })),
    control.ResourceNotFoundException,
    "the deleted runtime",
  );
});

await check("DeleteAgentRuntime: missing id -> ResourceNotFoundException", async () => {
  await expectError(
    controlClient.send(new control.DeleteAgentRuntimeCommand({ agentRuntimeId: "contract_none-AAAAAAAAAA" })),
    control.ResourceNotFoundException,
    404,
  );
});

// ---- Hand-made requests -----------------------------------------------------------------

// Signs (unless `sign` is false) and sends one request; returns
// {status, errorType, body, text}. `query` holds decoded values.
async function rawRequest(options) {
  const { method, path, query = {}, headers = {}, body, sign = true } = options;
  const { secret = "test", keyId = "test", afterSigning } = options;
  const url = new URL(endpoint);
  let request = new HttpRequest({
    method,
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query,
    headers: {
      host: url.host,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body,
  });
  if (sign) {
    const signer = new SignatureV4({
      service: "bedrock-agentcore",
      region,
      credentials: { accessKeyId: keyId, secretAccessKey: secret },
      sha256: Sha256,
    });
    request = await signer.sign(request);
  }
  if (afterSigning) afterSigning(request);
  const search = Object.entries(query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
  const { host, ...sent } = request.headers; // fetch sets Host itself (same value)
  const response = await fetch(`${endpoint}${path}${search ? `?${search}` : ""}`, {
    method,
    headers: sent,
    body: request.body,
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, errorType: response.headers.get("x-amzn-errortype"), body: parsed, text };
}

// Every refusal must look like an AWS restJson1 error: the error code in
// x-amzn-ErrorType and a JSON body with a message.
function expectRefusal(reply, status, errorTypes) {
  expect(reply.status === status, `expected HTTP ${status}, got ${reply.status}: ${reply.text}`);
  expect(errorTypes.includes(reply.errorType), `expected x-amzn-ErrorType in ${errorTypes}, got ${reply.errorType}`);
  expect(typeof reply.body?.message === "string" && reply.body.message !== "", `no JSON message: ${reply.text}`);
  return `${reply.status} ${reply.errorType}: ${reply.body.message}`;
}
function expectRawField(reply, field) {
  const names = (reply.body?.fieldList ?? []).map((item) => item.name);
  expect(names.includes(field), `fieldList ${JSON.stringify(names)} does not name ${field}`);
}

const secretMarker = "sk-contract-SECRET-0123456789";
// A pasted secret with a raw line break inside a JSON string: not valid JSON.
const brokenBody =
  `{"harnessName":"contract_raw","executionRoleArn":"${roleArn}",` +
  `"environmentVariables":{"API_KEY":"${secretMarker}\n"}}`;
let parseReply;
await check("malformed: invalid JSON body -> 400", async () => {
  parseReply = await rawRequest({ method: "POST", path: "/harnesses", body: brokenBody });
  // AWS's restJson1 services refuse an unparseable body with 400. The code
  // depends on the service: SerializationException is common; AgentCore's
  // ValidationException has a reason CannotParse made for it. Either passes.
  const detail = expectRefusal(parseReply, 400, ["ValidationException", "SerializationException"]);
  if (parseReply.errorType === "ValidationException") expectEqual(parseReply.body.reason, "CannotParse", "reason");
  return detail;
});

await check("malformed: the parse error does not quote the request body", async () => {
  expect(parseReply, "no reply to the invalid JSON body");
  expect(
    !parseReply.text.includes("SECRET"),
    `the error repeats the request's content (a secret could leak): ${parseReply.text}`,
  );
});

await check("malformed: the parse error names no empty field", async () => {
  expect(parseReply, "no reply to the invalid JSON body");
  const names = (parseReply.body?.fieldList ?? []).map((item) => item.name);
  expect(
    names.every((name) => typeof name === "string" && name !== ""),
    `fieldList has an entry without a field name: ${JSON.stringify(parseReply.body?.fieldList)}`,
  );
});

await check("malformed: missing required member -> 400 ValidationException", async () => {
  const reply = await rawRequest({
    method: "POST",
    path: "/harnesses",
    body: JSON.stringify({ harnessName: "contract_raw" }),
  });
  const detail = expectRefusal(reply, 400, ["ValidationException"]);
  expectEqual(reply.body.reason, "FieldValidationFailed", "reason");
  expectRawField(reply, "executionRoleArn");
  return detail;
});

await check("malformed: union with two members -> 400 ValidationException", async () => {
  const reply = await rawRequest({
    method: "PUT",
    path: "/runtimes/",
    body: JSON.stringify({
      agentRuntimeName: "contract_raw",
      roleArn,
      networkConfiguration: { networkMode: "PUBLIC" },
      agentRuntimeArtifact: {
        containerConfiguration: { containerUri: `${containerUri}:v1` },
        codeConfiguration: {
          code: { s3: { bucket: "contract-bucket", prefix: "agent.zip" } },
          runtime: "PYTHON_3_12",
          entryPoint: ["main.py"],
        },
      },
    }),
  });
  const detail = expectRefusal(reply, 400, ["ValidationException"]);
  expectRawField(reply, "agentRuntimeArtifact");
  return detail;
});

await check("malformed: name violating the pattern -> 400 ValidationException", async () => {
  const reply = await rawRequest({
    method: "PUT",
    path: "/runtimes/",
    body: JSON.stringify({
      agentRuntimeName: "contract-raw",
      roleArn,
      networkConfiguration: { networkMode: "PUBLIC" },
      agentRuntimeArtifact: { containerConfiguration: { containerUri: `${containerUri}:v1` } },
    }),
  });
  const detail = expectRefusal(reply, 400, ["ValidationException"]);
  expectRawField(reply, "agentRuntimeName");
  return detail;
});

await check("malformed: unsigned request -> 403", async () => {
  const reply = await rawRequest({ method: "GET", path: "/harnesses", sign: false });
  return expectRefusal(reply, 403, ["MissingAuthenticationTokenException"]);
});

await check("malformed: signed with the wrong secret -> 403", async () => {
  const reply = await rawRequest({ method: "GET", path: "/harnesses", secret: "not-the-secret" });
  return expectRefusal(reply, 403, ["InvalidSignatureException"]);
});

await check("malformed: body changed after signing -> 403", async () => {
  const reply = await rawRequest({
    method: "POST",
    path: "/harnesses",
    body: JSON.stringify({ harnessName: "contract_raw", executionRoleArn: roleArn }),
    afterSigning: (request) => {
      request.body = JSON.stringify({ harnessName: "contract_evil", executionRoleArn: roleArn });
    },
  });
  return expectRefusal(reply, 403, ["InvalidSignatureException"]);
});

await check("malformed: unknown access key -> 403", async () => {
  const reply = await rawRequest({ method: "GET", path: "/harnesses", keyId: "AKIDCONTRACTUNKNOWN" });
  return expectRefusal(reply, 403, ["UnrecognizedClientException", "InvalidClientTokenId"]);
});

await check("malformed: Bearer token on the control plane -> refused", async () => {
  const reply = await rawRequest({
    method: "GET",
    path: "/harnesses",
    sign: false,
    headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJjb250cmFjdCJ9." },
  });
  const refusals = ["IncompleteSignatureException", "AccessDeniedException", "MissingAuthenticationTokenException"];
  return expectRefusal(reply, 403, refusals);
});

await check("malformed: Bearer token on a SigV4 runtime -> 403 AccessDeniedException", async () => {
  const reply = await rawRequest({
    method: "POST",
    path: `/runtimes/${encodeURIComponent(runtime.agentRuntimeArn)}/invocations`,
    body: JSON.stringify({ prompt: "hello" }),
    sign: false,
    headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJjb250cmFjdCJ9." },
  });
  return expectRefusal(reply, 403, ["AccessDeniedException"]);
});

// ---- Injected faults: error shapes the flow above does not produce -------------------------

// Arms one rule through the emulator's unsigned control endpoint.
async function armFault(rule) {
  const response = await fetch(`${endpoint}/_agentcore_local/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rule),
  });
  expect(response.ok, `arming ${JSON.stringify(rule)}: HTTP ${response.status} ${await response.text()}`);
}

await check("fault: throttle -> ThrottlingException (429)", async () => {
  await armFault({ operation: "GetHarness", kind: "throttle" });
  await expectError(
    controlClient.send(new control.GetHarnessCommand({ harnessId: harnessId() })),
    control.ThrottlingException,
    429,
  );
});

await check("fault: internal error before the stream -> InternalServerException (500)", async () => {
  await armFault({ operation: "InvokeHarness", kind: "internal_error" });
  await expectError(
    dataClient.send(
      new data.InvokeHarnessCommand({
        harnessArn: harness.arn,
        runtimeSessionId: sessionId,
        messages: [{ role: "user", content: [{ text: "hello" }] }],
      }),
    ),
    data.InternalServerException,
    500,
  );
});

await check("fault: 503 -> an unmodelled ServiceUnavailableException", async () => {
  await armFault({ operation: "ListHarnesses", kind: "unavailable" });
  try {
    await controlClient.send(new control.ListHarnessesCommand({}));
  } catch (error) {
    expectEqual(error.name, "ServiceUnavailableException", "error name");
    expectEqual(error.$metadata?.httpStatusCode, 503, "HTTP status");
    expectEqual(error.$fault, "server", "fault");
    return error.message;
  }
  throw new CheckFailed("ListHarnesses succeeded despite the fault");
});

await check("fault: create_failed -> CREATE_FAILED with its failureReason", async () => {
  const reason = "contract: the image could not be pulled";
  await armFault({ operation: "CreateAgentRuntime", kind: "create_failed", reason });
  const { description, ...withoutDescription } = runtimeInput;
  const created = await call(control, control.CreateAgentRuntimeCommand, {
    ...withoutDescription,
    agentRuntimeName: "contract_rt_failed",
    clientToken: randomUUID(),
  });
  const failed = await waitUntil(
    () => call(control, control.GetAgentRuntimeCommand, { agentRuntimeId: created.agentRuntimeId }),
    (out) => out.status !== "CREATING",
    "leaving CREATING",
  );
  expectEqual(failed.status, "CREATE_FAILED", "status");
  expectEqual(failed.failureReason, reason, "failureReason");
  await call(control, control.DeleteAgentRuntimeCommand, { agentRuntimeId: created.agentRuntimeId });
});

// ---- Clean-up of what is left, then coverage ------------------------------------------------

await check("DeleteHarness and DeleteAgentRuntime of the first resources", async () => {
  const deletedHarness = await call(control, control.DeleteHarnessCommand, { harnessId: harnessId() });
  expectEqual(deletedHarness.harness.status, "DELETING", "harness status");
  const deletedRuntime = await call(control, control.DeleteAgentRuntimeCommand, { agentRuntimeId: runtimeId() });
  expectEqual(deletedRuntime.status, "DELETING", "runtime status");
});

const required = [
  "CreateHarness", "GetHarness", "UpdateHarness", "DeleteHarness", "ListHarnesses", "ListHarnessVersions",
  "CreateHarnessEndpoint", "GetHarnessEndpoint", "UpdateHarnessEndpoint", "DeleteHarnessEndpoint", "ListHarnessEndpoints",
  "CreateAgentRuntime", "GetAgentRuntime", "UpdateAgentRuntime", "DeleteAgentRuntime", "ListAgentRuntimes",
  "ListAgentRuntimeVersions", "CreateAgentRuntimeEndpoint", "GetAgentRuntimeEndpoint", "UpdateAgentRuntimeEndpoint",
  "DeleteAgentRuntimeEndpoint", "ListAgentRuntimeEndpoints", "InvokeHarness", "InvokeAgentRuntime",
];
const missing = required.filter((operation) => !succeeded.has(operation));
report(
  "coverage",
  missing.length === 0,
  missing.length === 0
    ? `${required.length} operations succeeded through the SDK`
    : `never succeeded: ${missing.join(", ")}`,
);

controlClient.destroy();
dataClient.destroy();
process.exit(failures === 0 ? 0 : 1);
