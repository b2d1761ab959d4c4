// The data-entry workbook (ankieta form --to entry): its columns are what the import expects, its
// validations are the import's checks (read from the sheet's XML with unzip), and filled in as a
// typist would (python3-openpyxl, numbers as numbers, dates as dates) it imports to the same
// stored answers as the same questionnaires in CSV.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "query_text.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

std::string part_of(const std::string& workbook, const std::string& part) {
  const std::string out = workbook + ".part";
  const std::string command = "unzip -p " + shell_quote(workbook) + " " + shell_quote(part) + " > " + shell_quote(out);
  REQUIRE(std::system(command.c_str()) == 0);
  return read_file(out);
}

std::string stored_answers(const std::string& db) {
  const std::string columns = query_text(
      db, "SELECT group_concat('quote(' || name || ')', ' || '','' || ') FROM pragma_table_info('responses') "
          "WHERE name NOT IN ('_row', '_import', '_line')");
  REQUIRE_FALSE(columns.empty());
  return query_text(db, "SELECT group_concat(r, char(10)) FROM (SELECT " + columns + " AS r FROM responses ORDER BY _respondent)");
}

}  // namespace

TEST_CASE("form: the data-entry workbook has the import's columns and checks", "[form][xlsx]") {
  TempDir dir;
  const std::string book = dir / "wpisywanie.xlsx";
  RunResult run = run_ankieta({"form", test_data("import/firms.yaml"), "--out", book});
  INFO(run.err);
  REQUIRE(run.status == 0);
  const std::string data = part_of(book, "xl/worksheets/sheet1.xml");
  const std::string strings = part_of(book, "xl/sharedStrings.xml");
  for (const char* column : {"firm_id", "region", "employees", "channels_1", "barriers", "benefits_a", "visited", "w"})
    CHECK_THAT(strings, Catch::Contains(std::string("<t>") + column + "</t>"));
  // region: a list of its codes on the hidden sheet; employees: 0-1000, whole, or missing code 9999.
  CHECK_THAT(data, Catch::Contains("<formula1>'Listy'!$A$1:$A$2</formula1>"));
  CHECK_THAT(data, Catch::Contains("<formula1>OR(AND(ISNUMBER(C2),C2&gt;=0,C2&lt;=1000,INT(C2)=C2),C2=9999)</formula1>"));
  // channels_1 and channels_2 (0/1 items) share the list sheet's 0/1 column, after region's and mood's lists.
  CHECK_THAT(data, Catch::Contains("sqref=\"H2:H2001\"><formula1>'Listy'!$"));
  CHECK_THAT(data, Catch::Contains("type=\"date\""));
  // barriers holds several codes in one cell ("1|3"): its input message says so, and nothing refuses it.
  CHECK_THAT(data, Catch::Contains("prompt=\"barriers (kody oddzielone znakiem '|': 1 = koszty;"));
  CHECK_THAT(data, !Catch::Contains("sqref=\"J2:J2001\"><formula1>"));
  CHECK_THAT(part_of(book, "xl/workbook.xml"), Catch::Contains("name=\"Listy\" sheetId=\"3\" state=\"hidden\""));
  CHECK_THAT(part_of(book, "xl/worksheets/sheet2.xml"), Catch::Contains("<c r=\"G"));  // the codebook's filter column

  RunResult english = run_ankieta({"form", test_data("import/firms.yaml"), "--out", dir / "entry.xlsx", "--lang", "en"});
  REQUIRE(english.status == 0);
  CHECK_THAT(part_of(dir / "entry.xlsx", "xl/workbook.xml"), Catch::Contains("name=\"Codebook\""));
}

TEST_CASE("form: the data-entry workbook, filled in, imports to the same answers as the CSV", "[form][xlsx]") {
  TempDir dir;
  const std::string book = dir / "wpisywanie.xlsx", filled = dir / "wypelniony.xlsx";
  REQUIRE(run_ankieta({"form", test_data("import/firms.yaml"), "--out", book}).status == 0);
  // The rows of tests/data/import/good.csv typed in: numbers as numbers, the date as a date cell.
  write_file(dir / "fill.py", R"(import csv, datetime, sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1])
sheet = book["Dane"]
header = [cell.value for cell in sheet[1]]
with open(sys.argv[2], newline="", encoding="utf-8") as handle:
    for row_idx, record in enumerate(csv.DictReader(handle), start=2):
        for col_idx, name in enumerate(header, start=1):
            text = record.get(name, "")
            if text == "":
                continue
            if name == "visited":
                value = datetime.datetime.strptime(text, "%Y-%m-%d")
            elif name in ("firm_id", "contact", "barriers"):
                value = text
            else:
                value = float(text) if "." in text else int(text)
            sheet.cell(row=row_idx, column=col_idx, value=value)
book.save(sys.argv[3])
)");
  const std::string command = "/usr/bin/python3 " + shell_quote(dir / "fill.py") + " " + shell_quote(book) + " " +
                              shell_quote(test_data("import/good.csv")) + " " + shell_quote(filled);
  REQUIRE(std::system(command.c_str()) == 0);

  const std::string csv_db = dir / "csv.db", xlsx_db = dir / "xlsx.db";
  for (const std::string& db : {csv_db, xlsx_db}) REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", test_data("import/good.csv"), "--db", csv_db}).status == 0);
  RunResult run = run_ankieta({"import", filled, "--db", xlsx_db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.err, Catch::Contains("3 rows read, 3 loaded, 0 rejected"));
  CHECK(stored_answers(xlsx_db) == stored_answers(csv_db));
}

TEST_CASE("form: bad arguments and an output over the definition are refused", "[form]") {
  TempDir dir;
  RunResult kind = run_ankieta({"form", test_data("import/firms.yaml"), "--to", "paper", "--out", dir / "x.xlsx"});
  CHECK(kind.status == 2);
  CHECK_THAT(kind.err, Catch::Contains("unknown --to 'paper'; expected entry (a data-entry workbook)"));
  const std::string definition = dir / "q.yaml";
  write_file(definition, read_file(test_data("import/firms.yaml")));
  RunResult over = run_ankieta({"form", definition, "--out", definition});
  CHECK(over.status == 73);
  CHECK(read_file(definition) == read_file(test_data("import/firms.yaml")));
  RunResult rows = run_ankieta({"form", definition, "--out", dir / "x.xlsx", "--rows", "0"});
  CHECK(rows.status == 2);
}
