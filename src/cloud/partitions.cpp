#include "cloud/partitions.hpp"

#include <algorithm>
#include <array>

namespace agentlift::cloud::endpoints {
namespace {

// botocore 1.43.67, botocore/data/partitions.json (Apache-2.0), in its order.
constexpr std::array<std::string_view, 9> k_aws_prefixes = {"us", "eu", "ap", "sa", "ca",
                                                            "me", "af", "il", "mx"};
constexpr std::array<std::string_view, 35> k_aws_regions = {
    "af-south-1",     "ap-east-1",      "ap-east-2",      "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "aws-global",     "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",
    "eu-north-1",     "eu-south-1",     "eu-south-2",     "eu-west-1",      "eu-west-2",
    "eu-west-3",      "il-central-1",   "me-central-1",   "me-south-1",     "mx-central-1",
    "sa-east-1",      "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2"};

constexpr std::array<std::string_view, 1> k_cn_prefixes = {"cn"};
constexpr std::array<std::string_view, 3> k_cn_regions = {"aws-cn-global", "cn-north-1",
                                                          "cn-northwest-1"};
constexpr std::array<std::string_view, 1> k_eusc_prefixes = {"eusc-de"};
constexpr std::array<std::string_view, 1> k_eusc_regions = {"eusc-de-east-1"};
constexpr std::array<std::string_view, 1> k_iso_prefixes = {"us-iso"};
constexpr std::array<std::string_view, 3> k_iso_regions = {"aws-iso-global", "us-iso-east-1",
                                                           "us-iso-west-1"};
constexpr std::array<std::string_view, 1> k_iso_b_prefixes = {"us-isob"};
constexpr std::array<std::string_view, 3> k_iso_b_regions = {"aws-iso-b-global", "us-isob-east-1",
                                                             "us-isob-west-1"};
constexpr std::array<std::string_view, 1> k_iso_e_prefixes = {"eu-isoe"};
constexpr std::array<std::string_view, 2> k_iso_e_regions = {"aws-iso-e-global", "eu-isoe-west-1"};
constexpr std::array<std::string_view, 1> k_iso_f_prefixes = {"us-isof"};
constexpr std::array<std::string_view, 3> k_iso_f_regions = {"aws-iso-f-global", "us-isof-east-1",
                                                             "us-isof-south-1"};
constexpr std::array<std::string_view, 1> k_us_gov_prefixes = {"us-gov"};
constexpr std::array<std::string_view, 3> k_us_gov_regions = {"aws-us-gov-global", "us-gov-east-1",
                                                              "us-gov-west-1"};

const std::array<Partition, 8> k_partitions = {{
    {"aws", R"(^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$)", k_aws_prefixes, k_aws_regions,
     "amazonaws.com", "api.aws", true, true, "us-east-1"},
    {"aws-cn", R"(^cn\-\w+\-\d+$)", k_cn_prefixes, k_cn_regions, "amazonaws.com.cn",
     "api.amazonwebservices.com.cn", true, true, "cn-northwest-1"},
    {"aws-eusc", R"(^eusc\-(de)\-\w+\-\d+$)", k_eusc_prefixes, k_eusc_regions, "amazonaws.eu",
     "api.amazonwebservices.eu", true, true, "eusc-de-east-1"},
    {"aws-iso", R"(^us\-iso\-\w+\-\d+$)", k_iso_prefixes, k_iso_regions, "c2s.ic.gov",
     "api.aws.ic.gov", true, true, "us-iso-east-1"},
    {"aws-iso-b", R"(^us\-isob\-\w+\-\d+$)", k_iso_b_prefixes, k_iso_b_regions, "sc2s.sgov.gov",
     "api.aws.scloud", true, true, "us-isob-east-1"},
    {"aws-iso-e", R"(^eu\-isoe\-\w+\-\d+$)", k_iso_e_prefixes, k_iso_e_regions, "cloud.adc-e.uk",
     "api.cloud-aws.adc-e.uk", true, true, "eu-isoe-west-1"},
    {"aws-iso-f", R"(^us\-isof\-\w+\-\d+$)", k_iso_f_prefixes, k_iso_f_regions, "csp.hci.ic.gov",
     "api.aws.hci.ic.gov", true, true, "us-isof-south-1"},
    {"aws-us-gov", R"(^us\-gov\-\w+\-\d+$)", k_us_gov_prefixes, k_us_gov_regions, "amazonaws.com",
     "api.aws", true, true, "us-gov-west-1"},
}};

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `rest` is "\w+-\d+": one '-' with word characters before it and digits after.
bool matches_word_dash_digits(std::string_view rest) {
  const auto dash = rest.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == rest.size()) return false;
  const auto word = rest.substr(0, dash);
  const auto digits = rest.substr(dash + 1);
  return std::all_of(word.begin(), word.end(), is_word_char) &&
         std::all_of(digits.begin(), digits.end(), is_digit);
}

}  // namespace

std::span<const Partition> partitions() { return k_partitions; }

bool matches_region_pattern(const Partition& partition, std::string_view region) {
  for (const auto prefix : partition.region_prefixes) {
    if (region.size() > prefix.size() && region.starts_with(prefix) &&
        region[prefix.size()] == '-' &&
        matches_word_dash_digits(region.substr(prefix.size() + 1))) {
      return true;
    }
  }
  return false;
}

const Partition& partition_for_region(std::string_view region) {
  for (const auto& partition : k_partitions) {
    if (std::find(partition.regions.begin(), partition.regions.end(), region) !=
        partition.regions.end()) {
      return partition;
    }
  }
  for (const auto& partition : k_partitions) {
    if (matches_region_pattern(partition, region)) return partition;
  }
  return k_partitions.front();
}

}  // namespace agentlift::cloud::endpoints
