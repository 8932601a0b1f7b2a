#include "targets/bedrock/invoke_output.hpp"

#include <gtest/gtest.h>

namespace agentlift::bedrock {
namespace {

const Json k_team_reply = Json::parse(R"({
  "result": "the answer",
  "agent": "lead",
  "stop_reason": "end_turn",
  "tool_calls": [
    {"name": "researcher", "count": 2, "errors": 0,
     "delegations": [
       [{"name": "docs_search", "count": 3, "errors": 0}, {"name": "skills", "count": 1, "errors": 0}],
       [{"name": "browser", "count": 1, "errors": 1}]
     ]},
    {"name": "writer", "count": 1, "errors": 0, "delegations": [[]]}
  ]
})");

TEST(InvokeOutput, ReadsTheGeneratedPackagesReply) {
  const RuntimeReply reply = read_runtime_reply(k_team_reply);
  EXPECT_EQ(reply.text, "the answer");
  EXPECT_EQ(reply.agent, "lead");
  EXPECT_EQ(reply.stop_reason, "end_turn");
  EXPECT_EQ(reply.tool_calls.size(), 2u);
  EXPECT_EQ(reply.error, "");
  EXPECT_EQ(
      read_runtime_reply(Json::parse(R"({"result": "x", "tool_calls": [], "trace_error": "E"})"))
          .trace_error,
      "E");
  EXPECT_EQ(read_runtime_reply(Json::parse(R"({"error": "unknown agent 'x'"})")).error,
            "unknown agent 'x'");
}

TEST(InvokeOutput, OtherBodiesAreShownAsTheyAre) {
  EXPECT_EQ(read_runtime_reply_text("plain text, not JSON").text, "plain text, not JSON");
  EXPECT_EQ(read_runtime_reply_text(R"("a JSON string")").text, "a JSON string");
  EXPECT_EQ(read_runtime_reply_text(R"({"answer": 42})").text, R"({"answer":42})");
  EXPECT_EQ(read_runtime_reply_text("").text, "");
  EXPECT_EQ(read_runtime_reply(Json::parse(R"({"result": {"a": 1}})")).text, R"({"a":1})");
}

TEST(InvokeOutput, ReadsServerSentEvents) {
  EXPECT_EQ(read_runtime_stream_event(R"("chunk ")").text, "chunk ");
  EXPECT_EQ(read_runtime_stream_event("raw data").text, "raw data");
  const RuntimeStreamEvent text = read_runtime_stream_event(R"({"type": "text", "data": "Hel"})");
  EXPECT_EQ(text.kind, RuntimeStreamEvent::Kind::text);
  EXPECT_EQ(text.text, "Hel");
  const RuntimeStreamEvent tool =
      read_runtime_stream_event(R"({"type": "tool_call", "name": "writer"})");
  EXPECT_EQ(tool.kind, RuntimeStreamEvent::Kind::tool_call);
  EXPECT_EQ(tool.text, "writer");
  Json result = k_team_reply;
  result["type"] = "result";
  const RuntimeStreamEvent final_event = read_runtime_stream_event(result.dump());
  EXPECT_EQ(final_event.kind, RuntimeStreamEvent::Kind::result);
  EXPECT_EQ(final_event.reply.tool_calls.size(), 2u);
  const RuntimeStreamEvent error = read_runtime_stream_event(R"({"error": "no prompt"})");
  EXPECT_EQ(error.kind, RuntimeStreamEvent::Kind::error);
  EXPECT_EQ(error.text, "no prompt");
}

TEST(InvokeOutput, RendersTheNestedToolCallTree) {
  EXPECT_EQ(render_tool_call_tree(k_team_reply["tool_calls"]),
            "  researcher (2 calls)\n"
            "    delegation 1:\n"
            "      docs_search (3 calls)\n"
            "      skills (1 call)\n"
            "    delegation 2:\n"
            "      browser (1 call, 1 error)\n"
            "  writer (1 call)\n"
            "    delegation 1: no tool calls\n");
  EXPECT_EQ(render_tool_call_tree(Json::array()), "");
  EXPECT_EQ(render_tool_call_tree(Json::parse(R"([1, {"count": 2}, {"name": "x"}, "y"])")),
            "  x\n");
  EXPECT_EQ(render_tool_call_tree(Json("not a list")), "");
}

TEST(InvokeOutput, DescribesHarnessToolAndUsageEvents) {
  EXPECT_EQ(harness_block_start_line(Json::parse(
                R"({"contentBlockIndex": 1, "start": {"toolUse": {"toolUseId": "t1",
                   "name": "orders_get_order", "type": "mcp_tool_use", "serverName": "orders"}}})")),
            "tool: orders_get_order (mcp_tool_use, server orders)");
  EXPECT_EQ(harness_block_start_line(Json::parse(
                R"({"start": {"toolResult": {"toolUseId": "t1", "status": "success"}}})")),
            "tool result: success");
  EXPECT_EQ(harness_block_start_line(Json::parse(R"({"start": {}})")), "");
  EXPECT_EQ(harness_usage_line(Json::parse(
                R"({"usage": {"inputTokens": 12, "outputTokens": 40, "totalTokens": 52},
                   "metrics": {"latencyMs": 812}})")),
            "usage: 12 input + 40 output = 52 tokens, 812 ms");
  EXPECT_EQ(harness_usage_line(Json::object()), "usage: ? input + ? output = ? tokens");
}

}  // namespace
}  // namespace agentlift::bedrock
