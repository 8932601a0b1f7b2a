#pragma once
// The errors the emulated services answer with, as AWS's restJson1 puts them
// on the wire: HTTP status, `x-amzn-ErrorType: <code>` and a JSON body with
// `message` (ValidationException adds `reason` and `fieldList`). Handlers
// throw ApiError; the dispatcher turns it into a WireResponse. Messages never
// quote request values, so secrets in a request cannot leak through an error.

#include <string>
#include <vector>

#include "base/errors.hpp"
#include "emulator/service_model.hpp"

namespace agentlift::emulator {

class ApiError : public Error {
 public:
  ApiError(std::string code, int status, std::string message);

  // ValidationException (400). `reason` is one of the model's
  // ValidationExceptionReason values: CannotParse, FieldValidationFailed,
  // IdempotentParameterMismatchException, EventInOtherSession, ResourceConflict.
  static ApiError validation(std::string reason, std::string message,
                             std::vector<FieldError> fields = {});
  // A ValidationException for bind()'s field errors, worded like AWS's
  // ("2 validation errors detected: Value at 'harnessName' failed to satisfy
  // constraint: ...").
  static ApiError invalid_fields(const std::string& reason, const std::vector<FieldError>& fields);
  static ApiError not_found(std::string message);      // ResourceNotFoundException 404
  static ApiError conflict(std::string message);       // ConflictException 409
  static ApiError access_denied(std::string message);  // AccessDeniedException 403

  const std::string& code() const { return m_code; }
  int status() const { return m_status; }
  const std::string& message() const { return m_message; }
  const std::string& reason() const { return m_reason; }
  const std::vector<FieldError>& fields() const { return m_fields; }

 private:
  std::string m_code;
  int m_status;
  std::string m_message;
  std::string m_reason;
  std::vector<FieldError> m_fields;
};

// The error as it goes on the wire (x-amzn-RequestId is added by the dispatcher).
WireResponse error_response(const ApiError& error);

}  // namespace agentlift::emulator
