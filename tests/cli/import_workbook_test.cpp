// Importing responses as a broker's office has them: an Excel workbook typed from paper forms
// (written here with libxlsxwriter, as Excel would store it: numbers as numbers, dates as date
// cells), numbers with thousands separators, and the empty rows spreadsheets leave at the end.
#include <catch2/catch.hpp>

#include <xlsxwriter.h>

#include <string>
#include <vector>

#include "query_text.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

// The columns of tests/data/import/firms.yaml, as good.csv has them.
const std::vector<std::string> kHeader = {"firm_id", "region", "employees", "revenue", "exporter", "export_share", "mood",
                                          "channels_1", "channels_2", "barriers", "benefits_a", "benefits_b", "contact",
                                          "visited", "w"};

// Every stored answer of every respondent, in one text: what two imports must agree on.
std::string stored_answers(const std::string& db) {
  const std::string columns = query_text(
      db, "SELECT group_concat('quote(' || name || ')', ' || '','' || ') FROM pragma_table_info('responses') "
          "WHERE name NOT IN ('_row', '_import', '_line')");
  REQUIRE_FALSE(columns.empty());
  return query_text(db, "SELECT group_concat(r, char(10)) FROM (SELECT " + columns + " AS r FROM responses ORDER BY _respondent)");
}

// tests/data/import/good.csv as a workbook: the same answers, typed into cells.
void write_good_workbook(const std::string& path, bool trailing_formatted_rows) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* other = workbook_add_worksheet(workbook, "Instrukcja");
  worksheet_write_string(other, 0, 0, "Wpisz odpowiedzi w arkuszu Dane", nullptr);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Dane");
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "dd.mm.yyyy");
  for (lxw_col_t col = 0; col < kHeader.size(); ++col) worksheet_write_string(sheet, 0, col, kHeader[col].c_str(), nullptr);
  auto number = [&](lxw_row_t row, lxw_col_t col, double value) { worksheet_write_number(sheet, row, col, value, nullptr); };
  auto text = [&](lxw_row_t row, lxw_col_t col, const char* value) { worksheet_write_string(sheet, row, col, value, nullptr); };
  auto day = [&](lxw_row_t row, lxw_col_t col, int year, int month, int mday) {
    lxw_datetime when = {year, static_cast<uint8_t>(month), static_cast<uint8_t>(mday), 0, 0, 0};
    worksheet_write_datetime(sheet, row, col, &when, date);
  };
  text(1, 0, "F1"), number(1, 1, 1), number(1, 2, 12), number(1, 3, 1500.5), number(1, 4, 1), number(1, 5, 40), number(1, 6, 3);
  number(1, 7, 1), number(1, 8, 0), text(1, 9, "1|3"), number(1, 10, 5), number(1, 11, 1);
  text(1, 12, "Kowalski, \"Metal\" sp. z o.o."), day(1, 13, 2024, 3, 12), number(1, 14, 10);
  text(2, 0, "F2"), number(2, 1, 2), number(2, 2, 9999), number(2, 4, 2), number(2, 6, 9), number(2, 7, 0), number(2, 8, 0);
  number(2, 10, 1), number(2, 11, 5), text(2, 12, "line one\nline two"), day(2, 13, 2024, 2, 29), number(2, 14, 10);
  text(3, 0, "F3"), number(3, 1, 1), number(3, 2, 250), number(3, 3, 800), number(3, 4, 9), number(3, 6, 2), number(3, 7, 1);
  number(3, 8, 1), text(3, 9, "99"), number(3, 14, 12.5);
  if (trailing_formatted_rows)
    for (lxw_row_t row = 4; row < 8; ++row) worksheet_write_blank(sheet, row, 0, date);
  REQUIRE(workbook_close(workbook) == LXW_NO_ERROR);
}

}  // namespace

TEST_CASE("import: a workbook stores the same answers as the same data in CSV", "[import][xlsx]") {
  TempDir dir;
  const std::string csv_db = dir / "csv.db", xlsx_db = dir / "xlsx.db", book = dir / "ankiety.xlsx";
  write_good_workbook(book, true);
  for (const std::string& db : {csv_db, xlsx_db}) REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", test_data("import/good.csv"), "--db", csv_db}).status == 0);
  RunResult run = run_ankieta({"import", book, "--sheet", "Dane", "--db", xlsx_db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.err, Catch::Contains("3 rows read, 3 loaded, 0 rejected"));
  CHECK(stored_answers(xlsx_db) == stored_answers(csv_db));
  CHECK(query_text(xlsx_db, "SELECT count(*) FROM responses") == "3");
}

TEST_CASE("import: a workbook's problems name the row and the variable, and its rejects import again", "[import][xlsx]") {
  TempDir dir;
  const std::string db = dir / "s.db", book = dir / "ankiety.xlsx", rejects = dir / "odrzucone.csv";
  lxw_workbook* workbook = workbook_new(book.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Dane");
  for (lxw_col_t col = 0; col < kHeader.size(); ++col) worksheet_write_string(sheet, 0, col, kHeader[col].c_str(), nullptr);
  // A2 answers region 7, which the question does not have.
  for (lxw_row_t row = 1; row <= 2; ++row) {
    worksheet_write_string(sheet, row, 0, row == 1 ? "A1" : "A2", nullptr);
    worksheet_write_number(sheet, row, 1, row == 1 ? 1 : 7, nullptr);
    worksheet_write_number(sheet, row, 2, 5, nullptr);
    worksheet_write_number(sheet, row, 14, 1, nullptr);
  }
  REQUIRE(workbook_close(workbook) == LXW_NO_ERROR);
  REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
  const std::string before = read_file(db);

  RunResult refused = run_ankieta({"import", book, "--db", db});
  CHECK(refused.status == 65);
  CHECK_THAT(refused.err, Catch::Contains(book + ":3:region: '7' is not an answer to region"));
  CHECK(read_file(db) == before);

  RunResult wrong_sheet = run_ankieta({"import", book, "--sheet", "Wyniki", "--db", db});
  CHECK(wrong_sheet.status == 2);
  CHECK_THAT(wrong_sheet.err, Catch::Contains("no sheet 'Wyniki'; the workbook's sheets are 'Dane'"));

  RunResult partial = run_ankieta({"import", book, "--rejects", rejects, "--db", db});
  INFO(partial.err);
  REQUIRE(partial.status == 0);
  CHECK(read_file(rejects).rfind("firm_id,region,employees,revenue,", 0) == 0);
  CHECK_THAT(read_file(rejects), Catch::Contains("A2,7,5,,,,,,,,,,,,1,"));
}

TEST_CASE("import: thousands separators in numbers and empty rows at the end of a CSV", "[import]") {
  TempDir dir;
  const std::string db = dir / "s.db", csv = dir / "excel.csv";
  // Saved by a Polish Excel: ';', decimal comma, a no-break space between thousands, and the
  // rows below the data that were formatted once.
  write_file(csv,
             "firm_id;region;employees;revenue;exporter;export_share;mood;channels_1;channels_2;barriers;benefits_a;"
             "benefits_b;contact;visited;w\r\n"
             "K1;1;1\xC2\xA0" "000;12 345,5;2;;2;0;0;;;;;;1\r\n"
             "K2;2;12;1.234.567;2;;2;0;0;;;;;;1\r\n"
             ";;;;;;;;;;;;;;\r\n"
             ";;;;;;;;;;;;;;\r\n");
  REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
  RunResult run = run_ankieta({"import", csv, "--db", db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.err, Catch::Contains("2 rows read, 2 loaded, 0 rejected, 2 empty rows skipped"));
  CHECK(query_text(db, "SELECT employees || '/' || revenue FROM responses WHERE _respondent = 'K1'") == "1000/12345.5");
  CHECK(query_text(db, "SELECT revenue FROM responses WHERE _respondent = 'K2'") == "1234567.0");
}
