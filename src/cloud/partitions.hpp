#pragma once
// The AWS partitions that the endpoint rules function `aws.partition` knows:
// which regions belong to a partition and the DNS facts every rule set builds
// host names from. Values are botocore 1.43.67's `botocore/data/partitions.json`
// (partitions format 1.1), written out as a table so no data file is read.

#include <span>
#include <string_view>

namespace agentlift::cloud::endpoints {

struct Partition {
  std::string_view id;  // "aws", "aws-cn", ...
  // The published `regionRegex`, kept for reference; `matches_region_pattern`
  // implements it: every pattern is ^(<prefix>|...)-\w+-\d+$.
  std::string_view region_regex;
  std::span<const std::string_view> region_prefixes;  // "us", "eusc-de", "us-iso", ...
  std::span<const std::string_view> regions;          // the explicitly listed regions
  std::string_view dns_suffix;
  std::string_view dual_stack_dns_suffix;
  bool supports_fips = false;
  bool supports_dual_stack = false;
  std::string_view implicit_global_region;
};

// All partitions; the first one ("aws") is the fallback for unknown regions.
std::span<const Partition> partitions();

// Whether `region` has the partition's shape (its regionRegex), e.g.
// "us-gov-west-1" for aws-us-gov. Explicit region lists are not consulted.
bool matches_region_pattern(const Partition& partition, std::string_view region);

// The partition of `region`, as the rules language defines it: a region listed
// by a partition first, else the first partition whose pattern matches, else aws.
const Partition& partition_for_region(std::string_view region);

}  // namespace agentlift::cloud::endpoints
