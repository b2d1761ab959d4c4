// Internal: fills Crosstab::column_tests and the cells' significance letters.
#pragma once

#include <vector>

#include "ankieta/analysis/crosstab.hpp"

namespace ankieta::analysis::detail {

// used_cols: the columns with at least one observation, in order.
void add_column_tests(Crosstab& table, const std::vector<int>& used_cols,
                      const CrosstabOptions& options);

}  // namespace ankieta::analysis::detail
