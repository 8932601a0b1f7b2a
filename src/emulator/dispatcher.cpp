// The request pipeline (dispatcher.hpp).
#include "emulator/dispatcher.hpp"

#include <thread>

#include "base/errors.hpp"
#include "cloud/http.hpp"
#include "emulator/admin_api.hpp"
#include "emulator/api_error.hpp"
#include "emulator/embedded_models.hpp"
#include "emulator/eventstream_writer.hpp"

namespace agentlift::emulator {
namespace {

std::unique_ptr<ServiceModel> load_model(std::string_view name) {
  const std::string_view text = embedded_model(name);
  if (text.empty()) throw Error("service model " + std::string(name) + " is not embedded");
  return std::make_unique<ServiceModel>(ServiceModel::from_json(Json::parse(text)));
}

Reply from_wire(const WireResponse& wire) {
  Reply reply;
  reply.status = wire.status;
  reply.headers = wire.headers;
  reply.body = wire.body;
  return reply;
}

Reply from_error(const ApiError& error) { return from_wire(error_response(error)); }

ApiError auth_error(const AuthResult& result) {
  return ApiError(result.error_code, result.status, result.message);
}

ApiError method_mismatch() {
  return ApiError::access_denied(
      "Authorization method mismatch. The agent is configured for a different authorization "
      "method than what was used in your request. Check the agent's authorization configuration "
      "and ensure your request uses the matching method (OAuth or SigV4)");
}

bool is_invocation(std::string_view operation) {
  return operation == "InvokeHarness" || operation == "InvokeAgentRuntime" ||
         operation == "StopRuntimeSession";
}

std::optional<std::string> header(const IncomingRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (cloud::header_name_equals(key, name)) return value;
  }
  return std::nullopt;
}

}  // namespace

Dispatcher::Dispatcher(const Config& config, ResourceStore& store, FaultTable& faults,
                       DispatcherHooks hooks)
    : m_store(store),
      m_faults(faults),
      m_hooks(std::move(hooks)),
      m_control_model(load_model("agentcore-control.botocore.json")),
      m_data_model(load_model("agentcore.botocore.json")),
      m_control(store),
      m_data(store) {
  m_verifier.region = config.region;
  m_verifier.access_key_id = config.access_key_id;
  m_verifier.secret_access_key = config.secret_access_key;
  if (!m_hooks.now) m_hooks.now = [] { return std::chrono::system_clock::now(); };
  if (!m_hooks.sleep)
    m_hooks.sleep = [](std::chrono::milliseconds ms) { std::this_thread::sleep_for(ms); };
}

Dispatcher::~Dispatcher() = default;

Reply Dispatcher::handle(const IncomingRequest& request) {
  Reply reply;
  try {
    reply = dispatch(request);
  } catch (const ApiError& error) {
    reply = from_error(error);
  } catch (const std::exception&) {
    // Details stay out of the reply: they might quote the request.
    reply = from_error(
        ApiError("InternalServerException", 500, "The emulator failed to process the request"));
  }
  reply.headers.emplace_back("x-amzn-RequestId", m_store.ids().uuid());
  return reply;
}

Reply Dispatcher::dispatch(const IncomingRequest& request) {
  if (request.path.starts_with(k_admin_prefix)) {
    std::vector<std::string> operations;
    for (const ServiceModel* model : {m_control_model.get(), m_data_model.get()}) {
      for (const Operation& operation : model->operations()) operations.push_back(operation.name);
    }
    const AdminReply admin = handle_admin(request, m_store, m_faults, operations);
    Reply reply;
    reply.status = admin.status;
    reply.headers.emplace_back("Content-Type", "application/json");
    reply.body = admin.body.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    reply.operation = "agentcore-local admin";
    return reply;
  }

  const ServiceModel* model = m_data_model.get();
  const Operation* operation = model->match(request.method, request.path);
  if (!operation) {
    model = m_control_model.get();
    operation = model->match(request.method, request.path);
  }
  if (!operation) {
    throw ApiError("UnknownOperationException", 404,
                   "No AgentCore operation matches " + request.method + " on this path");
  }
  Reply reply;
  const std::string& name = operation->name;
  const bool invocation = is_invocation(name);

  const std::size_t cap = invocation ? k_max_invocation_body : k_max_control_body;
  if (request.body.size() > cap) {
    reply = from_error(ApiError("RequestEntityTooLargeException", 413,
                                "The request body is larger than the " + std::to_string(cap) +
                                    " bytes " + name + " accepts"));
    reply.operation = name;
    return reply;
  }

  try {
    // Authentication comes first, as on AWS: an unsigned request learns nothing else.
    const AuthResult auth = verify_sigv4(request, m_verifier, m_hooks.now());
    std::optional<BoundRequest> bound;
    auto bind_once = [&]() -> BoundRequest& {
      if (!bound) bound = model->bind(*operation, request);
      return *bound;
    };
    if (invocation && (auth.ok || auth.scheme == AuthScheme::bearer)) {
      const InboundAuth inbound = m_data.inbound_auth(name, bind_once().input);
      const bool bearer = auth.scheme == AuthScheme::bearer;
      const bool token_present = header(request, "authorization").value_or("").size() > 7;
      if (bearer && !(inbound == InboundAuth::jwt && token_present)) throw method_mismatch();
      if (!bearer && inbound == InboundAuth::jwt) throw method_mismatch();
    } else if (!auth.ok) {
      throw auth_error(auth);
    }

    const FaultPlan faults = m_faults.on_call(name);
    if (faults.delay.count() > 0) m_hooks.sleep(faults.delay);
    if (faults.reset) {
      reply.abort_connection = true;
      reply.operation = name;
      return reply;
    }
    if (faults.error) {
      throw ApiError(faults.error->code, faults.error->status, faults.error->message);
    }

    const BoundRequest& input = bind_once();
    if (!input.valid()) throw ApiError::invalid_fields(input.reason, input.errors);

    if (name == "InvokeHarness") {
      reply.status = 200;
      reply.stream_content_type = "application/vnd.amazon.eventstream";
      for (const HarnessEvent& event : m_data.invoke_harness(input.input)) {
        reply.chunks.push_back(encode_event(event.type, event.payload));
      }
    } else if (name == "InvokeAgentRuntime") {
      std::string session = input.input.value("runtimeSessionId", std::string());
      if (session.empty()) session = m_store.ids().uuid();
      RuntimeReply runtime = m_data.invoke_runtime(input.input, request.body, session);
      const WireResponse wire = model->serialize_output(*operation, runtime.output);
      if (runtime.event_stream) {
        reply.status = wire.status;
        reply.headers = wire.headers;
        std::erase_if(reply.headers, [](const auto& pair) {
          return cloud::header_name_equals(pair.first, "Content-Type");
        });
        reply.stream_content_type = "text/event-stream";
        reply.chunks = std::move(runtime.chunks);
      } else {
        reply = from_wire(wire);
        reply.body = runtime.chunks.empty() ? std::string() : runtime.chunks.front();
      }
    } else if (name == "StopRuntimeSession") {
      reply =
          from_wire(model->serialize_output(*operation, m_data.stop_runtime_session(input.input)));
    } else {
      CallContext context;
      context.failure_reason = faults.failure_reason;
      reply = from_wire(
          model->serialize_output(*operation, m_control.call(name, input.input, context)));
    }
  } catch (const ApiError& error) {
    reply = from_error(error);
  }
  reply.operation = name;
  return reply;
}

}  // namespace agentlift::emulator
