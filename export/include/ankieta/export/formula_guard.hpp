// Spreadsheet formula injection (CWE-1236): a CSV cell that starts with =, +, -, @, a tab or a
// carriage return is run as a formula by Excel, LibreOffice and Google Sheets when the file is
// opened ("=HYPERLINK(...)" typed into a free-text answer). Such text cells are written with a
// leading apostrophe, which spreadsheets hide and which keeps the text as text. Numbers are never
// touched: "-3.5" and "+1e3" stay numbers.
#pragma once

#include <string>
#include <string_view>

namespace ankieta::exports {

// True when `text` is a plain decimal number: optional sign, digits with one '.' or ',', optional
// exponent ("-3.5", "1e-4", "-0,25").
bool looks_like_number(std::string_view text);

// `text` with a leading ' when a spreadsheet would take it for a formula, else `text` unchanged.
std::string guard_formula(std::string_view text);

}  // namespace ankieta::exports
