// `--net` of freq and crosstab: rows of several answers together (analysis/nets.hpp).
#pragma once

#include <vector>

#include "ankieta/analysis/nets.hpp"
#include "cli.hpp"

namespace ankieta::cli {

void add_net_option(po::options_description& options);
// Each --net as written: "LABEL=CODE,CODE..." (the label in both languages), "top2" or "bottom2"
// (the scale's two best or worst scored answers), "LABEL=top2". Error(usage) naming the text when
// it is none of these.
std::vector<analysis::NetSpec> read_net_options(const po::variables_map& values);

}  // namespace ankieta::cli
