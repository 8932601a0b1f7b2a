#include "cloud/eventstream.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace agentlift::cloud::eventstream {
namespace {

const std::string k_sample_dir =
    std::string(AGENTLIFT_SOURCE_DIR) + "/tests/data/aws/eventstream-samples/";

std::string read_binary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path << " is missing";
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string& sample() {
  static const std::string bytes = read_binary(k_sample_dir + "invoke-harness-stream.bin");
  return bytes;
}

const nlohmann::json& expected_frames() {
  static const nlohmann::json frames = nlohmann::json::parse(
      read_binary(k_sample_dir + "invoke-harness-stream.expected.json"))["frames"];
  return frames;
}

// --- A tiny encoder, so tests can build frames the sample does not contain. ---

void put_be(std::string& out, std::uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

std::string encode_header(const Header& header) {
  std::string out;
  out.push_back(static_cast<char>(header.name.size()));
  out += header.name;
  out.push_back(static_cast<char>(wire_type(header.value)));
  std::visit(
      [&](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, bool>) {
        } else if constexpr (std::is_integral_v<T>) {
          put_be(out, static_cast<std::make_unsigned_t<T>>(value), sizeof(T));
        } else if constexpr (std::is_same_v<T, ByteArray>) {
          put_be(out, value.bytes.size(), 2);
          out += value.bytes;
        } else if constexpr (std::is_same_v<T, std::string>) {
          put_be(out, value.size(), 2);
          out += value;
        } else if constexpr (std::is_same_v<T, Timestamp>) {
          put_be(out, static_cast<std::uint64_t>(value.ms_since_epoch), 8);
        } else {
          out.append(value.bytes.begin(), value.bytes.end());
        }
      },
      header.value);
  return out;
}

std::string prelude(std::uint32_t total, std::uint32_t headers_length) {
  std::string out;
  put_be(out, total, 4);
  put_be(out, headers_length, 4);
  put_be(out, crc32(out), 4);
  return out;
}

// A frame from a raw header block, which may be malformed on purpose; both CRCs are right.
std::string frame_from_block(const std::string& header_block, const std::string& payload) {
  const auto total = static_cast<std::uint32_t>(16 + header_block.size() + payload.size());
  std::string out = prelude(total, static_cast<std::uint32_t>(header_block.size()));
  out += header_block + payload;
  put_be(out, crc32(out), 4);
  return out;
}

std::string encode_frame(const std::vector<Header>& headers, const std::string& payload) {
  std::string block;
  for (const auto& header : headers) block += encode_header(header);
  return frame_from_block(block, payload);
}

std::vector<Message> decode_in_chunks(const std::string& bytes, std::size_t chunk) {
  Decoder decoder;
  std::vector<Message> messages;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    decoder.feed(std::string_view(bytes).substr(at, chunk), messages);
  }
  decoder.finish();
  return messages;
}

// Runs `action` and returns the DecodeError it throws (failing the test if it does not).
template <typename Action>
DecodeError decode_error(Action action) {
  try {
    action();
  } catch (const DecodeError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a DecodeError";
  return DecodeError("none", 0);
}

void expect_sample_frames(const std::vector<Message>& messages) {
  const auto& expected = expected_frames();
  ASSERT_EQ(messages.size(), expected.size());
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    SCOPED_TRACE("frame " + std::to_string(i));
    const Message& message = messages[i];
    const std::string type_header =
        expected[i]["messageType"] == "event" ? ":event-type" : ":exception-type";
    EXPECT_EQ(message.string_header(":message-type"),
              expected[i]["messageType"].get<std::string>());
    EXPECT_EQ(message.string_header(type_header), expected[i]["type"].get<std::string>());
    EXPECT_EQ(message.string_header(":content-type"), "application/json");
    EXPECT_EQ(nlohmann::json::parse(message.payload), expected[i]["payload"]);
    EXPECT_EQ(message.size, expected[i]["frameBytes"].get<std::uint32_t>());
    EXPECT_EQ(message.offset, offset);
    offset += message.size;
  }
  EXPECT_EQ(offset, sample().size());
}

TEST(EventStreamCrc32, MatchesTheZlibCheckValue) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("56789", crc32("1234")), 0xCBF43926u);
}

TEST(EventStreamDecoder, DecodesTheSampleInOneChunk) {
  ASSERT_EQ(sample().size(), 1334u);
  expect_sample_frames(decode_in_chunks(sample(), sample().size()));
}

TEST(EventStreamDecoder, DecodesTheSampleByteByByte) {
  expect_sample_frames(decode_in_chunks(sample(), 1));
}

TEST(EventStreamDecoder, DecodesTheSampleSplitAtByte50LikeTheSdkRun) {
  Decoder decoder;
  std::vector<Message> messages = decoder.feed(std::string_view(sample()).substr(0, 50));
  EXPECT_TRUE(messages.empty());
  EXPECT_TRUE(decoder.inside_frame());
  decoder.feed(std::string_view(sample()).substr(50), messages);
  decoder.finish();
  EXPECT_FALSE(decoder.inside_frame());
  EXPECT_EQ(decoder.bytes_consumed(), sample().size());
  expect_sample_frames(messages);
}

TEST(EventStreamDecoder, DecodesTheSampleAtEverySplitPoint) {
  for (std::size_t split = 0; split <= sample().size(); ++split) {
    Decoder decoder;
    std::vector<Message> messages = decoder.feed(std::string_view(sample()).substr(0, split));
    decoder.feed(std::string_view(sample()).substr(split), messages);
    decoder.finish();
    ASSERT_EQ(messages.size(), 9u) << "split at " << split;
  }
}

TEST(EventStreamEvent, SampleGivesEightEventsThenTheModelledException) {
  const auto messages = decode_in_chunks(sample(), 64);
  ASSERT_EQ(messages.size(), 9u);
  for (std::size_t i = 0; i < 8; ++i) {
    const Event event = Event::from(messages[i]);
    EXPECT_EQ(event.kind, EventKind::event);
    EXPECT_EQ(event.type, expected_frames()[i]["type"].get<std::string>());
    EXPECT_EQ(event.content_type, "application/json");
    EXPECT_EQ(nlohmann::json::parse(event.payload), expected_frames()[i]["payload"]);
    EXPECT_EQ(event.error_message, "");
  }
  const Event last = Event::from(messages[8]);
  EXPECT_EQ(last.kind, EventKind::exception);
  EXPECT_EQ(to_string(last.kind), "exception");
  EXPECT_EQ(last.type, "runtimeClientError");
  EXPECT_EQ(last.error_message, "boom");
  EXPECT_EQ(last.offset, 1204u);
}

TEST(EventStreamEvent, UnmodelledErrorUsesErrorCodeAndMessageHeaders) {
  const auto messages = Decoder().feed(encode_frame({{":message-type", std::string("error")},
                                                     {":error-code", std::string("Throttled")},
                                                     {":error-message", std::string("slow")}},
                                                    ""));
  ASSERT_EQ(messages.size(), 1u);
  const Event event = Event::from(messages[0]);
  EXPECT_EQ(event.kind, EventKind::error);
  EXPECT_EQ(event.type, "Throttled");
  EXPECT_EQ(event.error_message, "slow");
}

TEST(EventStreamEvent, ExceptionPayloadWithoutAMessageLeavesErrorMessageEmpty) {
  const std::vector<Header> headers = {{":message-type", std::string("exception")},
                                       {":exception-type", std::string("internalServerException")}};
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  for (const std::string payload : {"not json", "{\"message\": 3}", "[]", deep.c_str()}) {
    const Event event = Event::from(Decoder().feed(encode_frame(headers, payload)).at(0));
    EXPECT_EQ(event.type, "internalServerException");
    EXPECT_EQ(event.error_message, "");
    EXPECT_EQ(event.payload, payload);
  }
  const auto capitalised = Decoder().feed(encode_frame(headers, R"({"Message":"down"})"));
  EXPECT_EQ(Event::from(capitalised.at(0)).error_message, "down");
}

TEST(EventStreamEvent, MissingOrMistypedTypeHeadersAreDecodeErrors) {
  auto event_error = [](const std::vector<Header>& headers) {
    const Message message = Decoder().feed(encode_frame(headers, "{}")).at(0);
    return std::string(decode_error([&] { Event::from(message); }).what());
  };
  EXPECT_EQ(event_error({}),
            "malformed event stream at byte 0: message has no :message-type header");
  EXPECT_EQ(event_error({{":message-type", std::string("event")}}),
            "malformed event stream at byte 0: message has no :event-type header");
  EXPECT_EQ(event_error({{":message-type", std::string("event")}, {":event-type", true}}),
            "malformed event stream at byte 0: header :event-type has type 0, expected a string "
            "(7)");
  EXPECT_EQ(event_error({{":message-type", std::string("bad\x1b[31m\\")}}),
            "malformed event stream at byte 0: unknown :message-type 'bad\\x1b[31m\\x5c' "
            "(expected event, exception or error)");
  EXPECT_EQ(event_error({{":message-type", std::string("gossip")}}),
            "malformed event stream at byte 0: unknown :message-type 'gossip' (expected event, "
            "exception or error)");
}

TEST(EventStreamDecoder, RoundTripsEveryHeaderType) {
  Uuid uuid;
  for (std::size_t i = 0; i < uuid.bytes.size(); ++i)
    uuid.bytes[i] = static_cast<std::uint8_t>(0xF0 + i);
  const std::vector<Header> headers = {
      {"true", true},
      {"false", false},
      {"byte", std::int8_t{-128}},
      {"short", std::int16_t{-2}},
      {"int", std::int32_t{-2147483647 - 1}},
      {"long", std::int64_t{-9007199254740993}},
      {"bytes", ByteArray{std::string("\0\xff\x01", 3)}},
      {"string", std::string("caf\xC3\xA9")},
      {"empty", std::string()},
      {"timestamp", Timestamp{1700000000123}},
      {"uuid", uuid},
      {"", std::int64_t{INT64_MAX}},
  };
  const std::vector<std::uint8_t> wire_types = {0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 5};
  const std::string payload("\0binary\xff", 8);
  const std::string frame = encode_frame(headers, payload) + encode_frame({}, "");
  const auto messages = decode_in_chunks(frame, 3);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].headers, headers);
  EXPECT_EQ(messages[0].payload, payload);
  for (std::size_t i = 0; i < headers.size(); ++i)
    EXPECT_EQ(wire_type(headers[i].value), wire_types[i]);
  EXPECT_TRUE(messages[1].headers.empty());
  EXPECT_EQ(messages[1].size, 16u);
  EXPECT_EQ(messages[1].offset, messages[0].size);
}

TEST(EventStreamDecoder, TruncatedStreamIsReportedByFinish) {
  Decoder decoder;
  std::vector<Message> messages = decoder.feed(sample().substr(0, sample().size() - 10));
  EXPECT_EQ(messages.size(), 8u);
  EXPECT_STREQ(decode_error([&] { decoder.finish(); }).what(),
               "malformed event stream at byte 1204: stream ends inside a frame: got 120 bytes "
               "of its 130-byte frame");

  Decoder in_prelude;
  in_prelude.feed(sample().substr(0, 5));
  EXPECT_STREQ(decode_error([&] { in_prelude.finish(); }).what(),
               "malformed event stream at byte 0: stream ends inside a frame: got 5 bytes of its "
               "12-byte prelude");
  EXPECT_NO_THROW(Decoder().finish());
}

TEST(EventStreamDecoder, FlippedPayloadBitIsAMessageCrcError) {
  std::string bytes = sample();
  bytes[100] ^= 0x10;  // inside the first frame's payload
  const DecodeError error = decode_error([&] { Decoder().feed(bytes); });
  EXPECT_EQ(error.offset(), 114u);
  EXPECT_STREQ(error.what(),
               "malformed event stream at byte 114: message CRC mismatch for the frame at byte 0 "
               "(frame says 0xfb1160f8, its bytes give 0x9da35c94)");
}

TEST(EventStreamDecoder, FlippedPreludeBitIsAPreludeCrcErrorAndEarlierFramesSurvive) {
  std::string bytes = sample();
  bytes[118 + 2] ^= 0x01;  // the second frame's total length
  Decoder decoder;
  std::vector<Message> messages;
  const DecodeError error = decode_error([&] { decoder.feed(bytes, messages); });
  EXPECT_EQ(error.offset(), 118u);
  EXPECT_NE(std::string(error.what()).find("at byte 118: prelude CRC mismatch"), std::string::npos)
      << error.what();
  EXPECT_EQ(messages.size(), 1u);
  // The stream cannot be resynchronised, so the decoder stays failed.
  EXPECT_STREQ(decode_error([&] { decoder.feed(sample()); }).what(), error.what());
  EXPECT_STREQ(decode_error([&] { decoder.finish(); }).what(), error.what());
}

TEST(EventStreamDecoder, HugeTotalLengthFailsOnThePreludeAlone) {
  Decoder decoder;
  EXPECT_STREQ(decode_error([&] { decoder.feed(prelude(0x80000000u, 0)); }).what(),
               "malformed event stream at byte 0: frame length 2147483648 exceeds the maximum of "
               "16777216 bytes");
  // Nothing beyond the 12 prelude bytes was buffered or waited for.
  EXPECT_EQ(decoder.bytes_consumed(), 12u);
  EXPECT_THROW(Decoder().feed(prelude(k_max_message_size + 1, 0)), DecodeError);
  Decoder at_limit;
  EXPECT_NO_THROW(at_limit.feed(prelude(k_max_message_size, 0)));
  EXPECT_TRUE(at_limit.inside_frame());
}

TEST(EventStreamDecoder, InconsistentLengthsAreErrors) {
  EXPECT_STREQ(decode_error([] { Decoder().feed(prelude(15, 0)); }).what(),
               "malformed event stream at byte 0: frame length 15 is below the minimum of 16");
  EXPECT_STREQ(decode_error([] { Decoder().feed(prelude(100, 85)); }).what(),
               "malformed event stream at byte 0: headers length 85 does not fit in a frame of "
               "100 bytes");
  EXPECT_STREQ(decode_error([] { Decoder().feed(prelude(200000, 140000)); }).what(),
               "malformed event stream at byte 0: headers length 140000 exceeds the maximum of "
               "131072 bytes");
  EXPECT_NO_THROW(Decoder().feed(prelude(100, 84)));
}

TEST(EventStreamDecoder, HeaderRunningPastItsBlockIsAnError) {
  // ":a" string header claiming 50 bytes of value where the block holds 2.
  const std::string block = std::string("\x02:a\x07\x00\x32xy", 8);
  const std::string bytes = sample().substr(0, 118) + frame_from_block(block, "{}");
  EXPECT_STREQ(decode_error([&] { Decoder().feed(bytes); }).what(),
               "malformed event stream at byte 130: header runs past the end of the header "
               "block: its string value needs 50 bytes at byte 136 but the block ends at byte "
               "138");
  // A name length with no name behind it.
  EXPECT_THROW(Decoder().feed(frame_from_block("\x09:a", "")), DecodeError);
}

TEST(EventStreamDecoder, UnknownHeaderTypeIsAnError) {
  const std::string block =
      encode_header({":message-type", std::string("event")}) + std::string("\x03:zz\x2a", 5);
  EXPECT_STREQ(decode_error([&] { Decoder().feed(frame_from_block(block, "")); }).what(),
               "malformed event stream at byte 34: header ':zz' has unknown type 42 (known: 0-9)");
}

// Mutations that get past the CRCs too: after a random edit, the CRCs of every
// frame the (possibly mangled) lengths describe are recomputed half the time.
void repair_crcs(std::string& bytes) {
  std::size_t at = 0;
  while (at + 12 <= bytes.size()) {
    std::string fixed = bytes.substr(at, 8);
    put_be(fixed, crc32(fixed), 4);
    bytes.replace(at, 12, fixed);
    const std::uint32_t total =
        static_cast<std::uint32_t>((static_cast<unsigned char>(bytes[at]) << 24) |
                                   (static_cast<unsigned char>(bytes[at + 1]) << 16) |
                                   (static_cast<unsigned char>(bytes[at + 2]) << 8) |
                                   static_cast<unsigned char>(bytes[at + 3]));
    if (total < 16 || total > bytes.size() - at) return;
    std::string crc;
    put_be(crc, crc32(std::string_view(bytes).substr(at, total - 4)), 4);
    bytes.replace(at + total - 4, 4, crc);
    at += total;
  }
}

TEST(EventStreamDecoder, TenThousandRandomMutationsGiveMessagesOrDecodeErrors) {
  std::mt19937 rng(20251125);
  auto below = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
  const std::uint32_t lengths[] = {
      0, 15, 16, 17, 0x7FFFFFFF, 0xFFFFFFFF, k_max_message_size, k_max_message_size + 1, 200, 40};
  int clean = 0, failed = 0, typed_failures = 0;
  for (int round = 0; round < 10000; ++round) {
    std::string bytes = sample();
    for (std::size_t edits = 1 + below(3); edits > 0 && !bytes.empty(); --edits) {
      const std::size_t at = below(bytes.size());
      switch (below(6)) {
        case 0:
          bytes[at] ^= static_cast<char>(1 << below(8));
          break;
        case 1:
          bytes[at] = static_cast<char>(below(256));
          break;
        case 2:
          bytes.resize(at);
          break;
        case 3:
          bytes.insert(at, std::string(1 + below(8), static_cast<char>(below(256))));
          break;
        case 4:
          bytes.erase(at, 1 + below(16));
          break;
        default: {
          std::string value;
          put_be(value, lengths[below(std::size(lengths))], 4);
          bytes.replace(at, 4, value);
        }
      }
    }
    if (below(2) == 0) repair_crcs(bytes);
    Decoder decoder;
    std::vector<Message> messages;
    try {
      for (std::size_t at = 0; at < bytes.size();) {
        const std::size_t chunk = 1 + below(300);
        decoder.feed(std::string_view(bytes).substr(at, chunk), messages);
        at += chunk;
      }
      decoder.finish();
      ++clean;
    } catch (const DecodeError& error) {
      ++failed;
      ASSERT_LE(error.offset(), bytes.size());
      for (const char c : std::string(error.what()))
        ASSERT_TRUE(c >= 0x20 && c < 0x7F) << error.what();
    }
    for (const Message& message : messages) {
      ASSERT_GE(message.size, 16u);
      ASSERT_LE(message.offset + message.size, bytes.size());
      try {
        Event::from(message);
      } catch (const DecodeError&) {
        ++typed_failures;
      }
    }
  }
  // Both outcomes occur, so the loop exercised more than the CRC checks.
  EXPECT_GT(clean, 100);
  EXPECT_GT(failed, 100);
  EXPECT_GT(typed_failures, 0);
}

}  // namespace
}  // namespace agentlift::cloud::eventstream
