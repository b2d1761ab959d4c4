// SPSS .sav and Stata .dta through ReadStat's writer API. Both formats are written by one routine
// because ReadStat gives them one interface; what differs (types, labels, how missing codes are
// marked, name and label limits) is decided per format in the plan_* functions.
//
// How missing codes map (docs/export.md has the full table):
// - .sav keeps a missing code as its value and declares it user-missing on the variable: up to
//   three discrete values, or one range plus one value when the codes cannot be listed (the range
//   is used only when it covers no valid value of the variable). ReadStat cannot write user-missing
//   values of string variables, so string codes stay labelled but undeclared (a warning says so).
// - .dta replaces a numeric missing code by a Stata extended missing value, .a for the first code,
//   .b for the second, ... (Stata's own convention for "don't know" / "refused"), labels it with the
//   code's label, and records the original code in a note ("employees: .a = 9999 odmowa"). Stata
//   has no value labels for strings, so string-coded variables keep their codes as text.
#include <readstat.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "ankieta/export/microdata.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::exports {
namespace {

using survey::OutputFile;

enum class Flavor { sav, dta };

// SPSS counts dates in seconds from 1582-10-14, Stata in days from 1960-01-01; we hold days from
// 1970-01-01.
constexpr double kSpssEpochDays = 141428;  // 1582-10-14 .. 1970-01-01
constexpr double kStataEpochDays = 3653;   // 1960-01-01 .. 1970-01-01

// Format limits (SPSS: IBM SPSS Statistics "Variable names", "Variable labels", ReadStat's
// MAX_VALUE_LABEL_SIZE; Stata: help limits).
constexpr std::size_t kSavNameBytes = 64;
constexpr std::size_t kSavVariableLabelBytes = 256;
constexpr std::size_t kSavValueLabelBytes = 120;
constexpr std::size_t kSavFileLabelBytes = 64;
constexpr std::size_t kSavDocumentLineBytes = 80;
constexpr std::size_t kSavMaxStringBytes = 32767;
constexpr std::size_t kDtaNameCharacters = 32;
constexpr std::size_t kDtaLabelCharacters = 80;
constexpr std::size_t kDtaMaxStrBytes = 2045;  // longer text becomes a strL
constexpr std::size_t kDtaValueLabelBytes = 32000;

const char* flavor_name(Flavor flavor) { return flavor == Flavor::sav ? ".sav" : ".dta"; }

// The longest prefix of at most `characters` UTF-8 characters.
std::string truncate_characters(std::string_view text, std::size_t characters) {
  std::size_t count = 0;
  for (std::size_t byte = 0; byte < text.size(); ++byte) {
    if ((static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80) {
      if (count == characters) return std::string(text.substr(0, byte));
      ++count;
    }
  }
  return std::string(text);
}

std::string lowercase_ascii(std::string_view text) {
  std::string result(text);
  for (char& c : result)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return result;
}

// Names come from the questionnaire (identifiers starting with a letter); these are the rules the
// two programs add on top. ReadStat checks some of them only when the first row is written, with
// an error code that does not say which variable, so they are checked here first.
void check_name(const DataVariable& variable, Flavor flavor) {
  const std::string& name = variable.name;
  if (flavor == Flavor::sav) {
    static const std::set<std::string> reserved = {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"};
    if (name.size() > kSavNameBytes)
      throw data_error(fmt::format("variable name '{}' is too long for SPSS ({} bytes at most); shorten the question id", name, kSavNameBytes));
    if (reserved.count(lowercase_ascii(name)))
      throw data_error(fmt::format("variable name '{}' is a reserved word in SPSS; rename the question", name));
  } else {
    static const std::set<std::string> reserved = {"_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int",
                                                   "long", "_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with"};
    if (utf8_length(name) > kDtaNameCharacters)
      throw data_error(fmt::format("variable name '{}' is too long for Stata ({} characters at most); shorten the question id, "
                                   "or export to .sav or .csv", name, kDtaNameCharacters));
    int width = 0;
    if (reserved.count(name) || std::sscanf(name.c_str(), "str%d", &width) == 1)
      throw data_error(fmt::format("variable name '{}' is a reserved word in Stata; rename the question", name));
  }
}

// SPSS display format of a numeric variable: enough decimals to show every value as stored.
std::string spss_number_format(const DataVariable& variable) {
  if (variable.is_date) return "EDATE10";  // dd.mm.yyyy, as Polish users write dates
  std::size_t integer_digits = 1, decimals = 0;
  auto measure = [&](double value) {
    if (!std::isfinite(value)) return;
    std::string text = survey::format_number(value);
    if (text.find_first_of("eE") != std::string::npos) {  // very large or small: show many digits
      integer_digits = std::max<std::size_t>(integer_digits, 18);
      decimals = std::max<std::size_t>(decimals, variable.integer ? 0 : 16);
      return;
    }
    std::size_t point = text.find('.');
    integer_digits = std::max(integer_digits, point == std::string::npos ? text.size() : point);
    if (point != std::string::npos) decimals = std::max(decimals, text.size() - point - 1);
  };
  for (double value : variable.numbers) measure(value);
  for (const auto& code : variable.values) measure(code.number);
  decimals = std::min<std::size_t>(decimals, 16);
  std::size_t width = std::min<std::size_t>(integer_digits + (decimals ? decimals + 1 : 0), 40);
  width = std::max<std::size_t>(width, 3);
  if (decimals >= width) decimals = width - 1;
  return fmt::format("F{}.{}", width, decimals);
}

std::size_t text_width(const DataVariable& variable) {
  std::size_t width = 1;
  for (const auto& text : variable.texts) width = std::max(width, text.size());
  for (const auto& code : variable.values) width = std::max(width, code.text.size());
  return width;
}

readstat_measure_t readstat_measure(Measure measure) {
  switch (measure) {
    case Measure::nominal: return READSTAT_MEASURE_NOMINAL;
    case Measure::ordinal: return READSTAT_MEASURE_ORDINAL;
    case Measure::scale: return READSTAT_MEASURE_SCALE;
  }
  return READSTAT_MEASURE_UNKNOWN;
}

// SPSS user-missing declaration: three discrete values, or a range (covering no valid value of the
// variable) plus one discrete value.
struct SpssMissing {
  std::vector<double> discrete;
  std::optional<std::pair<double, double>> range;
  std::vector<double> undeclared;
};

SpssMissing plan_spss_missing(const DataVariable& variable) {
  SpssMissing plan;
  std::vector<double> codes;
  for (const auto& code : variable.values)
    if (code.missing) codes.push_back(code.number);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  if (codes.size() <= 3) {
    plan.discrete = codes;
    return plan;
  }
  std::vector<double> valid;
  for (const auto& code : variable.values)
    if (!code.missing) valid.push_back(code.number);
  for (double value : variable.numbers)
    if (std::isfinite(value) && !variable.is_missing_code(value)) valid.push_back(value);
  auto covers_valid = [&](double lo, double hi) {
    return std::any_of(valid.begin(), valid.end(), [&](double value) { return value >= lo && value <= hi; });
  };
  // The discrete value, if any, must lie outside the range: the lowest or the highest code.
  if (!covers_valid(codes.front(), codes.back())) {
    plan.range = {codes.front(), codes.back()};
    return plan;
  }
  if (!covers_valid(codes[1], codes.back())) {
    plan.range = {codes[1], codes.back()};
    plan.discrete = {codes.front()};
    return plan;
  }
  if (!covers_valid(codes.front(), codes[codes.size() - 2])) {
    plan.range = {codes.front(), codes[codes.size() - 2]};
    plan.discrete = {codes.back()};
    return plan;
  }
  plan.discrete.assign(codes.begin(), codes.begin() + 3);
  plan.undeclared.assign(codes.begin() + 3, codes.end());
  return plan;
}

// .dta: the declared missing codes of a numeric variable in declaration order, as .a, .b, ...
// (Stata has 26 extended missing values; later codes stay ordinary values).
std::vector<std::pair<double, char>> dta_missing_tags(const DataVariable& variable) {
  std::vector<std::pair<double, char>> tags;
  for (const auto& code : variable.values) {
    if (!code.missing || tags.size() == 26) continue;
    bool seen = std::any_of(tags.begin(), tags.end(), [&](const auto& tag) { return tag.first == code.number; });
    if (!seen) tags.emplace_back(code.number, static_cast<char>('a' + tags.size()));
  }
  return tags;
}

// .dta: the smallest Stata type holding every value that is not an extended missing value
// (byte, int, long; double for anything else). Stata reserves the top of each integer range for
// missing values, hence the odd upper limits (Stata help: data types).
readstat_type_t dta_numeric_type(const DataVariable& variable, const std::vector<std::pair<double, char>>& tags) {
  if (!variable.integer) return READSTAT_TYPE_DOUBLE;
  double lowest = 0, highest = 0;
  auto is_tagged = [&](double value) { return std::any_of(tags.begin(), tags.end(), [&](const auto& tag) { return tag.first == value; }); };
  auto include = [&](double value) {
    if (!std::isfinite(value) || is_tagged(value)) return true;
    if (value != std::floor(value)) return false;
    lowest = std::min(lowest, value);
    highest = std::max(highest, value);
    return true;
  };
  for (double value : variable.numbers)
    if (!include(value)) return READSTAT_TYPE_DOUBLE;
  for (const auto& code : variable.values)
    if (!include(code.number)) return READSTAT_TYPE_DOUBLE;
  if (lowest >= -127 && highest <= 100) return READSTAT_TYPE_INT8;
  if (lowest >= -32767 && highest <= 32740) return READSTAT_TYPE_INT16;
  if (lowest >= -2147483647.0 && highest <= 2147483620.0) return READSTAT_TYPE_INT32;
  return READSTAT_TYPE_DOUBLE;
}

class ReadstatWriter {
 public:
  ReadstatWriter() : writer_(readstat_writer_init()) {
    if (!writer_) throw Error(ErrorKind::internal, "out of memory starting the ReadStat writer");
  }
  ~ReadstatWriter() { readstat_writer_free(writer_); }
  ReadstatWriter(const ReadstatWriter&) = delete;
  ReadstatWriter& operator=(const ReadstatWriter&) = delete;
  readstat_writer_t* get() const { return writer_; }

 private:
  readstat_writer_t* writer_;
};

ssize_t write_to_file(const void* data, std::size_t size, void* context) {
  return static_cast<OutputFile*>(context)->write(data, size) ? static_cast<ssize_t>(size) : -1;
}

// Per-variable decisions made before any byte is written.
struct PlannedVariable {
  const DataVariable* data = nullptr;
  readstat_variable_t* variable = nullptr;
  readstat_type_t type = READSTAT_TYPE_DOUBLE;
  bool strl = false;
  // .dta: missing code -> extended missing letter
  std::vector<std::pair<double, char>> tags;
  std::optional<char> tag_of(double value) const {
    for (const auto& [code, tag] : tags)
      if (code == value) return tag;
    return std::nullopt;
  }
};

class Exporter {
 public:
  Exporter(const Dataset& dataset, const std::string& path, Flavor flavor) : dataset_(dataset), path_(path), flavor_(flavor) {}

  WriteResult run() {
    for (const auto& variable : dataset_.variables) check_name(variable, flavor_);
    OutputFile file(path_);
    readstat_writer_t* writer = writer_.get();
    readstat_set_data_writer(writer, &write_to_file);
    std::string file_label = flavor_ == Flavor::sav ? truncate_utf8(dataset_.title, kSavFileLabelBytes)
                                                    : truncate_characters(dataset_.title, kDtaLabelCharacters);
    readstat_writer_set_file_label(writer, file_label.c_str());
    if (flavor_ == Flavor::dta) readstat_writer_set_file_format_version(writer, 118);
    else readstat_writer_set_compression(writer, READSTAT_COMPRESS_ROWS);

    for (const auto& variable : dataset_.variables) planned_.push_back(define(variable));
    add_notes();
    if (flavor_ == Flavor::sav && !dataset_.case_weight.empty()) {
      for (const auto& plan : planned_)
        if (plan.data->name == dataset_.case_weight) check(readstat_writer_set_fweight_variable(writer, plan.variable), "case weight");
    }
    // Stata writes long strings (strL) after the data, and ReadStat sizes that block up front, so
    // every strL value is registered before the first row.
    std::vector<std::vector<readstat_string_ref_t*>> refs(planned_.size());
    for (std::size_t column_idx = 0; column_idx < planned_.size(); ++column_idx) {
      if (!planned_[column_idx].strl) continue;
      refs[column_idx] = string_refs(*planned_[column_idx].data);
    }

    auto rows = static_cast<long>(dataset_.rows);
    check(flavor_ == Flavor::sav ? readstat_begin_writing_sav(writer, &file, rows) : readstat_begin_writing_dta(writer, &file, rows),
          "file header");
    check(readstat_validate_metadata(writer), "file metadata");
    for (const auto& plan : planned_) {
      readstat_error_t status = readstat_validate_variable(writer, plan.variable);
      if (status != READSTAT_OK)
        throw data_error(fmt::format("{}: variable '{}' cannot be written: {}", path_, plan.data->name, readstat_error_message(status)));
    }
    for (std::size_t row = 0; row < dataset_.rows; ++row) {
      check(readstat_begin_row(writer), "row");
      for (std::size_t column_idx = 0; column_idx < planned_.size(); ++column_idx)
        insert(planned_[column_idx], row, refs[column_idx].empty() ? nullptr : refs[column_idx][row]);
      check(readstat_end_row(writer), "row");
    }
    check(readstat_end_writing(writer), "end of file");
    file.finish();
    WriteResult result;
    result.files.push_back(path_);
    result.warnings = std::move(warnings_);
    return result;
  }

 private:
  const Dataset& dataset_;
  std::string path_;
  Flavor flavor_;
  ReadstatWriter writer_;
  std::vector<PlannedVariable> planned_;
  std::vector<std::string> warnings_;
  std::vector<std::string> dta_tag_notes_;

  void check(readstat_error_t status, std::string_view what) const {
    if (status == READSTAT_OK) return;
    ErrorKind kind = status == READSTAT_ERROR_WRITE ? ErrorKind::cannot_create : ErrorKind::internal;
    throw Error(kind, fmt::format("{}: cannot write the {} ({}): {}", path_, what, flavor_name(flavor_), readstat_error_message(status)));
  }

  std::string variable_label(const DataVariable& variable) const {
    return flavor_ == Flavor::sav ? truncate_utf8(variable.label, kSavVariableLabelBytes)
                                  : truncate_characters(variable.label, kDtaLabelCharacters);
  }

  std::string value_label(const std::string& label) const {
    return truncate_utf8(label, flavor_ == Flavor::sav ? kSavValueLabelBytes : kDtaValueLabelBytes);
  }

  PlannedVariable define(const DataVariable& data) {
    PlannedVariable plan;
    plan.data = &data;
    readstat_writer_t* writer = writer_.get();
    if (data.is_text) {
      std::size_t width = text_width(data);
      readstat_type_t type = READSTAT_TYPE_STRING;
      if (flavor_ == Flavor::sav && width > kSavMaxStringBytes)
        throw data_error(fmt::format("variable '{}' holds a text of {} bytes; SPSS strings hold at most {} (export to .csv instead)",
                                     data.name, width, kSavMaxStringBytes));
      if (flavor_ == Flavor::dta && width > kDtaMaxStrBytes) {
        type = READSTAT_TYPE_STRING_REF;
        plan.strl = true;
        width = 0;
      }
      plan.variable = readstat_add_variable(writer, data.name.c_str(), type, width);
    } else {
      if (flavor_ == Flavor::dta) {
        plan.tags = dta_missing_tags(data);
        // Dates are days since 1960 in a long, as Stata's own date functions return them.
        plan.type = data.is_date ? READSTAT_TYPE_INT32 : dta_numeric_type(data, plan.tags);
      }
      plan.variable = readstat_add_variable(writer, data.name.c_str(), plan.type, 0);
      if (flavor_ == Flavor::sav) {
        std::string format = spss_number_format(data);
        readstat_variable_set_format(plan.variable, format.c_str());
      } else if (data.is_date) {
        readstat_variable_set_format(plan.variable, "%td");
      }
    }
    std::string label = variable_label(data);
    readstat_variable_set_label(plan.variable, label.c_str());
    readstat_variable_set_measure(plan.variable, readstat_measure(data.measure));
    if (!data.values.empty()) {
      if (flavor_ == Flavor::sav) define_sav_labels(plan);
      else define_dta_labels(plan);
    }
    return plan;
  }

  void define_sav_labels(PlannedVariable& plan) {
    const DataVariable& data = *plan.data;
    readstat_writer_t* writer = writer_.get();
    readstat_label_set_t* labels =
        readstat_add_label_set(writer, data.is_text ? READSTAT_TYPE_STRING : READSTAT_TYPE_DOUBLE, data.name.c_str());
    for (const auto& code : data.values) {
      std::string label = value_label(code.label);
      if (data.is_text) readstat_label_string_value(labels, code.text.c_str(), label.c_str());
      else readstat_label_double_value(labels, code.number, label.c_str());
    }
    readstat_variable_set_label_set(plan.variable, labels);
    if (!data.has_missing_codes()) return;
    if (data.is_text) {
      std::vector<std::string> codes;
      for (const auto& code : data.values)
        if (code.missing) codes.push_back(code.text);
      warnings_.push_back(fmt::format("{}: missing codes of the string variable '{}' ({}) are labelled but not declared user-missing "
                                      "(ReadStat writes no string missing values); set them with MISSING VALUES",
                                      path_, data.name, fmt::join(codes, ", ")));
      return;
    }
    SpssMissing missing = plan_spss_missing(data);
    if (missing.range) check(readstat_variable_add_missing_double_range(plan.variable, missing.range->first, missing.range->second), "missing values");
    for (double value : missing.discrete) check(readstat_variable_add_missing_double_value(plan.variable, value), "missing values");
    if (!missing.undeclared.empty()) {
      std::vector<std::string> codes;
      for (double value : missing.undeclared) codes.push_back(survey::format_number(value));
      warnings_.push_back(fmt::format("{}: variable '{}' has more missing codes than SPSS can declare; {} stay valid values in the file",
                                      path_, data.name, fmt::join(codes, ", ")));
    }
  }

  void define_dta_labels(PlannedVariable& plan) {
    const DataVariable& data = *plan.data;
    if (data.is_text) {
      warnings_.push_back(fmt::format("{}: '{}' has text codes; Stata has no value labels for strings, so its codes stay as text "
                                      "(labels are in the codebook)", path_, data.name));
      return;
    }
    readstat_label_set_t* labels = readstat_add_label_set(writer_.get(), READSTAT_TYPE_INT32, data.name.c_str());
    std::vector<std::string> unlabelled;
    std::set<char> tagged;
    for (const auto& code : data.values) {
      std::string label = value_label(code.label);
      if (code.missing) {
        if (auto tag = plan.tag_of(code.number); tag && !tagged.count(*tag)) {
          tagged.insert(*tag);
          readstat_label_tagged_value(labels, *tag, label.c_str());
          dta_tag_notes_.push_back(fmt::format("{}: .{} = {} {}", data.name, *tag, code.text, code.label));
          continue;
        }
      }
      // Stata labels whole numbers only, and its largest long is 2,147,483,620.
      if (code.number != std::floor(code.number) || code.number < -2147483647.0 || code.number > 2147483620.0) {
        unlabelled.push_back(code.text);
        continue;
      }
      readstat_label_int32_value(labels, static_cast<std::int32_t>(code.number), label.c_str());
    }
    if (plan.tags.size() == 26 && std::count_if(data.values.begin(), data.values.end(), [](const ValueLabel& code) { return code.missing; }) > 26)
      warnings_.push_back(fmt::format("{}: '{}' has more than 26 missing codes; those after the 26th stay ordinary values", path_, data.name));
    if (!unlabelled.empty())
      warnings_.push_back(fmt::format("{}: codes {} of '{}' are not whole numbers within Stata's range and have no value label",
                                      path_, fmt::join(unlabelled, ", "), data.name));
    readstat_variable_set_label_set(plan.variable, labels);
  }

  void add_notes() {
    readstat_writer_t* writer = writer_.get();
    std::vector<std::string> notes;
    notes.push_back(fmt::format("ankieta export of questionnaire {}{}", dataset_.questionnaire_id,
                                dataset_.questionnaire_version.empty() ? "" : " version " + dataset_.questionnaire_version));
    notes.push_back(fmt::format("language: {}; rows: {}{}", dataset_.lang == survey::Language::pl ? "pl" : "en", dataset_.rows,
                                dataset_.wave ? fmt::format("; wave {}", *dataset_.wave) : std::string()));
    if (!dataset_.where.empty()) notes.push_back("where: " + dataset_.where);
    if (!dataset_.omitted_pii.empty()) notes.push_back(fmt::format("personal data left out: {}", fmt::join(dataset_.omitted_pii, ", ")));
    if (flavor_ == Flavor::dta) {
      if (!dataset_.case_weight.empty())
        notes.push_back(fmt::format("case weight: {} (Stata stores no file weight; use [pweight={}] or svyset)", dataset_.case_weight,
                                    dataset_.case_weight));
      if (!dta_tag_notes_.empty())
        notes.push_back("declared missing codes are extended missing values (code and label of each below)");
      notes.insert(notes.end(), dta_tag_notes_.begin(), dta_tag_notes_.end());
    }
    for (const auto& note : notes) {
      // An SPSS document line holds 80 bytes; longer notes are cut at a character boundary.
      std::string line = flavor_ == Flavor::sav ? truncate_utf8(note, kSavDocumentLineBytes) : note;
      readstat_add_note(writer, line.c_str());
    }
  }

  std::vector<readstat_string_ref_t*> string_refs(const DataVariable& data) {
    std::vector<readstat_string_ref_t*> refs(data.texts.size(), nullptr);
    readstat_string_ref_t* empty = nullptr;
    for (std::size_t row = 0; row < data.texts.size(); ++row) {
      // A strL cell always points at a stored string; blank cells share one empty string.
      if (data.texts[row].empty()) {
        if (!empty) empty = readstat_add_string_ref(writer_.get(), "");
        refs[row] = empty;
      } else {
        refs[row] = readstat_add_string_ref(writer_.get(), data.texts[row].c_str());
      }
      if (!refs[row]) throw Error(ErrorKind::internal, "out of memory storing long strings");
    }
    return refs;
  }

  void insert(const PlannedVariable& plan, std::size_t row, readstat_string_ref_t* ref) {
    readstat_writer_t* writer = writer_.get();
    const DataVariable& data = *plan.data;
    readstat_error_t status = READSTAT_OK;
    if (plan.strl) {
      status = readstat_insert_string_ref(writer, plan.variable, ref);
    } else if (data.is_text) {
      status = readstat_insert_string_value(writer, plan.variable, data.texts[row].c_str());
    } else {
      double value = data.numbers[row];
      if (!std::isfinite(value)) {
        status = readstat_insert_missing_value(writer, plan.variable);
      } else if (auto tag = plan.tag_of(value)) {
        status = readstat_insert_tagged_missing_value(writer, plan.variable, *tag);
      } else {
        if (data.is_date) value = flavor_ == Flavor::sav ? (value + kSpssEpochDays) * 86400.0 : value + kStataEpochDays;
        switch (plan.type) {
          case READSTAT_TYPE_INT8: status = readstat_insert_int8_value(writer, plan.variable, static_cast<std::int8_t>(value)); break;
          case READSTAT_TYPE_INT16: status = readstat_insert_int16_value(writer, plan.variable, static_cast<std::int16_t>(value)); break;
          case READSTAT_TYPE_INT32: status = readstat_insert_int32_value(writer, plan.variable, static_cast<std::int32_t>(value)); break;
          default: status = readstat_insert_double_value(writer, plan.variable, value); break;
        }
      }
    }
    if (status == READSTAT_OK) return;
    if (status == READSTAT_ERROR_WRITE) check(status, "data");
    throw data_error(fmt::format("{}: cannot write row {} of variable '{}' ({}): {}", path_, row + 1, data.name, flavor_name(flavor_),
                                 readstat_error_message(status)));
  }
};

}  // namespace

WriteResult write_sav(const Dataset& dataset, const std::string& path) { return Exporter(dataset, path, Flavor::sav).run(); }

WriteResult write_dta(const Dataset& dataset, const std::string& path) { return Exporter(dataset, path, Flavor::dta).run(); }

}  // namespace ankieta::exports
