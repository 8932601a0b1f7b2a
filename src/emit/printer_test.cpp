#include "emit/printer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace agentlift::emit {
namespace {

TEST(Printer, SubstitutesAndIndentsTemplateLinesOnly) {
  Printer p;
  p.line("def f():");
  {
    Printer::Indent indent(p);
    p.line("x = $value$", {{"value", "\"\"\"a\nb\"\"\""}});
    p.line("return $$x");
  }
  EXPECT_EQ(p.text(), "def f():\n    x = \"\"\"a\nb\"\"\"\n    return $x\n");
}

TEST(Printer, UnknownOrUnusedVariablesAreBugs) {
  Printer p;
  EXPECT_THROW(p.line("x = $missing$"), std::logic_error);
  EXPECT_THROW(p.line("x = 1", {{"extra", "2"}}), std::logic_error);
  EXPECT_THROW(p.line("x = $open"), std::logic_error);
}

}  // namespace
}  // namespace agentlift::emit
