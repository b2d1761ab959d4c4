// The disclosure-control options of freq, crosstab and means (docs/disclosure.md): which
// confidentiality rules and reliability flags their tables are protected with.
#pragma once

#include "ankieta/analysis/disclosure.hpp"
#include "cli.hpp"

namespace ankieta::cli {

void add_disclosure_options(po::options_description& options);
// The rules the options ask for; off unless --protect, a rule's option or --reliability is given.
analysis::DisclosureRules read_disclosure_options(const po::variables_map& values);

}  // namespace ankieta::cli
