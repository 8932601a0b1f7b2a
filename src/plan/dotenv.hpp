#pragma once
// `.env` files (reference-spec §1.2): the deploy reads KEY=value lines from
// <cwd>/.env and <project>/.env under the process environment. A key keeps the
// first value found: the process environment wins, then the earlier file, and
// within a file the first line (as agentlift 0.8 did).
//
// Line rules (0.8's, plus what python-dotenv users write):
//  - blank lines, lines starting with '#', and lines without '=' are skipped;
//  - an optional leading `export ` is ignored (0.8 kept it in the key);
//  - key and value are trimmed; an empty key is skipped;
//  - a value in matching quotes ("..." or '...') is taken verbatim between them,
//    with no escape processing, and anything after the closing quote that is a
//    comment is ignored: "a b" # note -> a b;
//  - an unquoted value ends before a '#' that follows whitespace (KEY=v # note
//    -> v; 0.8 kept the comment), then loses stray surrounding quote
//    characters as in 0.8 (KEY=v" -> v);
//  - CRLF line ends and a UTF-8 byte order mark are tolerated.
// Pure: the caller reads the files.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/project.hpp"

namespace agentlift::plan {

using Environment = std::map<std::string, std::string>;

// The KEY=value pairs of one .env text in file order, each key once (first wins).
model::StringPairs parse_dotenv(std::string_view text);

// `process` plus the pairs of each .env text, in order, adding only keys not set yet.
Environment with_dotenv(Environment process, const std::vector<std::string>& dotenv_texts);

// The .env files a deploy reads, in precedence order: <cwd>/.env, then
// <project>/.env (once when both are the same folder).
std::vector<std::filesystem::path> dotenv_files(const std::filesystem::path& cwd,
                                                const std::filesystem::path& project);

}  // namespace agentlift::plan
