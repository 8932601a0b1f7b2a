#pragma once
// A restJson1 request URI template ("/runtimes/{agentRuntimeArn}/invocations")
// matched against request paths. The path is split on '/' while still
// percent-encoded, then each segment is decoded, so a label holding an ARN sent
// as "arn%3Aaws%3A...%3Aruntime%2Fname" comes back as "arn:aws:...:runtime/name".
// A label matches exactly one non-empty segment; a greedy label ({key+}) one or
// more segments (its value keeps the '/' between them). Segments are compared
// exactly, so a trailing '/' is significant both ways: "/runtimes/" does not
// match "/runtimes" and vice versa.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agentlift::emulator {

using LabelValues = std::vector<std::pair<std::string, std::string>>;  // label -> decoded value

class UriTemplate {
 public:
  // Parses a botocore requestUri; anything after '?' is dropped (see path()).
  // Throws agentlift::Error for a label that is not a whole segment, an empty
  // label name or more than one greedy label.
  static UriTemplate parse(std::string_view request_uri);

  const std::string& path() const { return m_path; }  // the template without its query part
  // The labels, in template order.
  std::vector<std::string> label_names() const;
  // Segments that are plain text; more means more specific.
  std::size_t literal_count() const;

  // The decoded label values when `raw_path` (percent-encoded, no query)
  // matches; nullopt when it does not.
  std::optional<LabelValues> match(std::string_view raw_path) const;

  // The path with each label replaced by its percent-encoded value (greedy
  // labels keep '/'); a label missing from `labels` becomes "x".
  std::string expand(const LabelValues& labels) const;

 private:
  enum class Kind { literal, label, greedy_label };
  struct Segment {
    Kind kind;
    std::string text;  // literal text or label name
  };
  std::string m_path;
  std::vector<Segment> m_segments;  // the path after its leading '/', split on '/'
};

}  // namespace agentlift::emulator
