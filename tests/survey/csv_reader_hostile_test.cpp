// The CSV reader on hostile input: every malformed file gives one "FILE:LINE:COLUMN: message" data
// error (never a crash, a hang or unbounded memory), and odd but valid files read as RFC 4180 says.
#include "ankieta/survey/csv_reader.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ankieta/survey/error.hpp"

namespace fs = std::filesystem;
using namespace std::string_literals;
using ankieta::Error;
using ankieta::ErrorKind;
using ankieta::survey::CsvEncoding;
using ankieta::survey::CsvOptions;
using ankieta::survey::CsvReader;

namespace {

using Records = std::vector<std::vector<std::string>>;

class HostileDir {
 public:
  HostileDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ankieta_csv_hostile_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~HostileDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  HostileDir(const HostileDir&) = delete;
  HostileDir& operator=(const HostileDir&) = delete;
  std::string write(const std::string& name, const std::string& content) const {
    const fs::path file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return file.string();
  }

 private:
  fs::path path_;
};

Records read_records(const std::string& path, CsvOptions options = {}) {
  CsvReader reader(path, options);
  Records records;
  std::vector<std::string_view> fields;
  while (reader.next(fields)) records.emplace_back(fields.begin(), fields.end());
  return records;
}

std::string read_error(const std::string& path, CsvOptions options = {}) {
  try {
    read_records(path, options);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::data);
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("hostile csv input is refused with its position", "[csv][hostile]") {
  struct Case {
    const char* name;
    std::string input;
    CsvEncoding encoding;
    std::string message;  // after "PATH:"
  };
  const std::string nul = "NUL byte (0x00) in the data; a CSV file has none (is the file UTF-16, or not a text file?)";
  const std::string bom = "byte-order mark (U+FEFF) inside the file; only the very start of a file may have one (were two files joined?)";
  const std::string utf16 = "1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 (\"CSV UTF-8\" in "
                            "Excel) or Windows-1250 and use --encoding cp1250";
  const std::vector<Case> cases = {
      {"a file of NULs", std::string(4096, '\0'), CsvEncoding::utf8, "1:1: " + nul},
      {"NUL in an unquoted field", "id,name\n7,Jan\0ek\n"s, CsvEncoding::utf8, "2:6: " + nul},
      {"NUL in a quoted field", "id,name\n7,\"Jan\nek\0\"\n"s, CsvEncoding::utf8, "3:3: " + nul},
      {"NUL in the header", "id,na\0me\n"s, CsvEncoding::utf8, "1:6: " + nul},
      {"NUL in windows-1250", "id;name\r\n7;\xB3\0\r\n"s, CsvEncoding::cp1250, "2:4: " + nul},
      {"UTF-16 without a byte-order mark", "i\0d\0\n\0"s, CsvEncoding::utf8, "1:2: " + nul},
      {"UTF-16 little endian", "\xFF\xFEi\0d\0\n\0"s, CsvEncoding::utf8, utf16},
      {"UTF-16 big endian", "\xFE\xFF\0i\0d\0\n"s, CsvEncoding::utf8, utf16},
      {"byte-order mark in a later field", "\xEF\xBB\xBF" "id,name\n7,\xEF\xBB\xBFJan\n", CsvEncoding::utf8, "2:3: " + bom},
      {"byte-order mark of a second joined file", "id\n1\n\xEF\xBB\xBFid\n2\n", CsvEncoding::utf8, "3:1: " + bom},
      {"byte-order mark inside quotes", "id\n\"a\xEF\xBB\xBF\"\n", CsvEncoding::utf8, "2:3: " + bom},
      {"unterminated quote at the end of the file", "id,name\n1,\"abc", CsvEncoding::utf8,
       "2:7: unterminated quoted field (the quote opened at line 2, column 3 is never closed)"},
      {"unterminated quote over lone CR lines", "id\r\"a\rb\rc", CsvEncoding::utf8,
       "4:2: unterminated quoted field (the quote opened at line 2, column 1 is never closed)"},
      {"a lone quote", "\"", CsvEncoding::utf8,
       "1:2: unterminated quoted field (the quote opened at line 1, column 1 is never closed)"},
      {"invalid UTF-8 in the header", "i\xFF" "d\n", CsvEncoding::utf8,
       "1:2: invalid UTF-8 byte 0xFF; if the file was saved by Excel in Windows-1250, use --encoding cp1250"},
      {"invalid UTF-8 as the last byte", "id\n1\xC3", CsvEncoding::utf8,
       "2:2: invalid UTF-8 byte 0xC3; if the file was saved by Excel in Windows-1250, use --encoding cp1250"},
      {"invalid UTF-8 after a lone CR line", "id\r1\r\xE9t\r", CsvEncoding::utf8,
       "3:1: invalid UTF-8 byte 0xE9; if the file was saved by Excel in Windows-1250, use --encoding cp1250"},
      {"windows-1250 byte that does not map", "id\n1\n\x83\n", CsvEncoding::cp1250, "3:1: invalid Windows-1250 byte 0x83"},
  };
  HostileDir dir;
  for (const Case& test : cases) {
    INFO("case: " << test.name);
    const std::string path = dir.write("hostile.csv", test.input);
    CsvOptions options;
    options.encoding = test.encoding;
    CHECK(read_error(path, options) == path + ":" + test.message);
  }
}

TEST_CASE("odd but valid csv input reads as written", "[csv][hostile]") {
  struct Case {
    const char* name;
    std::string input;
    Records records;
  };
  const std::vector<Case> cases = {
      {"lone CR line endings", "a,b\r1,2\r3,4", {{"a", "b"}, {"1", "2"}, {"3", "4"}}},
      {"mixed line endings", "a,b\r\n1,2\n3,4\r5,6\r\n", {{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}}},
      {"header only", "a,b\n", {{"a", "b"}}},
      {"header only without a line break", "a,b", {{"a", "b"}}},
      {"empty fields everywhere", ",,\n,,\n", {{"", "", ""}, {"", "", ""}}},
      {"whitespace is kept for the importer to trim", " a , b \n 1 ,\t2\t\n", {{" a ", " b "}, {" 1 ", "\t2\t"}}},
      {"duplicate and case-different headers are the importer's business", "a,A,a\n1,2,3\n", {{"a", "A", "a"}, {"1", "2", "3"}}},
      {"CR and LF inside quotes", "a\n\"x\r\ny\rz\"\n", {{"a"}, {"x\r\ny\rz"}}},
      {"a no-break space and Arabic digits are text", "a,b\n1\xC2\xA0" "000,\xD9\xA3\n", {{"a", "b"}, {"1\xC2\xA0" "000", "\xD9\xA3"}}},
  };
  HostileDir dir;
  for (const Case& test : cases) {
    INFO("case: " << test.name);
    const std::string path = dir.write("odd.csv", test.input);
    CHECK(read_records(path) == test.records);
  }
}

TEST_CASE("huge lines, fields and column counts read in bounded time and memory", "[csv][hostile]") {
  HostileDir dir;
  SECTION("a million columns") {
    std::string header;
    for (int column_idx = 0; column_idx < 1'000'000; ++column_idx) header += (column_idx ? "," : "") + std::to_string(column_idx);
    const Records records = read_records(dir.write("wide.csv", header + "\n"));
    REQUIRE(records.size() == 1);
    CHECK(records[0].size() == 1'000'000);
    CHECK(records[0].back() == "999999");
  }
  SECTION("a 50 MB unquoted field and a 50 MB quoted one with doubled quotes") {
    const std::string plain(50'000'000, 'x');
    std::string quoted = "\"";
    for (int idx = 0; idx < 1'000'000; ++idx) quoted += "abc\"\"";
    quoted += "\"";
    const Records records = read_records(dir.write("long.csv", "a,b\n" + plain + "," + quoted + "\n"));
    REQUIRE(records.size() == 2);
    CHECK(records[1][0].size() == plain.size());
    CHECK(records[1][1].size() == 4'000'000);
  }
  SECTION("an unclosed quote that would swallow the file stops at the record limit") {
    CsvOptions options;
    options.max_record_bytes = std::size_t{1} << 20;
    std::string content = "id,name\n1,\"never closed\n";
    while (content.size() < 3'000'000) content += "2,more text that is now inside the quote\n";
    const std::string path = dir.write("unclosed.csv", content);
    CHECK(read_error(path, options) == path + ":2:1: a record longer than 1 MiB starts here; is a quote never closed?");
  }
}
