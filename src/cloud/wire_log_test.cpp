#include "cloud/wire_log.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "cloud/fake_transport.hpp"

namespace agentlift::cloud {
namespace {

// Must never reach the log, whatever carries it.
const std::string k_sentinel = "SENTINEL-s3cr3t-Zq9";

struct Logged {
  std::ostringstream out;
  WireLog log{out};
  FakeTransport fake;
  LoggingTransport transport{fake, log};

  std::string text() const { return out.str(); }
  void expect_clean() const {
    EXPECT_EQ(text().find(k_sentinel), std::string::npos) << text();
    EXPECT_EQ(text().find("SENTINEL-s3cr3t"), std::string::npos) << text();
  }
};

HttpRequest post(std::string url, std::string body = {}) {
  HttpRequest r;
  r.method = "POST";
  r.url = std::move(url);
  r.body = std::move(body);
  return r;
}

TEST(WireLog, PrintsRequestLineHeadersBodyAndResponse) {
  Logged l;
  l.fake.respond(201, "{\"ok\":true}", {{"Content-Type", "application/json"}});
  HttpRequest r = post("https://example.com/things?x=1", "{\"name\":\"a\"}");
  r.headers = {{"Content-Type", "application/json"}};
  l.transport.send(r);
  EXPECT_EQ(l.text(),
            "> POST https://example.com/things?x=1\n"
            "> Content-Type: application/json\n"
            "> body (12 bytes): {\"name\":\"a\"}\n"
            "< 201\n"
            "< Content-Type: application/json\n"
            "< body (11 bytes): {\"ok\":true}\n");
}

TEST(WireLog, RedactsSigningHeaders) {
  Logged l;
  l.fake.respond(200);
  HttpRequest r = post("https://example.com/");
  r.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/x, Signature=" + k_sentinel},
               {"x-amz-security-token", k_sentinel},
               {"X-Amz-Date", "20240101T000000Z"}};
  l.transport.send(r);
  EXPECT_NE(l.text().find("> Authorization: <redacted>\n"), std::string::npos);
  EXPECT_NE(l.text().find("> x-amz-security-token: <redacted>\n"), std::string::npos);
  EXPECT_NE(l.text().find("> X-Amz-Date: 20240101T000000Z\n"), std::string::npos);
  l.expect_clean();
}

TEST(WireLog, RedactsPresignedQueryParameters) {
  Logged l;
  l.fake.respond(200);
  HttpRequest r;
  r.url = "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F" +
          k_sentinel + "&x-amz-signature=" + k_sentinel + "&X-Amz-Security-Token=" + k_sentinel;
  l.transport.send(r);
  EXPECT_NE(l.text().find("> GET https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                          "&X-Amz-Credential=<redacted>&x-amz-signature=<redacted>"
                          "&X-Amz-Security-Token=<redacted>\n"),
            std::string::npos)
      << l.text();
  l.expect_clean();
}

TEST(WireLog, RedactsHeadersWhoseValueIsARegisteredSecret) {
  Logged l;
  l.log.add_secret("abc");  // too short to hunt for as a substring, still redacted whole
  l.log.add_secret(k_sentinel);
  l.fake.respond(200, "", {{"X-Echo", k_sentinel}});
  HttpRequest r = post("https://mcp.example.com/");
  r.headers = {{"X-Api-Key", k_sentinel},
               {"X-Short", "abc"},
               {"X-Bearer", "Bearer " + k_sentinel},
               {"X-Plain", "abcdef"}};
  l.transport.send(r);
  EXPECT_NE(l.text().find("> X-Api-Key: <redacted>\n"), std::string::npos);
  EXPECT_NE(l.text().find("> X-Short: <redacted>\n"), std::string::npos);
  EXPECT_NE(l.text().find("> X-Bearer: Bearer <redacted>\n"), std::string::npos);
  EXPECT_NE(l.text().find("> X-Plain: abcdef\n"), std::string::npos);
  EXPECT_NE(l.text().find("< X-Echo: <redacted>\n"), std::string::npos);
  l.expect_clean();
}

TEST(WireLog, RedactsCredentialFieldsInJsonBodies) {
  Logged l;
  const std::string body = R"({"Credentials":{"AccessKeyId":"AKIDEXAMPLE","SecretAccessKey":")" +
                           k_sentinel + R"(","SessionToken" : ")" + k_sentinel +
                           R"("},"secretAccessKey":")" + k_sentinel + R"(","sessionToken":")" +
                           k_sentinel + R"(","authorizationToken":")" + k_sentinel +
                           R"(","password":"pa\"ss)" + k_sentinel + R"(","name":"kept"})";
  l.fake.respond(200, body);
  l.transport.send(post("https://sts.amazonaws.com/", body));
  l.expect_clean();
  EXPECT_NE(l.text().find(R"("SecretAccessKey":"<redacted>")"), std::string::npos) << l.text();
  EXPECT_NE(l.text().find(R"("SessionToken" : "<redacted>")"), std::string::npos);
  EXPECT_NE(l.text().find(R"("password":"<redacted>","name":"kept")"), std::string::npos);
  EXPECT_NE(l.text().find("AKIDEXAMPLE"), std::string::npos);
}

TEST(WireLog, RedactsTheValuesOfJsonHeadersObjects) {
  // GetHarness returns a remote MCP server's headers: secrets nobody registered.
  Logged l;
  const std::string body = R"({"harness":{"tools":[{"config":{"remoteMcp":{"url":"https://x",)"
                           R"("headers" : { "Authorization" : "Bearer )" +
                           k_sentinel + R"(", "X-Key":"a\"b)" + k_sentinel +
                           R"(" }}}],"name":"kept"}})";
  l.fake.respond(200, body);
  l.transport.send(post("https://agentcore.amazonaws.com/", "{}"));
  l.expect_clean();
  EXPECT_NE(l.text().find(R"("Authorization" : "<redacted>", "X-Key":"<redacted>" })"),
            std::string::npos)
      << l.text();
  EXPECT_NE(l.text().find(R"("url":"https://x")"), std::string::npos);
  EXPECT_NE(l.text().find(R"("name":"kept")"), std::string::npos);
}

TEST(WireLog, RedactsMcpHeaderAndEnvironmentVariableValuesInJsonBodies) {
  Logged l;
  const std::string body =
      R"({"harness":{"tools":[{"type":"remote_mcp","config":{"remoteMcp":{"url":"https://x/mcp",)"
      R"("headers":{"Authorization":"Bearer )" +
      k_sentinel + R"(", "X-Key" : ")" + k_sentinel +
      R"(\"q"}}}}],"environmentVariables":{"AGENTLIFT_MCP_X":")" + k_sentinel +
      R"("},"harnessName":"kept"}})";
  l.fake.respond(200, body);
  l.transport.send(post("https://bedrock-agentcore-control.us-west-2.amazonaws.com/x", body));
  EXPECT_NE(l.text().find(R"("Authorization":"<redacted>")"), std::string::npos) << l.text();
  EXPECT_NE(l.text().find(R"("AGENTLIFT_MCP_X":"<redacted>")"), std::string::npos) << l.text();
  EXPECT_NE(l.text().find("https://x/mcp"), std::string::npos);
  EXPECT_NE(l.text().find(R"("harnessName":"kept")"), std::string::npos);
  EXPECT_NE(l.text().find(R"("X-Key" : "<redacted>")"), std::string::npos) << l.text();
  l.expect_clean();
}

TEST(WireLog, RedactsCredentialFieldsInXmlAndFormBodies) {
  Logged l;
  const std::string xml = "<Credentials><SecretAccessKey>" + k_sentinel +
                          "</SecretAccessKey><SessionToken>" + k_sentinel +
                          "</SessionToken></Credentials>";
  const std::string form = "Action=AssumeRoleWithWebIdentity&WebIdentityToken=" + k_sentinel;
  l.fake.respond(200, xml);
  l.transport.send(post("https://sts.amazonaws.com/", form));
  l.expect_clean();
  EXPECT_NE(l.text().find("<SecretAccessKey><redacted></SecretAccessKey>"), std::string::npos);
  EXPECT_NE(l.text().find("Action=AssumeRoleWithWebIdentity&WebIdentityToken=<redacted>"),
            std::string::npos);
}

TEST(WireLog, RedactsRegisteredSecretsAnywhereInBodiesAndUrls) {
  Logged l;
  l.log.add_secret(k_sentinel);
  const std::string encoded_secret = "SENTINEL-s3cr3t-Zq9 and/more";
  l.log.add_secret(encoded_secret);
  l.fake.respond(200, "plain text mentioning " + k_sentinel + " twice " + k_sentinel);
  l.transport.send(post("https://example.com/" + k_sentinel + "?q=SENTINEL-s3cr3t-Zq9%20and%2Fmore",
                        "{\"note\":\"" + k_sentinel + "\"}"));
  l.expect_clean();
  EXPECT_NE(l.text().find("> POST https://example.com/<redacted>?q=<redacted>\n"),
            std::string::npos)
      << l.text();
  EXPECT_NE(l.text().find("mentioning <redacted> twice <redacted>"), std::string::npos);
}

TEST(WireLog, PreviewIsCutButASecretAtTheEdgeIsStillRedacted) {
  std::ostringstream out;
  WireLog log(out, 16);
  log.add_secret(k_sentinel);
  log.log_response_body("0123456789ab" + k_sentinel + std::string(100, 'x'), 131);
  EXPECT_EQ(out.str(), "< body (131 bytes): 0123456789ab<red...\n");
}

TEST(WireLog, BinaryBodiesAreSummarised) {
  Logged l;
  l.fake.respond(200, std::string("\0\1\2", 3) + k_sentinel);
  l.transport.send(post("https://example.com/", std::string("\x00\x01", 2)));
  EXPECT_NE(l.text().find("> body: 2 bytes (binary)\n"), std::string::npos);
  EXPECT_NE(l.text().find("< body: 22 bytes (binary)\n"), std::string::npos);
  l.expect_clean();
}

TEST(WireLog, StreamingLogsHeadersAndARedactedPreviewAndPassesChunksThrough) {
  Logged l;
  l.log.add_secret(k_sentinel);
  // The secret straddles two chunks.
  l.fake.respond_chunks(200, {{"Content-Type", "text/event-stream"}},
                        {"data: SENTINEL-s3", "cr3t-Zq9\n\n", "data: done\n\n"});
  std::string received;
  int status = 0;
  l.transport.send_streaming(
      post("https://example.com/stream"), [&](int s, const Headers&) { status = s; },
      [&](std::string_view chunk) { received += chunk; });
  EXPECT_EQ(status, 200);
  EXPECT_EQ(received, "data: " + k_sentinel + "\n\ndata: done\n\n");
  EXPECT_NE(l.text().find("< Content-Type: text/event-stream\n"), std::string::npos);
  EXPECT_NE(l.text().find("< body (39 bytes): data: <redacted>\n\ndata: done\n\n\n"),
            std::string::npos)
      << l.text();
  l.expect_clean();
}

TEST(WireLog, FailuresAreLoggedRedactedAndRethrown) {
  Logged l;
  l.log.add_secret(k_sentinel);
  l.fake.fail(TransportErrorKind::timeout, "timed out talking to " + k_sentinel);
  EXPECT_THROW(l.transport.send(post("https://example.com/?X-Amz-Signature=" + k_sentinel)),
               TransportError);
  EXPECT_NE(l.text().find("! POST https://example.com/?X-Amz-Signature=<redacted>: timeout "
                          "error: timed out talking to <redacted>\n"),
            std::string::npos)
      << l.text();
  l.expect_clean();
}

TEST(FakeTransport, ReplaysScriptedResponsesInOrderAndRecordsRequests) {
  FakeTransport fake;
  fake.respond(200, "one").fail(TransportErrorKind::reset);
  EXPECT_EQ(fake.send(post("https://a/")).body, "one");
  try {
    fake.send(post("https://b/"));
    ADD_FAILURE() << "scripted failure not thrown";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.kind(), TransportErrorKind::reset);
  }
  EXPECT_THROW(fake.send(post("https://c/")), std::logic_error);
  ASSERT_EQ(fake.requests().size(), 3u);
  EXPECT_EQ(fake.requests()[1].url, "https://b/");
  EXPECT_EQ(fake.pending(), 0u);
}

}  // namespace
}  // namespace agentlift::cloud
