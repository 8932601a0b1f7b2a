// Expansion of MCP header templates against the local environment (see
// mcp_auth_values.hpp).

#include "plan/mcp_auth_values.hpp"

#include <algorithm>

#include "base/errors.hpp"
#include "base/utf8.hpp"

namespace agentlift::plan {
namespace {

constexpr std::string_view k_redacted = "<redacted>";

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_word);
}

std::string where(const McpAuthHeader& header) {
  return "header '" + header.header + "' of MCP server '" + header.server + "' (env var " +
         header.env_var + ")";
}

struct Expansion {
  std::string value;
  std::vector<std::string> parts;  // the variable values substituted
  std::vector<std::string> problems;
};

// posixpath.expandvars' grammar: `$` + word characters, or `${` ... `}`.
Expansion expand(const McpAuthHeader& header, const Environment& environment) {
  const std::string& text = header.value_template;
  Expansion out;
  std::size_t i = 0;
  const auto substitute = [&](const std::string& name) {
    const auto found = environment.find(name);
    if (found == environment.end()) {
      out.problems.push_back(name + " is not set (" + where(header) + ")");
      return;
    }
    out.value += found->second;
    out.parts.push_back(found->second);
  };
  while (i < text.size()) {
    const bool dollar = text[i] == '$' && i + 1 < text.size();
    if (dollar && is_word(text[i + 1])) {
      std::size_t end = i + 1;
      while (end < text.size() && is_word(text[end])) ++end;
      substitute(text.substr(i + 1, end - i - 1));
      i = end;
    } else if (dollar && text[i + 1] == '{' && text.find('}', i + 2) != std::string::npos) {
      const std::size_t close = text.find('}', i + 2);
      const std::string name = text.substr(i + 2, close - i - 2);
      if (is_name(name)) {
        substitute(name);
      } else {
        out.problems.push_back("a ${...} reference in the " + where(header) +
                               " is not a plain variable name (write ${NAME})");
      }
      i = close + 1;
    } else {
      out.value += text[i++];
    }
  }
  return out;
}

}  // namespace

const Secret* McpAuthValues::find(const std::string& env_var) const {
  const auto found = m_values.find(env_var);
  return found == m_values.end() ? nullptr : &found->second;
}

std::vector<std::string> McpAuthValues::env_var_names() const {
  std::vector<std::string> names;
  for (const auto& [name, value] : m_values) names.push_back(name);
  return names;
}

std::vector<std::string> McpAuthValues::texts_to_redact() const {
  std::vector<std::string> texts;
  for (const Secret& secret : m_redact) texts.push_back(secret.reveal());
  return texts;
}

void McpAuthValues::add(const std::string& env_var, Secret value,
                        const std::vector<std::string>& parts) {
  const auto remember = [this](const std::string& text) {
    if (text.empty()) return;
    Secret secret(text);
    if (std::find(m_redact.begin(), m_redact.end(), secret) == m_redact.end()) {
      m_redact.push_back(std::move(secret));
    }
  };
  remember(value.reveal());
  for (const std::string& part : parts) remember(part);
  m_values.insert_or_assign(env_var, std::move(value));
}

McpAuthValues resolve_mcp_auth_values(const std::vector<McpAuthHeader>& headers,
                                      const Environment& environment) {
  McpAuthValues values;
  std::vector<std::string> problems;
  std::map<std::string, const McpAuthHeader*> owner;  // env var -> first header
  for (const McpAuthHeader& header : headers) {
    Expansion expansion = expand(header, environment);
    if (!expansion.problems.empty()) {
      problems.insert(problems.end(), expansion.problems.begin(), expansion.problems.end());
      continue;
    }
    if (expansion.value.empty()) {
      problems.push_back("the " + where(header) +
                         " resolves to an empty value (AWS needs at least one character)");
      continue;
    }
    if (utf8::length(expansion.value) > k_mcp_header_value_max) {
      problems.push_back("the " + where(header) + " resolves to more than " +
                         std::to_string(k_mcp_header_value_max) +
                         " characters, the most AWS accepts");
      continue;
    }
    const Secret* earlier = values.find(header.env_var);
    if (earlier != nullptr && earlier->reveal() != expansion.value) {
      const McpAuthHeader& first = *owner.at(header.env_var);
      problems.push_back("header '" + first.header + "' of MCP server '" + first.server +
                         "' and header '" + header.header + "' of MCP server '" + header.server +
                         "' share env var " + header.env_var + " but resolve to different values");
      continue;
    }
    owner.emplace(header.env_var, &header);
    values.add(header.env_var, Secret(std::move(expansion.value)), expansion.parts);
  }
  if (!problems.empty()) {
    std::string message = "cannot resolve the MCP header value(s): ";
    for (std::size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
    throw Error(message,
                "set the variable(s) in the environment or in a .env file (in the current folder "
                "or the project folder); nothing was sent");
  }
  return values;
}

std::string redact_secrets(std::string text, const McpAuthValues& values) {
  std::vector<std::string> secrets = values.texts_to_redact();
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& secret : secrets) {
    if (secret.size() < 4) continue;  // as the wire log: shorter ones would shred the text
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + k_redacted.size())) {
      text.replace(at, secret.size(), k_redacted);
    }
  }
  return text;
}

}  // namespace agentlift::plan
