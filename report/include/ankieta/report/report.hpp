// Building a report: every table of a spec computed once from one AnalysisData (each variable
// loaded once), laid out as a Document in the spec's language, with a methodology section
// written from the data (sample and population per stratum, imports, weights and their
// diagnostics, design effects, how standard errors, intervals and tests are computed).
#pragma once

#include <string>

#include "ankieta/report/document.hpp"
#include "ankieta/report/report_spec.hpp"
#include "ankieta/survey/store.hpp"

namespace ankieta::report {

struct BuildOptions {
  std::string version;   // ankieta version, for the methodology and the title page
  std::string date;      // YYYY-MM-DD; empty = today
};

// Checks the spec against the database's questionnaire (Error(data) with FILE:LINE:COLUMN) and
// computes every table. Throws Error(usage) for an unknown weight set or variable in `weights`,
// Error(data) for unusable design values or a filter that selects nobody.
Document build_report(const ReportSpec& spec, const survey::Store& store, const BuildOptions& options);

}  // namespace ankieta::report
