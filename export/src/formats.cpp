// The table of microdata formats: the one place that lists them.
#include "ankieta/export/microdata.hpp"

namespace ankieta::exports {

const std::vector<FormatModule>& formats() {
  static const std::vector<FormatModule> table = {
      {"sav", ".sav", "SPSS system file (also read by PSPP, R haven, pandas)", &write_sav},
      {"dta", ".dta", "Stata 14+ data file (format 118)", &write_dta},
      {"csv", ".csv", "UTF-8 CSV with a Markdown codebook next to it", &write_csv},
  };
  return table;
}

const FormatModule* find_format(std::string_view name) {
  for (const auto& module : formats())
    if (module.name == name) return &module;
  return nullptr;
}

const FormatModule* format_for_path(std::string_view path) {
  for (const auto& module : formats()) {
    if (path.size() <= module.extension.size()) continue;
    std::string_view tail = path.substr(path.size() - module.extension.size());
    bool same = true;
    for (std::size_t idx = 0; idx < tail.size(); ++idx) {
      char c = tail[idx];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same &= c == module.extension[idx];
    }
    if (same) return &module;
  }
  return nullptr;
}

}  // namespace ankieta::exports
