#include "emulator/eventstream_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>

#include "cloud/eventstream.hpp"

namespace agentlift::emulator {
namespace {

namespace es = cloud::eventstream;

TEST(EventstreamWriter, EveryHeaderTypeRoundTripsThroughOurDecoder) {
  es::Uuid uuid;
  for (std::size_t i = 0; i < uuid.bytes.size(); ++i) uuid.bytes[i] = static_cast<std::uint8_t>(i);
  const std::vector<es::Header> headers = {
      {"t", true},
      {"f", false},
      {"i8", std::int8_t{-5}},
      {"i16", std::int16_t{-300}},
      {"i32", std::int32_t{-70000}},
      {"i64", std::int64_t{-5'000'000'000}},
      {"bytes", es::ByteArray{std::string("\0\xff", 2)}},
      {"string", std::string("hello")},
      {"time", es::Timestamp{1'700'000'000'123}},
      {"uuid", uuid},
  };
  const std::string frame = encode_frame(headers, "payload bytes");
  es::Decoder decoder;
  const auto messages = decoder.feed(frame);
  decoder.finish();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].headers, headers);
  EXPECT_EQ(messages[0].payload, "payload bytes");
  EXPECT_EQ(messages[0].size, frame.size());
}

TEST(EventstreamWriter, EventsDecodeIntoTypedEventsWhenFedByteByByte) {
  std::string stream = encode_event("messageStart", Json{{"role", "assistant"}});
  stream += encode_event("contentBlockDelta",
                         Json{{"contentBlockIndex", 0}, {"delta", {{"text", "Hi ✓"}}}});
  stream += encode_exception("internalServerException", "boom");
  es::Decoder decoder;
  std::vector<es::Message> messages;
  for (char byte : stream) decoder.feed(std::string_view(&byte, 1), messages);
  decoder.finish();
  ASSERT_EQ(messages.size(), 3u);

  const es::Event start = es::Event::from(messages[0]);
  EXPECT_EQ(start.kind, es::EventKind::event);
  EXPECT_EQ(start.type, "messageStart");
  EXPECT_EQ(start.content_type, "application/json");
  EXPECT_EQ(Json::parse(start.payload), (Json{{"role", "assistant"}}));

  const es::Event delta = es::Event::from(messages[1]);
  EXPECT_EQ(Json::parse(delta.payload)["delta"]["text"], "Hi ✓");

  const es::Event failure = es::Event::from(messages[2]);
  EXPECT_EQ(failure.kind, es::EventKind::exception);
  EXPECT_EQ(failure.type, "internalServerException");
  EXPECT_EQ(failure.error_message, "boom");
}

TEST(EventstreamWriter, EmptyPayloadAndNoHeadersMakeTheSmallestFrame) {
  const std::string frame = encode_frame({}, "");
  EXPECT_EQ(frame.size(), es::k_min_message_size);
  es::Decoder decoder;
  EXPECT_EQ(decoder.feed(frame).size(), 1u);
}

TEST(EventstreamWriter, MatchesTheRecordedAwsSampleByteForByte) {
  // The sample's frames re-encoded from their decoded headers and payloads
  // give the same bytes: same header order, types and CRCs as AWS's encoder.
  std::ifstream in(std::string(AGENTLIFT_SOURCE_DIR) +
                       "/tests/data/aws/eventstream-samples/invoke-harness-stream.bin",
                   std::ios::binary);
  if (!in) GTEST_SKIP() << "event-stream sample not present";
  const std::string sample{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  es::Decoder decoder;
  std::string reencoded;
  for (const es::Message& message : decoder.feed(sample)) {
    reencoded += encode_frame(message.headers, message.payload);
  }
  EXPECT_EQ(reencoded, sample);
}

TEST(EventstreamWriter, EncodeEventGivesTheSampleFramesBytes) {
  std::ifstream in(std::string(AGENTLIFT_SOURCE_DIR) +
                       "/tests/data/aws/eventstream-samples/invoke-harness-stream.bin",
                   std::ios::binary);
  if (!in) GTEST_SKIP() << "event-stream sample not present";
  const std::string sample{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  es::Decoder decoder;
  const auto messages = decoder.feed(sample);
  ASSERT_FALSE(messages.empty());
  const es::Event first = es::Event::from(messages[0]);
  // Compact JSON, the header order AWS's codec uses: identical frame.
  EXPECT_EQ(encode_event(first.type, Json::parse(first.payload)),
            sample.substr(0, messages[0].size));
}

TEST(EventstreamWriter, RefusesWhatTheFormatCannotCarry) {
  EXPECT_THROW(encode_frame({{"", true}}, ""), Error);
  EXPECT_THROW(encode_frame({{std::string(256, 'n'), true}}, ""), Error);
  EXPECT_THROW(encode_frame({{"s", std::string(70000, 'x')}}, ""), Error);
  EXPECT_THROW(encode_frame({}, std::string(es::k_max_message_size, 'x')), Error);
}

}  // namespace
}  // namespace agentlift::emulator
