#include "cloud/wire_log.hpp"

#include <algorithm>
#include <utility>

#include "cloud/uri_encoding.hpp"

namespace agentlift::cloud {
namespace {

constexpr std::size_t k_min_substring_secret = 4;

// Lower-case names of body fields that carry credentials, in JSON ("name": "..."),
// XML (<Name>...</Name>, STS) and form bodies (Name=...).
constexpr std::string_view k_secret_fields[] = {
    "secretaccesskey",  "sessiontoken", "authorizationtoken", "password",    "token",
    "webidentitytoken", "accesstoken",  "refreshtoken",       "clientsecret"};

// JSON objects whose string members are all secret: the MCP headers of a
// harness tool (remoteMcp.headers) and a harness's or runtime's environment
// variables, which AgentCore's Get* replies return in clear.
constexpr std::string_view k_secret_maps[] = {"headers", "environmentvariables"};

constexpr std::string_view k_secret_headers[] = {"authorization", "proxy-authorization",
                                                 "x-amz-security-token", "cookie", "set-cookie"};

constexpr std::string_view k_secret_query[] = {"x-amz-credential", "x-amz-signature",
                                               "x-amz-security-token"};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <std::size_t N>
bool is_one_of(std::string_view name, const std::string_view (&names)[N]) {
  const std::string lowered = lower(name);
  return std::find(std::begin(names), std::end(names), lowered) != std::end(names);
}

void replace_all(std::string& text, std::string_view needle) {
  if (needle.empty()) return;
  std::size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), k_redacted);
    pos += k_redacted.size();
  }
}

std::string redact_secrets(std::string_view text, const std::vector<std::string>& secrets) {
  std::string out(text);
  for (const auto& secret : secrets) {
    if (secret.size() < k_min_substring_secret) continue;
    replace_all(out, secret);
    const std::string encoded = percent_encode(secret);
    if (encoded != secret) replace_all(out, encoded);
  }
  return out;
}

using Range = std::pair<std::size_t, std::size_t>;  // [begin, end)

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The end of a JSON string whose contents start at `pos` (or the end of a
// truncated preview).
std::size_t json_string_end(std::string_view text, std::size_t pos) {
  while (pos < text.size() && text[pos] != '"') pos += text[pos] == '\\' ? 2 : 1;
  return std::min(pos, text.size());
}

void find_field_values(std::string_view text, std::string_view field, std::vector<Range>& out) {
  const std::string lowered = lower(text);
  const std::string json_key = "\"" + std::string(field) + "\"";
  for (std::size_t pos = lowered.find(json_key); pos != std::string::npos;
       pos = lowered.find(json_key, pos + 1)) {
    std::size_t at = pos + json_key.size();
    while (at < text.size() && is_space(text[at])) ++at;
    if (at >= text.size() || text[at] != ':') continue;
    ++at;
    while (at < text.size() && is_space(text[at])) ++at;
    if (at >= text.size() || text[at] != '"') continue;
    out.emplace_back(at + 1, json_string_end(text, at + 1));
  }
  const std::string xml_tag = "<" + std::string(field) + ">";
  for (std::size_t pos = lowered.find(xml_tag); pos != std::string::npos;
       pos = lowered.find(xml_tag, pos + 1)) {
    const std::size_t begin = pos + xml_tag.size();
    out.emplace_back(begin, std::min(text.find('<', begin), text.size()));
  }
  const std::string form_key = std::string(field) + "=";
  for (std::size_t pos = lowered.find(form_key); pos != std::string::npos;
       pos = lowered.find(form_key, pos + 1)) {
    if (pos != 0 && text[pos - 1] != '&') continue;
    const std::size_t begin = pos + form_key.size();
    out.emplace_back(begin, std::min(text.find('&', begin), text.size()));
  }
}

// The end of the JSON value starting at `pos` (a string, or an object or array
// with nested strings), tolerant of a truncated preview.
std::size_t json_value_end(std::string_view text, std::size_t pos) {
  if (pos < text.size() && text[pos] == '"')
    return std::min(json_string_end(text, pos + 1) + 1, text.size());
  int depth = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '"') {
      pos = json_string_end(text, pos + 1) + 1;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') {
      if (depth == 0) return pos;
      --depth;
    }
    if (c == ',' && depth == 0) return pos;
    ++pos;
  }
  return text.size();
}

// The string values of every JSON object under the key `field` ("headers":
// {"Authorization": "<value>"}).
void find_map_values(std::string_view text, std::string_view field, std::vector<Range>& out) {
  const std::string lowered = lower(text);
  const std::string json_key = "\"" + std::string(field) + "\"";
  auto skip_space = [&](std::size_t at) {
    while (at < text.size() && is_space(text[at])) ++at;
    return at;
  };
  for (std::size_t pos = lowered.find(json_key); pos != std::string::npos;
       pos = lowered.find(json_key, pos + 1)) {
    std::size_t at = skip_space(pos + json_key.size());
    if (at >= text.size() || text[at] != ':') continue;
    at = skip_space(at + 1);
    if (at >= text.size() || text[at] != '{') continue;
    at = skip_space(at + 1);
    while (at < text.size() && text[at] == '"') {
      at = skip_space(std::min(json_string_end(text, at + 1) + 1, text.size()));  // the name
      if (at >= text.size() || text[at] != ':') break;
      at = skip_space(at + 1);
      if (at < text.size() && text[at] == '"')
        out.emplace_back(at + 1, json_string_end(text, at + 1));
      at = skip_space(json_value_end(text, at));
      if (at >= text.size() || text[at] != ',') break;
      at = skip_space(at + 1);
    }
  }
}

std::string replace_ranges(std::string_view text, std::vector<Range> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::string out;
  std::size_t copied = 0;
  for (const auto& [begin, end] : ranges) {
    if (begin < copied) continue;  // overlaps one already replaced
    out.append(text.substr(copied, begin - copied));
    out.append(k_redacted);
    copied = end;
  }
  out.append(text.substr(std::min(copied, text.size())));
  return out;
}

bool looks_binary(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
  });
}

// Cuts at most `limit` bytes without splitting a UTF-8 sequence.
std::string_view cut(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80) --limit;
  return text.substr(0, limit);
}

}  // namespace

WireLog::WireLog(std::ostream& out, std::size_t body_preview_bytes)
    : m_out(out), m_preview_bytes(body_preview_bytes) {}

void WireLog::add_secret(std::string secret) {
  if (secret.empty()) return;
  std::lock_guard lock(m_mutex);
  if (std::find(m_secrets.begin(), m_secrets.end(), secret) != m_secrets.end()) return;
  m_secrets.push_back(std::move(secret));
  // Longest first, so a secret containing another is replaced whole.
  std::stable_sort(m_secrets.begin(), m_secrets.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::vector<std::string> WireLog::secrets() const {
  std::lock_guard lock(m_mutex);
  return m_secrets;
}

std::size_t WireLog::body_window() const {
  std::size_t longest = 0;
  for (const auto& secret : secrets()) longest = std::max(longest, percent_encode(secret).size());
  return m_preview_bytes + longest;
}

std::string WireLog::redact_text(std::string_view text) const {
  return redact_secrets(text, secrets());
}

std::string WireLog::redact_url(std::string_view url) const {
  const std::size_t question = url.find('?');
  std::string out(url.substr(0, question));
  if (question != std::string_view::npos) {
    out += '?';
    std::string_view query = url.substr(question + 1);
    bool first = true;
    while (true) {
      const std::size_t amp = query.find('&');
      const std::string_view param = query.substr(0, amp);
      const std::size_t equals = param.find('=');
      if (!first) out += '&';
      first = false;
      if (equals != std::string_view::npos &&
          is_one_of(percent_decode(param.substr(0, equals)), k_secret_query)) {
        out.append(param.substr(0, equals + 1)).append(k_redacted);
      } else {
        out.append(param);
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  return redact_text(out);
}

std::string WireLog::redact_header(std::string_view name, std::string_view value) const {
  if (is_one_of(name, k_secret_headers)) return std::string(k_redacted);
  const auto known = secrets();
  if (std::find(known.begin(), known.end(), value) != known.end()) return std::string(k_redacted);
  return redact_secrets(value, known);
}

std::string WireLog::redact_body(std::string_view body) const {
  std::vector<Range> ranges;
  for (const auto field : k_secret_fields) find_field_values(body, field, ranges);
  for (const auto field : k_secret_maps) find_map_values(body, field, ranges);
  return redact_text(replace_ranges(body, std::move(ranges)));
}

void WireLog::write(const std::string& block) {
  std::lock_guard lock(m_mutex);
  m_out << block << std::flush;
}

namespace {

std::string header_lines(const WireLog& log, char prefix, const Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    out += prefix;
    out += ' ';
    out += name + ": " + log.redact_header(name, value) + "\n";
  }
  return out;
}

}  // namespace

void WireLog::log_request(const HttpRequest& request) {
  std::string block = "> " + request.method + " " + redact_url(request.url) + "\n";
  block += header_lines(*this, '>', request.headers);
  if (!request.body.empty()) {
    const std::string_view window = std::string_view(request.body).substr(0, body_window());
    if (looks_binary(window)) {
      block += "> body: " + std::to_string(request.body.size()) + " bytes (binary)\n";
    } else {
      const std::string redacted = redact_body(window);
      const std::string_view shown = cut(redacted, m_preview_bytes);
      const bool cut_short = window.size() < request.body.size() || shown.size() < redacted.size();
      block += "> body (" + std::to_string(request.body.size()) + " bytes): " + std::string(shown) +
               (cut_short ? "...\n" : "\n");
    }
  }
  write(block);
}

void WireLog::log_response_head(int status, const Headers& headers) {
  write("< " + std::to_string(status) + "\n" + header_lines(*this, '<', headers));
}

void WireLog::log_response_body(std::string_view preview, std::size_t total_bytes) {
  if (total_bytes == 0) return;
  const std::string_view window = preview.substr(0, body_window());
  if (looks_binary(window)) {
    write("< body: " + std::to_string(total_bytes) + " bytes (binary)\n");
    return;
  }
  const std::string redacted = redact_body(window);
  const std::string_view shown = cut(redacted, m_preview_bytes);
  const bool cut_short = window.size() < total_bytes || shown.size() < redacted.size();
  write("< body (" + std::to_string(total_bytes) + " bytes): " + std::string(shown) +
        (cut_short ? "...\n" : "\n"));
}

void WireLog::log_response(const HttpResponse& response) {
  log_response_head(response.status, response.headers);
  log_response_body(response.body, response.body.size());
}

void WireLog::log_failure(const HttpRequest& request, const std::exception& error) {
  std::string kind = "error";
  if (const auto* transport = dynamic_cast<const TransportError*>(&error)) {
    kind = std::string(transport_error_kind_name(transport->kind())) + " error";
  }
  write("! " + request.method + " " + redact_url(request.url) + ": " + kind + ": " +
        redact_text(error.what()) + "\n");
}

HttpResponse LoggingTransport::send(const HttpRequest& request) {
  m_log.log_request(request);
  try {
    HttpResponse response = m_inner.send(request);
    m_log.log_response(response);
    return response;
  } catch (const std::exception& error) {
    m_log.log_failure(request, error);
    throw;
  }
}

void LoggingTransport::send_streaming(const HttpRequest& request, const HeadersCallback& on_headers,
                                      const BodyCallback& on_body) {
  m_log.log_request(request);
  const std::size_t window = m_log.body_window();
  std::string preview;
  std::size_t total = 0;
  try {
    m_inner.send_streaming(
        request,
        [&](int status, const Headers& headers) {
          m_log.log_response_head(status, headers);
          on_headers(status, headers);
        },
        [&](std::string_view chunk) {
          total += chunk.size();
          if (preview.size() < window) preview.append(chunk.substr(0, window - preview.size()));
          on_body(chunk);
        });
  } catch (const std::exception& error) {
    m_log.log_response_body(preview, total);
    m_log.log_failure(request, error);
    throw;
  }
  m_log.log_response_body(preview, total);
}

}  // namespace agentlift::cloud
