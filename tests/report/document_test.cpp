// The table document model and its formats on hand-made tables: what each format makes of a pair,
// a flag, letters, a data-only or screen-only column, a change of row kind, several tables.
#include <catch2/catch.hpp>

#include "ankieta/report/document.hpp"
#include "ankieta/report/table_format.hpp"
#include "ankieta/survey/error.hpp"

using namespace ankieta::report;

namespace {

Table sample_table() {
  Table table;
  table.name = "t";
  table.title = "Title";
  table.header = {"answer", "%", "CI", "", "hidden", "summary"};
  table.columns = {Column::text("label"), Column::number("prop"), Column::pair("ci_lower", "ci_upper"), Column::text("small_base"),
                   Column::number("n_eff").only(ColumnUse::data), Column::text("summary").only(ColumnUse::display)};
  table.columns[1].letters = table.columns[1].flagged = true;
  Row first;
  Cell share = Cell::of_percent(0.123456789);
  share.letters = "B";
  share.small_base = true;
  first.cells = {Cell::of_text("=yes"), share, Cell::of_pair(CellKind::percent, 0.1, 0.15, 1), Cell::of_flag(true),
                 Cell::of_number(12.5, 1), Cell::of_text("a, b")};
  Row base;
  base.role = RowRole::base;
  base.cells = {Cell::of_text("total"), Cell::of_percent(1.0)};
  table.rows = {first, base};
  table.notes = {"a note"};
  table.json = {"{\"kind\":\"x\"}"};
  return table;
}

}  // namespace

TEST_CASE("a cell is formatted in the report's language, a pair with its joiner, a flag as !", "[document]") {
  CHECK(format_cell(Cell::of_pair(CellKind::percent, 0.1, 0.25, 1), ankieta::survey::Language::pl) == "10,0–25,0");
  CHECK(format_cell(Cell::of_pair(CellKind::number, 1.5, std::nan(""), 2, " / "), ankieta::survey::Language::en) == "1.50 / ");
  CHECK(format_cell(Cell::of_flag(true), ankieta::survey::Language::en) == "!");
  CHECK(format_cell(Cell::of_flag(false), ankieta::survey::Language::en).empty());
}

TEST_CASE("the text format aligns the shown columns and rules where the kind of row changes", "[document]") {
  std::string text = text_format().render({sample_table()}, {});
  CHECK(text ==
        "Title\n"
        "\n"
        "answer         %         CI     summary\n"
        "---------------------------------------\n"
        "=yes    12.3 B !  10.0–15.0  !  a, b\n"
        "---------------------------------------\n"
        "total      100.0\n"
        "---------------------------------------\n"
        "a note\n");
  CHECK(text.find("12.5") == std::string::npos);  // data-only column
}

TEST_CASE("the markdown format right-aligns numbers and keeps the notes", "[document]") {
  std::string md = markdown_format().render({sample_table()}, {});
  CHECK(md.find("| answer | % | CI |  | summary |\n|---|---:|---:|---|---|\n") != std::string::npos);
  CHECK(md.find("*a note*") != std::string::npos);
}

TEST_CASE("the tidy CSV writes one value per cell under unique keys", "[document]") {
  std::string csv = csv_format().render({sample_table()}, {});
  CHECK(csv ==
        "row_type,label,prop,prop_letters,prop_small_base,ci_lower,ci_upper,small_base,n_eff\n"
        "category,'=yes,0.123456789,B,true,0.1,0.15,true,12.5\n"
        "base,total,1,,,,,,\n");
  FormatOptions rounded;
  rounded.decimals = 3;
  CHECK(csv_format().render({sample_table()}, rounded).find("0.123,B,true,0.100,0.150") != std::string::npos);
  Table twice = sample_table();
  twice.header.push_back("again");
  twice.columns.push_back(Column::number("prop"));
  CHECK(csv_format().render({twice}, {}).find(",n_eff,prop_2\n") != std::string::npos);
}

TEST_CASE("several tables: a table column in the CSV, an array in JSON, a blank line between texts", "[document]") {
  Table second = sample_table();
  second.name = "u";
  std::string csv = csv_format().render({sample_table(), second}, {});
  CHECK(csv.rfind("table,row_type,label,", 0) == 0);
  CHECK(csv.find("\nu,category,") != std::string::npos);
  CHECK(json_format().render({sample_table()}, {}) == "{\"kind\":\"x\"}\n");
  CHECK(json_format().render({sample_table(), second}, {}) == "[{\"kind\":\"x\"},\n{\"kind\":\"x\"}]\n");
  std::string one = text_format().render({sample_table()}, {});
  CHECK(text_format().render({sample_table(), second}, {}) == one + "\n" + one);
}

TEST_CASE("a format is found by its --format name", "[document]") {
  CHECK(table_format("markdown").name() == "md");
  CHECK(table_format("csv").name() == "csv");
  CHECK_THROWS_WITH(table_format("pdf"), "unknown --format 'pdf'; expected text, csv, md, json, html or xlsx");
}
