// Small text helpers shared by the loader, the importer and the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ankieta::survey {

// Reads a whole field as a number ("12", "-3.5", "1e3"); accepts a decimal comma when
// `decimal_comma` is set ("3,5"). Returns nothing for anything else, including blanks and "nan".
std::optional<double> parse_number(std::string_view text, bool decimal_comma = false);

// Reads a number written with thousands separators, as spreadsheets in Polish (and most European)
// locales show them: groups of three digits separated by a space, a no-break space (U+00A0) or a
// narrow no-break space (U+202F), with a decimal comma or point ("1 234", "12 345,5"); or by
// points with a decimal comma ("1.234,5") or in two groups or more ("1.234.567"); "1.234" alone
// stays a decimal for parse_number. Returns nothing for anything else ("12 34", "1.23,4").
std::optional<double> parse_grouped_number(std::string_view text);

// Reads a whole field as a 64-bit integer: "12", "-3", "+5", and also a whole number written as a
// decimal ("2.0", "1e3"). Returns nothing for a fraction ("1.5"), text, blanks, non-finite values
// ("inf", "nan", "1e999") and anything outside [-2^63, 2^63), which would not survive a cast.
// Only ASCII digits count ("٣" is refused), as in parse_number.
std::optional<std::int64_t> parse_int64(std::string_view text);

// The integer a double holds, if it is whole and inside [-2^63, 2^63); nothing otherwise (NaN,
// infinities, fractions, 1e19). Every double-to-integer conversion of user data goes through here:
// a plain static_cast outside that range is undefined behaviour (and gives -2^63 on x86-64).
std::optional<std::int64_t> to_int64(double value);

// User text made safe to echo in a message, in single quotes: control characters and invalid
// UTF-8 are shown escaped ("\t", "\r", "\n", "\x1b", "\xNN" for a byte that is not UTF-8,
// "\u{202e}" for C1 controls, bidirectional overrides, the byte-order mark and other invisible
// format characters), so a value cannot move the cursor, retitle or clear the user's terminal or
// reorder the text around it. Text longer than `max_chars` code points is cut with "…" and its
// full length given: "'abc…' (52428800 characters)". A quote inside is not escaped (the message
// stays readable; the length and the escapes already make it unambiguous enough).
std::string quote_for_message(std::string_view text, std::size_t max_chars = 60);

// Strips spaces and tabs at both ends.
std::string_view trim(std::string_view text);

// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view text);

// Case-insensitive ASCII comparison.
bool equals_ignore_case(std::string_view a, std::string_view b);
// A-Z to a-z; other bytes (UTF-8 letters) as they are.
std::string lowercase_ascii(std::string_view text);

// Shortest text that reads back to the same double ("44.209999084472656", "3", "0.5").
std::string format_number(double value);

// SQL identifier quoting for names that passed is_identifier (never user text in general).
std::string quote_identifier(std::string_view name);

// Is `text` a valid calendar date written YYYY-MM-DD?
bool is_iso_date(std::string_view text);

}  // namespace ankieta::survey
