// ServiceModel: reads a botocore service-2 document once, compiles its shapes
// and per-operation binding tables, and dispatches to the binder, validator and
// serializer (request_binding, shape_validator, output_serializer).
#include "emulator/service_model.hpp"

#include <algorithm>

#include "base/errors.hpp"
#include "emulator/embedded_models.hpp"
#include "emulator/output_serializer.hpp"
#include "emulator/request_binding.hpp"
#include "emulator/shape_table.hpp"
#include "emulator/shape_validator.hpp"

namespace agentlift::emulator {

struct CompiledModel {
  explicit CompiledModel(const Json& shapes) : shapes(shapes) {}
  ShapeTable shapes;
  std::vector<OperationBinding> bindings;  // parallel to ServiceModel::operations()
  std::vector<std::size_t> output_shapes;  // parallel too; k_no_shape when none
};

namespace {

bool speaks_rest_json(const Json& metadata) {
  if (metadata.value("protocol", "") == "rest-json") return true;
  const Json protocols = metadata.value("protocols", Json::array());
  return protocols.is_array() &&
         std::find(protocols.begin(), protocols.end(), "rest-json") != protocols.end();
}

std::string shape_reference(const Json& operation, const char* key) {
  const auto found = operation.find(key);
  return found != operation.end() && found->is_object() ? found->value("shape", "") : "";
}

Operation read_operation(const std::string& name, const Json& source) {
  if (!source.is_object()) throw Error("service model: operation " + name + " is not an object");
  const Json http = source.value("http", Json::object());
  Operation operation;
  operation.name = name;
  operation.method = http.value("method", "");
  const std::string request_uri = http.value("requestUri", "");
  operation.uri_template = request_uri.substr(0, request_uri.find('?'));
  operation.success_code = http.value("responseCode", 200);
  operation.input_shape = shape_reference(source, "input");
  operation.output_shape = shape_reference(source, "output");
  for (const Json& error : source.value("errors", Json::array())) {
    if (error.is_object()) operation.errors.push_back(error.value("shape", ""));
  }
  if (operation.method.empty() || operation.uri_template.empty()) {
    throw Error("service model: operation " + name + " has no HTTP method or request URI");
  }
  return operation;
}

}  // namespace

ServiceModel ServiceModel::from_json(const Json& model) {
  try {
    if (!model.is_object() || !model.contains("metadata") || !model.contains("operations") ||
        !model.contains("shapes")) {
      throw Error("service model: not a botocore service-2 document");
    }
    const Json& metadata = model.at("metadata");
    if (!speaks_rest_json(metadata)) throw Error("service model: protocol is not rest-json");
    ServiceModel service;
    service.m_endpoint_prefix = metadata.value("endpointPrefix", "");
    service.m_signing_name = metadata.value("signingName", service.m_endpoint_prefix);
    service.m_shapes = model.at("shapes");
    auto compiled = std::make_shared<CompiledModel>(service.m_shapes);
    const Json& operations = model.at("operations");
    if (!operations.is_object()) throw Error("service model: 'operations' is not an object");
    for (auto it = operations.begin(); it != operations.end(); ++it) {
      Operation operation = read_operation(it.key(), it.value());
      compiled->bindings.push_back(make_operation_binding(compiled->shapes, operation));
      const std::size_t output = compiled->shapes.index_of(operation.output_shape);
      if (!operation.output_shape.empty() && output == k_no_shape) {
        throw Error("service model: operation " + operation.name + " has unknown output shape");
      }
      compiled->output_shapes.push_back(output);
      service.m_operations.push_back(std::move(operation));
    }
    service.m_compiled = std::move(compiled);
    return service;
  } catch (const Json::exception& error) {
    throw Error(std::string("service model: malformed document: ") + error.what());
  }
}

ServiceModel ServiceModel::load_embedded(std::string_view name) {
  const std::string_view text = embedded_model(name);
  if (text.empty()) throw Error("no embedded service model named '" + std::string(name) + "'");
  Json model;
  try {
    model = Json::parse(text);
  } catch (const Json::exception& error) {
    throw Error("embedded service model " + std::string(name) + " is not JSON: " + error.what());
  }
  return from_json(model);
}

const Operation* ServiceModel::operation(std::string_view name) const {
  for (const Operation& operation : m_operations) {
    if (operation.name == name) return &operation;
  }
  return nullptr;
}

const Json* ServiceModel::shape(std::string_view name) const {
  const auto found = m_shapes.find(std::string(name));
  return found == m_shapes.end() ? nullptr : &*found;
}

const Operation* ServiceModel::match(std::string_view method, std::string_view path) const {
  if (!m_compiled) return nullptr;
  path = path.substr(0, path.find('?'));
  const Operation* best = nullptr;
  std::size_t best_literals = 0;
  for (std::size_t i = 0; i < m_operations.size(); ++i) {
    if (m_operations[i].method != method) continue;
    const UriTemplate& uri = m_compiled->bindings[i].uri;
    const std::size_t literals = uri.literal_count();
    if ((best == nullptr || literals > best_literals) && uri.match(path)) {
      best = &m_operations[i];
      best_literals = literals;
    }
  }
  return best;
}

BoundRequest ServiceModel::bind(const Operation& operation, const IncomingRequest& request) const {
  std::size_t index = m_operations.size();
  if (!m_operations.empty() && &operation >= m_operations.data() &&
      &operation < m_operations.data() + m_operations.size()) {
    index = static_cast<std::size_t>(&operation - m_operations.data());
  } else if (const Operation* known = this->operation(operation.name)) {
    index = static_cast<std::size_t>(known - m_operations.data());
  }
  if (!m_compiled || index == m_operations.size()) {
    BoundRequest unknown;
    unknown.reason = "CannotParse";
    unknown.errors.push_back({"", "Unknown operation " + operation.name});
    return unknown;
  }
  BoundRequest bound;
  try {
    bound = bind_request(m_compiled->shapes, m_compiled->bindings[index], request);
  } catch (const Json::exception& error) {  // not expected; a request must never crash the server
    bound = BoundRequest{};
    bound.reason = "CannotParse";
    bound.errors.push_back({"", std::string("Request could not be read: ") + error.what()});
  }
  bound.operation = &m_operations[index];
  return bound;
}

std::vector<FieldError> ServiceModel::validate(std::string_view shape_name,
                                               const Json& value) const {
  const std::size_t index = m_compiled ? m_compiled->shapes.index_of(shape_name) : k_no_shape;
  if (index == k_no_shape) return {{"", "Unknown shape " + std::string(shape_name)}};
  std::vector<FieldError> errors;
  for (ValidationIssue& issue : validate_shape(m_compiled->shapes, index, value)) {
    errors.push_back({std::move(issue.path), std::move(issue.message)});
  }
  return errors;
}

WireResponse ServiceModel::serialize_output(const Operation& operation, const Json& output) const {
  const std::size_t shape =
      m_compiled ? m_compiled->shapes.index_of(operation.output_shape) : k_no_shape;
  if (!m_compiled || operation.output_shape.empty()) {
    WireResponse empty;
    empty.status = operation.success_code;
    return empty;
  }
  return serialize_output_value(m_compiled->shapes, shape, operation.success_code, output);
}

}  // namespace agentlift::emulator
