// Small text helpers shared by the loader, the importer and the store.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ankieta::survey {

// Reads a whole field as a number ("12", "-3.5", "1e3"); accepts a decimal comma when
// `decimal_comma` is set ("3,5"). Returns nothing for anything else, including blanks and "nan".
std::optional<double> parse_number(std::string_view text, bool decimal_comma = false);

// Strips spaces and tabs at both ends.
std::string_view trim(std::string_view text);

// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view text);

// Case-insensitive ASCII comparison.
bool equals_ignore_case(std::string_view a, std::string_view b);

// Shortest text that reads back to the same double ("44.209999084472656", "3", "0.5").
std::string format_number(double value);

// SQL identifier quoting for names that passed is_identifier (never user text in general).
std::string quote_identifier(std::string_view name);

// Is `text` a valid calendar date written YYYY-MM-DD?
bool is_iso_date(std::string_view text);

}  // namespace ankieta::survey
