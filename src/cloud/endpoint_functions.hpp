#pragma once
// The standard library of the Smithy endpoint rules language (the functions a
// rule set's conditions call), as plain functions over rule values. A value is
// JSON: string, boolean, integer, array or object (a record such as a parsed
// URL), and null for "not set". Behaviour follows botocore's
// endpoint_provider.py, which the shipped endpoint test suites are run against.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/json.hpp"

namespace agentlift::cloud::endpoints {

using Value = Json;  // null = unset

// Every byte outside A-Z a-z 0-9 - . _ ~ becomes %XX with upper-case hex.
std::string uri_encode(std::string_view text);

// RFC 1123 label: 1-63 of [A-Za-z0-9-], not starting or ending with '-'. With
// `allow_subdomains` the text may be several such labels joined by '.'.
bool is_valid_host_label(std::string_view text, bool allow_subdomains);

// A host label (or labels) that is also a usable virtual-hosted S3 bucket name:
// at least 3 characters, no upper case, not shaped like an IPv4 address.
bool is_virtual_hostable_s3_bucket(std::string_view text, bool allow_subdomains);

// Characters [start, stop) of ASCII text, counted from the end when `reverse`;
// nothing when the text has non-ASCII bytes or the range does not fit.
std::optional<std::string> substring(std::string_view text, std::int64_t start, std::int64_t stop,
                                     bool reverse);

// {scheme, authority, path, normalizedPath, isIp} of an http(s) URL without a
// query; null for anything else.
Value parse_url(std::string_view url);

// {partition, service, region, accountId, resourceId[]} of "arn:..." text with a
// partition, service and resource; null otherwise.
Value parse_arn(std::string_view arn);

// The record `aws.partition` returns for a region: {name, dnsSuffix,
// dualStackDnsSuffix, supportsFIPS, supportsDualStack, implicitGlobalRegion}.
Value partition_record(std::string_view region);

// Follows `path` ("a.b", "list[2]", "a.list[0]") into records and arrays; null
// when a step is missing. Throws RuleSetError for a malformed path.
Value get_attr(const Value& value, std::string_view path);

// One library function as a rule set names it ("isSet", "aws.partition", ...).
struct LibraryFunction {
  std::string_view name;
  std::size_t arity;
  // Throws RuleSetError when an argument has the wrong type.
  Value (*call)(std::span<const Value> arguments);
};

// The function called `name`, or nullptr when the library has none.
const LibraryFunction* find_library_function(std::string_view name);

}  // namespace agentlift::cloud::endpoints
