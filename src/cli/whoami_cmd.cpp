// `agentlift whoami`: which AWS identity, region and endpoints a deploy would
// use, checked with one STS GetCallerIdentity call. The quickest way to debug
// credentials, profiles and endpoint overrides before deploying.

#include <ostream>

#include "base/json.hpp"
#include "cli/aws_access.hpp"
#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cloud/sts_client.hpp"

namespace agentlift::cli {
namespace {

struct WhoamiCommand {
  AwsOptions aws;
  bool json = false;
};

int run_whoami(const WhoamiCommand& options, Io& io) {
  AwsAccess access(options.aws, io.err);
  cloud::AwsSession& session = access.session();
  const cloud::credentials::ResolvedCredentials credentials = session.credentials();
  const cloud::CallerIdentity identity =
      cloud::StsClient(session.client(cloud::AwsService::sts)).get_caller_identity();

  Json endpoints = Json::object();
  for (const auto& info : cloud::all_services()) {
    const auto resolved = session.endpoint(info.service);
    endpoints[info.service_id] = Json{{"url", resolved.endpoint.url}, {"origin", resolved.origin}};
  }
  if (options.json) {
    const Json out{{"account", identity.account},
                   {"arn", identity.arn},
                   {"user_id", identity.user_id},
                   {"profile", session.profile()},
                   {"region", session.region()},
                   {"region_source", session.region_source()},
                   {"credentials_source", credentials.source},
                   {"endpoints", endpoints}};
    io.out << json::pretty(out) << "\n";
    return k_exit_ok;
  }
  io.out << "Account:      " << identity.account << "\n"
         << "Identity:     " << identity.arn << "\n"
         << "Credentials:  " << credentials.source << "\n"
         << "Region:       " << session.region() << "  (from " << session.region_source() << ")\n"
         << "Endpoints:\n";
  for (const auto& [service, endpoint] : endpoints.items()) {
    io.out << "  " << service << ": " << endpoint["url"].get<std::string>() << "  ("
           << endpoint["origin"].get<std::string>() << ")\n";
  }
  return k_exit_ok;
}

}  // namespace

void register_whoami(CLI::App& app, CommandSlot& slot) {
  auto options = std::make_shared<WhoamiCommand>();
  CLI::App* command = app.add_subcommand(
      "whoami", "Check AWS credentials: show the account, identity, region and endpoints in use");
  add_aws_options(*command, options->aws);
  command->add_flag("--json", options->json, "Print the result as JSON");
  command->callback(
      [options, &slot] { slot = [options](Io& io) { return run_whoami(*options, io); }; });
}

}  // namespace agentlift::cli
