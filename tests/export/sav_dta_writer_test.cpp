// .sav and .dta files written by `ankieta export`, read back through ReadStat's own reader (and the
// .sav through GNU PSPP): names, labels, value labels, missing codes and every value must equal
// what the database holds.
#include <readstat.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "ankieta/export/dataset.hpp"
#include "ankieta/export/microdata.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "firms_survey.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

// ---- a ReadStat reader that keeps everything ------------------------------------------------

struct ReadCell {
  bool system_missing = false;
  bool tagged = false;
  char tag = 0;
  bool user_missing = false;  // declared missing in the file (.sav user-missing)
  double number = std::nan("");
  std::string text;
};

struct ReadVariable {
  std::string name, label, format, label_set;
  bool is_string = false;
  readstat_type_t type = READSTAT_TYPE_DOUBLE;
  std::vector<std::pair<double, double>> missing_ranges;
  readstat_measure_t measure = READSTAT_MEASURE_UNKNOWN;
};

struct ReadLabel {
  double number = std::nan("");
  std::string text;
  char tag = 0;
  std::string label;
};

struct ReadFile {
  long rows = -1;
  std::string file_label;
  std::vector<ReadVariable> variables;
  std::map<std::string, std::vector<ReadLabel>> label_sets;
  std::vector<std::vector<ReadCell>> cells;  // [variable][row]
  std::vector<std::string> notes;
  std::string fweight;

  std::size_t index(const std::string& name) const {
    for (std::size_t idx = 0; idx < variables.size(); ++idx)
      if (variables[idx].name == name) return idx;
    FAIL("no variable " << name);
    return 0;
  }
  const ReadVariable& variable(const std::string& name) const { return variables[index(name)]; }
  const std::vector<ReadCell>& column(const std::string& name) const { return cells[index(name)]; }
  std::vector<ReadLabel> labels(const std::string& name) const {
    auto it = label_sets.find(variable(name).label_set);
    return it == label_sets.end() ? std::vector<ReadLabel>{} : it->second;
  }
  std::string label_of(const std::string& name, double number) const {
    for (const auto& label : labels(name))
      if (!label.tag && label.number == number) return label.label;
    return "(none)";
  }
  std::vector<std::string> names() const {
    std::vector<std::string> result;
    for (const auto& variable : variables) result.push_back(variable.name);
    return result;
  }
};

double cell_number(readstat_value_t value) {
  switch (readstat_value_type(value)) {
    case READSTAT_TYPE_INT8: return readstat_int8_value(value);
    case READSTAT_TYPE_INT16: return readstat_int16_value(value);
    case READSTAT_TYPE_INT32: return readstat_int32_value(value);
    case READSTAT_TYPE_FLOAT: return readstat_float_value(value);
    case READSTAT_TYPE_DOUBLE: return readstat_double_value(value);
    default: return std::nan("");
  }
}

ReadFile read_with_readstat(const std::string& path, bool sav) {
  ReadFile file;
  readstat_parser_t* parser = readstat_parser_init();
  readstat_set_metadata_handler(parser, [](readstat_metadata_t* metadata, void* context) -> int {
    auto* out = static_cast<ReadFile*>(context);
    out->rows = readstat_get_row_count(metadata);
    if (const char* label = readstat_get_file_label(metadata)) out->file_label = label;
    return READSTAT_HANDLER_OK;
  });
  readstat_set_note_handler(parser, [](int, const char* note, void* context) -> int {
    static_cast<ReadFile*>(context)->notes.emplace_back(note);
    return READSTAT_HANDLER_OK;
  });
  readstat_set_fweight_handler(parser, [](readstat_variable_t* variable, void* context) -> int {
    static_cast<ReadFile*>(context)->fweight = readstat_variable_get_name(variable);
    return READSTAT_HANDLER_OK;
  });
  readstat_set_variable_handler(parser, [](int, readstat_variable_t* variable, const char* label_set, void* context) -> int {
    auto* out = static_cast<ReadFile*>(context);
    ReadVariable read;
    read.name = readstat_variable_get_name(variable);
    if (const char* label = readstat_variable_get_label(variable)) read.label = label;
    if (const char* format = readstat_variable_get_format(variable)) read.format = format;
    if (label_set) read.label_set = label_set;
    read.is_string = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING;
    read.type = readstat_variable_get_type(variable);
    read.measure = readstat_variable_get_measure(variable);
    for (int range_idx = 0; range_idx < readstat_variable_get_missing_ranges_count(variable); ++range_idx)
      read.missing_ranges.emplace_back(cell_number(readstat_variable_get_missing_range_lo(variable, range_idx)),
                                       cell_number(readstat_variable_get_missing_range_hi(variable, range_idx)));
    out->variables.push_back(read);
    out->cells.emplace_back();
    return READSTAT_HANDLER_OK;
  });
  readstat_set_value_handler(parser, [](int, readstat_variable_t* variable, readstat_value_t value, void* context) -> int {
    auto* out = static_cast<ReadFile*>(context);
    ReadCell cell;
    cell.system_missing = readstat_value_is_system_missing(value);
    cell.tagged = readstat_value_is_tagged_missing(value);
    if (cell.tagged) cell.tag = readstat_value_tag(value);
    cell.user_missing = readstat_value_is_defined_missing(value, variable);
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
      if (const char* text = readstat_string_value(value)) cell.text = text;
    } else if (!cell.system_missing && !cell.tagged) {
      cell.number = cell_number(value);
    }
    out->cells[static_cast<std::size_t>(readstat_variable_get_index(variable))].push_back(cell);
    return READSTAT_HANDLER_OK;
  });
  readstat_set_value_label_handler(parser, [](const char* set, readstat_value_t value, const char* label, void* context) -> int {
    auto* out = static_cast<ReadFile*>(context);
    ReadLabel read;
    read.label = label ? label : "";
    if (readstat_value_is_tagged_missing(value)) read.tag = readstat_value_tag(value);
    else if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) read.text = readstat_string_value(value);
    else read.number = cell_number(value);
    out->label_sets[set].push_back(read);
    return READSTAT_HANDLER_OK;
  });
  readstat_error_t status = sav ? readstat_parse_sav(parser, path.c_str(), &file) : readstat_parse_dta(parser, path.c_str(), &file);
  readstat_parser_free(parser);
  INFO(path);
  REQUIRE(status == READSTAT_OK);
  return file;
}

// ---- fixtures -------------------------------------------------------------------------------

const std::vector<std::string> kFirmsColumns = {"firm_id",    "wave",       "region",     "employees",  "revenue",  "exporter",
                                                "export_share", "mood",     "channels_1", "channels_2", "barriers_1", "barriers_2",
                                                "barriers_3", "benefits_a", "benefits_b", "visited",    "w"};

// Every question variable of the file equals the database's values, cell by cell. In .dta a
// declared missing code is an extended missing value, so it is compared through its tag.
void check_values_equal_database(const ReadFile& file, const std::string& db, bool sav) {
  ankieta::survey::Store store(db, false);
  const auto& q = store.questionnaire();
  std::vector<std::string> names;
  for (const auto& variable : q.variables)
    if (variable.name != "contact") names.push_back(variable.name);
  auto set = store.load_columns(names);
  REQUIRE(file.rows == static_cast<long>(set.rows));
  for (const auto& column : set.columns) {
    const auto& variable = *column.variable;
    const auto& question = q.questions[variable.question_index];
    const auto& cells = file.column(variable.name);
    REQUIRE(cells.size() == set.rows);
    for (std::size_t row = 0; row < set.rows; ++row) {
      INFO(variable.name << " row " << row);
      const ReadCell& cell = cells[row];
      double expected = std::nan("");
      bool is_missing_code = false;
      std::size_t missing_position = 0;
      switch (variable.kind) {
        case ankieta::survey::VariableKind::numeric:
          expected = column.numbers[row];
          for (std::size_t idx = 0; idx < question.missing.size(); ++idx)
            if (question.missing[idx].code.number == expected) is_missing_code = true, missing_position = idx;
          break;
        case ankieta::survey::VariableKind::categorical:
          if (column.codes[row] >= 0) {
            auto code = static_cast<std::size_t>(column.codes[row]);
            expected = *variable.values[code].code.number;
            if (code >= variable.first_missing_value) is_missing_code = true, missing_position = code - variable.first_missing_value;
          }
          break;
        case ankieta::survey::VariableKind::date:
          expected = column.numbers[row];
          if (std::isfinite(expected)) expected = sav ? (expected + 141428) * 86400 : expected + 3653;
          break;
        case ankieta::survey::VariableKind::text:
          FAIL("no text variables expected");
      }
      if (std::isnan(expected)) {
        CHECK(cell.system_missing);
      } else if (is_missing_code && !sav) {
        CHECK(cell.tagged);
        CHECK(cell.tag == static_cast<char>('a' + missing_position));
      } else {
        CHECK(cell.number == expected);
        CHECK(cell.user_missing == is_missing_code);
      }
    }
  }
  std::vector<std::string> ids;
  for (const auto& cell : file.column("firm_id")) ids.push_back(cell.text);
  CHECK(ids == std::vector<std::string>{"F1", "F2", "F3"});
  for (const auto& cell : file.column("wave")) CHECK(cell.number == 1);
}

// Runs GNU PSPP on a syntax file and returns what it printed. PSPP is a dependency
// (scripts/install-deps.sh): a missing pspp fails the test, it is never skipped.
std::string run_pspp(const TempDir& dir, const std::string& syntax) {
  std::string syntax_path = dir / "syntax.sps";
  std::string output_path = dir / "pspp.txt";
  write_file(syntax_path, syntax);
  int status = std::system(fmt::format("pspp {} >{} 2>&1", shell_quote(syntax_path), shell_quote(output_path)).c_str());
  std::string output = read_file(output_path);
  INFO(syntax << "\n" << output);
  REQUIRE(status == 0);
  CHECK(output.find("warning") == std::string::npos);
  CHECK(output.find("error") == std::string::npos);
  return output;
}

std::string join_notes(const ReadFile& file) {
  std::string text;
  for (const auto& note : file.notes) text += note + "\n";
  return text;
}

}  // namespace

TEST_CASE("sav export reads back through ReadStat with labels, missing codes and the database's values", "[export]") {
  FirmsSurvey survey;
  ReadFile file = read_with_readstat(survey.export_file("firms.sav", {"--format", "sav"}), true);
  CHECK(file.names() == kFirmsColumns);  // contact (pii) is left out
  CHECK(file.variable("firm_id").is_string);
  CHECK(file.variable("firm_id").label == "identyfikator respondenta");
  CHECK(file.variable("wave").label == "fala badania");
  CHECK(file.variable("region").label == "region");
  CHECK(file.variable("channels_1").label == "channels: www");
  CHECK(file.variable("barriers_3").label == "barriers: przepisy");
  CHECK(file.variable("benefits_b").label == "benefits: kontakty");
  CHECK(file.variable("visited").format == "EDATE10");
  CHECK(file.variable("region").measure == READSTAT_MEASURE_NOMINAL);
  CHECK(file.variable("mood").measure == READSTAT_MEASURE_ORDINAL);
  CHECK(file.variable("revenue").measure == READSTAT_MEASURE_SCALE);

  CHECK(file.label_of("region", 1) == "północ");
  CHECK(file.label_of("region", 2) == "południe");
  CHECK(file.label_of("mood", 9) == "trudno powiedzieć");
  CHECK(file.label_of("employees", 9999) == "odmowa");
  CHECK(file.label_of("channels_2", 0) == "nie zaznaczono");
  CHECK(file.label_of("channels_2", 1) == "zaznaczono");
  CHECK(file.label_of("barriers_1", 99) == "odmowa");
  CHECK(file.labels("revenue").empty());

  using Ranges = std::vector<std::pair<double, double>>;
  CHECK(file.variable("employees").missing_ranges == Ranges{{9999, 9999}});
  CHECK(file.variable("exporter").missing_ranges == Ranges{{9, 9}});
  CHECK(file.variable("mood").missing_ranges == Ranges{{9, 9}});
  CHECK(file.variable("barriers_2").missing_ranges == Ranges{{99, 99}});
  CHECK(file.variable("region").missing_ranges.empty());

  check_values_equal_database(file, survey.db, true);
  CHECK(join_notes(file).find("personal data left out: contact") != std::string::npos);
  CHECK(file.fweight.empty());
}

TEST_CASE("dta export reads back through ReadStat with missing codes as extended missing values", "[export]") {
  FirmsSurvey survey;
  ReadFile file = read_with_readstat(survey.export_file("firms.dta", {"--format", "dta"}), false);
  CHECK(file.names() == kFirmsColumns);
  CHECK(file.variable("channels_1").label == "channels: www");
  CHECK(file.variable("visited").format == "%td");
  CHECK(file.variable("region").label_set == "region");
  // The smallest Stata type that holds every value: byte, int, long or double.
  CHECK(file.variable("region").type == READSTAT_TYPE_INT8);
  CHECK(file.variable("mood").type == READSTAT_TYPE_INT8);       // 9 is .a, the rest 1..3
  CHECK(file.variable("employees").type == READSTAT_TYPE_INT16);  // 12, 250; 9999 is .a
  CHECK(file.variable("revenue").type == READSTAT_TYPE_DOUBLE);
  CHECK(file.variable("visited").type == READSTAT_TYPE_INT32);

  CHECK(file.label_of("region", 1) == "północ");
  CHECK(file.label_of("region", 2) == "południe");
  CHECK(file.label_of("mood", 3) == "dobrze");
  auto tagged_label = [&](const std::string& name, char tag) {
    for (const auto& label : file.labels(name))
      if (label.tag == tag) return label.label;
    return std::string("(none)");
  };
  CHECK(tagged_label("employees", 'a') == "odmowa");
  CHECK(tagged_label("exporter", 'a') == "nie wiem");
  CHECK(tagged_label("mood", 'a') == "trudno powiedzieć");
  CHECK(tagged_label("barriers_1", 'a') == "odmowa");
  CHECK(file.label_of("mood", 9) == "(none)");  // 9 itself is no longer a value

  check_values_equal_database(file, survey.db, false);
  std::string notes = join_notes(file);
  CHECK(notes.find("employees: .a = 9999 odmowa") != std::string::npos);
  CHECK(notes.find("mood: .a = 9 trudno powiedzieć") != std::string::npos);
}

TEST_CASE("sav export opens in GNU PSPP with labelled frequencies and Polish characters intact", "[export]") {
  FirmsSurvey survey;
  std::string sav = survey.export_file("firms.sav");
  std::string output = run_pspp(survey.dir, fmt::format("GET FILE='{}'.\nFREQUENCIES VARIABLES=region mood.\n", sav));
  // A frequency row is "|Valid północ |        2| 66.7%|...": find the label, read the next cell.
  auto frequency_of = [&](const std::string& row_label) -> std::string {
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
      std::vector<std::string> cells;
      std::stringstream parts(line);
      std::string cell;
      while (std::getline(parts, cell, '|')) {
        std::size_t first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
        cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
      }
      if (cells.size() > 2 && cells[1].size() >= row_label.size() &&
          cells[1].compare(cells[1].size() - row_label.size(), row_label.size(), row_label) == 0)
        return cells[1].rfind("Missing", 0) == 0 ? "missing " + cells[2] : cells[2];
    }
    return "(not found)";
  };
  CHECK(frequency_of("północ") == "2");
  CHECK(frequency_of("południe") == "1");
  CHECK(frequency_of("średnio") == "1");
  CHECK(frequency_of("dobrze") == "1");
  CHECK(frequency_of("trudno powiedzieć") == "missing 1");  // user-missing, kept apart
}

TEST_CASE("personal data is left out of sav and dta unless --include-pii", "[export]") {
  FirmsSurvey survey;
  for (bool sav : {true, false}) {
    std::string extension = sav ? ".sav" : ".dta";
    ReadFile without = read_with_readstat(survey.export_file("a" + extension), sav);
    CHECK(without.names() == kFirmsColumns);
    ReadFile with = read_with_readstat(survey.export_file("b" + extension, {"--include-pii"}), sav);
    const auto& contact = with.column("contact");
    REQUIRE(contact.size() == 3);
    CHECK(contact[0].text == "Kowalski, \"Metal\" sp. z o.o.");
    CHECK(contact[1].text == "line one\nline two");
    CHECK(contact[2].text.empty());
    CHECK(with.names().size() == kFirmsColumns.size() + 1);
  }
}

TEST_CASE("English labels with --lang en", "[export]") {
  FirmsSurvey survey;
  for (bool sav : {true, false}) {
    ReadFile file = read_with_readstat(survey.export_file(sav ? "en.sav" : "en.dta", {"--lang", "en"}), sav);
    CHECK(file.label_of("region", 1) == "north");
    CHECK(file.label_of("channels_1", 1) == "mentioned");
    CHECK(file.variable("firm_id").label == "respondent id");
    CHECK(file.variable("wave").label == "survey wave");
  }
}

TEST_CASE("a --weight variable is the case weight in sav and noted in dta", "[export]") {
  FirmsSurvey survey;
  CHECK(read_with_readstat(survey.export_file("w.sav", {"--weight", "w"}), true).fweight == "w");
  ReadFile dta = read_with_readstat(survey.export_file("w.dta", {"--weight", "w"}), false);
  CHECK(join_notes(dta).find("case weight: w") != std::string::npos);
}

// A questionnaire with what firms.yaml lacks: texts in two languages, text codes with a missing
// code, four numeric missing codes (more than SPSS lists), very long labels and text.
TEST_CASE("text codes, many missing codes, long labels and long text survive both formats", "[export]") {
  TempDir dir;
  std::string long_text(150, 'x');
  std::string long_question;
  for (int idx = 0; idx < 150; ++idx) long_question += "ż";  // 300 bytes, 150 characters
  write_file(dir / "q.yaml", fmt::format(R"(id: labels-test
version: 2
respondent_id: id
title: {{pl: "Potrzeby firm – Podlasie", en: "Firm needs"}}
sections:
  - id: s1
    questions:
      - id: size
        type: single
        text: {{pl: "Wielkość firmy", en: "Firm size"}}
        options:
          - {{value: S, label: {{pl: "mała", en: small}}}}
          - {{value: M, label: {{pl: "średnia", en: medium}}}}
          - {{value: L, label: {{pl: "duża", en: large}}}}
        missing: {{X: {{pl: "nie wiem", en: "don't know"}}}}
      - id: staff
        type: numeric
        text: "Liczba pracowników"
        integer: true
        min: 0
        max: 5000
        missing: {{9996: a, 9997: b, 9998: c, 9999: d}}
      - id: needs
        type: multi
        text: {{pl: "Potrzeby szkoleniowe", en: "Training needs"}}
        options: [{{value: 1, label: spawanie}}, {{value: 2, label: "obróbka CNC"}}]
      - id: comment
        type: text
        text: "{}"
)", long_question));
  // 3300 bytes: a strL in Stata, a very long string (13 segments of 255 bytes) in SPSS. The Polish
  // letters stay inside the first segment because ReadStat's reader converts segment by segment and
  // would garble a character cut by a segment boundary (GNU PSPP reads such files correctly).
  std::string very_long = "Żółć gęślą jaźń ";
  very_long += std::string(3300 - very_long.size(), 'x');
  write_file(dir / "r.csv", fmt::format("id,size,staff,needs_1,needs_2,comment\nR1,S,12,1,0,Żółć gęślą jaźń\nR2,X,9998,0,1,{}\n"
                                        "R3,L,,1,1,\nR4,M,9996,0,0,{}\n",
                                        very_long, long_text));
  std::string db = dir / "s.db";
  REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
  RunResult imported = run_ankieta({"import", dir / "r.csv", "--db", db});
  INFO(imported.err);
  REQUIRE(imported.status == 0);

  RunResult sav_run = run_ankieta({"export", "--out", dir / "l.sav", "--db", db});
  INFO(sav_run.err);
  REQUIRE(sav_run.status == 0);
  CHECK(sav_run.err.find("missing codes of the string variable 'size' (X)") != std::string::npos);
  ReadFile sav = read_with_readstat(dir / "l.sav", true);
  CHECK(sav.file_label == "Potrzeby firm – Podlasie");
  CHECK(sav.variable("size").is_string);
  CHECK(sav.variable("size").label == "Wielkość firmy");
  std::map<std::string, std::string> size_labels;
  for (const auto& label : sav.labels("size")) size_labels[label.text] = label.label;
  CHECK(size_labels == std::map<std::string, std::string>{{"S", "mała"}, {"M", "średnia"}, {"L", "duża"}, {"X", "nie wiem"}});
  std::vector<std::string> sizes;
  for (const auto& cell : sav.column("size")) sizes.push_back(cell.text);
  CHECK(sizes == std::vector<std::string>{"S", "X", "L", "M"});
  // Four codes next to each other and above every valid value: one range.
  using Ranges = std::vector<std::pair<double, double>>;
  CHECK(sav.variable("staff").missing_ranges == Ranges{{9996, 9999}});
  CHECK(sav.column("staff")[1].user_missing);
  CHECK(sav.column("staff")[3].user_missing);
  CHECK_FALSE(sav.column("staff")[0].user_missing);
  CHECK(sav.variable("needs_2").label == "Potrzeby szkoleniowe: obróbka CNC");
  // Labels are cut to the format's limit at a character boundary: 256 bytes = 128 'ż'.
  CHECK(sav.variable("comment").label == long_question.substr(0, 256));
  CHECK(sav.column("comment")[0].text == "Żółć gęślą jaźń");
  CHECK(sav.column("comment")[1].text.rfind("Żółć gęślą jaźń xxx", 0) == 0);
  // ReadStat 1.1.8's reader loses a byte of some very long strings, so the authority on the whole
  // value is PSPP: its length and both ends.
  std::string pspp = run_pspp(dir, fmt::format("GET FILE='{}'.\nSTRING head (A25).\nSTRING tail (A3).\nCOMPUTE bytes = LENGTH(RTRIM(comment)).\n"
                                               "COMPUTE head = SUBSTR(comment, 1, 25).\nCOMPUTE tail = SUBSTR(comment, 3298, 3).\n"
                                               "LIST id bytes head tail.\n",
                                               dir / "l.sav"));
  INFO(pspp);
  CHECK(pspp.find("|R2|3300.00|Żółć gęślą jaźń          |xxx |") != std::string::npos);
  CHECK(sav.column("comment")[3].text == long_text);

  RunResult dta_run = run_ankieta({"export", "--out", dir / "l.dta", "--db", db, "--lang", "en"});
  INFO(dta_run.err);
  REQUIRE(dta_run.status == 0);
  CHECK(dta_run.err.find("'size' has text codes; Stata has no value labels for strings") != std::string::npos);
  ReadFile dta = read_with_readstat(dir / "l.dta", false);
  CHECK(dta.file_label == "Firm needs");
  CHECK(dta.variable("size").label == "Firm size");
  CHECK(dta.variable("needs_1").label == "Training needs: spawanie");
  CHECK(dta.variable("comment").label == long_question.substr(0, 160));  // 80 characters
  std::vector<std::string> dta_sizes;
  for (const auto& cell : dta.column("size")) dta_sizes.push_back(cell.text);
  CHECK(dta_sizes == std::vector<std::string>{"S", "X", "L", "M"});
  const auto& staff = dta.column("staff");
  CHECK(staff[0].number == 12);
  CHECK((staff[1].tagged && staff[1].tag == 'c'));  // 9998 is the third code
  CHECK(staff[2].system_missing);
  CHECK((staff[3].tagged && staff[3].tag == 'a'));
  CHECK(dta.column("comment")[0].text == "Żółć gęślą jaźń");
  CHECK(dta.column("comment")[1].text == very_long);
  CHECK(dta.column("comment")[2].text.empty());
  CHECK(dta.column("comment")[3].text == long_text);
}

TEST_CASE("SPSS missing codes that cannot be one range are declared three at a time, with a warning", "[export]") {
  using namespace ankieta::exports;
  TempDir dir;
  Dataset dataset;
  dataset.rows = 3;
  DataVariable variable;
  variable.name = "q";
  variable.label = "pytanie";
  variable.integer = true;
  variable.values = {{1, "1", "tak", false}, {5, "5", "nie", false}, {0, "0", "brak", true},
                     {3, "3", "nie wiem", true}, {7, "7", "odmowa", true}, {9, "9", "nie dotyczy", true}};
  variable.numbers = {1, 3, 9};
  dataset.variables.push_back(variable);
  WriteResult result = write_sav(dataset, dir / "m.sav");
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0] == dir / "m.sav" + ": variable 'q' has more missing codes than SPSS can declare; 9 stay valid values in the file");
  ReadFile file = read_with_readstat(dir / "m.sav", true);
  using Ranges = std::vector<std::pair<double, double>>;
  CHECK(file.variable("q").missing_ranges == Ranges{{0, 0}, {3, 3}, {7, 7}});
  CHECK(file.column("q")[1].user_missing);
  CHECK_FALSE(file.column("q")[2].user_missing);

  // The same codes without valid values between them: a range and one value.
  dataset.variables[0].values = {{1, "1", "tak", false}, {5, "5", "nie", false}, {0, "0", "brak", true},
                                 {7, "7", "nie wiem", true}, {8, "8", "odmowa", true}, {9, "9", "nie dotyczy", true}};
  dataset.variables[0].numbers = {1, 8, 0};
  result = write_sav(dataset, dir / "r.sav");
  CHECK(result.warnings.empty());
  file = read_with_readstat(dir / "r.sav", true);
  CHECK(file.variable("q").missing_ranges == Ranges{{7, 9}, {0, 0}});
  CHECK(file.column("q")[1].user_missing);
  CHECK(file.column("q")[2].user_missing);
}

TEST_CASE("names the formats cannot hold are refused naming the variable, and no file is left", "[export]") {
  using namespace ankieta::exports;
  TempDir dir;
  Dataset dataset;
  dataset.rows = 1;
  DataVariable variable;
  variable.name = "a_question_id_that_is_longer_than_stata_allows";
  variable.numbers = {1};
  dataset.variables.push_back(variable);
  try {
    write_dta(dataset, dir / "n.dta");
    FAIL("expected an error");
  } catch (const ankieta::Error& error) {
    CHECK(error.kind() == ankieta::ErrorKind::data);
    CHECK(std::string(error.what()) ==
          "variable name 'a_question_id_that_is_longer_than_stata_allows' is too long for Stata (32 characters at most); "
          "shorten the question id, or export to .sav or .csv");
  }
  CHECK_FALSE(std::filesystem::exists(dir / "n.dta"));
  CHECK(write_sav(dataset, dir / "n.sav").warnings.empty());  // SPSS allows 64 bytes

  dataset.variables[0].name = "with";
  CHECK_THROWS_WITH(write_sav(dataset, dir / "w.sav"), "variable name 'with' is a reserved word in SPSS; rename the question");
  CHECK_THROWS_WITH(write_dta(dataset, dir / "w.dta"), "variable name 'with' is a reserved word in Stata; rename the question");
  CHECK_FALSE(std::filesystem::exists(dir / "w.sav"));
}
