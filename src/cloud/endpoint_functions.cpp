#include "cloud/endpoint_functions.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "cloud/endpoint_rules.hpp"
#include "cloud/partitions.hpp"

namespace agentlift::cloud::endpoints {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_unreserved(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0x0F];
    }
  }
  return out;
}

// "1.2.3.4"-shaped (1-3 digits per part, values unchecked), as botocore's IPV4_RE.
bool is_ipv4_shaped(std::string_view text) {
  int parts = 0;
  std::size_t digits = 0;
  for (const char c : text) {
    if (is_digit(c)) {
      if (++digits > 3) return false;
    } else if (c == '.' && digits > 0 && parts < 3) {
      ++parts;
      digits = 0;
    } else {
      return false;
    }
  }
  return parts == 3 && digits > 0;
}

// "[v6 address]" with an optional "%zone": hex digits, ':' and '.' (for an
// embedded IPv4 tail), at least two colons.
bool is_ipv6_literal(std::string_view host) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
  auto address = host.substr(1, host.size() - 2);
  address = address.substr(0, address.find('%'));
  const auto colons = std::count(address.begin(), address.end(), ':');
  return colons >= 2 && std::all_of(address.begin(), address.end(),
                                    [](char c) { return is_hex(c) || c == ':' || c == '.'; });
}

// RFC 3986 "remove dot segments", also dropping empty segments as AWS expects
// (botocore's remove_dot_segments).
std::string remove_dot_segments(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> kept;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = path.front() == '/' ? "/" : "";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out += '/';
    out += kept[i];
  }
  if (path.back() == '/' && !kept.empty()) out += '/';
  return out;
}

// The host of an authority (user info and port removed) if the port, when
// present, is a number up to 65535.
std::optional<std::string_view> authority_host(std::string_view authority) {
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) port = rest.substr(1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!port.empty()) {
    unsigned number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (error != std::errc() || end != port.data() + port.size() || number > 65535) {
      return std::nullopt;
    }
  }
  return host;
}

[[noreturn]] void wrong_argument(std::string_view function, std::size_t index, const char* type,
                                 const Value& value) {
  throw RuleSetError("endpoint rule set: argument " + std::to_string(index + 1) + " of " +
                     std::string(function) + " must be " + type + ", not " + value.dump());
}

const std::string& text_argument(std::span<const Value> arguments, std::size_t index,
                                 std::string_view function) {
  if (!arguments[index].is_string()) wrong_argument(function, index, "a string", arguments[index]);
  return arguments[index].get_ref<const std::string&>();
}

bool bool_argument(std::span<const Value> arguments, std::size_t index, std::string_view function) {
  if (!arguments[index].is_boolean()) {
    wrong_argument(function, index, "a boolean", arguments[index]);
  }
  return arguments[index].get<bool>();
}

std::int64_t integer_argument(std::span<const Value> arguments, std::size_t index,
                              std::string_view function) {
  if (!arguments[index].is_number_integer()) {
    wrong_argument(function, index, "an integer", arguments[index]);
  }
  return arguments[index].get<std::int64_t>();
}

// Unset arguments: isSet answers for them; `not` of unset is true, comparisons
// with unset are false, the predicates are false and every other function is
// itself unset (so its condition fails), as in the AWS SDKs.

Value call_is_set(std::span<const Value> a) { return !a[0].is_null(); }

Value call_not(std::span<const Value> a) {
  return a[0].is_null() ? true : !bool_argument(a, 0, "not");
}

Value call_boolean_equals(std::span<const Value> a) {
  if (a[0].is_null() || a[1].is_null()) return false;
  return bool_argument(a, 0, "booleanEquals") == bool_argument(a, 1, "booleanEquals");
}

Value call_string_equals(std::span<const Value> a) {
  if (a[0].is_null() || a[1].is_null()) return false;
  return text_argument(a, 0, "stringEquals") == text_argument(a, 1, "stringEquals");
}

Value call_get_attr(std::span<const Value> a) {
  return a[0].is_null() ? Value() : get_attr(a[0], text_argument(a, 1, "getAttr"));
}

Value call_substring(std::span<const Value> a) {
  if (a[0].is_null()) return nullptr;
  auto result = substring(text_argument(a, 0, "substring"), integer_argument(a, 1, "substring"),
                          integer_argument(a, 2, "substring"), bool_argument(a, 3, "substring"));
  return result ? Value(std::move(*result)) : Value();
}

Value call_uri_encode(std::span<const Value> a) {
  return a[0].is_null() ? Value() : Value(uri_encode(text_argument(a, 0, "uriEncode")));
}

Value call_parse_url(std::span<const Value> a) {
  return a[0].is_null() ? Value() : parse_url(text_argument(a, 0, "parseURL"));
}

Value call_is_valid_host_label(std::span<const Value> a) {
  if (a[0].is_null()) return false;
  return is_valid_host_label(text_argument(a, 0, "isValidHostLabel"),
                             bool_argument(a, 1, "isValidHostLabel"));
}

Value call_partition(std::span<const Value> a) {
  return a[0].is_null() ? Value() : partition_record(text_argument(a, 0, "aws.partition"));
}

Value call_parse_arn(std::span<const Value> a) {
  return a[0].is_null() ? Value() : parse_arn(text_argument(a, 0, "aws.parseArn"));
}

Value call_is_virtual_hostable_s3_bucket(std::span<const Value> a) {
  if (a[0].is_null()) return false;
  return is_virtual_hostable_s3_bucket(text_argument(a, 0, "aws.isVirtualHostableS3Bucket"),
                                       bool_argument(a, 1, "aws.isVirtualHostableS3Bucket"));
}

constexpr std::array<LibraryFunction, 12> k_library = {{
    {"isSet", 1, call_is_set},
    {"not", 1, call_not},
    {"booleanEquals", 2, call_boolean_equals},
    {"stringEquals", 2, call_string_equals},
    {"getAttr", 2, call_get_attr},
    {"substring", 4, call_substring},
    {"uriEncode", 1, call_uri_encode},
    {"parseURL", 1, call_parse_url},
    {"isValidHostLabel", 2, call_is_valid_host_label},
    {"aws.partition", 1, call_partition},
    {"aws.parseArn", 1, call_parse_arn},
    {"aws.isVirtualHostableS3Bucket", 2, call_is_virtual_hostable_s3_bucket},
}};

}  // namespace

std::string uri_encode(std::string_view text) { return percent_encode(text, false); }

bool is_valid_host_label(std::string_view text, bool allow_subdomains) {
  const auto valid_label = [](std::string_view label) {
    return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
           std::all_of(label.begin(), label.end(),
                       [](char c) { return is_alpha(c) || is_digit(c) || c == '-'; });
  };
  if (!allow_subdomains) return valid_label(text);
  std::size_t start = 0;
  while (true) {
    const auto dot = text.find('.', start);
    if (!valid_label(text.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_virtual_hostable_s3_bucket(std::string_view text, bool allow_subdomains) {
  if (text.size() < 3 || is_ipv4_shaped(text)) return false;
  if (std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return false;
  }
  return is_valid_host_label(text, allow_subdomains);
}

std::optional<std::string> substring(std::string_view text, std::int64_t start, std::int64_t stop,
                                     bool reverse) {
  const auto size = static_cast<std::int64_t>(text.size());
  if (start < 0 || start >= stop || stop > size) return std::nullopt;
  if (std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; })) {
    return std::nullopt;
  }
  if (reverse) return std::string(text.substr(size - stop, stop - start));
  return std::string(text.substr(start, stop - start));
}

Value parse_url(std::string_view url) {
  // Control characters and spaces make no usable endpoint (Python's urlparse
  // would silently drop some of them).
  if (std::any_of(url.begin(), url.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7F; })) {
    return nullptr;
  }
  const auto separator = url.find("://");
  if (separator == std::string_view::npos) return nullptr;
  std::string scheme(url.substr(0, separator));
  for (auto& c : scheme) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (scheme != "http" && scheme != "https") return nullptr;
  auto rest = url.substr(separator + 3);
  rest = rest.substr(0, rest.find('#'));
  if (rest.find('?') != std::string_view::npos) return nullptr;  // queries are not supported
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  const auto path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  const auto host = authority_host(authority);
  if (authority.empty() || !host || host->empty()) return nullptr;

  std::string normalized = percent_encode(remove_dot_segments(path), true);
  if (normalized.back() != '/') normalized += '/';
  Value record = Value::object();
  record["scheme"] = scheme;
  record["authority"] = std::string(authority);
  record["path"] = std::string(path);
  record["normalizedPath"] = normalized;
  record["isIp"] = is_ipv4_shaped(*host) || is_ipv6_literal(*host);
  return record;
}

Value parse_arn(std::string_view arn) {
  if (!arn.starts_with("arn:")) return nullptr;
  std::array<std::string_view, 5> fields;  // partition, service, region, account, resource
  auto rest = arn.substr(4);
  for (std::size_t i = 0; i < 4; ++i) {
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return nullptr;
    fields[i] = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
  }
  fields[4] = rest;
  if (fields[0].empty() || fields[1].empty() || fields[4].empty()) return nullptr;
  Value resource_id = Value::array();
  std::size_t start = 0;
  while (true) {
    const auto end = fields[4].find_first_of(":/", start);
    resource_id.push_back(std::string(fields[4].substr(start, end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  Value record = Value::object();
  record["partition"] = std::string(fields[0]);
  record["service"] = std::string(fields[1]);
  record["region"] = std::string(fields[2]);
  record["accountId"] = std::string(fields[3]);
  record["resourceId"] = std::move(resource_id);
  return record;
}

Value partition_record(std::string_view region) {
  const Partition& partition = partition_for_region(region);
  Value record = Value::object();
  record["name"] = std::string(partition.id);
  record["dnsSuffix"] = std::string(partition.dns_suffix);
  record["dualStackDnsSuffix"] = std::string(partition.dual_stack_dns_suffix);
  record["supportsFIPS"] = partition.supports_fips;
  record["supportsDualStack"] = partition.supports_dual_stack;
  record["implicitGlobalRegion"] = std::string(partition.implicit_global_region);
  return record;
}

Value get_attr(const Value& value, std::string_view path) {
  const Value* current = &value;
  std::size_t start = 0;
  while (current != nullptr) {
    const auto dot = std::min(path.find('.', start), path.size());
    auto part = path.substr(start, dot - start);
    std::optional<std::size_t> index;
    if (const auto bracket = part.find('['); bracket != std::string_view::npos) {
      const auto digits = part.substr(bracket + 1, part.size() - bracket - 2);
      std::size_t number = 0;
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), number);
      if (part.back() != ']' || digits.empty() || error != std::errc() ||
          end != digits.data() + digits.size()) {
        throw RuleSetError("endpoint rule set: malformed getAttr path \"" + std::string(path) +
                           "\"");
      }
      index = number;
      part = part.substr(0, bracket);
    } else if (part.empty()) {
      throw RuleSetError("endpoint rule set: malformed getAttr path \"" + std::string(path) + "\"");
    }
    if (!part.empty()) {
      const auto found = current->is_object() ? current->find(part) : current->end();
      current = current->is_object() && found != current->end() ? &*found : nullptr;
    }
    if (current != nullptr && index) {
      current = current->is_array() && *index < current->size() ? &(*current)[*index] : nullptr;
    }
    if (dot == path.size()) break;
    start = dot + 1;
  }
  return current != nullptr ? *current : Value();
}

const LibraryFunction* find_library_function(std::string_view name) {
  for (const auto& function : k_library) {
    if (function.name == name) return &function;
  }
  return nullptr;
}

}  // namespace agentlift::cloud::endpoints
