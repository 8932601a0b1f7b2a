#include "parse/list_values.hpp"

namespace agentlift::parse {

std::optional<std::vector<std::string>> read_string_list(const Json& value,
                                                         const ListSetting& setting,
                                                         model::Diagnostics& diagnostics) {
  if (value.is_array()) {
    std::vector<std::string> out;
    out.reserve(value.size());
    for (const Json& item : value) out.push_back(json::python_str(item));
    return out;
  }
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    diagnostics.warning("frontmatter.scalar_as_list",
                        setting.file + ": '" + setting.key + ": " + text +
                            "' is a single value where a list is expected; read as [" + text +
                            "]. Write '" + setting.key + ": [" + text + "]' to say so",
                        setting.where);
    return std::vector<std::string>{text};
  }
  diagnostics.error("frontmatter.not_a_list",
                    setting.file + ": '" + setting.key + "' must be a list (for example '" +
                        setting.key + ": [a, b]'), not " + json::python_str(value),
                    setting.where);
  return std::nullopt;
}

}  // namespace agentlift::parse
