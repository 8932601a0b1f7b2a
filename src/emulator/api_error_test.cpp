#include "emulator/api_error.hpp"

#include <gtest/gtest.h>

namespace agentlift::emulator {
namespace {

std::string header(const WireResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(EmulatorApiError, RestJson1ShapeWithTheCodeInTheHeader) {
  const WireResponse response = error_response(ApiError::conflict("name taken"));
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "ConflictException");
  EXPECT_EQ(header(response, "Content-Type"), "application/json");
  EXPECT_EQ(Json::parse(response.body), (Json{{"message", "name taken"}}));
  EXPECT_EQ(error_response(ApiError::not_found("x")).status, 404);
  EXPECT_EQ(error_response(ApiError::access_denied("x")).status, 403);
}

TEST(EmulatorApiError, ValidationExceptionCarriesReasonAndFieldList) {
  const ApiError error = ApiError::invalid_fields(
      "", {{"harnessName", "Member must satisfy regular expression pattern: [a-z]+"},
           {"tools.0.type", "Member must satisfy enum value set: [a, b]"}});
  EXPECT_EQ(
      error.message(),
      "2 validation errors detected: Value at 'harnessName' failed to satisfy constraint: "
      "Member must satisfy regular expression pattern: [a-z]+; Value at 'tools.0.type' failed "
      "to satisfy constraint: Member must satisfy enum value set: [a, b]");
  const Json body = Json::parse(error_response(error).body);
  EXPECT_EQ(body["reason"], "FieldValidationFailed");
  ASSERT_EQ(body["fieldList"].size(), 2u);
  EXPECT_EQ(
      body["fieldList"][1],
      (Json{{"name", "tools.0.type"}, {"message", "Member must satisfy enum value set: [a, b]"}}));
}

TEST(EmulatorApiError, UnparsableInputHasNoFieldList) {
  const Json body = Json::parse(error_response(ApiError::invalid_fields("CannotParse", {})).body);
  EXPECT_EQ(body["reason"], "CannotParse");
  EXPECT_FALSE(body.contains("fieldList"));
}

TEST(EmulatorApiError, ParseErrorsNeverQuoteTheRequest) {
  const ApiError error = ApiError::invalid_fields(
      "CannotParse", {{"", "parse error: last read: '\"sk-SECRET-123'"},
                      {"maxResults", "'sk-SECRET-456' is not an integer"}});
  const std::string wire = error_response(error).body;
  EXPECT_EQ(wire.find("SECRET"), std::string::npos) << wire;
  const Json body = Json::parse(wire);
  EXPECT_EQ(body["reason"], "CannotParse");
  EXPECT_EQ(body["message"],
            "The request could not be parsed: the body is not valid JSON; unreadable value at "
            "'maxResults'");
  ASSERT_EQ(body["fieldList"].size(), 1u);  // no entry without a name
  EXPECT_EQ(body["fieldList"][0]["name"], "maxResults");
}

TEST(EmulatorApiError, WholeBodyProblemsStayOutOfTheFieldList) {
  const Json body = Json::parse(
      error_response(ApiError::invalid_fields("", {{"", "Member must be a structure"}})).body);
  EXPECT_EQ(body["message"],
            "1 validation error detected: The request body failed to satisfy constraint: Member "
            "must be a structure");
  EXPECT_FALSE(body.contains("fieldList"));
}

}  // namespace
}  // namespace agentlift::emulator
