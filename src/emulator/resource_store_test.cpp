#include "emulator/resource_store.hpp"

#include <gtest/gtest.h>

#include "base/errors.hpp"
#include "emulator/api_error.hpp"
#include "support/temp_folder.hpp"

namespace agentlift::emulator {
namespace {

struct FakeClock {
  double seconds = 1'800'000'000.0;
  ResourceStore::Clock clock() {
    return [this] { return seconds; };
  }
};

StoreOptions options(std::optional<std::filesystem::path> state = std::nullopt) {
  StoreOptions out;
  out.ready_delay = std::chrono::milliseconds(2000);
  out.state_file = std::move(state);
  out.id_seed = 7;
  return out;
}

Resource harness(ResourceStore& store, const std::string& name, double created_at) {
  Resource resource;
  resource.kind = ResourceKind::harness;
  resource.name = name;
  resource.id = store.ids().suffixed(name);
  resource.arn = store.arn("harness/" + resource.id);
  resource.created_at = created_at;
  resource.versions.push_back({"1", Json{{"model", "m"}}, created_at, ""});
  return resource;
}

TEST(ResourceStore, IdsAndArnsHaveAwsShapes) {
  ResourceStore store(options());
  const std::string id = store.ids().suffixed("my_agent");
  ASSERT_EQ(id.size(), std::string("my_agent-").size() + 10);
  for (char c : id.substr(9)) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << id;
  EXPECT_EQ(store.arn("harness/" + id),
            "arn:aws:bedrock-agentcore:us-west-2:123456789012:harness/" + id);
  const std::string uuid = store.ids().uuid();
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');
}

TEST(ResourceStore, StatusFollowsTheClockCreatingThenReady) {
  FakeClock time;
  ResourceStore store(options(), time.clock());
  Resource& added = store.add(harness(store, "h", time.seconds));
  EXPECT_EQ(store.status(added), "CREATING");
  EXPECT_TRUE(store.busy(added));
  time.seconds += 1.999;
  EXPECT_EQ(store.status(added), "CREATING");
  time.seconds += 0.001;
  EXPECT_EQ(store.status(added), "READY");
  EXPECT_FALSE(store.busy(added));

  added.versions.push_back({"2", Json::object(), time.seconds, "boom"});
  EXPECT_EQ(store.status(added), "UPDATING");
  time.seconds += 2;
  EXPECT_EQ(store.status(added), "UPDATE_FAILED");
  EXPECT_EQ(store.version_status(added.versions[0]), "READY");
}

TEST(ResourceStore, DefaultEndpointServesTheLatestReadyVersion) {
  FakeClock time;
  ResourceStore store(options(), time.clock());
  Resource& added = store.add(harness(store, "h", time.seconds));
  ResourceEndpoint default_endpoint;
  default_endpoint.name = "DEFAULT";
  default_endpoint.created_at = default_endpoint.updated_at = time.seconds;
  added.endpoints.push_back(default_endpoint);
  const ResourceEndpoint& endpoint = added.endpoints[0];
  EXPECT_EQ(store.live_version(added, endpoint), "");
  EXPECT_EQ(store.target_version(added, endpoint), "1");
  time.seconds += 5;
  EXPECT_EQ(store.live_version(added, endpoint), "1");
  added.versions.push_back({"2", Json::object(), time.seconds, ""});
  EXPECT_EQ(store.live_version(added, endpoint), "1");  // 2 is still UPDATING
  EXPECT_EQ(store.target_version(added, endpoint), "2");
  EXPECT_EQ(store.endpoint_status(added, endpoint), "UPDATING");
  time.seconds += 5;
  EXPECT_EQ(store.live_version(added, endpoint), "2");
  EXPECT_EQ(store.endpoint_status(added, endpoint), "READY");
}

TEST(ResourceStore, DeletionShowsDeletingThenTheResourceIsGone) {
  FakeClock time;
  ResourceStore store(options(), time.clock());
  const std::string id = store.add(harness(store, "h", time.seconds)).id;
  Resource* found = store.find(ResourceKind::harness, id);
  ASSERT_NE(found, nullptr);
  found->deleted_at = time.seconds;
  EXPECT_EQ(store.status(*found), "DELETING");
  EXPECT_NE(store.find_by_name(ResourceKind::harness, "h"), nullptr);  // the name is still taken
  time.seconds += 2;
  EXPECT_EQ(store.find(ResourceKind::harness, id), nullptr);
  EXPECT_EQ(store.find_by_name(ResourceKind::harness, "h"), nullptr);
  EXPECT_TRUE(store.list(ResourceKind::harness).empty());
}

TEST(ResourceStore, ListIsOldestFirstAndPerKind) {
  FakeClock time;
  ResourceStore store(options(), time.clock());
  store.add(harness(store, "second", time.seconds + 1));
  store.add(harness(store, "first", time.seconds));
  Resource runtime = harness(store, "runtime", time.seconds);
  runtime.kind = ResourceKind::runtime;
  store.add(runtime);
  const auto harnesses = store.list(ResourceKind::harness);
  ASSERT_EQ(harnesses.size(), 2u);
  EXPECT_EQ(harnesses[0]->name, "first");
  EXPECT_EQ(harnesses[1]->name, "second");
  EXPECT_EQ(store.list(ResourceKind::runtime).size(), 1u);
}

TEST(ResourceStore, PaginationWalksEveryItemOnceWithOpaqueTokens) {
  std::vector<std::string> keys;
  for (int i = 0; i < 25; ++i) keys.push_back(std::string(1, static_cast<char>('a' + i)));
  Json input = Json::object();
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    const Page page = ResourceStore::paginate(keys, input);
    for (std::size_t i = page.begin; i < page.end; ++i) seen.push_back(keys[i]);
    ++pages;
    if (!page.next_token) break;
    EXPECT_EQ(page.next_token->find(keys[page.end - 1]), std::string::npos);  // opaque
    input["nextToken"] = *page.next_token;
  }
  EXPECT_EQ(pages, 3);  // 10 by default
  EXPECT_EQ(seen, keys);

  const Page small = ResourceStore::paginate(keys, Json{{"maxResults", 24}});
  EXPECT_EQ(small.end, 24u);
  const Page last = ResourceStore::paginate(keys, Json{{"nextToken", *small.next_token}});
  EXPECT_EQ(last.begin, 24u);
  EXPECT_EQ(last.end, 25u);
  EXPECT_FALSE(last.next_token);
}

TEST(ResourceStore, ForeignPaginationTokensAreValidationErrors) {
  for (const char* token : {"abc", "alc1zz", "alc1a", ""}) {
    try {
      ResourceStore::paginate({"a"}, Json{{"nextToken", token}});
      ADD_FAILURE() << token;
    } catch (const ApiError& error) {
      EXPECT_EQ(error.code(), "ValidationException");
      EXPECT_EQ(error.fields().at(0).path, "nextToken");
    }
  }
}

TEST(ResourceStore, IdempotencyReplaysTheSameCallAndRefusesADifferentOne) {
  ResourceStore store(options());
  const Json first = {{"harnessName", "h"},
                      {"clientToken", "t-0123456789012345678901234567890123"}};
  EXPECT_FALSE(store.replay("CreateHarness", "", first));
  store.remember("CreateHarness", "", first, Json{{"harness", "output"}});
  EXPECT_EQ(store.replay("CreateHarness", "", first), (Json{{"harness", "output"}}));
  // Another operation or scope with the same token is unrelated.
  EXPECT_FALSE(store.replay("UpdateHarness", "h-1", first));

  Json changed = first;
  changed["harnessName"] = "other";
  try {
    store.replay("CreateHarness", "", changed);
    FAIL();
  } catch (const ApiError& error) {
    EXPECT_EQ(error.code(), "ValidationException");
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.reason(), "IdempotentParameterMismatchException");
  }
  // Without a token nothing is remembered.
  const Json tokenless = {{"harnessName", "h"}};
  store.remember("CreateHarness", "", tokenless, Json{{"x", 1}});
  EXPECT_FALSE(store.replay("CreateHarness", "", tokenless));
}

TEST(ResourceStore, StateSurvivesASaveAndALoad) {
  testing::TempFolder folder;
  const auto path = folder.path() / "state.json";
  FakeClock time;
  {
    ResourceStore store(options(path), time.clock());
    Resource added = harness(store, "kept", time.seconds);
    ResourceEndpoint endpoint;
    endpoint.name = "DEFAULT";
    endpoint.id = "DEFAULT-0123456789";
    endpoint.created_at = endpoint.updated_at = time.seconds;
    added.endpoints.push_back(endpoint);
    added.extra["backingRuntime"] = {{"agentRuntimeId", "r-1"}};
    store.add(std::move(added));
    store.remember("CreateHarness", "", Json{{"clientToken", "tok"}}, Json{{"out", 1}});
    store.save();
  }
  ResourceStore restored(options(path), time.clock());
  restored.load();
  const auto harnesses = restored.list(ResourceKind::harness);
  ASSERT_EQ(harnesses.size(), 1u);
  EXPECT_EQ(harnesses[0]->name, "kept");
  EXPECT_EQ(harnesses[0]->endpoints.at(0).id, "DEFAULT-0123456789");
  EXPECT_EQ(harnesses[0]->extra["backingRuntime"]["agentRuntimeId"], "r-1");
  EXPECT_EQ(harnesses[0]->latest().config, (Json{{"model", "m"}}));
  EXPECT_EQ(restored.replay("CreateHarness", "", Json{{"clientToken", "tok"}}), (Json{{"out", 1}}));
  EXPECT_EQ(restored.to_json(), [&] {
    ResourceStore again(options(path), time.clock());
    again.load();
    return again.to_json();
  }());
}

TEST(ResourceStore, MissingStateFileIsAnEmptyStateAndABrokenOneIsAnError) {
  testing::TempFolder folder;
  ResourceStore empty(options(folder.path() / "absent.json"));
  EXPECT_NO_THROW(empty.load());
  EXPECT_TRUE(empty.list(ResourceKind::harness).empty());

  const auto broken = folder.write("broken.json", "{not json");
  ResourceStore store(options(broken));
  EXPECT_THROW(store.load(), Error);
  const auto foreign = folder.write("foreign.json", R"({"format":"something-else"})");
  ResourceStore other(options(foreign));
  EXPECT_THROW(other.load(), Error);
  const auto partial = folder.write(
      "partial.json", R"({"format":"agentcore-local-state/1","resources":[{"kind":"harness"}]})");
  ResourceStore third(options(partial));
  EXPECT_THROW(third.load(), Error);
}

}  // namespace
}  // namespace agentlift::emulator
