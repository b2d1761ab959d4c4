#include "net_options.hpp"

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::cli {

void add_net_option(po::options_description& options) {
  options.add_options()("net", po::value<std::vector<std::string>>()->composing(),
                        "a row of several answers together, estimated as its own share: LABEL=CODE,CODE (e.g. "
                        "\"high or medium=1,2\"), top2 or bottom2 (a scale's two best or worst scored answers); repeatable");
}

std::vector<analysis::NetSpec> read_net_options(const po::variables_map& values) {
  std::vector<analysis::NetSpec> specs;
  if (!values.count("net")) return specs;
  for (const std::string& text : values["net"].as<std::vector<std::string>>()) {
    analysis::NetSpec spec;
    const std::size_t equals = text.rfind('=');
    const std::string_view whole = text;
    const std::string label(equals == std::string::npos ? std::string_view() : survey::trim(whole.substr(0, equals)));
    const std::string body(survey::trim(equals == std::string::npos ? whole : whole.substr(equals + 1)));
    if (body == "top2" || body == "bottom2") {
      spec.box = body == "top2" ? analysis::NetSpec::Box::top2 : analysis::NetSpec::Box::bottom2;
    } else {
      if (equals == std::string::npos || label.empty())
        throw usage_error(fmt::format("--net {}: expected LABEL=CODE,CODE (e.g. \"high or medium=1,2\"), top2 or bottom2",
                                      survey::quote_for_message(text)));
      spec.codes = split_names(body);
      if (spec.codes.empty()) throw usage_error(fmt::format("--net {}: no codes after '='", survey::quote_for_message(text)));
    }
    spec.label = survey::Text{label, label};
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace ankieta::cli
