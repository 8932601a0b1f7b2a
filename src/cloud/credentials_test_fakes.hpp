#pragma once
// Test doubles for the credentials seams: files, processes, HTTP and STS are
// maps and recorders, the clock is a variable. Only the *_test.cpp files use it.

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "cloud/credentials_provider.hpp"

namespace agentlift::cloud::credentials::testing {

inline constexpr const char* k_sentinel_secret = "SENTINEL-SECRET-do-not-print";
inline constexpr const char* k_sentinel_token = "SENTINEL-TOKEN-do-not-print";

struct Fakes {
  Environment environment{{"HOME", "/home/u"}};
  std::map<std::string, std::string> files;
  std::vector<std::string> commands;
  ProcessResult process_result;
  std::map<std::string, HttpResponse> http;  // "METHOD url" -> response; missing: no connection
  std::vector<HttpRequest> requests;
  std::vector<AssumeRoleRequest> assume_role_calls;
  std::vector<WebIdentityRequest> web_identity_calls;
  std::chrono::sys_seconds now{std::chrono::sys_days{std::chrono::year{2025} / 1 / 1}};
  std::chrono::sys_seconds sts_expiry{now + std::chrono::hours{1}};

  Seams seams() {
    Seams s;
    s.environment = environment;
    s.read_file = [this](const std::string& path) -> std::optional<std::string> {
      auto found = files.find(path);
      if (found == files.end()) return std::nullopt;
      return found->second;
    };
    s.run_process = [this](const std::string& command) {
      commands.push_back(command);
      return process_result;
    };
    s.send_http = [this](const HttpRequest& request, std::chrono::milliseconds) {
      requests.push_back(request);
      auto found = http.find(request.method + " " + request.url);
      if (found == http.end()) throw Error("connection refused: " + request.url);
      return found->second;
    };
    s.sts_assume_role = [this](const AssumeRoleRequest& request) {
      assume_role_calls.push_back(request);
      return ResolvedCredentials{{"ASIAROLE", k_sentinel_secret, k_sentinel_token}, sts_expiry, ""};
    };
    s.sts_assume_role_with_web_identity = [this](const WebIdentityRequest& request) {
      web_identity_calls.push_back(request);
      return ResolvedCredentials{{"ASIAWEB", k_sentinel_secret, k_sentinel_token}, sts_expiry, ""};
    };
    s.clock = [this] { return now; };
    return s;
  }
};

inline std::string credentials_json(const std::string& token_field,
                                    const std::string& expiration = "2025-01-01T06:00:00Z") {
  return std::string("{\"AccessKeyId\":\"ASIAJSON\",\"SecretAccessKey\":\"") + k_sentinel_secret +
         "\",\"" + token_field + "\":\"" + k_sentinel_token + "\",\"Expiration\":\"" + expiration +
         "\"}";
}

// Runs `call`, expects it to throw agentlift::Error, checks that neither the
// message nor the hint leaks a sentinel secret, and returns the message.
template <typename F>
std::string error_of(F&& call) {
  try {
    call();
  } catch (const Error& error) {
    const std::string text = std::string(error.what()) + " | " + error.hint();
    EXPECT_EQ(text.find(k_sentinel_secret), std::string::npos) << text;
    EXPECT_EQ(text.find(k_sentinel_token), std::string::npos) << text;
    return error.what();
  }
  return "no error";
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace agentlift::cloud::credentials::testing
