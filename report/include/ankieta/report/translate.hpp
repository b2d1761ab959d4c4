// Fixed texts of every output in the output's language (translations.cpp holds the catalogue).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::report {

// `english` in `language`: itself in English, the catalogue's Polish, or itself when the catalogue
// has no entry (the --lang pl scan test reports those). Texts with "{}" are fmt format strings.
const char* word(survey::Language language, const char* english);

// Polish plural forms after a number: one (1 wiersz), few (2–4, 22–24, not 12–14: 3 wiersze),
// many (0, 5–21, 25, ...: 5 wierszy).
enum class PluralForm { one, few, many };
PluralForm polish_plural(std::int64_t n);

// "N noun" with the noun agreeing with N: count_of(pl, 3, "rows", "row") == "3 wiersze",
// count_of(en, 1, "rows", "row") == "1 row". Nouns the catalogue lacks stay English.
std::string count_of(survey::Language language, std::int64_t n, std::string_view english_plural, std::string_view english_singular);

}  // namespace ankieta::report
