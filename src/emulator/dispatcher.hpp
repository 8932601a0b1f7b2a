#pragma once
// One request in, one reply out, with no sockets involved: the emulator's
// request pipeline, in AWS's order.
//
//   /_agentcore_local/*  -> the admin API (no SigV4; admin_api.hpp)
//   match (data plane model first, then control plane) -> 404 UnknownOperationException
//   body size cap (100 MB invocations, 10 MiB other calls) -> 413
//   SigV4 (sigv4_verifier.hpp; Bearer only for targets with a JWT authorizer)
//   faults armed for the operation (delay, reset, error, *_FAILED)
//   ServiceModel::bind -> 400 ValidationException with fieldList
//   handler (control_plane / data_plane) -> ServiceModel::serialize_output
// Every reply carries x-amzn-RequestId.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "emulator/config.hpp"
#include "emulator/control_plane.hpp"
#include "emulator/data_plane.hpp"
#include "emulator/faults.hpp"
#include "emulator/resource_store.hpp"
#include "emulator/service_model.hpp"
#include "emulator/sigv4_verifier.hpp"

namespace agentlift::emulator {

inline constexpr std::size_t k_max_invocation_body = 100'000'000;
inline constexpr std::size_t k_max_control_body = 10u << 20;

struct Reply {
  int status = 200;
  Headers headers;
  std::string body;
  // A streamed body (InvokeHarness frames, SSE events), sent chunked in order
  // with `stream_content_type`; `body` is empty then.
  std::vector<std::string> chunks;
  std::string stream_content_type;
  bool abort_connection = false;  // the reset fault: close without replying
  std::string operation;          // for the request log; "" when none matched

  bool streamed() const { return !stream_content_type.empty(); }
};

struct DispatcherHooks {
  std::function<std::chrono::system_clock::time_point()> now;  // for SigV4 skew checks
  std::function<void(std::chrono::milliseconds)> sleep;        // the delay fault
};

class Dispatcher {
 public:
  // Parses the embedded service models; throws agentlift::Error when they are unusable.
  Dispatcher(const Config& config, ResourceStore& store, FaultTable& faults,
             DispatcherHooks hooks = {});
  ~Dispatcher();

  Reply handle(const IncomingRequest& request);

  const ServiceModel& control_model() const { return *m_control_model; }
  const ServiceModel& data_model() const { return *m_data_model; }

 private:
  Reply dispatch(const IncomingRequest& request);

  VerifierConfig m_verifier;
  ResourceStore& m_store;
  FaultTable& m_faults;
  DispatcherHooks m_hooks;
  std::unique_ptr<ServiceModel> m_control_model;
  std::unique_ptr<ServiceModel> m_data_model;
  ControlPlane m_control;
  DataPlane m_data;
};

}  // namespace agentlift::emulator
