// Numeric command-line options with their range: one place that turns the text of `--wave`,
// `--n`, `--ci-level`... into a number, so that no option silently wraps ("-1" read as 2^64 - 1),
// truncates or accepts NaN. A value outside the range is a usage error (exit 2) naming the option
// and the range: "--wave must be a whole number from 1 to 9223372036854775807; got '1e19'".
#pragma once

#include <cstdint>
#include <limits>

#include "cli.hpp"

namespace ankieta::cli {

// A whole number in [min, max] ("12", "+5", "1e3"; not "1.5", "nan", "0x10" or one out of range).
po::typed_value<std::int64_t>* whole_number(std::int64_t min, std::int64_t max = std::numeric_limits<std::int64_t>::max());
po::typed_value<std::uint64_t>* unsigned_number(std::uint64_t min, std::uint64_t max = std::numeric_limits<std::uint64_t>::max());
po::typed_value<int>* int_number(int min, int max = std::numeric_limits<int>::max());

// A finite number between `low` and `high`; each bound included unless it is marked open.
enum class Bound { closed, open };
po::typed_value<double>* real_number(double low, Bound low_bound, double high, Bound high_bound);

}  // namespace ankieta::cli
