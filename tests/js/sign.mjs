// Signs a batch of requests with AWS's JavaScript SigV4 signer
// (@smithy/signature-v4, the one every AWS SDK for JavaScript v3 client uses),
// for tests/sigv4_js_crosscheck_test.cpp.
//
// stdin:  a JSON array of requests
//   { method, hostname, path, query, headers, body, service, region,
//     credentials: { accessKeyId, secretAccessKey, sessionToken? },
//     time, uriEscapePath, applyChecksum }
//   `path` is the path as sent on the wire (already percent-encoded, the way the
//   SDK's serializers put it on HttpRequest); `query` maps each decoded name to
//   its decoded value or array of values (the signer encodes them); `headers`
//   maps names to values (one value per name) and should include `host`.
// stdout: a JSON array, per request, of the signed headers
//   { authorization, "x-amz-date", "x-amz-security-token"?, "x-amz-content-sha256"? }
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Sha256 } from "@aws-crypto/sha256-js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const wanted = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];
const results = [];
for (const r of requests) {
  const signer = new SignatureV4({
    service: r.service,
    region: r.region,
    credentials: r.credentials,
    sha256: Sha256,
    uriEscapePath: r.uriEscapePath,
    applyChecksum: r.applyChecksum,
  });
  const request = new HttpRequest({
    method: r.method,
    protocol: "https:",
    hostname: r.hostname,
    path: r.path,
    query: r.query ?? {},
    headers: { ...(r.headers ?? {}) },
    body: r.body === "" ? undefined : r.body,
  });
  const signed = await signer.sign(request, { signingDate: new Date(r.time) });
  const out = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    const lower = name.toLowerCase();
    if (wanted.includes(lower)) out[lower] = value;
  }
  results.push(out);
}
process.stdout.write(JSON.stringify(results) + "\n");
