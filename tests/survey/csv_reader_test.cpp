// Tests for the streaming CSV reader: RFC 4180 parsing, delimiter detection, encodings, records
// that cross the reader's 1 MiB block boundary, and every error with its exact message and place.
#include "ankieta/survey/csv_reader.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
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
using ankieta::survey::parse_encoding;

namespace {

using Records = std::vector<std::vector<std::string>>;

// The reader's block size; the boundary tests place tricky bytes around this offset.
constexpr std::size_t kBlockSize = std::size_t{1} << 20;

const std::string kUtf8Hint =
    "; if the file was saved by Excel in Windows-1250, use --encoding cp1250";

std::string data_file(const std::string& name) {
  return std::string(ANKIETA_TEST_DATA) + "/data/csv/" + name;
}

// A directory of its own under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ankieta_csv_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& content) const {
    const fs::path file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return file.string();
  }

 private:
  fs::path path_;
};

struct ReadResult {
  char delimiter = 0;
  Records records;
  std::vector<std::int64_t> lines;  // record_line() after each record
  std::uint64_t bytes_consumed = 0;
  std::uint64_t file_size = 0;
};

ReadResult read_all(const std::string& path, CsvOptions options = {}) {
  CsvReader reader(path, options);
  ReadResult result;
  result.delimiter = reader.delimiter();
  std::vector<std::string_view> fields;
  while (reader.next(fields)) {
    result.records.emplace_back(fields.begin(), fields.end());
    result.lines.push_back(reader.record_line());
  }
  result.bytes_consumed = reader.bytes_consumed();
  result.file_size = reader.file_size();
  return result;
}

// The message of the data error that reading `path` throws, or "" if it reads cleanly.
std::string read_error(const std::string& path, CsvOptions options = {}) {
  try {
    read_all(path, options);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::data);
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("csv records: quoting, line endings, empty lines and delimiters", "[csv]") {
  struct Case {
    const char* name;
    std::string input;
    char delimiter_option;
    char delimiter;
    Records records;
    std::vector<std::int64_t> lines;
  };
  const std::vector<Case> cases = {
      {"simple", "a,b,c\n1,2,3\n", 0, ',', {{"a", "b", "c"}, {"1", "2", "3"}}, {1, 2}},
      {"no final newline", "a,b\n1,2", 0, ',', {{"a", "b"}, {"1", "2"}}, {1, 2}},
      {"crlf", "a,b\r\n1,2\r\n", 0, ',', {{"a", "b"}, {"1", "2"}}, {1, 2}},
      {"lone cr", "a,b\r1,2\r", 0, ',', {{"a", "b"}, {"1", "2"}}, {1, 2}},
      {"empty lines skipped", "a,b\n\n1,2\n\r\n3,4\n\n", 0, ',',
       {{"a", "b"}, {"1", "2"}, {"3", "4"}}, {1, 3, 5}},
      {"leading empty lines", "\n\r\na;b\n1;2\n", 0, ';', {{"a", "b"}, {"1", "2"}}, {3, 4}},
      {"line of delimiters is a record", "a,b,c\n,,\n", 0, ',', {{"a", "b", "c"}, {"", "", ""}},
       {1, 2}},
      {"trailing empty field", "a,b,\n1,2,", 0, ',', {{"a", "b", ""}, {"1", "2", ""}}, {1, 2}},
      {"whitespace kept", "a, b \n  , x\t\n", 0, ',', {{"a", " b "}, {"  ", " x\t"}}, {1, 2}},
      {"quoted delimiter", "\"a,b\",c\n", 0, ',', {{"a,b", "c"}}, {1}},
      {"doubled quotes", "\"he said \"\"hi\"\"\",\"\"\"\"\n", 0, ',', {{"he said \"hi\"", "\""}},
       {1}},
      {"several unescaped fields in one record", "\"a\"\"b\",x,\"c\"\"d\"\"e\",\"\"\"\"\"\"\n",
       0, ',', {{"a\"b", "x", "c\"d\"e", "\"\""}}, {1}},
      {"empty quoted fields", "\"\",\"\"\n\"\"\n", 0, ',', {{"", ""}, {""}}, {1, 2}},
      {"quoted lf", "\"line1\nline2\",x\nnext,y\n", 0, ',',
       {{"line1\nline2", "x"}, {"next", "y"}}, {1, 3}},
      {"quoted crlf", "\"l1\r\nl2\r\n\",x\r\nn,y\r\n", 0, ',', {{"l1\r\nl2\r\n", "x"}, {"n", "y"}},
       {1, 4}},
      {"quoted lone cr", "\"l1\rl2\",x\rn,y", 0, ',', {{"l1\rl2", "x"}, {"n", "y"}}, {1, 3}},
      {"quoted empty lines", "\"\n\n\",x\ny,z\n", 0, ',', {{"\n\n", "x"}, {"y", "z"}}, {1, 4}},
      {"quoted field at end of file", "a,\"b\"", 0, ',', {{"a", "b"}}, {1}},
      {"quoted delimiter at end of file", "a,\"b\",", 0, ',', {{"a", "b", ""}}, {1}},
      {"single column", "name\nAla\n\nOla\n", 0, ',', {{"name"}, {"Ala"}, {"Ola"}}, {1, 2, 4}},
      {"utf-8 text", "miasto,uwagi\nŁódź,zażółć gęślą jaźń\n", 0, ',',
       {{"miasto", "uwagi"}, {"Łódź", "zażółć gęślą jaźń"}}, {1, 2}},
      {"bom", "\xEF\xBB\xBF" "a;b\n1;2\n", 0, ';', {{"a", "b"}, {"1", "2"}}, {1, 2}},
      {"empty file", "", 0, ',', {}, {}},
      {"only empty lines", "\n\r\n\r\n", 0, ',', {}, {}},
      {"only a bom", "\xEF\xBB\xBF", 0, ',', {}, {}},
      // Delimiter detection: most frequent outside quotes on the header; ties ';' > ',' > tab.
      {"detect semicolon", "a;b;c\n1;2,5;3\n", 0, ';', {{"a", "b", "c"}, {"1", "2,5", "3"}},
       {1, 2}},
      {"detect tab", "a\tb\n1\t2,5; x\n", 0, '\t', {{"a", "b"}, {"1", "2,5; x"}}, {1, 2}},
      {"detect most frequent", "a,b;c;d\n", 0, ';', {{"a,b", "c", "d"}}, {1}},
      {"tie semicolon over comma", "a;b,c\n", 0, ';', {{"a", "b,c"}}, {1}},
      {"tie comma over tab", "a,b\tc\n", 0, ',', {{"a", "b\tc"}}, {1}},
      {"quoted header delimiters ignored", "\"x;y;z\",b,c\n", 0, ',', {{"x;y;z", "b", "c"}}, {1}},
      {"quoted header newline", "\"x\n;;;\",b\n", 0, ',', {{"x\n;;;", "b"}}, {1}},
      {"explicit delimiter", "a|b;c\n1|2\n", '|', '|', {{"a", "b;c"}, {"1", "2"}}, {1, 2}},
      {"explicit delimiter overrides detection", "a;b;c,d\n", ',', ',', {{"a;b;c", "d"}}, {1}},
  };

  TempDir dir;
  for (const Case& test : cases) {
    INFO("case: " << test.name);
    const std::string path = dir.write("case.csv", test.input);
    CsvOptions options;
    options.delimiter = test.delimiter_option;
    const ReadResult result = read_all(path, options);
    CHECK(result.delimiter == test.delimiter);
    CHECK(result.records == test.records);
    CHECK(result.lines == test.lines);
    CHECK(result.bytes_consumed == test.input.size());
    CHECK(result.file_size == test.input.size());
  }
}

TEST_CASE("csv errors name the file, line, column and cause", "[csv]") {
  struct Case {
    const char* name;
    std::string input;
    CsvEncoding encoding;
    std::string message;  // after "PATH:"
  };
  const std::vector<Case> cases = {
      {"unterminated at end of file", "a,b\n1,\"x\ny\n", CsvEncoding::utf8,
       "4:1: unterminated quoted field (the quote opened at line 2, column 3 is never closed)"},
      {"unterminated without final newline", "a,b\n\"ab", CsvEncoding::utf8,
       "2:4: unterminated quoted field (the quote opened at line 2, column 1 is never closed)"},
      {"quote inside unquoted field", "a,b\n1,ab\"c\n", CsvEncoding::utf8,
       "2:5: quote inside an unquoted field; enclose the field in quotes and double the quote"},
      {"quote inside unquoted field after a multi-line record", "a,b\n\"x\ny\",zą\"\n",
       CsvEncoding::utf8,
       "3:6: quote inside an unquoted field; enclose the field in quotes and double the quote"},
      {"text after closing quote", "a,b\n1,\"ab\"c\n", CsvEncoding::utf8,
       "2:7: unexpected text after a closing quote; expected a delimiter or the end of the line"},
      {"space after closing quote", "a,b\n\"ą\" ,c\n", CsvEncoding::utf8,
       "2:4: unexpected text after a closing quote; expected a delimiter or the end of the line"},
      {"latin-2 byte, column counts characters", "a,b\nż,\xE9t\n", CsvEncoding::utf8,
       "2:3: invalid UTF-8 byte 0xE9" + kUtf8Hint},
      {"invalid byte inside quotes", "a,b\n\"ok\n\xB3\",x\n", CsvEncoding::utf8,
       "3:1: invalid UTF-8 byte 0xB3" + kUtf8Hint},
      {"stray continuation byte", "a,\x80\n", CsvEncoding::utf8,
       "1:3: invalid UTF-8 byte 0x80" + kUtf8Hint},
      {"overlong encoding", "a,\xC0\xAF\n", CsvEncoding::utf8,
       "1:3: invalid UTF-8 byte 0xC0" + kUtf8Hint},
      {"surrogate", "ab,\xED\xA0\x80\n", CsvEncoding::utf8,
       "1:4: invalid UTF-8 byte 0xED" + kUtf8Hint},
      {"above U+10FFFF", "\xF4\x90\x80\x80\n", CsvEncoding::utf8,
       "1:1: invalid UTF-8 byte 0xF4" + kUtf8Hint},
      {"truncated sequence at end of file", "a,\xC5", CsvEncoding::utf8,
       "1:3: invalid UTF-8 byte 0xC5" + kUtf8Hint},
      {"truncated sequence before newline", "a,\xE2\x82\n", CsvEncoding::utf8,
       "1:3: invalid UTF-8 byte 0xE2" + kUtf8Hint},
      {"byte undefined in windows-1250", "a;b\r\n\xB3\xF3;\x98\r\n", CsvEncoding::cp1250,
       "2:4: invalid Windows-1250 byte 0x98"},
  };

  TempDir dir;
  for (const Case& test : cases) {
    INFO("case: " << test.name);
    const std::string path = dir.write("error.csv", test.input);
    CsvOptions options;
    options.encoding = test.encoding;
    CHECK(read_error(path, options) == path + ":" + test.message);
  }
}

TEST_CASE("csv error files", "[csv]") {
  struct Case {
    const char* file;
    CsvEncoding encoding;
    std::string message;  // after "PATH:"
  };
  const std::vector<Case> cases = {
      {"error/unterminated.csv", CsvEncoding::utf8,
       "5:1: unterminated quoted field (the quote opened at line 3, column 3 is never closed)"},
      {"error/quote_in_unquoted.csv", CsvEncoding::utf8,
       "3:4: quote inside an unquoted field; enclose the field in quotes and double the quote"},
      {"error/text_after_quote.csv", CsvEncoding::utf8,
       "2:8: unexpected text after a closing quote; expected a delimiter or the end of the line"},
      {"error/invalid_utf8_cp1250_data.csv", CsvEncoding::utf8,
       "2:3: invalid UTF-8 byte 0xA3" + kUtf8Hint},
      {"cp1250.csv", CsvEncoding::utf8, "1:7: invalid UTF-8 byte 0xEA" + kUtf8Hint},
      {"error/invalid_cp1250.csv", CsvEncoding::cp1250, "3:3: invalid Windows-1250 byte 0x81"},
  };
  for (const Case& test : cases) {
    INFO("file: " << test.file);
    const std::string path = data_file(test.file);
    CsvOptions options;
    options.encoding = test.encoding;
    CHECK(read_error(path, options) == path + ":" + test.message);
  }
}

TEST_CASE("csv data files", "[csv]") {
  struct Case {
    const char* file;
    CsvEncoding encoding;
    char delimiter;
    Records records;
    std::vector<std::int64_t> lines;
  };
  const std::vector<Case> cases = {
      {"cp1250.csv",
       CsvEncoding::cp1250,
       ';',
       {{"id", "imię", "miasto", "uwagi"},
        {"1", "Łukasz", "Łódź", "zażółć gęślą jaźń"},
        {"2", "Ćwikła", "Źródło", "ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż"},
        {"3", "Żaneta", "Kraków", "„tak”, 5 €"}},
       {1, 2, 3, 4}},
      {"bom.csv", CsvEncoding::utf8, ',', {{"imię", "wiek"}, {"Zoë", "31"}}, {1, 2}},
      {"crlf.csv",
       CsvEncoding::utf8,
       ',',
       {{"id", "comment", "score"}, {"1", "first line\r\nsecond line", "7"}, {"2", "plain", "8"}},
       {1, 2, 4}},
      {"semicolon.csv",
       CsvEncoding::utf8,
       ';',
       {{"id", "waga", "miasto"},
        {"1", "0,75", "Gdańsk"},
        {"2", "1,5", "Bielsko-Biała; śląskie"}},
       {1, 2, 3}},
      {"tab.csv",
       CsvEncoding::utf8,
       '\t',
       {{"id", "name", "note"}, {"1", "Ala", "a, b; c"}, {"2", "Ola", ""}},
       {1, 2, 3}},
      {"no_final_newline.csv", CsvEncoding::utf8, ',', {{"a", "b"}, {"1", "2"}, {"3", "4"}},
       {1, 2, 3}},
  };
  for (const Case& test : cases) {
    INFO("file: " << test.file);
    CsvOptions options;
    options.encoding = test.encoding;
    const ReadResult result = read_all(data_file(test.file), options);
    CHECK(result.delimiter == test.delimiter);
    CHECK(result.records == test.records);
    CHECK(result.lines == test.lines);
    CHECK(result.bytes_consumed == result.file_size);
    CHECK(result.file_size == fs::file_size(data_file(test.file)));
  }
}

TEST_CASE("csv record larger than the block size", "[csv]") {
  // A quoted field of ~3 MiB with doubled quotes and line breaks, an unquoted field of 2 MiB, and
  // records after it whose line numbers must still be right.
  std::string quoted_content;
  std::string quoted_raw;
  std::int64_t line_breaks = 0;
  for (int chunk_idx = 0; quoted_raw.size() < 3 * kBlockSize; ++chunk_idx) {
    const std::string piece = "chunk " + std::to_string(chunk_idx) + " żółw";
    quoted_content += piece;
    quoted_raw += piece;
    if (chunk_idx % 7 == 0) {
      quoted_content += "\"";
      quoted_raw += "\"\"";
    }
    if (chunk_idx % 11 == 0) {
      quoted_content += "\r\n";
      quoted_raw += "\r\n";
      ++line_breaks;
    }
  }
  const std::string unquoted(2 * kBlockSize, 'u');
  const std::string input = "id,big,other\r\n1,\"" + quoted_raw + "\"," + unquoted +
                            "\r\n2,small,x\r\n3,\"\",y";

  TempDir dir;
  const ReadResult result = read_all(dir.write("big.csv", input));
  REQUIRE(result.records.size() == 4);
  CHECK(result.records[1][0] == "1");
  CHECK(result.records[1][1] == quoted_content);
  CHECK(result.records[1][2] == unquoted);
  CHECK(result.records[2] == std::vector<std::string>{"2", "small", "x"});
  CHECK(result.records[3] == std::vector<std::string>{"3", "", "y"});
  CHECK(result.lines == std::vector<std::int64_t>{1, 2, 3 + line_breaks, 4 + line_breaks});
  CHECK(result.bytes_consumed == input.size());
}

TEST_CASE("csv constructs split across the block boundary", "[csv]") {
  // A filler record pushes the tail across the end of the first block, once for every possible
  // split point: inside a doubled quote, between CR and LF, inside a multi-byte character.
  struct Encoding {
    CsvEncoding encoding;
    std::string tail;  // in the file's encoding
  };
  const std::vector<Encoding> encodings = {
      {CsvEncoding::utf8, "\"a\"\"b\r\nc\",ż€,x\r\n\r\nlast\r\n"},
      {CsvEncoding::cp1250, "\"a\"\"b\r\nc\",\xBF\x80,x\r\n\r\nlast\r\n"},
  };
  const Records expected_tail = {{"a\"b\r\nc", "ż€", "x"}, {"last"}};

  TempDir dir;
  for (const Encoding& encoding : encodings) {
    for (std::size_t shift = 1; shift <= encoding.tail.size() + 2; ++shift) {
      INFO("encoding " << static_cast<int>(encoding.encoding) << ", shift " << shift);
      const std::string filler(kBlockSize - shift - 2, 'f');
      const std::string input = filler + "\r\n" + encoding.tail;
      CsvOptions options;
      options.encoding = encoding.encoding;
      const ReadResult result = read_all(dir.write("split.csv", input), options);
      REQUIRE(result.records.size() == 3);
      CHECK(result.records[0] == std::vector<std::string>{filler});
      CHECK(result.records[1] == expected_tail[0]);
      CHECK(result.records[2] == expected_tail[1]);
      CHECK(result.lines == std::vector<std::int64_t>{1, 2, 5});
      CHECK(result.bytes_consumed == input.size());
    }
  }
}

TEST_CASE("csv error positions after many blocks", "[csv]") {
  std::string input = "id,text\n";
  const std::string row_text(997, 'x');
  constexpr int kRows = 3000;  // about 3 MB
  for (int row_idx = 0; row_idx < kRows; ++row_idx) input += "1," + row_text + "\n";
  input += "2,\"multi\nline\",ok\n3,ab\xE9\n";

  TempDir dir;
  const std::string path = dir.write("late_error.csv", input);
  CHECK(read_error(path) ==
        path + ":" + std::to_string(kRows + 4) + ":5: invalid UTF-8 byte 0xE9" + kUtf8Hint);

  CsvOptions cp1250;
  cp1250.encoding = CsvEncoding::cp1250;
  const std::string cp1250_path = dir.write("late_error_cp1250.csv", input + "4,\x83\n");
  CHECK(read_error(cp1250_path, cp1250) ==
        cp1250_path + ":" + std::to_string(kRows + 5) + ":3: invalid Windows-1250 byte 0x83");
}

TEST_CASE("csv missing or unreadable file", "[csv]") {
  TempDir dir;
  const std::string missing = data_file("no_such_file.csv");
  try {
    CsvReader reader(missing);
    FAIL("no error thrown");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::missing_input);
    CHECK(std::string(error.what()) == missing + ": cannot open file: No such file or directory");
  }
  const std::string directory = data_file("error");
  try {
    CsvReader reader(directory);
    FAIL("no error thrown");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::missing_input);
    CHECK(std::string(error.what()) == directory + ": cannot open file: Is a directory");
  }
}

TEST_CASE("csv explicit delimiter that cannot work", "[csv]") {
  TempDir dir;
  const std::string path = dir.write("a.csv", "a,b\n");
  for (char delimiter : {'"', '\n', '\r', '\xE9'}) {
    CsvOptions options;
    options.delimiter = delimiter;
    try {
      CsvReader reader(path, options);
      FAIL("no error thrown");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::usage);
      CHECK(std::string(error.what()) ==
            "the delimiter cannot be a quote, a line break or a non-ASCII byte");
    }
  }
}

TEST_CASE("csv parse_encoding", "[csv]") {
  struct Case {
    const char* name;
    CsvEncoding encoding;
  };
  const std::vector<Case> cases = {
      {"utf-8", CsvEncoding::utf8},          {"UTF8", CsvEncoding::utf8},
      {"Utf-8", CsvEncoding::utf8},          {"cp1250", CsvEncoding::cp1250},
      {"CP1250", CsvEncoding::cp1250},       {"windows-1250", CsvEncoding::cp1250},
      {"Windows-1250", CsvEncoding::cp1250},
  };
  for (const Case& test : cases) {
    INFO("name: " << test.name);
    CHECK(parse_encoding(test.name) == test.encoding);
  }

  for (const char* name : {"xyz", "latin2", "utf-16", ""}) {
    INFO("name: " << name);
    try {
      parse_encoding(name);
      FAIL("no error thrown");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::usage);
      CHECK(std::string(error.what()) ==
            "unknown encoding '" + std::string(name) + "'; expected utf-8 or cp1250");
    }
  }
}
