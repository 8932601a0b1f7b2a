#pragma once
// Random UUID v4 strings, what AWS SDKs put in `clientToken` idempotency members
// and in InvokeAgentRuntime session ids when the caller gives none.

#include <functional>
#include <string>

namespace agentlift::cloud {

// "1b4e28ba-2fa1-41d2-883f-0016d3cca427": 122 random bits from OpenSSL's CSPRNG,
// version 4, RFC 4122 variant, lower-case.
std::string random_uuid_v4();

// Where a client gets a fresh idempotency token; tests inject a fixed one.
using TokenSource = std::function<std::string()>;

}  // namespace agentlift::cloud
