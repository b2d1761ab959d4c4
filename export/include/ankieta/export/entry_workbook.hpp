// The data-entry workbook: an Excel file in which the broker types the paper questionnaires, one
// row per form, and which `ankieta import` reads back as it is. Sheet "Dane" has one column per
// column the importer expects (the respondent id, the wave column if the definition has one, each
// question's columns, named as in the CSV), with Excel's data validation doing at typing time what
// the import checks later: drop-down lists of the codes (the options and the missing codes),
// whole or decimal numbers within the question's range (its missing codes allowed too), 0/1 for
// the items of a multiple-choice question, dates as date cells. Each column's input message shows
// the question's text. Sheet "Kodeks" is the codebook (variable, question, type, codes and labels,
// missing codes, filter); the code lists live on a hidden sheet "Listy".
#pragma once

#include <string>

#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::exports {

struct EntryWorkbookOptions {
  survey::Language language = survey::Language::pl;
  int rows = 2000;  // data rows that get the validations (Excel validates only where it is told)
};

// Writes the workbook to `path` through survey::OutputFile (never a partial file).
void write_entry_workbook(const survey::Questionnaire& questionnaire, const std::string& path,
                          const EntryWorkbookOptions& options);

}  // namespace ankieta::exports
