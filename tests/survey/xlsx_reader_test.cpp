// The workbook reader on workbooks written part by part (libzip), so each habit of the tools that
// write .xlsx can be set up exactly: shared and inline strings, date formats and the 1904 system,
// booleans, formulas' cached values, error cells, rows the sheet leaves out, namespace prefixes.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/record_source.hpp"
#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/xlsx_reader.hpp"

using namespace ankieta;
using namespace ankieta::survey;

namespace {

const std::string kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
const std::string kRels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>)";

std::string workbook_xml(bool date1904) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>)"
                     R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                     R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
         (date1904 ? R"(<workbookPr date1904="1"/>)" : "") +
         R"(<sheets><sheet name="Dane" sheetId="1" r:id="rId1"/><sheet name="Arkusz 2" sheetId="2" r:id="rId2"/></sheets></workbook>)";
}

// cellXfs: 0 General, 1 built-in date 14, 2 custom "dd.mm.yyyy", 3 custom date and time, 4 a number with a colour.
const std::string kStyles =
    R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<numFmts count="3"><numFmt numFmtId="164" formatCode="dd\.mm\.yyyy"/><numFmt numFmtId="165" formatCode="yyyy\-mm\-dd\ hh:mm"/>)"
    R"(<numFmt numFmtId="166" formatCode="[Red]0.00"/></numFmts>)"
    R"(<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>)";

std::string sheet_xml(const std::string& rows, const std::string& prefix = "") {
  const std::string p = prefix.empty() ? "" : prefix + ":";
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?><)" + p + "worksheet xmlns" + (prefix.empty() ? "" : ":" + prefix) +
                    R"(="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><)" + p + "sheetData>";
  return xml + rows + "</" + p + "sheetData></" + p + "worksheet>";
}

// A workbook of the given parts (name → content) at `path`.
void write_zip(const std::string& path, const std::map<std::string, std::string>& parts) {
  std::remove(path.c_str());
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(archive != nullptr);
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    REQUIRE(source != nullptr);
    REQUIRE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) >= 0);
  }
  REQUIRE(zip_close(archive) == 0);  // copies the buffers, which are still alive here
}

struct Workbook {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("ankieta-xlsx-" + std::to_string(::getpid()));
  std::string path = (dir / "book.xlsx").string();
  Workbook(const std::string& sheet1, const std::string& shared = "", bool date1904 = false,
           const std::string& sheet2 = sheet_xml("")) {
    std::filesystem::create_directories(dir);
    std::map<std::string, std::string> parts = {{"[Content_Types].xml", kContentTypes},
                                                {"xl/workbook.xml", workbook_xml(date1904)},
                                                {"xl/_rels/workbook.xml.rels", kRels},
                                                {"xl/styles.xml", kStyles},
                                                {"xl/worksheets/sheet1.xml", sheet1},
                                                {"xl/worksheets/sheet2.xml", sheet2}};
    if (!shared.empty()) parts["xl/sharedStrings.xml"] = shared;
    write_zip(path, parts);
  }
  ~Workbook() { std::filesystem::remove_all(dir); }
};

std::vector<std::vector<std::string>> read_all(RecordSource& source, std::vector<std::int64_t>* lines = nullptr) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string_view> fields;
  while (source.next(fields)) {
    rows.emplace_back(fields.begin(), fields.end());
    if (lines) lines->push_back(source.record_line());
  }
  return rows;
}

std::string read_error(const std::string& path, const std::string& sheet = "") {
  try {
    XlsxReader reader(path, sheet);
    read_all(reader);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

const std::string kShared =
    R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<si><t>firm_id</t></si><si><t>employees</t></si><si><t>visited</t></si>)"
    R"(<si><r><t>Kowal</t></r><r><rPr><b/></rPr><t xml:space="preserve">ski &amp; syn</t></r><rPh><t>KOWARUSUKI</t></rPh></si>)"
    R"(<si><t>Zakład Ślusarski</t></si></sst>)";

}  // namespace

TEST_CASE("xlsx: values come as the workbook stores them", "[xlsx]") {
  const std::string rows =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>name</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>1234.5</v></c><c r="C2" s="1"><v>45363</v></c><c r="D2" t="s"><v>3</v></c></row>)"
      // Row 3 is left out (never typed in); row 4 skips column B; C4 a custom date format.
      R"(<row r="4"><c r="A4" t="inlineStr"><is><t>F4</t></is></c><c r="C4" s="2"><v>45000</v></c><c r="D4" t="b"><v>1</v></c></row>)"
      // A formula's cached value, a date with a time, a number whose format has a colour.
      R"(<row r="5"><c r="A5" t="str"><f>"F"&amp;5</f><v>F5</v></c><c r="B5" s="4"><f>2*6</f><v>12</v></c><c r="C5" s="3"><v>45363.5</v></c></row>)"
      // A row with formatting only, as Excel leaves under the data.
      R"(<row r="9" s="1" customFormat="1"><c r="A9" s="1"/></row>)";
  Workbook book(sheet_xml(rows), kShared);
  XlsxReader reader(book.path, "");
  std::vector<std::int64_t> lines;
  const auto records = read_all(reader, &lines);
  REQUIRE(records.size() == 4);
  CHECK(records[0] == std::vector<std::string>{"firm_id", "employees", "visited", "name"});
  CHECK(records[1] == std::vector<std::string>{"Zakład Ślusarski", "1234.5", "2024-03-12", "Kowalski & syn"});
  CHECK(records[2] == std::vector<std::string>{"F4", "", "2023-03-15", "1"});
  CHECK(records[3] == std::vector<std::string>{"F5", "12", "2024-03-12 12:00:00", ""});
  CHECK(lines == std::vector<std::int64_t>{1, 2, 4, 5});
  CHECK(reader.sheet_name() == "Dane");
}

TEST_CASE("xlsx: a sheet is chosen by name or number, and a wrong one names the sheets", "[xlsx]") {
  Workbook book(sheet_xml(R"(<row r="1"><c t="inlineStr"><is><t>one</t></is></c></row>)"), "", false,
                sheet_xml(R"(<row r="1"><c t="inlineStr"><is><t>two</t></is></c></row>)", "x"));
  XlsxReader by_name(book.path, "Arkusz 2");
  CHECK(read_all(by_name) == std::vector<std::vector<std::string>>{{"two"}});
  XlsxReader by_number(book.path, "2");
  CHECK(read_all(by_number) == std::vector<std::vector<std::string>>{{"two"}});
  XlsxReader first(book.path, "");
  CHECK(read_all(first) == std::vector<std::vector<std::string>>{{"one"}});
  CHECK(read_error(book.path, "Wyniki") ==
        book.path + ": no sheet 'Wyniki'; the workbook's sheets are 'Dane', 'Arkusz 2' (give --sheet a name or a number from 1)");
  CHECK(read_error(book.path, "3").find("no sheet '3'") != std::string::npos);
}

TEST_CASE("xlsx: dates of the 1904 system and Excel's 29 February 1900", "[xlsx]") {
  CHECK(excel_serial_to_iso(1, false, false) == "1900-01-01");
  CHECK(excel_serial_to_iso(59, false, false) == "1900-02-28");
  CHECK_FALSE(excel_serial_to_iso(60, false, false).has_value());
  CHECK(excel_serial_to_iso(61, false, false) == "1900-03-01");
  CHECK(excel_serial_to_iso(45363, false, false) == "2024-03-12");
  CHECK(excel_serial_to_iso(0, true, false) == "1904-01-01");
  CHECK(excel_serial_to_iso(43901, true, false) == "2024-03-12");  // 45363 - 1462
  CHECK(excel_serial_to_iso(45363.999999, false, true) == "2024-03-13 00:00:00");
  Workbook book(sheet_xml(R"(<row r="1"><c s="1"><v>43901</v></c></row>)"), "", true);
  XlsxReader reader(book.path, "");
  CHECK(read_all(reader) == std::vector<std::vector<std::string>>{{"2024-03-12"}});
}

TEST_CASE("xlsx: number formats that show dates and times", "[xlsx]") {
  struct Case {
    const char* code;
    bool date, time;
  };
  const Case cases[] = {{"General", false, false}, {"0.00", false, false}, {"#,##0", false, false}, {"[Red]0.00", false, false},
                        {"dd.mm.yyyy", true, false}, {"yyyy\\-mm\\-dd;@", true, false}, {"[$-415]d mmmm yyyy", true, false},
                        {"hh:mm", true, true}, {"[h]:mm:ss", true, true}, {"\"dni\" 0", false, false}, {"m/d/yy h:mm", true, true}};
  for (const Case& c : cases) {
    INFO(c.code);
    const DateFormat format = classify_number_format(c.code);
    CHECK(format.date == c.date);
    CHECK(format.time == c.time);
  }
}

TEST_CASE("xlsx: damaged and foreign files say what they are", "[xlsx]") {
  Workbook book(sheet_xml(R"(<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>)"));
  CHECK(read_error(book.path) == book.path + ": sheet 'Dane': cell A1 holds the error '#N/A'; correct the formula or clear the cell");

  Workbook bad_index(sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>7</v></c></row>)"), kShared);
  CHECK(read_error(bad_index.path) ==
        bad_index.path + ": sheet 'Dane': cell A1 names shared string '7', which the workbook does not have");

  Workbook bad_reference(sheet_xml(R"(<row r="1"><c r="1A" t="inlineStr"><is><t>x</t></is></c></row>)"));
  CHECK(read_error(bad_reference.path) == bad_reference.path + ": sheet 'Dane': row 1: '1A' is not a cell reference");

  Workbook bad_xml(sheet_xml(R"(<row r="1"><c r="A1"><v>1</c></row>)"));
  CHECK(read_error(bad_xml.path).find(": sheet 'Dane': damaged XML at line 1, column ") != std::string::npos);

  Workbook doctype("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet><sheetData/></worksheet>");
  CHECK(read_error(doctype.path) == doctype.path + ": sheet 'Dane': a workbook part may not declare a DTD");

  const std::string xls = (book.dir / "old.xls").string();
  std::FILE* file = std::fopen(xls.c_str(), "wb");
  const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0};
  std::fwrite(ole, 1, sizeof ole, file);
  std::fclose(file);
  CHECK(is_workbook(xls));
  CHECK(read_error(xls).find("an Excel 97-2003 workbook (.xls) or a password-protected one") != std::string::npos);

  const std::string not_workbook = (book.dir / "data.zip").string();
  write_zip(not_workbook, {{"readme.txt", "hello"}});
  CHECK(read_error(not_workbook) == not_workbook + ": a zip file, but not an Excel workbook (it has no xl/workbook.xml)");

  try {
    XlsxReader reader((book.dir / "absent.xlsx").string(), "");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::missing_input);
  }
}

TEST_CASE("xlsx: a CSV file is read as CSV, whatever its name, and --sheet is refused for it", "[xlsx]") {
  Workbook book(sheet_xml(""));
  const std::string csv = (book.dir / "named.xlsx.csv").string();
  std::FILE* file = std::fopen(csv.c_str(), "wb");
  std::fputs("a,b\n1,2\n", file);
  std::fclose(file);
  CHECK_FALSE(is_workbook(csv));
  CHECK(is_workbook(book.path));
  auto source = open_records(csv, CsvOptions{}, "");
  CHECK(read_all(*source) == std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}});
  CHECK_THROWS_WITH(open_records(csv, CsvOptions{}, "2"),
                    "--sheet 2: " + csv + " is not an Excel workbook (.xlsx); --sheet chooses a sheet of one");
}
