#pragma once
// A botocore "service-2" model (restJson1) read at start-up and used generically:
// which operation a request is (method + URI template), what its input is (URI
// labels, query string, headers and JSON body bound to member names), whether
// that input obeys the model (required, types, lengths, ranges, patterns, enums,
// unions with exactly one member), and how an output value goes on the wire
// (header- and status-bound members, timestamps in the shape's format).
// Nothing in here knows a particular operation.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/json.hpp"

namespace agentlift::emulator {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Operation {
  std::string name;          // "CreateHarness"
  std::string method;        // "POST"
  std::string uri_template;  // "/harnesses/{harnessId}" (query part of the template split off)
  int success_code = 200;    // http.responseCode, 200 when absent
  std::string input_shape;   // "CreateHarnessRequest", "" when none
  std::string output_shape;  // "CreateHarnessResponse", "" when none
  std::vector<std::string> errors;  // error shape names
};

// One request as it arrived.
struct IncomingRequest {
  std::string method;
  std::string path;   // raw, still percent-encoded, no query
  std::string query;  // raw, after '?', may be empty
  Headers headers;    // any case
  std::string body;
};

// One problem with an input value. `path` names the member the way AWS's
// fieldList does: dotted member names with list indices, e.g.
// "tools.0.config.remoteMcp.url"; "" for the whole body.
struct FieldError {
  std::string path;
  std::string message;  // "Member must have length less than or equal to 40"
};

struct BoundRequest {
  const Operation* operation = nullptr;
  // The input structure with every bound member under its member name, typed
  // per the model (labels, query values and headers converted to numbers and
  // booleans where the member is one; timestamps left as sent). Body keys the
  // model does not know are dropped, at any depth. A blob `payload` member
  // (InvokeAgentRuntime's `payload`) holds the raw body bytes, which need not
  // be UTF-8: dump() it with Json::error_handler_t::replace.
  Json input = Json::object();
  // "CannotParse" when the body is not JSON (or a query/header value does not
  // convert), "FieldValidationFailed" for constraint failures; "" when valid.
  std::string reason;
  std::vector<FieldError> errors;
  bool valid() const { return errors.empty() && reason.empty(); }
};

// An operation's output as it goes on the wire.
struct WireResponse {
  int status = 200;
  Headers headers;   // header-bound members (and Content-Type when there is a JSON body)
  std::string body;  // JSON of the body members, or the raw payload member
};

struct CompiledModel;  // shape table and per-operation binding tables (service_model.cpp)

class ServiceModel {
 public:
  // Throws agentlift::Error when `model` is not a usable restJson1 service-2 document.
  static ServiceModel from_json(const Json& model);
  // from_json() of the model embedded under `name` (embedded_models.hpp), e.g.
  // "agentcore-control.botocore.json". Throws agentlift::Error when there is none.
  static ServiceModel load_embedded(std::string_view name);

  const std::string& signing_name() const { return m_signing_name; }  // "bedrock-agentcore"
  const std::string& endpoint_prefix() const { return m_endpoint_prefix; }
  const std::vector<Operation>& operations() const { return m_operations; }
  const Operation* operation(std::string_view name) const;
  // The shape named `name` (botocore JSON), nullptr when unknown.
  const Json* shape(std::string_view name) const;

  // The operation whose method and URI template match; nullptr when none does.
  // A template label matches one non-empty segment; a greedy label ({x+}) one or
  // more. A trailing '/' in the template must be present in the path (and one
  // that is not in the template must not be).
  const Operation* match(std::string_view method, std::string_view path) const;

  // Parses and validates `request` as `operation`'s input. Never throws on bad
  // input: problems land in BoundRequest::reason/errors.
  BoundRequest bind(const Operation& operation, const IncomingRequest& request) const;

  // Validates a value against a shape (used for outputs in tests, and by bind()).
  std::vector<FieldError> validate(std::string_view shape_name, const Json& value) const;

  // Serialises `output` (member names as keys; timestamps given as epoch seconds,
  // numbers) per the output shape's bindings. Members bound to `location:
  // statusCode` set the status (else operation.success_code); a `payload` member
  // that is a blob or string is sent raw as the body.
  WireResponse serialize_output(const Operation& operation, const Json& output) const;

 private:
  std::string m_signing_name;
  std::string m_endpoint_prefix;
  std::vector<Operation> m_operations;
  Json m_shapes;
  // Immutable, so copies of a ServiceModel share it (and threads may too).
  std::shared_ptr<const CompiledModel> m_compiled;
};

}  // namespace agentlift::emulator
