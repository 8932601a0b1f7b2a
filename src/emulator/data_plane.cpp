// InvokeHarness, InvokeAgentRuntime and StopRuntimeSession (data_plane.hpp).
#include "emulator/data_plane.hpp"

#include <mutex>

#include "emulator/api_error.hpp"
#include "emulator/handler_support.hpp"

namespace agentlift::emulator {
namespace {

constexpr std::size_t k_max_echo_bytes = 4096;

std::string echo(std::string_view text) {
  if (text.size() <= k_max_echo_bytes) return std::string(text);
  return std::string(text.substr(0, k_max_echo_bytes)) + "... (" + std::to_string(text.size()) +
         " bytes)";
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  if (items.empty()) return "none";
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// "bedrockModelConfig us.anthropic..." -> the model id and its provider.
std::string describe_model(const Json& model) {
  for (const auto& [provider, config] : model.items()) {
    return config.value("modelId", std::string("?")) + " (" + provider + ")";
  }
  return "none";
}

std::string describe_tools(const Json& tools) {
  std::vector<std::string> items;
  for (const Json& tool : tools) {
    const std::string type = tool.value("type", std::string("?"));
    items.push_back(tool.value("name", type) + " (" + type + ")");
  }
  return join(items);
}

std::string describe_skills(const Json& skills) {
  std::vector<std::string> items;
  for (const Json& skill : skills) {
    for (const auto& [kind, source] : skill.items()) {
      if (kind == "path" && source.is_string()) {
        items.push_back("path:" + source.get<std::string>());
      } else if (kind == "s3") {
        items.push_back("s3:" + source.value("uri", std::string()));
      } else if (kind == "git") {
        const std::string path = source.value("path", std::string());
        items.push_back("git:" + source.value("url", std::string()) +
                        (path.empty() ? "" : "#" + path));
      } else if (kind == "awsSkills") {
        std::vector<std::string> paths;
        for (const Json& glob : source.value("paths", Json::array())) {
          if (glob.is_string()) paths.push_back(glob.get<std::string>());
        }
        items.push_back("awsSkills:" + join(paths, "|"));
      } else {
        items.push_back(kind);
      }
    }
  }
  return join(items);
}

// The text of the caller's last user message (tool results summarised).
std::string last_user_text(const Json& messages) {
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->value("role", std::string()) != "user") continue;
    std::string text;
    for (const Json& block : it->value("content", Json::array())) {
      if (block.contains("text") && block["text"].is_string()) {
        text += block["text"].get<std::string>();
      } else if (block.contains("toolResult")) {
        text += "[tool result " + block["toolResult"].value("toolUseId", std::string()) + "]";
      }
    }
    return text;
  }
  return "";
}

std::size_t token_estimate(std::size_t characters) { return (characters + 3) / 4; }

Resource& require_harness_by_arn(ResourceStore& store, const std::string& arn) {
  const auto slash = arn.rfind("harness/");
  if (slash != std::string::npos) {
    Resource* harness = store.find(ResourceKind::harness, arn.substr(slash + 8));
    if (harness && harness->arn == arn) return *harness;
  }
  throw ApiError::not_found("Harness not found: " + arn);
}

Resource& require_runtime(ResourceStore& store, const Json& input) {
  const std::string target = string_member(input, "agentRuntimeArn");
  if (target.starts_with("arn:")) {
    const auto slash = target.rfind("runtime/");
    if (slash != std::string::npos) {
      Resource* runtime = store.find(ResourceKind::runtime, target.substr(slash + 8));
      if (runtime && runtime->arn == target) return *runtime;
    }
  } else {
    const std::string account = string_member(input, "accountId");
    Resource* runtime = store.find(ResourceKind::runtime, target);
    if (runtime && (account.empty() || account == store.options().account_id)) return *runtime;
  }
  throw ApiError::not_found("AgentRuntime not found: " + target);
}

// The version the qualifier's endpoint serves now.
const ResourceVersion& live_version(ResourceStore& store, Resource& resource,
                                    const std::string& qualifier, const char* kind) {
  ResourceEndpoint* endpoint = store.find_endpoint(resource, qualifier);
  if (!endpoint) throw ApiError::not_found("The endpoint does not exist for " + resource.id);
  const std::string live = store.live_version(resource, *endpoint);
  const ResourceVersion* version = live.empty() ? nullptr : resource.version(live);
  if (!version || resource.deleted_at > 0) {
    throw ApiError::validation("ResourceConflict",
                               std::string(kind) + " " + resource.id + " is " +
                                   store.status(resource) +
                                   " and has no READY version to invoke yet; poll Get until it "
                                   "is READY");
  }
  return *version;
}

bool has_jwt_authorizer(const Json& config) {
  return config.contains("authorizerConfiguration") &&
         config["authorizerConfiguration"].contains("customJWTAuthorizer");
}

}  // namespace

std::string harness_reply_text(const Resource& harness, const ResourceVersion& version,
                               const std::string& qualifier, const Json& input) {
  // Per-call overrides replace the harness's own settings, as on AWS.
  auto setting = [&](const char* member) {
    return input.contains(member) ? input[member] : version.config.value(member, Json::array());
  };
  const Json model =
      input.contains("model") ? input["model"] : version.config.value("model", Json::object());
  const std::size_t prompt_blocks = setting("systemPrompt").size();
  return "[agentcore-local] harness " + harness.name + " version " + version.number +
         " (endpoint " + qualifier + ") model " + describe_model(model) +
         ".\nTools: " + describe_tools(setting("tools")) +
         ".\nSkills: " + describe_skills(setting("skills")) +
         ".\nSystem prompt: " + std::to_string(prompt_blocks) +
         (prompt_blocks == 1 ? " block" : " blocks") +
         ".\nYou said: " + echo(last_user_text(input.value("messages", Json::array())));
}

DataPlane::DataPlane(ResourceStore& store) : m_store(store) {}

std::vector<HarnessEvent> DataPlane::invoke_harness(const Json& input) {
  std::string text;
  {
    std::lock_guard lock(m_store.mutex());
    Resource& harness = require_harness_by_arn(m_store, string_member(input, "harnessArn"));
    std::string qualifier = string_member(input, "qualifier");
    if (qualifier.empty()) qualifier = k_default_endpoint;
    const ResourceVersion& version = live_version(m_store, harness, qualifier, "Harness");
    text = harness_reply_text(harness, version, qualifier, input);
  }
  std::vector<HarnessEvent> events;
  events.push_back({"messageStart", {{"role", "assistant"}}});
  // One delta per line, so clients see the text arrive in pieces.
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::size_t stop = end == std::string::npos ? text.size() : end + 1;
    events.push_back(
        {"contentBlockDelta",
         {{"contentBlockIndex", 0}, {"delta", {{"text", text.substr(start, stop - start)}}}}});
    start = stop;
  }
  events.push_back({"contentBlockStop", {{"contentBlockIndex", 0}}});
  events.push_back({"messageStop", {{"stopReason", "end_turn"}}});
  const std::size_t input_tokens =
      token_estimate(input.value("messages", Json::array())
                         .dump(-1, ' ', false, Json::error_handler_t::replace)
                         .size());
  const std::size_t output_tokens = token_estimate(text.size());
  events.push_back({"metadata",
                    {{"usage",
                      {{"inputTokens", input_tokens},
                       {"outputTokens", output_tokens},
                       {"totalTokens", input_tokens + output_tokens}}},
                     {"metrics", {{"latencyMs", 1}}}}});
  return events;
}

RuntimeReply DataPlane::invoke_runtime(const Json& input, std::string_view payload,
                                       const std::string& session_id) {
  std::string text;
  {
    std::lock_guard lock(m_store.mutex());
    Resource& runtime = require_runtime(m_store, input);
    std::string qualifier = string_member(input, "qualifier");
    if (qualifier.empty()) qualifier = k_default_endpoint;
    const ResourceVersion& version = live_version(m_store, runtime, qualifier, "AgentRuntime");
    const Json& config = version.config;
    std::string artifact = "unknown";
    if (const Json* container =
            config.contains("agentRuntimeArtifact") &&
                    config["agentRuntimeArtifact"].contains("containerConfiguration")
                ? &config["agentRuntimeArtifact"]["containerConfiguration"]
                : nullptr) {
      artifact = "container " + container->value("containerUri", std::string());
    } else if (config.contains("agentRuntimeArtifact") &&
               config["agentRuntimeArtifact"].contains("codeConfiguration")) {
      const Json& code = config["agentRuntimeArtifact"]["codeConfiguration"];
      std::vector<std::string> entry;
      for (const Json& part : code.value("entryPoint", Json::array())) {
        if (part.is_string()) entry.push_back(part.get<std::string>());
      }
      artifact = "code " + code.value("runtime", std::string()) + " " + join(entry, " ");
    }
    text = "[agentcore-local] runtime " + runtime.name + " version " + version.number +
           " (endpoint " + qualifier + ", " +
           config.value("protocolConfiguration", Json::object()).value("serverProtocol", "HTTP") +
           ", " + artifact + ") received: ";
  }
  // {"prompt": "..."} is the usual agent payload; anything else is echoed raw.
  const Json parsed = Json::parse(payload, nullptr, false);
  if (parsed.is_object() && parsed.contains("prompt") && parsed["prompt"].is_string()) {
    text += echo(parsed["prompt"].get<std::string>());
  } else {
    text += echo(payload);
  }

  const std::string accept = string_member(input, "accept");
  const auto sse_at = accept.find("text/event-stream");
  const auto json_at = accept.find("application/json");
  RuntimeReply reply;
  reply.event_stream =
      sse_at != std::string::npos && (json_at == std::string::npos || sse_at < json_at);
  reply.output = {{"runtimeSessionId", session_id},
                  {"contentType", reply.event_stream ? "text/event-stream" : "application/json"},
                  {"statusCode", 200}};
  const auto dump = [](const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  if (!reply.event_stream) {
    reply.chunks.push_back(dump(Json{{"result", text}}));
    return reply;
  }
  // Several SSE events, each a JSON string with a few words of the text.
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t stop = text.find(' ', std::min(text.size(), start + 24));
    stop = stop == std::string::npos ? text.size() : stop + 1;
    reply.chunks.push_back("data: " + dump(Json(text.substr(start, stop - start))) + "\n\n");
    start = stop;
  }
  return reply;
}

Json DataPlane::stop_runtime_session(const Json& input) {
  std::lock_guard lock(m_store.mutex());
  require_runtime(m_store, input);
  return {{"runtimeSessionId", string_member(input, "runtimeSessionId")}, {"statusCode", 200}};
}

InboundAuth DataPlane::inbound_auth(std::string_view operation, const Json& input) {
  std::lock_guard lock(m_store.mutex());
  try {
    if (operation == "InvokeHarness") {
      const Resource& harness = require_harness_by_arn(m_store, string_member(input, "harnessArn"));
      return has_jwt_authorizer(harness.latest().config) ? InboundAuth::jwt : InboundAuth::sigv4;
    }
    if (operation == "InvokeAgentRuntime" || operation == "StopRuntimeSession") {
      const Resource& runtime = require_runtime(m_store, input);
      return has_jwt_authorizer(runtime.latest().config) ? InboundAuth::jwt : InboundAuth::sigv4;
    }
  } catch (const ApiError&) {
    return InboundAuth::unknown_target;
  }
  return InboundAuth::sigv4;
}

}  // namespace agentlift::emulator
