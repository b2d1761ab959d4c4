#include "option_values.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "ankieta/survey/text_util.hpp"

namespace ankieta::cli {
namespace {

// A typed_value whose parsing is ours. Boost's own (lexical_cast) wraps negative text for unsigned
// types and says only "is invalid"; the error thrown here gets the option's name from Boost
// (%canonical_option%) and becomes a usage error in parse_arguments.
template <class T>
class Ranged : public po::typed_value<T> {
 public:
  using Parse = std::optional<T> (*)(const std::string&);
  Ranged(Parse parse, T min, T max, std::string expected)
      : po::typed_value<T>(nullptr), parse_(parse), min_(min), max_(max), expected_(std::move(expected)) {}

  void xparse(boost::any& value_store, const std::vector<std::string>& tokens) const override {
    if (!value_store.empty()) throw po::multiple_occurrences();
    const std::string token = tokens.empty() ? std::string() : tokens.front();
    std::optional<T> value = parse_(token);
    if (!value || !(*value >= min_ && *value <= max_))
      throw po::error_with_option_name(fmt::format("%canonical_option% must be {}; got {}", expected_, survey::quote_for_message(token)));
    value_store = *value;
  }

 private:
  Parse parse_;
  T min_, max_;
  std::string expected_;
};

std::optional<std::int64_t> read_int64(const std::string& text) { return survey::parse_int64(text); }

std::optional<int> read_int(const std::string& text) {
  auto value = survey::parse_int64(text);
  if (!value || *value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(*value);
}

std::optional<std::uint64_t> read_uint64(const std::string& text) {
  std::string_view digits = survey::trim(text);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc() && end == digits.data() + digits.size() && !digits.empty()) return value;
  auto whole = survey::parse_int64(text);  // "1e3"; a negative value is refused by the range
  if (!whole || *whole < 0) return std::nullopt;
  return static_cast<std::uint64_t>(*whole);
}

std::optional<double> read_real(const std::string& text) { return survey::parse_number(text); }

template <class T>
std::string whole_range(T min, T max) {
  if (max == std::numeric_limits<T>::max()) return fmt::format("a whole number of at least {}", min);
  return fmt::format("a whole number from {} to {}", min, max);
}

}  // namespace

po::typed_value<std::int64_t>* whole_number(std::int64_t min, std::int64_t max) {
  return new Ranged<std::int64_t>(read_int64, min, max, whole_range(min, max));
}

po::typed_value<std::uint64_t>* unsigned_number(std::uint64_t min, std::uint64_t max) {
  return new Ranged<std::uint64_t>(read_uint64, min, max, whole_range(min, max));
}

po::typed_value<int>* int_number(int min, int max) { return new Ranged<int>(read_int, min, max, whole_range(min, max)); }

po::typed_value<double>* real_number(double low, Bound low_bound, double high, Bound high_bound) {
  // The closed test is done by Ranged; an open bound moves to the next representable double.
  const double min = low_bound == Bound::open ? std::nextafter(low, high) : low;
  const double max = high_bound == Bound::open ? std::nextafter(high, low) : high;
  std::string expected;
  if (std::isinf(high))
    expected = fmt::format("a number {} {}", low_bound == Bound::open ? "above" : "of at least", survey::format_number(low));
  else
    expected = fmt::format("a number {} {} and {}{}", low_bound == Bound::open && high_bound == Bound::open ? "strictly between" : "between",
                           survey::format_number(low), survey::format_number(high),
                           low_bound != high_bound ? (low_bound == Bound::open ? " (above the first, at most the second)" : " (at least the first, below the second)") : "");
  return new Ranged<double>(read_real, min, max, expected);
}

}  // namespace ankieta::cli
