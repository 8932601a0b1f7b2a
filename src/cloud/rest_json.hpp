#pragma once
// restJson1 request building and reply reading (aws-wire.md §0), shared by the
// AgentCore control- and data-plane clients: URI labels and query values
// percent-encoded with the unreserved set, members without an HTTP binding in a
// JSON body, no body (and no Content-Type) when there are none.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json.hpp"
#include "cloud/http.hpp"

namespace agentlift::cloud::rest_json {

using Query = std::vector<std::pair<std::string, std::string>>;

// One URI label value, encoded: "arn:aws:x/y" -> "arn%3Aaws%3Ax%2Fy".
std::string label(std::string_view value);

// The request: `path` is already built from encoded labels; `query` values are
// raw and encoded here; a `body` is serialised compactly as UTF-8 JSON.
HttpRequest request(std::string method, std::string path, const Query& query = {},
                    const std::optional<Json>& body = std::nullopt);

// The reply body as JSON (an empty body is an empty object). A body that is not
// a JSON object is an agentlift::Error naming `service` and `operation`; the
// body itself is never quoted (it may echo secrets back).
Json parse_reply(const HttpResponse& response, std::string_view service,
                 std::string_view operation);

using json::string_member;  // base/json.hpp

}  // namespace agentlift::cloud::rest_json
