#include "emulator/faults.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"

namespace agentlift::emulator {
namespace {

TEST(Faults, NthCallOnlyBreaksExactlyThatCall) {
  FaultTable table;
  table.add(fault_from_spec("operation=CreateHarness,kind=internal_error,nth=2"));
  EXPECT_TRUE(table.on_call("CreateHarness").empty());
  EXPECT_TRUE(table.on_call("GetHarness").empty());  // other operations do not count
  const FaultPlan second = table.on_call("CreateHarness");
  ASSERT_TRUE(second.error);
  EXPECT_EQ(second.error->status, 500);
  EXPECT_EQ(second.error->code, "InternalServerException");
  EXPECT_TRUE(table.on_call("CreateHarness").empty());
}

TEST(Faults, CountBreaksTheNextKCalls) {
  FaultTable table;
  table.add(fault_from_json(Json{{"operation", "GetHarness"}, {"kind", "throttle"}, {"count", 3}}));
  for (int i = 0; i < 3; ++i) {
    const FaultPlan plan = table.on_call("GetHarness");
    ASSERT_TRUE(plan.error) << i;
    EXPECT_EQ(plan.error->status, 429);
    EXPECT_EQ(plan.error->code, "ThrottlingException");
  }
  EXPECT_TRUE(table.on_call("GetHarness").empty());
  const Json listed = table.to_json()["faults"][0];
  EXPECT_EQ(listed["fired"], 3);
  EXPECT_EQ(listed["remaining"], 0);
  EXPECT_EQ(listed["callsSeen"], 4);
}

TEST(Faults, WildcardDelayAndFailureCombine) {
  FaultTable table;
  table.add(fault_from_spec("operation=*,kind=delay,delayMs=250"));
  table.add(
      fault_from_spec("operation=CreateAgentRuntime,kind=create_failed,reason=Image "
                      "not found, tag missing"));
  const FaultPlan plan = table.on_call("CreateAgentRuntime");
  EXPECT_EQ(plan.delay, std::chrono::milliseconds(250));
  ASSERT_TRUE(plan.failure_reason);
  EXPECT_EQ(*plan.failure_reason, "Image not found, tag missing");
  EXPECT_FALSE(plan.error);
  EXPECT_FALSE(plan.reset);
}

TEST(Faults, ResetAndCustomErrors) {
  FaultTable table;
  table.add(fault_from_spec("operation=InvokeHarness,kind=reset"));
  EXPECT_TRUE(table.on_call("InvokeHarness").reset);
  table.add(fault_from_spec("operation=InvokeHarness,kind=error,status=503"));
  const FaultPlan plan = table.on_call("InvokeHarness");
  ASSERT_TRUE(plan.error);
  EXPECT_EQ(plan.error->code, "ServiceUnavailableException");
  table.clear();
  EXPECT_TRUE(table.on_call("InvokeHarness").empty());
  EXPECT_EQ(table.to_json()["faults"].size(), 0u);
}

TEST(Faults, BadRulesAreRefusedWithAReason) {
  EXPECT_THROW(fault_from_spec("kind=throttle"), Error);                      // no operation
  EXPECT_THROW(fault_from_spec("operation=X,kind=explode"), Error);           // unknown kind
  EXPECT_THROW(fault_from_spec("operation=X,kind=throttle,nth=0"), Error);    // nth >= 1
  EXPECT_THROW(fault_from_spec("operation=X,kind=throttle,nth=two"), Error);  // not a number
  EXPECT_THROW(fault_from_spec("operation=X,kind=error"), Error);             // no status
  EXPECT_THROW(fault_from_spec("operation=X,kind=delay"), Error);             // no delay
  EXPECT_THROW(fault_from_spec("operation"), Error);                          // no '='
  EXPECT_THROW(fault_from_json(Json{{"operation", "X"}, {"kind", "reset"}, {"typo", 1}}), Error);
  EXPECT_THROW(fault_from_json(Json::array()), Error);
}

}  // namespace
}  // namespace agentlift::emulator
