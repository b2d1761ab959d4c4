// End to end: `ankieta import` on good and bad files. Every bad value must be reported as
// FILE:LINE:COLUMN with what was expected, exit with status 65, and leave the database as it was.
#include <catch2/catch.hpp>

#include <cmath>

#include <fmt/format.h>

#include "ankieta/survey/store.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

const std::string kHeader =
    "firm_id,region,employees,revenue,exporter,export_share,mood,channels_1,channels_2,barriers,benefits_a,benefits_b,"
    "contact,visited,w\n";
// A valid row; cases replace one field of it.
const std::string kGoodRow = "F9,1,12,100,1,40,3,1,0,1|3,5,1,Jan,2024-03-12,10\n";

// Everything a user could see in the database, as text: imports and every stored value.
std::string fingerprint(const std::string& db) {
  ankieta::survey::Store store(db, false);
  std::string text;
  for (const auto& record : store.imports())
    text += fmt::format("import {} {} {} {}\n", record.id, record.sha256, record.rows_loaded, record.wave);
  std::vector<std::string> names;
  for (const auto& variable : store.questionnaire().variables) names.push_back(variable.name);
  auto set = store.load_columns(names);
  for (const auto& column : set.columns) {
    text += column.variable->name + ":";
    for (double value : column.numbers) text += std::isnan(value) ? " ." : " " + std::to_string(value);
    for (int code : column.codes) text += " " + std::to_string(code);
    text += "\n";
  }
  return text;
}

struct Survey {
  TempDir dir;
  std::string db = dir / "survey.db";
  Survey() {
    auto init = run_ankieta({"init", test_data("import/firms.yaml"), "--db", db});
    REQUIRE(init.status == 0);
    auto first = run_ankieta({"import", test_data("import/good.csv"), "--db", db});
    REQUIRE(first.status == 0);
  }
  std::string csv(const std::string& name, const std::string& content) const {
    std::string path = dir / name;
    write_file(path, content);
    return path;
  }
};

std::string with_field(int field_idx, const std::string& value) {
  std::vector<std::string> fields;
  std::string row = kGoodRow.substr(0, kGoodRow.size() - 1);
  std::size_t start = 0;
  while (true) {
    std::size_t end = row.find(',', start);
    fields.push_back(row.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  fields[static_cast<std::size_t>(field_idx)] = value;
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out + "\n";
}

}  // namespace

TEST_CASE("every kind of bad value is reported with its position and nothing is loaded", "[import]") {
  struct Case {
    const char* kind;
    std::string content;
    std::string message;  // after "FILE:"
  };
  const Case cases[] = {
      {"not a number", kHeader + with_field(2, "dwanaście"),
       "2:employees: 'dwanaście' is not a number; expected a whole number from 0 to 1000"},
      {"not whole", kHeader + with_field(2, "12.5"),
       "2:employees: '12.5' is not a whole number; expected a whole number from 0 to 1000"},
      {"out of range", kHeader + with_field(2, "1001"), "2:employees: 1001 is out of range; expected a number from 0 to 1000"},
      {"below minimum", kHeader + with_field(3, "-5"), "2:revenue: -5 is out of range; expected a number of at least 0"},
      {"not an option", kHeader + with_field(1, "3"), "2:region: '3' is not an answer to region; expected one of 1, 2"},
      {"not an option, with missing codes", kHeader + with_field(4, "7"),
       "2:exporter: '7' is not an answer to exporter; expected one of 1, 2 (or missing code 9)"},
      {"scale value", kHeader + with_field(6, "4"), "2:mood: '4' is not an answer to mood; expected one of 1, 2, 3 (or missing code 9)"},
      {"grid value", kHeader + with_field(10, "3"), "2:benefits_a: '3' is not an answer to benefits; expected one of 1, 5"},
      {"bad date", kHeader + with_field(13, "2024-02-30"), "2:visited: '2024-02-30' is not a date; expected YYYY-MM-DD (or DD.MM.YYYY)"},
      {"multi column value", kHeader + with_field(7, "2"), "2:channels_1: '2' is not valid for a multiple-choice column; expected 0 or 1"},
      {"delimited multi token", kHeader + with_field(9, "1|4"),
       "2:barriers: '4' in '1|4' is not an option of barriers; expected codes from 1, 2, 3 separated by '|'"},
      {"answered but not asked", kHeader + with_field(4, "2"),
       "2:export_share: export_share was answered but not asked: its filter 'exporter == 1' is false for this respondent"},
      {"empty respondent id", kHeader + with_field(0, ""), "2:firm_id: the respondent id is empty"},
      {"duplicate id in the file", kHeader + kGoodRow + kGoodRow, "3:firm_id: duplicate respondent id 'F9' (already at line 2 of this file)"},
      {"duplicate id in the database", kHeader + with_field(0, "F1"),
       "2:firm_id: respondent 'F1' of wave 1 is already in the database (import #1, line 2); use --on-duplicate skip or replace"},
      {"too few fields", kHeader + "F9,1,12\n", "2:*: the row has 3 fields but the header has 15"},
      {"second row bad", kHeader + kGoodRow + with_field(1, "x").replace(0, 2, "F8"),
       "3:region: 'x' is not an answer to region; expected one of 1, 2"},
  };
  for (const auto& c : cases) {
    INFO(c.kind);
    Survey survey;
    std::string before = fingerprint(survey.db);
    std::string path = survey.csv("bad.csv", c.content);
    auto result = run_ankieta({"import", path, "--db", survey.db});
    CHECK(result.status == 65);
    CHECK(result.err.find(path + ":" + c.message + "\n") != std::string::npos);
    CHECK(result.err.find("nothing was loaded") != std::string::npos);
    CHECK(fingerprint(survey.db) == before);
  }
}

TEST_CASE("problems with the file as a whole", "[import]") {
  struct Case {
    const char* kind;
    std::string content;
    int status;
    std::string message;
  };
  std::string cp1250_row = kHeader + with_field(12, "Spó\xB3ka");  // "ł" in Windows-1250, read as UTF-8
  const Case cases[] = {
      {"missing column", "firm_id,region\nF9,1\n", 65, "bad.csv:1: missing column 'employees' (question 'employees'); the header must name every question's column"},
      {"extra column", "extra," + kHeader + "x," + kGoodRow, 65, "bad.csv:1:1: column 'extra' is not read by any question; remove it or use --ignore-extra"},
      {"duplicate header", "region," + kHeader, 65, "bad.csv:1:3: column 'region' appears twice in the header"},
      {"unterminated quote", kHeader + "F9,1,12,100,1,40,3,1,0,1|3,5,1,\"Jan,2024-03-12,10\n", 65,
       "bad.csv:3:1: unterminated quoted field (the quote opened at line 2, column 32 is never closed)"},
      {"invalid UTF-8", cp1250_row, 65, "bad.csv:2:35: invalid UTF-8 byte 0xB3; if the file was saved by Excel in Windows-1250, use --encoding cp1250"},
      {"empty file", "", 65, "bad.csv: the file is empty; expected a header line"},
      {"header only", kHeader, 65, "bad.csv: the file has a header but no rows"},
  };
  for (const auto& c : cases) {
    INFO(c.kind);
    Survey survey;
    std::string before = fingerprint(survey.db);
    std::string path = survey.csv("bad.csv", c.content);
    auto result = run_ankieta({"import", path, "--db", survey.db});
    CHECK(result.status == c.status);
    CHECK(result.err.find(survey.dir / c.message) != std::string::npos);
    CHECK(fingerprint(survey.db) == before);
  }
}

TEST_CASE("missing files and bad arguments", "[import]") {
  Survey survey;
  auto missing = run_ankieta({"import", survey.dir / "nope.csv", "--db", survey.db});
  CHECK(missing.status == 66);
  CHECK(missing.err.find("nope.csv: cannot open file: No such file or directory") != std::string::npos);
  auto no_db = run_ankieta({"import", test_data("import/good.csv"), "--db", survey.dir / "none.db"});
  CHECK(no_db.status == 66);
  CHECK(no_db.err.find("none.db: no such database; create it with 'ankieta init QUESTIONNAIRE.yaml --db") != std::string::npos);
  auto bad_policy = run_ankieta({"import", test_data("import/good.csv"), "--db", survey.db, "--on-duplicate", "merge"});
  CHECK(bad_policy.status == 2);
  CHECK(bad_policy.err.find("unknown --on-duplicate 'merge'; expected reject, skip or replace") != std::string::npos);
  auto bad_option = run_ankieta({"import", test_data("import/good.csv"), "--db", survey.db, "--colour"});
  CHECK(bad_option.status == 2);
  CHECK(bad_option.err.find("see 'ankieta import --help'") != std::string::npos);
  auto bad_encoding = run_ankieta({"import", test_data("import/good.csv"), "--db", survey.db, "--encoding", "latin2"});
  CHECK(bad_encoding.status == 2);
  CHECK(bad_encoding.err.find("unknown encoding 'latin2'; expected utf-8 or cp1250") != std::string::npos);
}

TEST_CASE("quoted fields, byte-order mark, Windows-1250 with ; and decimal comma", "[import]") {
  TempDir dir;
  std::string db = dir / "s.db";
  REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", test_data("import/good.csv"), "--db", db}).status == 0);
  auto excel = run_ankieta({"import", test_data("import/excel-cp1250.csv"), "--encoding", "cp1250", "--db", db});
  REQUIRE(excel.status == 0);
  ankieta::survey::Store store(db, false);
  auto set = store.load_columns({"revenue", "export_share", "contact", "visited", "w"});
  REQUIRE(set.rows == 5);
  CHECK(set.columns[2].texts[static_cast<std::size_t>(set.columns[2].codes[0])] == "Kowalski, \"Metal\" sp. z o.o.");
  CHECK(set.columns[2].texts[static_cast<std::size_t>(set.columns[2].codes[1])] == "line one\nline two");
  CHECK(set.columns[0].numbers[3] == 1234.75);   // "1234,75"
  CHECK(set.columns[1].numbers[3] == 12.5);      // "12,5"
  CHECK(set.columns[4].numbers[3] == 10.5);      // "10,5"
  CHECK(set.columns[2].texts[static_cast<std::size_t>(set.columns[2].codes[3])] == "Łódzka Spółka Żelazna");
  CHECK(set.columns[3].texts[static_cast<std::size_t>(set.columns[3].codes[3])] == "2024-03-12");  // from 12.03.2024

  TempDir other;
  std::string db2 = other / "s.db";
  REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db2}).status == 0);
  auto bom = run_ankieta({"import", test_data("import/bom.csv"), "--db", db2});
  CHECK(bom.status == 0);
  CHECK(ankieta::survey::Store(db2, false).respondent_count() == 1);
}

TEST_CASE("with a rejects file the good rows load and writes the bad ones with a reason", "[import]") {
  Survey survey;
  std::string path = survey.csv("mixed.csv", kHeader + with_field(0, "G1") + with_field(2, "x").replace(0, 2, "G2") + with_field(0, "G3"));
  std::string rejects = survey.dir / "rejects.csv";
  auto result = run_ankieta({"import", path, "--db", survey.db, "--rejects", rejects});
  CHECK(result.status == 0);
  CHECK(result.err.find("3 rows read, 2 loaded, 1 rejected") != std::string::npos);
  CHECK(ankieta::survey::Store(survey.db, false).respondent_count() == 5);
  std::string written = read_file(rejects);
  std::string bad_row = with_field(2, "x").replace(0, 2, "G2");
  CHECK(written == kHeader.substr(0, kHeader.size() - 1) + ",ankieta_error\n" + bad_row.substr(0, bad_row.size() - 1) +
                       ",employees: 'x' is not a number; expected a whole number from 0 to 1000\n");
  // The broker fixes the row and imports the rejects file as it is: the reason column is ignored.
  std::string fixed = written;
  fixed.replace(fixed.find("G2,1,x"), 6, "G2,1,7");
  write_file(rejects, fixed);
  auto again = run_ankieta({"import", rejects, "--db", survey.db});
  CHECK(again.status == 0);
  CHECK(ankieta::survey::Store(survey.db, false).respondent_count() == 6);
}

TEST_CASE("a dry run checks without loading", "[import]") {
  Survey survey;
  std::string before = fingerprint(survey.db);
  std::string good = survey.csv("good.csv", kHeader + kGoodRow);
  auto ok = run_ankieta({"import", good, "--db", survey.db, "--dry-run"});
  CHECK(ok.status == 0);
  CHECK(ok.err.find("dry run: the file would load cleanly; nothing was loaded") != std::string::npos);
  std::string bad = survey.csv("bad.csv", kHeader + with_field(1, "5"));
  auto failed = run_ankieta({"import", bad, "--db", survey.db, "--dry-run"});
  CHECK(failed.status == 65);
  CHECK(fingerprint(survey.db) == before);
}

TEST_CASE("duplicate policies: reject, skip, replace", "[import]") {
  Survey survey;
  std::string path = survey.csv("again.csv", kHeader + with_field(0, "F1") + with_field(0, "N1"));
  auto rejected = run_ankieta({"import", path, "--db", survey.db});
  CHECK(rejected.status == 65);
  auto skipped = run_ankieta({"import", path, "--db", survey.db, "--on-duplicate", "skip"});
  CHECK(skipped.status == 0);
  CHECK(skipped.err.find("2 rows read, 1 loaded, 0 rejected, 1 skipped (already present)") != std::string::npos);
  {
    ankieta::survey::Store store(survey.db, false);
    auto set = store.load_columns({"employees"});
    CHECK(set.columns[0].numbers[0] == 12);  // F1 kept its first answer
  }
  std::string path2 = survey.csv("again2.csv", kHeader + with_field(0, "F1") + with_field(0, "N2"));
  auto replaced = run_ankieta({"import", path2, "--db", survey.db, "--on-duplicate", "replace"});
  CHECK(replaced.status == 0);
  CHECK(replaced.err.find("2 rows read, 2 loaded, 0 rejected, 1 replaced") != std::string::npos);
  ankieta::survey::Store store(survey.db, false);
  CHECK(store.respondent_count() == 5);
}

TEST_CASE("a file imported before is refused unless forced; waves keep respondents apart", "[import]") {
  Survey survey;
  auto again = run_ankieta({"import", test_data("import/good.csv"), "--db", survey.db});
  CHECK(again.status == 65);
  CHECK(again.err.find("was already imported as import #1") != std::string::npos);
  CHECK(again.err.find("use --force to import it again") != std::string::npos);
  auto wave2 = run_ankieta({"import", test_data("import/good.csv"), "--db", survey.db, "--force", "--wave", "2"});
  CHECK(wave2.status == 0);
  ankieta::survey::Store store(survey.db, false);
  CHECK(store.respondent_count() == 6);
  CHECK(store.respondent_count(2) == 3);
  CHECK(store.imports().size() == 2);
}

TEST_CASE("info counts the sample", "[import]") {
  Survey survey;
  auto info = run_ankieta({"info", "--db", survey.db});
  CHECK(info.status == 0);
  CHECK(info.out.find("respondents:    3 (wave 1: 3)") != std::string::npos);
  // export_share: F1 answered, F2 not asked (exporter 2), F3 not asked (exporter 9 = don't know)
  CHECK(info.out.find("  export_share                 numeric          1         0         0         2\n") != std::string::npos);
  CHECK(info.out.find("  employees                    numeric          2         1         0         0\n") != std::string::npos);
}

TEST_CASE("a multi question that was not asked may hold zeros, stored as blank", "[import]") {
  TempDir dir;
  write_file(dir / "q.yaml",
             "id: t\nrespondent_id: id\nsections:\n  - id: s\n    questions:\n"
             "      - {id: innovated, type: single, options: [1, 2]}\n"
             "      - {id: kinds, type: multi, ask_if: \"innovated == 1\", options: [1, 2]}\n");
  std::string db = dir / "t.db";
  REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
  write_file(dir / "zeros.csv", "id,innovated,kinds_1,kinds_2\nA,1,1,0\nB,2,0,0\n");
  auto zeros = run_ankieta({"import", dir / "zeros.csv", "--db", db});
  CHECK(zeros.status == 0);
  ankieta::survey::Store store(db, false);
  auto set = store.load_columns({"kinds_1", "kinds_2"});
  CHECK(set.columns[0].codes == std::vector<std::int32_t>{1, -1});
  CHECK(set.columns[1].codes == std::vector<std::int32_t>{0, -1});
  write_file(dir / "ticked.csv", "id,innovated,kinds_1,kinds_2\nC,2,0,1\n");
  auto ticked = run_ankieta({"import", dir / "ticked.csv", "--db", db});
  CHECK(ticked.status == 65);
  CHECK(ticked.err.find("ticked.csv:2:kinds_1: kinds was answered but not asked: its filter 'innovated == 1' is false for this respondent") !=
        std::string::npos);
}

TEST_CASE("columns come back the same from the column cache, which an import makes stale", "[import]") {
  Survey survey;
  auto load = [&] {
    ankieta::survey::Store store(survey.db, false);
    return store.load_columns({"employees", "region", "contact"});
  };
  auto first = load();   // from the rows; writes the cache
  auto second = load();  // numeric and categorical columns from the cache
  REQUIRE(second.rows == 3);
  CHECK(second.columns[0].numbers.size() == 3);
  for (std::size_t row = 0; row < 3; ++row) {
    CHECK(second.columns[0].numbers[row] == first.columns[0].numbers[row]);
    CHECK(second.columns[1].codes[row] == first.columns[1].codes[row]);
    CHECK(second.columns[2].codes[row] == first.columns[2].codes[row]);
    CHECK(second.waves[row] == 1);
  }
  std::string path = survey.csv("more.csv", kHeader + with_field(0, "N1"));
  REQUIRE(run_ankieta({"import", path, "--db", survey.db}).status == 0);
  auto third = load();
  REQUIRE(third.rows == 4);
  CHECK(third.columns[0].numbers[3] == 12);
  auto wave_only = ankieta::survey::Store(survey.db, false).load_columns({"employees"}, 2);
  CHECK(wave_only.rows == 0);
}
