// restJson1 error replies (api_error.hpp).
#include "emulator/api_error.hpp"

#include <utility>

#include "base/json.hpp"

namespace agentlift::emulator {

ApiError::ApiError(std::string code, int status, std::string message)
    : Error(code + ": " + message),
      m_code(std::move(code)),
      m_status(status),
      m_message(std::move(message)) {}

ApiError ApiError::validation(std::string reason, std::string message,
                              std::vector<FieldError> fields) {
  ApiError error("ValidationException", 400, std::move(message));
  error.m_reason = std::move(reason);
  error.m_fields = std::move(fields);
  return error;
}

ApiError ApiError::invalid_fields(const std::string& reason,
                                  const std::vector<FieldError>& fields) {
  // fieldList names members; a problem with the whole body has no name, so it
  // only goes into the message.
  std::vector<FieldError> named;
  for (const FieldError& field : fields) {
    if (!field.path.empty()) named.push_back(field);
  }
  if (reason == "CannotParse" || fields.empty()) {
    // A parser's own words can quote the body (and a secret in it): name the
    // members only.
    std::string message = "The request could not be parsed";
    if (named.size() < fields.size() || fields.empty()) message += ": the body is not valid JSON";
    for (FieldError& field : named) {
      message += (&field == &named.front() ? "; unreadable value at '" : "', '") + field.path;
      field.message = "Member could not be parsed as its modelled type";
    }
    if (!named.empty()) message += "'";
    return validation("CannotParse", std::move(message), std::move(named));
  }
  std::string message = std::to_string(fields.size()) +
                        (fields.size() == 1 ? " validation error" : " validation errors") +
                        " detected: ";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) message += "; ";
    message += (fields[i].path.empty() ? std::string("The request body")
                                       : "Value at '" + fields[i].path + "'") +
               " failed to satisfy constraint: " + fields[i].message;
  }
  return validation(reason.empty() ? "FieldValidationFailed" : reason, std::move(message),
                    std::move(named));
}

ApiError ApiError::not_found(std::string message) {
  return ApiError("ResourceNotFoundException", 404, std::move(message));
}

ApiError ApiError::conflict(std::string message) {
  return ApiError("ConflictException", 409, std::move(message));
}

ApiError ApiError::access_denied(std::string message) {
  return ApiError("AccessDeniedException", 403, std::move(message));
}

WireResponse error_response(const ApiError& error) {
  Json body = Json::object();
  body["message"] = error.message();
  if (error.code() == "ValidationException") {
    body["reason"] = error.reason();
    if (!error.fields().empty()) {
      Json list = Json::array();
      for (const FieldError& field : error.fields()) {
        list.push_back({{"name", field.path}, {"message", field.message}});
      }
      body["fieldList"] = std::move(list);
    }
  }
  WireResponse response;
  response.status = error.status();
  response.headers.emplace_back("x-amzn-ErrorType", error.code());
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

}  // namespace agentlift::emulator
