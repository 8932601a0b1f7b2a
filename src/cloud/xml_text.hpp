#pragma once
// A small, non-recursive XML text extractor for AWS replies (awsQuery, restXml):
// find <Tag>…</Tag> and take the text between. Not a parser: no CDATA, no
// nesting of the same tag inside itself; enough for STS and S3 list replies.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentlift::cloud::xml {

// Decodes &amp; &lt; &gt; &quot; &apos; and numeric (&#34; &#x22;) references;
// anything unrecognised is kept as written.
std::string decode_entities(std::string_view text);

// The raw (undecoded) content of the first <tag>…</tag> at or after `from`;
// "" for <tag/>; nullopt when absent or unterminated. `<tag attr="…">` matches,
// `<tagXYZ>` does not. `end`, when given, receives the offset just past the
// closing tag.
std::optional<std::string_view> element(std::string_view xml, std::string_view tag,
                                        std::size_t from = 0, std::size_t* end = nullptr);

// The entity-decoded text of the first <tag>…</tag>, as for element().
std::optional<std::string> text(std::string_view xml, std::string_view tag, std::size_t from = 0);

// The raw content of every <tag>…</tag> in document order.
std::vector<std::string_view> elements(std::string_view xml, std::string_view tag);

}  // namespace agentlift::cloud::xml
