// The simulator writes one row at a time into a reusable buffer: design values come from a plan
// made up front (allocation, N_h, weights), answers are drawn question by question in definition
// order so that each filter sees the answers before it, exactly as the importer will check them.
//
// Every random draw goes through our own xoshiro256** and our own distributions (and our own
// exp/log), built from IEEE-exact operations only, so that a seed gives the same file with any
// compiler and standard library.
#include "ankieta/survey/simulator.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/text_util.hpp"
#include "previous_wave.hpp"

namespace ankieta::survey {
namespace {

// ---------------------------------------------------------------------------------------------
// Random numbers

// splitmix64 (Steele, Lea & Flood 2014): expands a seed into xoshiro's state.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a: question parameters are seeded from the question id, not from the run's seed, so that
// every seed samples the same synthetic population.
std::uint64_t hash_text(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// xoshiro256** 1.0 (Blackman & Vigna 2018).
class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (auto& word : state_) word = splitmix64(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // [0, bound); the modulo bias is below bound / 2^64, far under anything visible.
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
  std::size_t index(std::size_t count) { return static_cast<std::size_t>(below(count)); }
  bool chance(double probability) { return uniform() < probability; }
  // Approximately standard normal: the sum of four uniforms (Irwin–Hall), centred and scaled to
  // variance 1. Bounded at ±3.46, which suits synthetic answers better than rare extremes.
  double normal() {
    double sum = uniform() + uniform() + uniform() + uniform();
    return (sum - 2.0) * 1.7320508075688772;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

// A logistic-like curve from the real line to (0, 1) without exp(): 0.5 + 0.5 t / (1 + |t|).
double squash(double t) { return 0.5 + 0.5 * t / (1.0 + std::fabs(t)); }

// e^x by range reduction to |r| <= ln2/2 and a Taylor polynomial of degree 13 (relative error
// ~1e-16), evaluated by Horner's rule. libm's exp may differ in the last bit between platforms,
// which could move a rounded answer.
constexpr double inverse_factorial(int n) {
  double value = 1;
  for (int k = 2; k <= n; ++k) value /= k;
  return value;
}

double portable_exp(double x) {
  static constexpr int kDegree = 13;
  static constexpr auto kCoefficients = [] {
    std::array<double, kDegree + 1> coefficients{};
    for (int n = 0; n <= kDegree; ++n) coefficients[static_cast<std::size_t>(n)] = inverse_factorial(n);
    return coefficients;
  }();
  x = std::clamp(x, -700.0, 700.0);
  const double k = std::floor(x * 1.4426950408889634 + 0.5);
  const double r = x - k * 0.6931471805599453;
  double sum = kCoefficients[kDegree];
  for (int n = kDegree - 1; n >= 0; --n) sum = sum * r + kCoefficients[static_cast<std::size_t>(n)];
  return std::ldexp(sum, static_cast<int>(k));
}

// ln x for x > 0: x = m·2^e with m in [√½, √2), ln m = 2 atanh((m-1)/(m+1)) by its series.
double portable_log(double x) {
  int exponent = 0;
  double mantissa = std::frexp(x, &exponent);  // [0.5, 1)
  if (mantissa < 0.7071067811865476) {
    mantissa *= 2;
    --exponent;
  }
  const double s = (mantissa - 1) / (mantissa + 1);
  const double s2 = s * s;
  double power = s, sum = 0;
  for (int n = 1; n <= 41; n += 2) {
    sum += power / n;
    power *= s2;
  }
  return 2 * sum + exponent * 0.6931471805599453;
}

// ---------------------------------------------------------------------------------------------
// Writing fields

bool needs_quotes(std::string_view field, char delimiter) {
  for (char c : field)
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

void append_field(std::string& out, std::string_view field, char delimiter) {
  if (!needs_quotes(field, delimiter)) {
    out.append(field);
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string quoted(std::string_view field, char delimiter) {
  std::string text;
  append_field(text, field, delimiter);
  return text;
}

void append_integer(std::string& out, std::int64_t value, int width = 0) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  for (auto length = result.ptr - buffer; length < width; ++length) out += '0';
  out.append(buffer, result.ptr);
}

// A number rounded to `digits` decimals, without trailing zeros ("12.5", "3").
void append_decimal(std::string& out, double value, int digits) {
  if (value == 0) value = 0;  // no "-0"
  char buffer[400];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, digits);
  char* end = result.ptr;
  if (digits > 0) {
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
  }
  out.append(buffer, end);
}

// The shortest decimal that reads back as the same double ("2.995169082125604"), never in
// exponent form.
void append_exact(std::string& out, double value) {
  if (value == 0) value = 0;
  char buffer[400];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  out.append(buffer, result.ptr);
}

std::string exact_text(double value) {
  std::string text;
  append_exact(text, value);
  return text;
}

std::string range_text(const Question& question) {
  if (question.min && question.max) return fmt::format("from {} to {}", exact_text(*question.min), exact_text(*question.max));
  if (question.min) return fmt::format("of at least {}", exact_text(*question.min));
  if (question.max) return fmt::format("of at most {}", exact_text(*question.max));
  return "of any size";
}

bool fits(const Question& question, double value) {
  if (question.integer && value != std::floor(value)) return false;
  if (question.min && value < *question.min) return false;
  if (question.max && value > *question.max) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Texts

// A value as written in the CSV (already quoted for the delimiter) and as a filter sees it.
struct Value {
  std::string written;
  CellValue cell;
};

// The cell a categorical code gives, as the importer stores it: text codes as text, else numbers.
Value code_value(const Variable& variable, const Code& code, char delimiter) {
  Value value;
  value.written = quoted(code.text, delimiter);
  if (variable.storage == StorageType::text || !code.number)
    value.cell = std::string_view(code.text);
  else
    value.cell = *code.number;
  return value;
}

Value number_value(double number) { return Value{exact_text(number), number}; }

constexpr std::string_view kComments[] = {
    "brak uwag",
    "wywiad przebiegł sprawnie",
    "respondent prosi o przesłanie wyników badania",
    "respondent zainteresowany dalszą współpracą",
    "wywiad dokończony telefonicznie",
    "respondent miał mało czasu",
    "odpowiedzi udzielił właściciel firmy",
    "odpowiedzi udzieliła osoba z działu kadr",
    "prośba o kontakt w sprawie szkoleń",
    "trudno było umówić termin wywiadu",
    "firma w trakcie reorganizacji",
    "respondent nie zna części danych finansowych",
    "duże zainteresowanie tematem współpracy w regionie",
    "sceptyczne podejście do współpracy z innymi firmami",
    "wywiad przełożony; respondent chory",
    "firma rozważa zakup nowych maszyn",
    "główny problem to brak wykwalifikowanych pracowników",
    "respondent poprosił o kopię kwestionariusza",
};

struct FirstName {
  std::string_view text, ascii;
};
constexpr FirstName kMaleNames[] = {
    {"Jan", "jan"},       {"Piotr", "piotr"},     {"Krzysztof", "krzysztof"}, {"Andrzej", "andrzej"},
    {"Tomasz", "tomasz"}, {"Paweł", "pawel"},     {"Marcin", "marcin"},       {"Michał", "michal"},
    {"Grzegorz", "grzegorz"}, {"Łukasz", "lukasz"}, {"Adam", "adam"},         {"Wojciech", "wojciech"},
    {"Marek", "marek"},   {"Jarosław", "jaroslaw"}, {"Dariusz", "dariusz"},   {"Zbigniew", "zbigniew"},
};
constexpr FirstName kFemaleNames[] = {
    {"Anna", "anna"},         {"Katarzyna", "katarzyna"}, {"Małgorzata", "malgorzata"}, {"Agnieszka", "agnieszka"},
    {"Barbara", "barbara"},   {"Ewa", "ewa"},             {"Magdalena", "magdalena"},   {"Joanna", "joanna"},
    {"Monika", "monika"},     {"Elżbieta", "elzbieta"},   {"Beata", "beata"},           {"Dorota", "dorota"},
};
struct Surname {
  std::string_view male, female, male_ascii, female_ascii;
};
constexpr Surname kSurnames[] = {
    {"Kowalski", "Kowalska", "kowalski", "kowalska"},         {"Nowak", "Nowak", "nowak", "nowak"},
    {"Wiśniewski", "Wiśniewska", "wisniewski", "wisniewska"}, {"Wójcik", "Wójcik", "wojcik", "wojcik"},
    {"Kamiński", "Kamińska", "kaminski", "kaminska"},         {"Lewandowski", "Lewandowska", "lewandowski", "lewandowska"},
    {"Zieliński", "Zielińska", "zielinski", "zielinska"},     {"Szymański", "Szymańska", "szymanski", "szymanska"},
    {"Dąbrowski", "Dąbrowska", "dabrowski", "dabrowska"},     {"Kozłowski", "Kozłowska", "kozlowski", "kozlowska"},
    {"Mazur", "Mazur", "mazur", "mazur"},                     {"Krawczyk", "Krawczyk", "krawczyk", "krawczyk"},
    {"Sadowski", "Sadowska", "sadowski", "sadowska"},         {"Olszewski", "Olszewska", "olszewski", "olszewska"},
    {"Wasilewski", "Wasilewska", "wasilewski", "wasilewska"}, {"Ostrowski", "Ostrowska", "ostrowski", "ostrowska"},
    {"Sokołowski", "Sokołowska", "sokolowski", "sokolowska"}, {"Zalewski", "Zalewska", "zalewski", "zalewska"},
};
struct Position {
  std::string_view male, female;
};
constexpr Position kPositions[] = {
    {"właściciel", "właścicielka"},
    {"prezes zarządu", "prezes zarządu"},
    {"kierownik produkcji", "kierowniczka produkcji"},
    {"dyrektor handlowy", "dyrektorka handlowa"},
    {"specjalista ds. jakości", "specjalistka ds. jakości"},
    {"główny księgowy", "główna księgowa"},
};

template <typename T, std::size_t N>
const T& pick(const T (&list)[N], Random& random) {
  return list[random.index(N)];
}

// Weekdays of a fixed fieldwork period, without Polish public holidays; fixed so that the output
// does not depend on the day it is made.
std::vector<std::string> fieldwork_days() {
  // days_from_civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
  auto days_from_civil = [](int year, int month, int day) {
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int year_of_era = year - era * 400;
    const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
  };
  const std::string_view holidays[] = {"2025-04-21", "2025-05-01", "2025-05-03", "2025-06-19"};
  std::vector<std::string> days;
  for (int month = 3; month <= 6; ++month) {
    for (int day = 1; day <= 31; ++day) {
      if (day == 31 && (month == 4 || month == 6)) continue;
      if (month == 3 && day < 3) continue;
      if (month == 6 && day > 27) continue;
      int weekday = (days_from_civil(2025, month, day) + 4) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
      if (weekday == 0 || weekday == 6) continue;
      std::string date = fmt::format("2025-{:02}-{:02}", month, day);
      if (std::find(std::begin(holidays), std::end(holidays), date) != std::end(holidays)) continue;
      days.push_back(std::move(date));
    }
  }
  return days;
}

// ---------------------------------------------------------------------------------------------
// Allocation

// Proportional allocation of `rows` over strata of the given sizes, each within [lower, upper]:
// x_h = clamp(λ·size_h, lower_h, upper_h) with λ found by bisection (the sum grows with λ), then
// whole numbers by largest remainders (ties to the earlier stratum). The caller checks that
// sum(lower) <= rows <= sum(upper).
std::vector<std::int64_t> allocate(std::int64_t rows, const std::vector<double>& sizes,
                                   const std::vector<std::int64_t>& lower, const std::vector<std::int64_t>& upper) {
  const std::size_t count = sizes.size();
  auto share = [&](double lambda, std::size_t stratum_idx) {
    return std::clamp(lambda * sizes[stratum_idx], static_cast<double>(lower[stratum_idx]), static_cast<double>(upper[stratum_idx]));
  };
  double low = 0, high = 0;
  for (std::size_t stratum_idx = 0; stratum_idx < count; ++stratum_idx)
    high = std::max(high, static_cast<double>(upper[stratum_idx]) / sizes[stratum_idx]);
  for (int iteration = 0; iteration < 200; ++iteration) {
    double middle = 0.5 * (low + high);
    double total = 0;
    for (std::size_t stratum_idx = 0; stratum_idx < count; ++stratum_idx) total += share(middle, stratum_idx);
    if (total < static_cast<double>(rows)) low = middle;
    else high = middle;
  }
  std::vector<double> exact(count);
  std::vector<std::int64_t> allocation(count);
  std::int64_t allocated = 0;
  for (std::size_t stratum_idx = 0; stratum_idx < count; ++stratum_idx) {
    exact[stratum_idx] = share(high, stratum_idx);
    // A share a hair below a whole number (from the bisection) counts as that number.
    allocation[stratum_idx] = std::clamp(static_cast<std::int64_t>(std::floor(exact[stratum_idx] + 1e-9)), lower[stratum_idx], upper[stratum_idx]);
    allocated += allocation[stratum_idx];
  }
  while (allocated != rows) {
    const bool add = allocated < rows;
    std::size_t best = count;
    double best_remainder = 0;
    for (std::size_t stratum_idx = 0; stratum_idx < count; ++stratum_idx) {
      if (add ? allocation[stratum_idx] >= upper[stratum_idx] : allocation[stratum_idx] <= lower[stratum_idx]) continue;
      double remainder = exact[stratum_idx] - static_cast<double>(allocation[stratum_idx]);
      if (best == count || (add ? remainder > best_remainder : remainder < best_remainder)) {
        best = stratum_idx;
        best_remainder = remainder;
      }
    }
    allocation[best] += add ? 1 : -1;
    allocated += add ? 1 : -1;
  }
  return allocation;
}

// Draws strata without replacement from the remaining counts, so that the rows of all strata
// come out in a uniformly random interleaving without holding a row list (a Fenwick tree).
class StratumPicker {
 public:
  explicit StratumPicker(const std::vector<std::int64_t>& counts) : tree_(counts.size() + 1, 0) {
    for (std::size_t stratum_idx = 0; stratum_idx < counts.size(); ++stratum_idx) add(stratum_idx, counts[stratum_idx]);
    while (top_ * 2 < tree_.size()) top_ *= 2;
  }

  std::size_t take(Random& random) {
    auto target = static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(remaining_)));
    std::size_t position = 0;
    for (std::size_t step = top_; step > 0; step >>= 1) {
      if (position + step < tree_.size() && tree_[position + step] <= target) {
        position += step;
        target -= tree_[position];
      }
    }
    add(position, -1);
    return position;
  }

 private:
  void add(std::size_t stratum_idx, std::int64_t delta) {
    remaining_ += delta;
    for (std::size_t node = stratum_idx + 1; node < tree_.size(); node += node & (~node + 1)) tree_[node] += delta;
  }
  std::vector<std::int64_t> tree_;
  std::size_t top_ = 1;
  std::int64_t remaining_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The plan

enum class Generator {
  design,          // a design variable: stratum, cluster, weight or fpc
  size_number,     // the employment-like question: log-linear in the latent firm size
  count_number,    // counts and amounts from 0 or 1 over a wide range: log-normal
  age_number,      // years (by id: year/age/lat/wiek/staz): log-normal around 12, a little older for larger firms
  bounded_number,  // anything else numeric: spread over its range
  yes_no,          // two options: the first more likely for larger firms
  choice,          // single choice: fixed option weights
  scale,           // ordered options: latent size and mood
  grid,            // a scale per item with a shared attitude
  multi,           // independent ticks, at least one
  comment,         // open text
  contact,         // pii text: a fake name and e-mail address
  date,
};

enum class DesignRole { stratum, cluster, weight, fpc };

struct QuestionPlan {
  const Question* question = nullptr;
  std::size_t first_variable = 0;
  std::size_t variable_count = 0;
  Generator generator = Generator::bounded_number;
  double missing_rate = 0;
  double blank_rate = 0;
  double offset = 0;                 // question-level shift on the latent scale
  std::vector<double> part_offsets;  // grid items, multi options
  std::vector<std::uint8_t> exclusive;  // multi: "none of these"-like options, chosen only alone
  std::vector<double> cumulative;    // choice: cumulative option weights
  // Categorical: a Value per entry of Variable::values (options, then missing codes); multi: 0, 1,
  // missing codes. Numeric, text and date: the missing codes.
  std::vector<Value> values;
  std::size_t option_count = 0;      // values[option_count..] are missing codes
  std::vector<std::string> raw_codes;  // delimited multi: option codes, then missing codes, unquoted
  bool quote_delimited = false;        // a delimited multi field may need quotes
  // numeric
  double low = 0, high = 0;
  double log_scale = 0;
  int digits = 0;
  // design
  DesignRole role = DesignRole::stratum;
  std::size_t stage = 0;  // stratum variable index, cluster stage or fpc stage
};

struct StratumVariable {
  std::size_t variable_idx = 0;
  std::vector<Value> levels;
  std::vector<double> level_numbers;  // numeric variables: the number of each level
  std::vector<double> level_rank;     // position in [0, 1] for the latent size
};

struct Split {
  std::int64_t rows = 0;   // rows of the parent unit (or stratum)
  std::int64_t count = 1;  // units it is divided into
  std::int64_t opened = 0;
};

struct Unit {
  std::int64_t id = 0;
  std::int64_t rows_left = 0;
  Split children;  // how this unit's rows divide among the next stage's units
};

struct Stratum {
  std::vector<std::size_t> levels;  // per stratum variable
  std::int64_t population = 0;
  std::int64_t sample = 0;
  Value fpc, weight;
  double size_anchor = -0.6;
  double size_spread = 0.9;
  double cluster_size = 12;  // target respondents per final-stage cluster
  Split psus;
  std::vector<Unit> units;  // current unit per stage
  std::int64_t line = 0;    // frame line, for messages
};

struct ClusterVariable {
  enum class Kind { number, text, code } kind = Kind::number;
  std::size_t variable_idx = 0;
  double base = 1;
  std::optional<double> max;
  std::vector<Value> codes;  // Kind::code
  std::int64_t counter = 0;
  Value current;
};

constexpr double kMissingRate = 0.03;
// A panel wave's population changes (write_simulated_csv): per wave, of the previous population.
constexpr double kDeathRate = 0.05;
constexpr double kBirthRate = 0.06;
constexpr double kMoveRate = 0.06;
constexpr double kMoodShiftPerWave = 0.15;

// One row of a panel wave, planned before any is written.
struct PlannedRow {
  std::size_t stratum = 0;
  std::string id;
  std::optional<double> size;  // the latent size of a returning firm that stayed in its size class
};
constexpr double kBlankRate = 0.015;
constexpr std::size_t kFlushSize = 1 << 20;

bool contains_any(std::string_view text, std::initializer_list<std::string_view> words) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto word : words)
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

// Does an identifier hold one of the words between its underscores ("q03_years")?
bool has_word(std::string_view id, std::initializer_list<std::string_view> words) {
  std::string lower(id);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t start = 0;
  while (start <= lower.size()) {
    std::size_t end = std::min(lower.find('_', start), lower.size());
    std::string_view word = std::string_view(lower).substr(start, end - start);
    for (auto wanted : words)
      if (word == wanted) return true;
    start = end + 1;
  }
  return false;
}

// An option that rules out the others ("none of these", "no significant barriers", "the firm
// does no promotion"), recognised from its label.
bool is_exclusive(const Option& option) {
  std::string english(option.label.en);
  for (char& c : english) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view start : {"none", "no ", "nothing", "not applicable"})
    if (english.rfind(start, 0) == 0) return true;
  if (english.find("does no ") != std::string::npos || english.find("does not ") != std::string::npos) return true;
  return contains_any(option.label.pl, {"żadn", "nie dotyczy"});
}

class Simulator {
 public:
  Simulator(const Questionnaire& questionnaire, const SimulateOptions& options)
      : q_(questionnaire), options_(options), random_(options.seed), days_(fieldwork_days()) {
    if (options.rows < 1) throw usage_error(fmt::format("cannot simulate {} rows; expected at least 1", options.rows));
    const char delimiter = options.delimiter;
    if (delimiter != ',' && delimiter != ';' && delimiter != '\t' && delimiter != '|')
      throw usage_error(fmt::format("unsupported delimiter '{}'; expected ',', ';', tab or '|'", delimiter));
    cells_.resize(q_.stored_variable_count());
    text_buffers_.resize(q_.stored_variable_count());
    if (options.wave < 1) throw usage_error(fmt::format("cannot simulate wave {}; waves are numbered from 1", options.wave));
    find_design_roles();
    plan_questions();
    plan_strata();
    plan_clusters();
    if (!options.follow_path.empty()) plan_next_wave();
  }

  SimulationSummary run(std::FILE* file) {
    file_ = file;
    out_.reserve(kFlushSize + 64 * 1024);
    write_header();
    StratumPicker picker(sample_sizes());
    const RowAccessor row = [this](int slot) { return cells_[static_cast<std::size_t>(slot)]; };
    const int id_width = std::max(7, static_cast<int>(std::to_string(options_.rows).size()));
    for (std::int64_t row_idx = 0; row_idx < options_.rows; ++row_idx) {
      const PlannedRow* planned = planned_rows_.empty() ? nullptr : &planned_rows_[static_cast<std::size_t>(row_idx)];
      Stratum& stratum = strata_[planned ? planned->stratum : picker.take(random_)];
      current_ = &stratum;
      next_clusters(stratum);
      size_ = planned && planned->size ? *planned->size + 0.1 * random_.normal() : stratum.size_anchor + stratum.size_spread * random_.normal();
      mood_ = random_.normal() + kMoodShiftPerWave * static_cast<double>(options_.wave - 1);
      if (planned) {
        append_field(out_, planned->id, options_.delimiter);
      } else {
        out_ += 'F';
        append_integer(out_, row_idx + 1, id_width);
      }
      if (!q_.wave_column.empty()) {
        out_ += options_.delimiter;
        append_integer(out_, options_.wave);
      }
      for (const QuestionPlan& plan : plans_) {
        const Question& question = *plan.question;
        if (!question.asked_in_wave(options_.wave)) {  // no column: the wave does not ask it
          for (std::size_t part = 0; part < plan.variable_count; ++part) cells_[plan.first_variable + part] = std::monostate{};
          continue;
        }
        if (question.ask_if_expression && question.ask_if_expression->evaluate(row) != Truth::true_)
          write_blank(plan);
        else
          write_answer(plan);
      }
      out_ += '\n';
      if (out_.size() >= kFlushSize) flush();
    }
    flush();
    if (std::fflush(file_) != 0) throw write_error();
    return summary();
  }

 private:
  // -------------------------------------------------------------------------------------------
  // Planning

  void find_design_roles() {
    auto role_of = [&](const std::string& name, DesignRole role, std::size_t stage) {
      int variable_idx = q_.variable_index(name);
      if (variable_idx < 0) throw data_error(fmt::format("the design names unknown variable '{}'", name));
      const Variable& variable = q_.variables[static_cast<std::size_t>(variable_idx)];
      const Question& question = q_.questions[variable.question_index];
      if (question.type == QuestionType::multi || question.type == QuestionType::grid)
        throw data_error(fmt::format("design variable '{}' is part of the {} question '{}'; the simulator needs a question of its own",
                                     name, to_string(question.type), question.id));
      design_roles_[variable.question_index] = {role, stage};
      return static_cast<std::size_t>(variable_idx);
    };
    for (std::size_t stage = 0; stage < q_.design.strata.size(); ++stage)
      strata_variables_.push_back({role_of(q_.design.strata[stage], DesignRole::stratum, stage), {}, {}, {}});
    for (std::size_t stage = 0; stage < q_.design.clusters.size(); ++stage) {
      ClusterVariable cluster;
      cluster.variable_idx = role_of(q_.design.clusters[stage], DesignRole::cluster, stage);
      clusters_.push_back(std::move(cluster));
    }
    if (!q_.design.weight.empty()) weight_variable_ = role_of(q_.design.weight, DesignRole::weight, 0);
    for (std::size_t stage = 0; stage < q_.design.fpc.size(); ++stage)
      fpc_variables_.push_back(role_of(q_.design.fpc[stage], DesignRole::fpc, stage));
  }

  void plan_questions() {
    std::size_t variable_idx = 0;
    bool size_question_found = false;
    for (std::size_t question_idx = 0; question_idx < q_.stored_question_count(); ++question_idx) {
      const Question& question = q_.questions[question_idx];
      QuestionPlan plan;
      plan.question = &question;
      plan.first_variable = variable_idx;
      while (variable_idx < q_.stored_variable_count() && q_.variables[variable_idx].question_index == question_idx) ++variable_idx;
      plan.variable_count = variable_idx - plan.first_variable;
      Random parameters(hash_text(question.id));
      plan.offset = parameters.uniform(-0.5, 0.5);
      plan.missing_rate = question.missing.empty() ? 0 : kMissingRate;
      plan.blank_rate = kBlankRate;
      const Variable& first = q_.variables[plan.first_variable];
      auto role = design_roles_.find(question_idx);
      if (role != design_roles_.end()) {
        plan.generator = Generator::design;
        plan.role = role->second.first;
        plan.stage = role->second.second;
        plan.missing_rate = plan.blank_rate = 0;
        plans_.push_back(std::move(plan));
        continue;
      }
      switch (question.type) {
        case QuestionType::numeric: {
          for (const auto& missing : question.missing)
            plan.values.push_back({quoted(missing.code.text, options_.delimiter), *missing.code.number});
          plan_numeric(plan, question, parameters, size_question_found);
          break;
        }
        case QuestionType::single:
        case QuestionType::scale:
        case QuestionType::grid: {
          for (const auto& value : first.values) plan.values.push_back(code_value(first, value.code, options_.delimiter));
          plan.option_count = first.first_missing_value;
          if (question.type == QuestionType::grid) {
            plan.generator = Generator::grid;
            plan.offset = parameters.uniform(-0.2, 0.6);
            for (std::size_t item_idx = 0; item_idx < question.items.size(); ++item_idx) plan.part_offsets.push_back(parameters.uniform(-0.6, 0.6));
          } else if (question.type == QuestionType::scale) {
            plan.generator = Generator::scale;
            plan.offset = parameters.uniform(-0.2, 0.6);
          } else if (plan.option_count == 2) {
            plan.generator = Generator::yes_no;
          } else {
            plan.generator = Generator::choice;
            double total = 0;
            for (std::size_t option_idx = 0; option_idx < plan.option_count; ++option_idx) {
              total += 0.15 + parameters.uniform();
              plan.cumulative.push_back(total);
            }
          }
          break;
        }
        case QuestionType::multi: {
          plan.generator = Generator::multi;
          for (const auto& value : first.values) plan.values.push_back(code_value(first, value.code, options_.delimiter));
          plan.option_count = 2;
          for (std::size_t option_idx = 0; option_idx < question.options.size(); ++option_idx) {
            plan.part_offsets.push_back(parameters.uniform(-1.4, 0.4));
            plan.exclusive.push_back(is_exclusive(question.options[option_idx]) ? 1 : 0);
          }
          if (question.multi_input == MultiInput::delimited) {
            for (const auto& option : question.options) plan.raw_codes.push_back(option.code.text);
            for (const auto& missing : question.missing) plan.raw_codes.push_back(missing.code.text);
            for (const auto& code : plan.raw_codes) plan.quote_delimited |= needs_quotes(code, options_.delimiter);
            plan.quote_delimited |= needs_quotes(question.separator, options_.delimiter);
          }
          break;
        }
        case QuestionType::text:
          for (const auto& missing : question.missing) plan.values.push_back({quoted(missing.code.text, options_.delimiter), std::string_view(missing.code.text)});
          plan.generator = question.pii ? Generator::contact : Generator::comment;
          plan.blank_rate = question.pii ? 0.08 : 0.55;
          break;
        case QuestionType::date:
          for (const auto& missing : question.missing) plan.values.push_back({quoted(missing.code.text, options_.delimiter), std::string_view(missing.code.text)});
          plan.generator = Generator::date;
          plan.blank_rate = 0.01;
          break;
      }
      plans_.push_back(std::move(plan));
    }
  }

  void plan_numeric(QuestionPlan& plan, const Question& question, Random& parameters, bool& size_question_found) {
    double low = question.min ? *question.min : question.max ? std::min(0.0, *question.max - 100) : 0;
    double high = question.max ? *question.max : low + 1000;
    if (question.integer) {
      low = std::ceil(low);
      high = std::floor(high);
    }
    plan.low = low;
    plan.high = high;
    const double range = high - low;
    plan.digits = range >= 10 ? 1 : range >= 1 ? 2 : 3;
    const bool employment = contains_any(question.id, {"employ", "zatrudn", "staff", "headcount", "workers", "pracownik"});
    if (employment && !size_question_found) {
      size_question_found = true;
      plan.generator = Generator::size_number;
    } else if (low >= 0 && range > 30 && has_word(question.id, {"year", "years", "age", "lat", "wiek", "staz", "staż"})) {
      plan.generator = Generator::age_number;
      plan.log_scale = portable_log(std::min(12.0, range / 3)) + parameters.uniform(-0.2, 0.2);
    } else if (low >= 0 && low <= 1 && range > 100) {
      plan.generator = Generator::count_number;
      plan.log_scale = 0.3 * portable_log(range + 1) + parameters.uniform(-0.3, 0.3);
    } else {
      plan.generator = Generator::bounded_number;
      plan.offset = parameters.uniform(-0.4, 0.8);
    }
  }

  // Levels of a stratum variable when there is no frame: its options, or three values.
  void default_levels(StratumVariable& stratum_variable) {
    const Variable& variable = q_.variables[stratum_variable.variable_idx];
    const Question& question = q_.questions[variable.question_index];
    if (variable.kind == VariableKind::categorical) {
      for (std::size_t value_idx = 0; value_idx < variable.first_missing_value; ++value_idx)
        stratum_variable.levels.push_back(code_value(variable, variable.values[value_idx].code, options_.delimiter));
    } else if (variable.kind == VariableKind::numeric) {
      double low = question.min ? std::ceil(*question.min) : 1;
      for (double number = low; number < low + 3 && fits(question, number); ++number) {
        stratum_variable.levels.push_back(number_value(number));
        stratum_variable.level_numbers.push_back(number);
      }
      if (stratum_variable.levels.empty()) {
        double only = question.min ? *question.min : *question.max;
        stratum_variable.levels.push_back(number_value(only));
        stratum_variable.level_numbers.push_back(only);
      }
    } else {
      for (std::string_view name : {"A", "B", "C"}) {
        level_texts_.emplace_back(name);
        stratum_variable.levels.push_back({quoted(name, options_.delimiter), std::string_view(level_texts_.back())});
      }
    }
  }

  void rank_levels(StratumVariable& stratum_variable) {
    const std::size_t count = stratum_variable.levels.size();
    std::vector<std::size_t> order(count);
    for (std::size_t level_idx = 0; level_idx < count; ++level_idx) order[level_idx] = level_idx;
    if (!stratum_variable.level_numbers.empty())
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return stratum_variable.level_numbers[a] < stratum_variable.level_numbers[b];
      });
    stratum_variable.level_rank.assign(count, 0.5);
    for (std::size_t rank = 0; rank < count && count > 1; ++rank)
      stratum_variable.level_rank[order[rank]] = static_cast<double>(rank) / static_cast<double>(count - 1);
  }

  std::string stratum_label(const Stratum& stratum) const {
    std::string label;
    for (std::size_t stage = 0; stage < strata_variables_.size(); ++stage) {
      if (!label.empty()) label += ", ";
      const StratumVariable& stratum_variable = strata_variables_[stage];
      const Value& level = stratum_variable.levels[stratum.levels[stage]];
      label += q_.variables[stratum_variable.variable_idx].name + "=" + level_text(level);
    }
    return label.empty() ? "(the whole sample)" : label;
  }

  static std::string level_text(const Value& level) {
    if (const auto* text = std::get_if<std::string_view>(&level.cell)) return std::string(*text);
    return exact_text(std::get<double>(level.cell));
  }

  void plan_strata() {
    const bool has_frame = !options_.frame_path.empty();
    if (has_frame && strata_variables_.empty())
      throw usage_error(fmt::format("{}: the questionnaire's design has no strata, so a frame cannot be used", options_.frame_path));
    std::vector<double> sizes;
    std::vector<std::int64_t> lower, upper;
    if (has_frame) {
      read_frame();
      std::int64_t total = 0;
      for (const Stratum& stratum : strata_) total += stratum.population;
      std::vector<Stratum> sampled;
      for (Stratum& stratum : strata_) {
        if (stratum.population == 0) continue;
        if (stratum.population < 2)
          throw data_error(fmt::format("{}:{}: stratum {} has a population of {}; every stratum needs at least 2 responses",
                                       options_.frame_path, stratum.line, stratum_label(stratum), stratum.population));
        sampled.push_back(std::move(stratum));
      }
      strata_ = std::move(sampled);
      if (options_.rows > total)
        throw usage_error(fmt::format("cannot simulate {} rows: the frame {} has a population of {}", options_.rows, options_.frame_path, total));
      for (const Stratum& stratum : strata_) {
        sizes.push_back(static_cast<double>(stratum.population));
        lower.push_back(2);
        upper.push_back(stratum.population);
      }
    } else {
      for (StratumVariable& stratum_variable : strata_variables_) default_levels(stratum_variable);
      // Every combination of the stratum variables' levels, the last varying fastest.
      std::vector<std::size_t> levels(strata_variables_.size(), 0);
      while (true) {
        Stratum stratum;
        stratum.levels = levels;
        strata_.push_back(std::move(stratum));
        std::size_t stage = levels.size();
        while (stage > 0 && ++levels[stage - 1] == strata_variables_[stage - 1].levels.size()) levels[--stage] = 0;
        if (stage == 0) break;
        if (strata_.size() > static_cast<std::size_t>(options_.rows)) break;  // too many; reported below
      }
      for (std::size_t stratum_idx = 0; stratum_idx < strata_.size(); ++stratum_idx) {
        sizes.push_back(1);
        lower.push_back(strata_variables_.empty() ? options_.rows : 2);
        upper.push_back(options_.rows);
      }
    }
    for (StratumVariable& stratum_variable : strata_variables_) rank_levels(stratum_variable);
    if (strata_.empty()) throw data_error(fmt::format("{}: every stratum of the frame has a population of 0", options_.frame_path));
    const auto strata_count = static_cast<std::int64_t>(strata_.size());
    if (!strata_variables_.empty() && options_.rows < 2 * strata_count) {
      std::size_t combinations = 1;
      for (const auto& stratum_variable : strata_variables_) combinations *= stratum_variable.levels.size();
      std::int64_t count = has_frame ? strata_count : static_cast<std::int64_t>(combinations);
      throw usage_error(fmt::format("cannot allocate {} rows to {} strata: each stratum needs at least 2 ({} rows)",
                                    options_.rows, count, 2 * count));
    }
    std::vector<std::int64_t> allocation = allocate(options_.rows, sizes, lower, upper);
    for (std::size_t stratum_idx = 0; stratum_idx < strata_.size(); ++stratum_idx) {
      Stratum& stratum = strata_[stratum_idx];
      stratum.sample = allocation[stratum_idx];
      if (!has_frame) stratum.population = default_population(stratum.sample);
      if (!strata_variables_.empty()) {
        const StratumVariable& first = strata_variables_.front();
        stratum.size_anchor = -1.5 + 3.0 * first.level_rank[stratum.levels.front()];
        stratum.size_spread = 0.4;
      }
      plan_design_values(stratum);
    }
  }

  // N_h without a frame: 20 × n_h, lowered to what the fpc and weight questions can hold; a whole
  // multiple of n_h when the weight must be a whole number.
  std::int64_t default_population(std::int64_t sample) const {
    double multiplier = 20;
    if (weight_variable_) {
      const Question& question = q_.questions[q_.variables[*weight_variable_].question_index];
      if (question.max) multiplier = std::min(multiplier, std::floor(*question.max));
      if (question.min) multiplier = std::max(multiplier, std::ceil(*question.min));
    }
    double population = multiplier * static_cast<double>(sample);
    if (!fpc_variables_.empty()) {
      const Question& question = q_.questions[q_.variables[fpc_variables_.front()].question_index];
      if (question.max && *question.max > 1) population = std::min(population, std::floor(*question.max));
    }
    if (weight_variable_ && q_.questions[q_.variables[*weight_variable_].question_index].integer)
      population = static_cast<double>(sample) * std::floor(population / static_cast<double>(sample));
    return std::max(sample, static_cast<std::int64_t>(population));
  }

  void plan_design_values(Stratum& stratum) {
    const double population = static_cast<double>(stratum.population);
    const double sample = static_cast<double>(stratum.sample);
    if (weight_variable_) {
      const double weight = population / sample;
      check_design_value(*weight_variable_, weight, stratum, "the weight N_h/n_h");
      stratum.weight = number_value(weight);
    }
    if (!fpc_variables_.empty()) {
      const std::size_t variable_idx = fpc_variables_.front();
      const Question& question = q_.questions[q_.variables[variable_idx].question_index];
      const bool fraction = question.max && *question.max <= 1;
      const double fpc = fraction ? sample / population : population;
      check_design_value(variable_idx, fpc, stratum, fraction ? "the fpc n_h/N_h" : "the fpc N_h");
      stratum.fpc = number_value(fpc);
    }
  }

  void check_design_value(std::size_t variable_idx, double value, const Stratum& stratum, std::string_view what) const {
    const Variable& variable = q_.variables[variable_idx];
    const Question& question = q_.questions[variable.question_index];
    if (fits(question, value)) return;
    throw data_error(fmt::format("{}stratum {} (N_h = {}, n_h = {}) needs {} = {} in '{}', which takes {} {}; {}",
                                 options_.frame_path.empty() ? "" : options_.frame_path + ": ", stratum_label(stratum),
                                 stratum.population, stratum.sample, what, exact_text(value), variable.name,
                                 question.integer ? "whole numbers" : "numbers", range_text(question),
                                 options_.frame_path.empty() ? "simulate fewer rows" : "check the frame or the question's range"));
  }

  void read_frame() {
    const std::string& path = options_.frame_path;
    CsvReader reader(path);
    std::vector<std::string_view> fields;
    std::string expected_columns;
    for (const auto& stratum_variable : strata_variables_) expected_columns += q_.variables[stratum_variable.variable_idx].name + ", ";
    expected_columns += "population";
    if (!reader.next(fields)) throw data_error(fmt::format("{}: the frame is empty; expected a header with {}", path, expected_columns));
    const std::size_t field_count = fields.size();
    auto find_column = [&](const std::string& name) -> std::size_t {
      for (std::size_t field_idx = 0; field_idx < fields.size(); ++field_idx)
        if (equals_ignore_case(trim(fields[field_idx]), name)) return field_idx;
      throw data_error(fmt::format("{}:1: missing column '{}'; a frame needs the columns {}", path, name, expected_columns));
    };
    std::vector<std::size_t> stratum_columns;
    for (const auto& stratum_variable : strata_variables_) stratum_columns.push_back(find_column(q_.variables[stratum_variable.variable_idx].name));
    const std::size_t population_column = find_column("population");
    std::map<std::vector<std::size_t>, std::int64_t> seen;  // stratum levels -> line
    while (reader.next(fields)) {
      const std::int64_t line = reader.record_line();
      if (fields.size() != field_count)
        throw data_error(fmt::format("{}:{}: the row has {} fields but the header has {}", path, line, fields.size(), field_count));
      Stratum stratum;
      stratum.line = line;
      for (std::size_t stage = 0; stage < strata_variables_.size(); ++stage)
        stratum.levels.push_back(frame_level(strata_variables_[stage], trim(fields[stratum_columns[stage]]), line));
      std::string_view population = trim(fields[population_column]);
      if (population.empty())
        throw data_error(fmt::format("{}:{}: population is blank; expected a whole number of at least 0", path, line));
      auto number = parse_number(population);
      if (!number || *number != std::floor(*number) || *number < 0 || *number > 9e15)
        throw data_error(fmt::format("{}:{}: population '{}' is not a whole number; expected the number of units in the stratum (0 or more)", path, line, population));
      stratum.population = static_cast<std::int64_t>(*number);
      auto [it, inserted] = seen.emplace(stratum.levels, line);
      if (!inserted)
        throw data_error(fmt::format("{}:{}: stratum {} is listed twice (also at line {})", path, line, stratum_label(stratum), it->second));
      strata_.push_back(std::move(stratum));
    }
    if (strata_.empty()) throw data_error(fmt::format("{}: the frame has a header but no strata", path));
  }

  std::size_t frame_level(StratumVariable& stratum_variable, std::string_view field, std::int64_t line) {
    return stratum_level(stratum_variable, field, options_.frame_path, line);
  }

  // The level of a stratum variable's value in a frame's or a responses' file (new levels of
  // numbers and texts are added).
  std::size_t stratum_level(StratumVariable& stratum_variable, std::string_view field, const std::string& path, std::int64_t line) {
    const Variable& variable = q_.variables[stratum_variable.variable_idx];
    const Question& question = q_.questions[variable.question_index];
    if (variable.kind == VariableKind::categorical) {
      std::string codes;
      for (std::size_t value_idx = 0; value_idx < variable.first_missing_value; ++value_idx)
        codes += (codes.empty() ? "" : ", ") + variable.values[value_idx].code.text;
      if (stratum_variable.levels.empty())
        for (std::size_t value_idx = 0; value_idx < variable.first_missing_value; ++value_idx)
          stratum_variable.levels.push_back(code_value(variable, variable.values[value_idx].code, options_.delimiter));
      if (field.empty())
        throw data_error(fmt::format("{}:{}: the stratum variable '{}' is blank; expected one of {}", path, line, variable.name, codes));
      for (std::size_t value_idx = 0; value_idx < variable.first_missing_value; ++value_idx)
        if (variable.values[value_idx].code.matches(field)) return value_idx;
      throw data_error(fmt::format("{}:{}: '{}' is not a value of the stratum variable '{}'; expected one of {}", path, line, field, variable.name, codes));
    }
    if (field.empty())
      throw data_error(fmt::format("{}:{}: the stratum variable '{}' is blank; expected a value", path, line, variable.name));
    if (variable.kind == VariableKind::numeric) {
      auto number = parse_number(field);
      if (!number || !fits(question, *number))
        throw data_error(fmt::format("{}:{}: '{}' is not a valid value of the stratum variable '{}'; expected a {} {}", path, line, field,
                                     variable.name, question.integer ? "whole number" : "number", range_text(question)));
      for (std::size_t level_idx = 0; level_idx < stratum_variable.level_numbers.size(); ++level_idx)
        if (stratum_variable.level_numbers[level_idx] == *number) return level_idx;
      stratum_variable.levels.push_back(number_value(*number));
      stratum_variable.level_numbers.push_back(*number);
      return stratum_variable.levels.size() - 1;
    }
    for (std::size_t level_idx = 0; level_idx < stratum_variable.levels.size(); ++level_idx)
      if (std::get<std::string_view>(stratum_variable.levels[level_idx].cell) == field) return level_idx;
    level_texts_.emplace_back(field);
    stratum_variable.levels.push_back({quoted(field, options_.delimiter), std::string_view(level_texts_.back())});
    return stratum_variable.levels.size() - 1;
  }

  void plan_clusters() {
    for (ClusterVariable& cluster : clusters_) {
      const Variable& variable = q_.variables[cluster.variable_idx];
      const Question& question = q_.questions[variable.question_index];
      if (variable.kind == VariableKind::categorical) {
        cluster.kind = ClusterVariable::Kind::code;
        for (std::size_t value_idx = 0; value_idx < variable.first_missing_value; ++value_idx)
          cluster.codes.push_back(code_value(variable, variable.values[value_idx].code, options_.delimiter));
      } else if (variable.kind == VariableKind::numeric) {
        cluster.kind = ClusterVariable::Kind::number;
        cluster.base = question.min ? std::ceil(*question.min) : 1;
        cluster.max = question.max;
      } else {
        cluster.kind = ClusterVariable::Kind::text;
      }
    }
    if (clusters_.empty()) return;
    const std::size_t stages = clusters_.size();
    for (Stratum& stratum : strata_) {
      stratum.cluster_size = 8 + static_cast<double>(random_.below(9));
      double psu_rows = stratum.cluster_size;
      for (std::size_t stage = 1; stage < stages; ++stage) psu_rows *= 4;
      auto psus = static_cast<std::int64_t>(std::floor(static_cast<double>(stratum.sample) / psu_rows + 0.5));
      stratum.psus = {stratum.sample, std::clamp<std::int64_t>(psus, std::min<std::int64_t>(2, stratum.sample), stratum.sample), 0};
      stratum.units.assign(stages, Unit{});
    }
    if (fpc_variables_.size() > 1) {
      for (std::size_t stage = 1; stage < fpc_variables_.size(); ++stage) {
        const std::size_t variable_idx = fpc_variables_[stage];
        const Question& question = q_.questions[q_.variables[variable_idx].question_index];
        const bool fraction = question.max && *question.max <= 1;
        const double fpc = fraction ? 0.1 : 50;
        if (!fits(question, fpc))
          throw data_error(fmt::format("the fpc of stage {} would be {}, but '{}' takes numbers {}", stage + 1, fpc,
                                       q_.variables[variable_idx].name, range_text(question)));
        later_fpcs_.push_back(number_value(fpc));
      }
    }
  }

  std::vector<std::int64_t> sample_sizes() const {
    std::vector<std::int64_t> sizes;
    for (const Stratum& stratum : strata_) sizes.push_back(stratum.sample);
    return sizes;
  }

  SimulationSummary summary() const {
    SimulationSummary result;
    result.rows = options_.rows;
    result.panel = panel_rows_;
    for (const StratumVariable& stratum_variable : strata_variables_) result.stratum_variables.push_back(q_.variables[stratum_variable.variable_idx].name);
    if (strata_variables_.empty() && !weight_variable_ && fpc_variables_.empty()) return result;
    for (const Stratum& stratum : strata_) {
      SimulatedStratum entry;
      for (std::size_t stage = 0; stage < strata_variables_.size(); ++stage)
        entry.values.push_back(level_text(strata_variables_[stage].levels[stratum.levels[stage]]));
      entry.population = stratum.population;
      entry.sample = stratum.sample;
      result.strata.push_back(std::move(entry));
    }
    return result;
  }

  // A panel wave (options_.follow_path): the previous wave's frame (read by plan_strata) and
  // respondents evolved by deaths, births and moves between neighbouring size classes; the rows
  // re-allocated to the new populations, returning firms first (write_simulated_csv).
  void plan_next_wave() {
    const std::string& path = options_.follow_path;
    if (options_.frame_path.empty())
      throw usage_error("--follow needs --frame: the previous wave's population frame, which the births, deaths and moves change");
    if (!clusters_.empty())
      throw usage_error("--follow: a design with clusters cannot be followed yet (the panel would need the previous wave's clusters)");
    if (!(options_.keep >= 0 && options_.keep <= 1)) throw usage_error(fmt::format("--keep {} must be between 0 and 1", options_.keep));
    std::map<std::vector<std::size_t>, std::size_t> stratum_of;
    for (std::size_t idx = 0; idx < strata_.size(); ++idx) stratum_of.emplace(strata_[idx].levels, idx);
    // The stratum one size class up or down (the first stratum variable's neighbouring level).
    auto neighbour = [&](std::size_t idx, int step) -> std::optional<std::size_t> {
      std::vector<std::size_t> levels = strata_[idx].levels;
      const auto level = static_cast<std::int64_t>(levels.front()) + step;
      if (level < 0 || level >= static_cast<std::int64_t>(strata_variables_.front().levels.size())) return std::nullopt;
      levels.front() = static_cast<std::size_t>(level);
      auto found = stratum_of.find(levels);
      if (found == stratum_of.end()) return std::nullopt;
      return found->second;
    };
    auto move = [&](std::size_t idx, bool up) -> std::optional<std::size_t> {
      auto higher = neighbour(idx, 1), lower = neighbour(idx, -1);
      if (higher && (up || !lower)) return higher;
      return lower;
    };

    // The population: each stratum loses its deaths and its movers, gains births and movers in.
    std::vector<std::int64_t> population(strata_.size(), 0);
    for (std::size_t idx = 0; idx < strata_.size(); ++idx) {
      const double previous = static_cast<double>(strata_[idx].population);
      const auto deaths = static_cast<std::int64_t>(std::floor(kDeathRate * previous + 0.5));
      const auto births = static_cast<std::int64_t>(std::floor(kBirthRate * previous + 0.5));
      auto movers = static_cast<std::int64_t>(std::floor(kMoveRate * previous + 0.5));
      const auto higher = neighbour(idx, 1), lower = neighbour(idx, -1);
      if (!higher && !lower) movers = 0;
      const std::int64_t up = !higher ? 0 : !lower ? movers : static_cast<std::int64_t>(std::floor(movers * 2.0 / 3.0 + 0.5));
      population[idx] += strata_[idx].population - deaths + births - movers;
      if (higher) population[*higher] += up;
      if (lower) population[*lower] += movers - up;
    }
    for (auto& count : population) count = std::max<std::int64_t>(count, 2);

    // The previous wave's firms: dead, moved, answering again or not.
    std::vector<std::string> columns;
    for (const StratumVariable& stratum_variable : strata_variables_) columns.push_back(q_.variables[stratum_variable.variable_idx].column);
    const QuestionPlan* size_plan = nullptr;
    for (const QuestionPlan& plan : plans_)
      if (plan.generator == Generator::size_number) size_plan = &plan;
    const std::vector<PreviousRespondent> previous =
        read_previous_wave(path, q_.respondent_id, columns, size_plan ? q_.variables[size_plan->first_variable].column : "");
    std::vector<std::vector<PlannedRow>> returning(strata_.size());
    std::set<std::string> known;
    std::int64_t highest = 0;
    std::size_t id_digits = 7;
    for (const PreviousRespondent& respondent : previous) {
      known.insert(respondent.id);
      // New firms are numbered after the highest number ending a previous id.
      std::size_t digits = 0;
      while (digits < respondent.id.size() && std::isdigit(static_cast<unsigned char>(respondent.id[respondent.id.size() - 1 - digits]))) ++digits;
      if (digits > 0 && digits < 16) {
        highest = std::max<std::int64_t>(highest, std::stoll(respondent.id.substr(respondent.id.size() - digits)));
        id_digits = std::max(id_digits, digits);
      }
      std::vector<std::size_t> levels;
      for (std::size_t stage = 0; stage < strata_variables_.size(); ++stage)
        levels.push_back(stratum_level(strata_variables_[stage], respondent.strata[stage], path, respondent.line));
      auto found = stratum_of.find(levels);
      if (found == stratum_of.end())
        throw data_error(fmt::format("{}:{}: respondent '{}' is in a stratum that the frame {} does not list with a population", path,
                                     respondent.line, respondent.id, options_.frame_path));
      if (random_.chance(kDeathRate)) continue;
      PlannedRow row{found->second, respondent.id, std::nullopt};
      if (random_.chance(kMoveRate)) {
        if (auto moved = move(row.stratum, random_.chance(2.0 / 3.0))) row.stratum = *moved;
      } else if (size_plan && respondent.size && fits(*size_plan->question, *respondent.size) && *respondent.size >= 1) {
        // The inverse of the size question's generator (write_answer), grown by about 5%.
        row.size = (portable_log(*respondent.size) - 1.0) / 1.6 - 1.5 + 0.03;
      }
      if (random_.chance(options_.keep)) returning[row.stratum].push_back(std::move(row));
    }

    std::int64_t total = 0;
    std::vector<double> sizes;
    std::vector<std::int64_t> lower, upper;
    for (std::int64_t count : population) {
      total += count;
      sizes.push_back(static_cast<double>(count));
      lower.push_back(2);
      upper.push_back(count);
    }
    if (options_.rows > total)
      throw usage_error(fmt::format("cannot simulate {} rows: the population of wave {} is {}", options_.rows, options_.wave, total));
    const std::vector<std::int64_t> allocation = allocate(options_.rows, sizes, lower, upper);
    std::int64_t next_number = highest;
    for (std::size_t idx = 0; idx < strata_.size(); ++idx) {
      Stratum& stratum = strata_[idx];
      stratum.population = population[idx];
      stratum.sample = allocation[idx];
      plan_design_values(stratum);
      std::vector<PlannedRow>& rows = returning[idx];
      for (std::size_t at = rows.size(); at > 1; --at) std::swap(rows[at - 1], rows[random_.index(at)]);
      if (static_cast<std::int64_t>(rows.size()) > stratum.sample) rows.resize(static_cast<std::size_t>(stratum.sample));
      panel_rows_ += static_cast<std::int64_t>(rows.size());
      for (auto& row : rows) planned_rows_.push_back(std::move(row));
      for (std::int64_t fresh = static_cast<std::int64_t>(rows.size()); fresh < stratum.sample; ++fresh) {
        std::string id;
        do id = fmt::format("F{:0{}}", ++next_number, id_digits);
        while (known.count(id));
        planned_rows_.push_back({idx, std::move(id), std::nullopt});
      }
    }
    for (std::size_t at = planned_rows_.size(); at > 1; --at) std::swap(planned_rows_[at - 1], planned_rows_[random_.index(at)]);
  }

  // -------------------------------------------------------------------------------------------
  // Rows

  // Moves the stratum to its next row: opens new units from the deepest stage whose current unit
  // is used up. Rows split as evenly as possible among a parent's units.
  void next_clusters(Stratum& stratum) {
    if (clusters_.empty()) return;
    const std::size_t stages = clusters_.size();
    std::size_t open_from = stages;
    while (open_from > 0 && stratum.units[open_from - 1].rows_left == 0) --open_from;
    for (std::size_t stage = open_from; stage < stages; ++stage) {
      Split& split = stage == 0 ? stratum.psus : stratum.units[stage - 1].children;
      const std::int64_t size = split.rows / split.count + (split.opened < split.rows % split.count ? 1 : 0);
      ++split.opened;
      Unit& unit = stratum.units[stage];
      unit.rows_left = size;
      unit.id = ++clusters_[stage].counter;
      if (stage + 1 < stages) {
        double child_rows = stratum.cluster_size;
        for (std::size_t deeper = stage + 2; deeper < stages; ++deeper) child_rows *= 4;
        auto count = static_cast<std::int64_t>(std::floor(static_cast<double>(size) / child_rows + 0.5));
        unit.children = {size, std::clamp<std::int64_t>(count, 1, size), 0};
      }
    }
    for (std::size_t stage = 0; stage < stages; ++stage) {
      --stratum.units[stage].rows_left;
      set_cluster_value(stage, stratum.units[stage].id);
    }
  }

  void set_cluster_value(std::size_t stage, std::int64_t id) {
    ClusterVariable& cluster = clusters_[stage];
    switch (cluster.kind) {
      case ClusterVariable::Kind::number: {
        const double number = cluster.base + static_cast<double>(id - 1);
        if (cluster.max && number > *cluster.max)
          throw data_error(fmt::format("the cluster variable '{}' takes at most {}, but more clusters are needed; "
                                       "raise its max or simulate fewer rows", q_.variables[cluster.variable_idx].name, format_number(*cluster.max)));
        cluster.current.written.clear();
        append_exact(cluster.current.written, number);
        cluster.current.cell = number;
        return;
      }
      case ClusterVariable::Kind::text:
        cluster.current.written.clear();
        cluster.current.written += 'K';
        append_integer(cluster.current.written, static_cast<std::int64_t>(stage) + 1);
        cluster.current.written += '_';
        append_integer(cluster.current.written, id, 5);
        cluster.current.cell = std::string_view(cluster.current.written);
        return;
      case ClusterVariable::Kind::code: {
        const Value& code = cluster.codes[static_cast<std::size_t>(id - 1) % cluster.codes.size()];
        cluster.current.written = code.written;
        cluster.current.cell = code.cell;
        return;
      }
    }
  }

  void put(std::size_t variable_idx, const Value& value) {
    cells_[variable_idx] = value.cell;
    out_ += options_.delimiter;
    out_ += value.written;
  }

  void put_blank(std::size_t variable_idx) {
    cells_[variable_idx] = std::monostate{};
    out_ += options_.delimiter;
  }

  void put_number(std::size_t variable_idx, double number, const QuestionPlan& plan) {
    const Question& question = *plan.question;
    bool clamped = false;
    if (question.integer) {
      number = std::floor(number + 0.5);
    } else {
      const double scale = plan.digits == 1 ? 10 : plan.digits == 2 ? 100 : 1000;
      number = std::floor(number * scale + 0.5) / scale;
    }
    if (number < plan.low || number > plan.high) {
      number = std::clamp(number, plan.low, plan.high);
      clamped = true;
    }
    cells_[variable_idx] = number;
    out_ += options_.delimiter;
    if (question.integer && std::fabs(number) < 9e15) append_integer(out_, static_cast<std::int64_t>(number));
    else if (clamped) append_exact(out_, number);
    else append_decimal(out_, number, plan.digits);
  }

  void write_blank(const QuestionPlan& plan) {
    for (std::size_t part = 0; part < plan.variable_count; ++part) cells_[plan.first_variable + part] = std::monostate{};
    const bool one_column = plan.question->type == QuestionType::multi && plan.question->multi_input == MultiInput::delimited;
    const std::size_t columns = one_column ? 1 : plan.variable_count;
    for (std::size_t column = 0; column < columns; ++column) out_ += options_.delimiter;
  }

  void write_answer(const QuestionPlan& plan) {
    if (plan.generator == Generator::design) {
      write_design(plan);
      return;
    }
    // Item nonresponse of a grid is per item (in write_grid); elsewhere for the whole question.
    if (plan.generator != Generator::grid) {
      const std::size_t missing_count = plan.question->missing.size();
      if (missing_count > 0 && random_.chance(plan.missing_rate)) {
        write_missing(plan, random_.index(missing_count));
        return;
      }
      if (random_.chance(plan.blank_rate)) {
        write_blank(plan);
        return;
      }
    }
    const std::size_t variable_idx = plan.first_variable;
    switch (plan.generator) {
      case Generator::design: break;
      case Generator::size_number:
        put_number(variable_idx, portable_exp(1.0 + 1.6 * (size_ + 1.5)), plan);
        break;
      case Generator::count_number:
        put_number(variable_idx, plan.low + portable_exp(plan.log_scale + 0.8 * size_ + 0.8 * random_.normal()) - 1.0, plan);
        break;
      case Generator::age_number:
        put_number(variable_idx, plan.low + portable_exp(plan.log_scale + 0.2 * size_ + 0.6 * random_.normal()), plan);
        break;
      case Generator::bounded_number: {
        const double t = plan.offset + 0.5 * size_ + 0.3 * mood_ + 0.9 * random_.normal();
        put_number(variable_idx, plan.low + (plan.high - plan.low) * squash(t), plan);
        break;
      }
      case Generator::yes_no: {
        const double p = squash(plan.offset + 0.9 * size_ + 0.35 * mood_);
        put(variable_idx, plan.values[random_.chance(p) ? 0 : 1]);
        break;
      }
      case Generator::choice: {
        const double target = random_.uniform() * plan.cumulative.back();
        std::size_t option_idx = 0;
        while (option_idx + 1 < plan.cumulative.size() && plan.cumulative[option_idx] <= target) ++option_idx;
        put(variable_idx, plan.values[option_idx]);
        break;
      }
      case Generator::scale:
        put(variable_idx, plan.values[scale_position(plan.option_count, plan.offset + 0.3 * size_ + 0.5 * mood_ + 0.8 * random_.normal())]);
        break;
      case Generator::grid:
        write_grid(plan);
        break;
      case Generator::multi:
        write_multi(plan);
        break;
      case Generator::comment: {
        const std::string_view comment = pick(kComments, random_);
        cells_[variable_idx] = comment;
        out_ += options_.delimiter;
        append_field(out_, comment, options_.delimiter);
        break;
      }
      case Generator::contact:
        write_contact(variable_idx);
        break;
      case Generator::date: {
        const std::string& day = days_[random_.index(days_.size())];
        cells_[variable_idx] = std::string_view(day);
        out_ += options_.delimiter;
        out_ += day;
        break;
      }
    }
  }

  // Ordered options from a latent value: centred on the middle option, a unit of t moving a
  // quarter of the scale's length.
  std::size_t scale_position(std::size_t option_count, double t) {
    if (option_count <= 1) return 0;
    const double span = static_cast<double>(option_count - 1);
    const double position = std::floor(span / 2 + span / 4 * t + 0.5);
    return static_cast<std::size_t>(std::clamp(position, 0.0, span));
  }

  void write_missing(const QuestionPlan& plan, std::size_t code_idx) {
    const Question& question = *plan.question;
    if (question.type == QuestionType::multi) {
      const Value& code = plan.values[plan.option_count + code_idx];
      for (std::size_t part = 0; part < plan.variable_count; ++part) cells_[plan.first_variable + part] = code.cell;
      if (question.multi_input == MultiInput::delimited) {
        out_ += options_.delimiter;
        append_field(out_, plan.raw_codes[question.options.size() + code_idx], options_.delimiter);
      } else {
        for (std::size_t part = 0; part < plan.variable_count; ++part) {
          out_ += options_.delimiter;
          out_ += code.written;
        }
      }
      return;
    }
    put(plan.first_variable, plan.values[plan.option_count + code_idx]);
  }

  void write_grid(const QuestionPlan& plan) {
    const double attitude = random_.normal();
    const std::size_t missing_count = plan.question->missing.size();
    for (std::size_t part = 0; part < plan.variable_count; ++part) {
      const std::size_t variable_idx = plan.first_variable + part;
      if (missing_count > 0 && random_.chance(kMissingRate)) {
        put(variable_idx, plan.values[plan.option_count + random_.index(missing_count)]);
        continue;
      }
      if (random_.chance(kBlankRate)) {
        put_blank(variable_idx);
        continue;
      }
      const double t = plan.offset + plan.part_offsets[part] + 0.25 * size_ + 0.35 * mood_ + 0.5 * attitude + 0.7 * random_.normal();
      put(variable_idx, plan.values[scale_position(plan.option_count, t)]);
    }
  }

  void write_multi(const QuestionPlan& plan) {
    const std::size_t count = plan.variable_count;
    chosen_.assign(count, 0);
    bool any = false;
    for (std::size_t part = 0; part < count; ++part) {
      if (plan.exclusive[part]) continue;
      chosen_[part] = random_.chance(squash(plan.part_offsets[part] + 0.45 * size_)) ? 1 : 0;
      any |= chosen_[part] != 0;
    }
    // Nothing ticked: the exclusive option ("none of these") when there is one, else any option.
    if (!any) {
      std::size_t part = random_.index(count);
      for (std::size_t exclusive = 0; exclusive < count; ++exclusive)
        if (plan.exclusive[exclusive]) part = exclusive;
      chosen_[part] = 1;
    }
    for (std::size_t part = 0; part < count; ++part) cells_[plan.first_variable + part] = static_cast<double>(chosen_[part]);
    if (plan.question->multi_input == MultiInput::columns) {
      for (std::size_t part = 0; part < count; ++part) {
        out_ += options_.delimiter;
        out_ += plan.values[chosen_[part]].written;
      }
      return;
    }
    field_.clear();
    for (std::size_t part = 0; part < count; ++part) {
      if (!chosen_[part]) continue;
      if (!field_.empty()) field_ += plan.question->separator;
      field_ += plan.raw_codes[part];
    }
    out_ += options_.delimiter;
    if (plan.quote_delimited) append_field(out_, field_, options_.delimiter);
    else out_ += field_;
  }

  void write_contact(std::size_t variable_idx) {
    const bool female = random_.chance(0.4);
    const FirstName& first = female ? pick(kFemaleNames, random_) : pick(kMaleNames, random_);
    const Surname& surname = pick(kSurnames, random_);
    const std::string_view last = female ? surname.female : surname.male;
    const std::string_view last_ascii = female ? surname.female_ascii : surname.male_ascii;
    std::string& text = text_buffers_[variable_idx];
    text.clear();
    text += first.text;
    text += ' ';
    text += last;
    if (random_.chance(0.5)) {
      const Position& position = pick(kPositions, random_);
      text += " (";
      text += female ? position.female : position.male;
      text += ')';
    }
    text += ", ";
    switch (random_.below(3)) {
      case 0:
        text += first.ascii;
        text += '.';
        break;
      case 1:
        text += first.ascii.front();
        text += '.';
        break;
      default:
        text += first.ascii.front();
        break;
    }
    text += last_ascii;
    text += "@example.pl";
    cells_[variable_idx] = std::string_view(text);
    out_ += options_.delimiter;
    append_field(out_, text, options_.delimiter);
  }

  void write_design(const QuestionPlan& plan) {
    const Stratum& stratum = *current_;
    switch (plan.role) {
      case DesignRole::stratum:
        put(plan.first_variable, strata_variables_[plan.stage].levels[stratum.levels[plan.stage]]);
        return;
      case DesignRole::cluster:
        put(plan.first_variable, clusters_[plan.stage].current);
        return;
      case DesignRole::weight:
        put(plan.first_variable, stratum.weight);
        return;
      case DesignRole::fpc:
        put(plan.first_variable, plan.stage == 0 ? stratum.fpc : later_fpcs_[plan.stage - 1]);
        return;
    }
  }

  void write_header() {
    append_field(out_, q_.respondent_id, options_.delimiter);
    if (!q_.wave_column.empty()) {
      out_ += options_.delimiter;
      append_field(out_, q_.wave_column, options_.delimiter);
    }
    for (const Variable& variable : q_.stored_variables()) {
      const Question& question = q_.questions[variable.question_index];
      if (!question.asked_in_wave(options_.wave)) continue;
      if (question.type == QuestionType::multi && question.multi_input == MultiInput::delimited && variable.part != 0) continue;
      out_ += options_.delimiter;
      append_field(out_, variable.column, options_.delimiter);
    }
    out_ += '\n';
  }

  void flush() {
    if (out_.empty()) return;
    if (std::fwrite(out_.data(), 1, out_.size(), file_) != out_.size()) throw write_error();
    out_.clear();
  }

  static Error write_error() {
    return Error(ErrorKind::cannot_create, fmt::format("cannot write the simulated responses: {}", std::strerror(errno)));
  }

  const Questionnaire& q_;
  const SimulateOptions& options_;
  Random random_;
  std::vector<std::string> days_;
  std::map<std::size_t, std::pair<DesignRole, std::size_t>> design_roles_;  // question index -> role, stage
  std::vector<StratumVariable> strata_variables_;
  std::vector<ClusterVariable> clusters_;
  std::optional<std::size_t> weight_variable_;
  std::vector<std::size_t> fpc_variables_;
  std::vector<Value> later_fpcs_;      // fpc of stages 2, 3, ...
  std::deque<std::string> level_texts_;  // text stratum levels; a deque keeps views valid
  std::vector<QuestionPlan> plans_;
  std::vector<Stratum> strata_;
  std::vector<PlannedRow> planned_rows_;  // a panel wave's rows (plan_next_wave), in output order
  std::int64_t panel_rows_ = 0;
  // the current row
  Stratum* current_ = nullptr;
  double size_ = 0;
  double mood_ = 0;
  std::vector<CellValue> cells_;
  std::vector<std::string> text_buffers_;
  std::vector<std::uint8_t> chosen_;
  std::string field_;
  // output
  std::FILE* file_ = nullptr;
  std::string out_;
};

}  // namespace

SimulationSummary write_simulated_csv(const Questionnaire& questionnaire, const SimulateOptions& options, std::FILE* out) {
  return Simulator(questionnaire, options).run(out);
}

}  // namespace ankieta::survey
