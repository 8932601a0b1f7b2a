// Runs s3rver (npm, pinned in package.json) for tests/s3rver_test.cpp: bound to
// 127.0.0.1 on a port the kernel picks, storing into a fresh temporary folder,
// silent. Prints the port as its first stdout line, then serves until stdin
// closes (or SIGTERM/SIGINT), removes its folder and exits, so a test that dies
// never leaves it behind.
//
// What s3rver 3.7.1 itself checks on a SigV4 request (lib/middleware/
// authentication.js): the Authorization header has exactly the Credential,
// SignedHeaders and Signature parts; the access key id before the first '/' of
// Credential is a known one (only S3RVER, whose secret is S3RVER); an
// x-amz-content-sha256 header is present and looks like a hash or one of the
// UNSIGNED/STREAMING literals; X-Amz-Date (or Date) is within 15 minutes of the
// server clock. It never computes a SigV4 signature ("Signature version 4
// calculation is unimplemeneted"): any signature, made with any secret, passes.
// Only SigV2 signatures are recomputed and compared. allowMismatchedSignatures
// stays false (its default), which matters for SigV2 only.
//
// --verify-sigv4 adds what s3rver lacks, as a middleware in front of it: the
// request as it arrived (method, raw path, query, the headers named in
// SignedHeaders, X-Amz-Date, the body) is signed again with AWS's JavaScript
// signer (@smithy/signature-v4) and the secret of the key id, and the result
// must equal the Signature sent, with the same SignedHeaders list (else 403
// SignatureDoesNotMatch, as S3 answers; the scope's date is re-derived from
// X-Amz-Date, so a scope dated otherwise fails too); a hex x-amz-content-sha256
// must be the SHA-256 of the body received (else 400 XAmzContentSHA256Mismatch).
// Region and service are taken from the credential scope as sent and compared
// with nothing.
//
// s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3
// (Node 17 and later) only offers through its legacy provider; without it every
// truncated listing fails with InternalError. So when DES is missing this
// script runs itself again under --openssl-legacy-provider (same stdin, stdout
// and stderr; signals forwarded; the child's exit status passed on).
//
// Usage: node s3rver.mjs [--verify-sigv4]
import { spawn } from "node:child_process";
import { createCipheriv, createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";

import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import S3rver from "s3rver";

// s3rver's only account (lib/models/account.js); a fixture, not a credential.
const secretsByKeyId = new Map([["S3RVER", "S3RVER"]]);

function s3ErrorXml(code, message, details = {}) {
  const escape = (text) =>
    String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>`;
  xml += `<Message>${escape(message)}</Message>`;
  for (const [name, value] of Object.entries(details)) xml += `<${name}>${escape(value)}</${name}>`;
  return xml + "</Error>";
}

function refuse(ctx, status, code, message, details) {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = s3ErrorXml(code, message, details);
}

async function readBody(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// "a=1&b=%2B&c" -> { a: "1", b: "+", c: "" }; repeated names become arrays.
// No '+'-as-space: SigV4 treats '+' in a query as itself.
function parseQuery(raw) {
  const query = {};
  if (!raw) return query;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1));
    if (!(name in query)) query[name] = value;
    else if (Array.isArray(query[name])) query[name].push(value);
    else query[name] = [query[name], value];
  }
  return query;
}

// "20260102T030405Z" -> Date
function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? "");
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

async function verifySigV4(ctx, next) {
  const req = ctx.req;
  const authorization = req.headers["authorization"] ?? "";
  if (!authorization.startsWith("AWS4-HMAC-SHA256 ")) return next();  // s3rver's business
  const parts = new Map();
  for (const component of authorization.slice("AWS4-HMAC-SHA256 ".length).split(",")) {
    const eq = component.indexOf("=");
    if (eq > 0) parts.set(component.slice(0, eq).trim(), component.slice(eq + 1).trim());
  }
  const [keyId, , region, service] = (parts.get("Credential") ?? "").split("/");
  const secret = secretsByKeyId.get(keyId);
  const signedNames = (parts.get("SignedHeaders") ?? "").split(";").filter(Boolean);
  const when = parseAmzDate(req.headers["x-amz-date"]);
  // Unknown keys, malformed headers and bad dates: s3rver's own errors.
  if (!secret || !region || !service || !signedNames.length || !when) return next();

  const body = await readBody(req);
  const declaredHash = req.headers["x-amz-content-sha256"];
  if (/^[0-9a-f]{64}$/i.test(declaredHash ?? "")) {
    const actual = createHash("sha256").update(body).digest("hex");
    if (declaredHash.toLowerCase() !== actual) {
      return refuse(ctx, 400, "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    { ClientComputedContentSHA256: declaredHash, S3ComputedContentSHA256: actual });
    }
  }

  // The signed headers exactly as received; repeats joined with ',' (SigV4's rule).
  const headers = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    if (!signedNames.includes(name)) continue;
    const value = req.rawHeaders[i + 1];
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const question = req.url.indexOf("?");
  const request = new HttpRequest({
    method: req.method,
    protocol: "http:",
    hostname: (req.headers["host"] ?? "").replace(/:\d+$/, ""),
    path: question < 0 ? req.url : req.url.slice(0, question),
    query: parseQuery(question < 0 ? "" : req.url.slice(question + 1)),
    headers,
    body: body.length ? body : undefined,
  });
  const token = signedNames.includes("x-amz-security-token")
    ? req.headers["x-amz-security-token"]
    : undefined;
  const signer = new SignatureV4({
    service,
    region,
    credentials: { accessKeyId: keyId, secretAccessKey: secret, sessionToken: token },
    sha256: Sha256,
    uriEscapePath: false,  // S3 signs the path exactly as sent
    applyChecksum: false,  // sign x-amz-content-sha256 only when the client did
  });
  const signed = await signer.sign(request, {
    signingDate: when,
    signableHeaders: new Set(signedNames),
  });
  const expected = /Signature=([0-9a-f]+)/.exec(signed.headers["authorization"])?.[1];
  const expectedNames = /SignedHeaders=([^,]+)/.exec(signed.headers["authorization"])?.[1];
  if (expected !== parts.get("Signature") || expectedNames !== signedNames.join(";")) {
    return refuse(ctx, 403, "SignatureDoesNotMatch",
                  "The request signature we calculated does not match the signature you " +
                    "provided. Check your key and signing method.",
                  { AWSAccessKeyId: keyId, SignedHeadersExpected: expectedNames ?? "" });
  }

  // s3rver reads the body from ctx.req: hand it the bytes already consumed.
  const replay = new PassThrough();
  Object.assign(replay, { headers: req.headers, rawHeaders: req.rawHeaders, method: req.method,
                          url: req.url, httpVersion: req.httpVersion, socket: req.socket });
  replay.end(body);
  ctx.req = replay;
  return next();
}

function desAvailable() {
  try {
    createCipheriv("des", Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

function relaunchWithLegacyProvider() {
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", ...process.execArgv, fileURLToPath(import.meta.url),
     ...process.argv.slice(2)],
    { stdio: "inherit" });
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    process.stderr.write(`cannot relaunch node: ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code) => process.exit(code ?? 1));
}

async function serve() {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "agentlift-s3rver-"));
  // However the process ends (stdin closed, a signal, an uncaught error, a
  // vanished stdout reader), the folder goes with it.
  process.on("exit", () => {
    try {
      fs.rmSync(directory, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a write still in flight; nothing more to do on the way out
    }
  });
  const stop = (code) => process.exit(code);
  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
  process.stdin.on("end", () => stop(0));
  process.stdin.on("close", () => stop(0));
  process.stdin.on("error", () => stop(0));
  process.stdout.on("error", () => stop(0));
  process.stdin.resume();

  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    // Virtual-hosted style: "{bucket}.s3.localhost" names the bucket. Requests
    // to 127.0.0.1 (an IP) are always path style.
    serviceEndpoint: "localhost",
    allowMismatchedSignatures: false,
  });
  // Koa composes its middleware list when the server starts listening.
  if (process.argv.includes("--verify-sigv4")) server.middleware.unshift(verifySigV4);
  try {
    const { port } = await server.run();
    process.stdout.write(`${port}\n`);
  } catch (error) {
    process.stderr.write(`s3rver failed to start: ${error.stack ?? error}\n`);
    stop(1);
  }
}

if (!desAvailable() && !process.execArgv.includes("--openssl-legacy-provider")) {
  relaunchWithLegacyProvider();
} else {
  await serve();
}
