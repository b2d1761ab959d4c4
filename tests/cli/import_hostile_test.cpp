// End to end: `ankieta import` on hostile files. Each gives exit 65 with a FILE:LINE:COLUMN (or
// FILE:LINE:VARIABLE) message, echoed values are cut and escaped, and the database is byte for
// byte what it was.
#include <catch2/catch.hpp>

#include <string>

#include "run_ankieta.hpp"

using namespace ankieta::testing;
using namespace std::string_literals;

namespace {

const std::string kHeader = "id,fala,n,x,name,day,pick_1,pick_2,pick_3\n";

struct HostileSurvey {
  TempDir dir;
  std::string db = dir / "survey.db";
  HostileSurvey() {
    REQUIRE(run_ankieta({"init", test_data("import/hostile.yaml"), "--db", db}).status == 0);
    write_file(dir / "ok.csv", kHeader + "A,1,5,1.5,Jan,2024-01-02,1,0,0\n");
    REQUIRE(run_ankieta({"import", dir / "ok.csv", "--db", db}).status == 0);
  }
};

}  // namespace

TEST_CASE("hostile import files give a clear message and leave the database byte-identical", "[import][hostile]") {
  struct Case {
    const char* kind;
    std::string content;
    std::vector<std::string> words;  // each must appear in stderr, after "FILE:"
  };
  const std::string row_tail = ",5,1.5,Jan,2024-01-02,1,0,0\n";
  const std::string long_name(50'000, 'x');
  const Case cases[] = {
      {"wave of 2^63 and more", kHeader + "B,1e19" + row_tail + "C,9223372036854775808" + row_tail,
       {"2:fala: '1e19' is not a wave number; expected a whole number from 1 to 9223372036854775807",
        "3:fala: '9223372036854775808' is not a wave number"}},
      {"fractional and zero waves", kHeader + "B,1.5" + row_tail + "C,0" + row_tail, {"2:fala: '1.5' is not a wave number", "3:fala: '0' is not a wave number"}},
      {"numbers that are not numbers", kHeader + "B,1,1e999,nan,J,2024-01-02,1,0,0\nC,1,0x10,inf,J,2024-01-02,1,0,0\nD,1,\xD9\xA3,1\xC2\xA0" "00,J,2024-01-02,1,0,0\n",
       {"2:n: '1e999' is not a number", "2:x: 'nan' is not a number", "3:n: '0x10' is not a number", "3:x: 'inf' is not a number",
        "4:n: '\xD9\xA3' is not a number", "4:x: '1\xC2\xA0" "00' is not a number"}},  // "1 000" is a thousand (parse_grouped_number)
      {"huge integers", kHeader + "B,1,99999999999999999999" + row_tail.substr(2), {"2:n: '99999999999999999999' is not a whole number; expected a whole number from 0 to 1000"}},
      {"impossible dates", kHeader + "B,1,5,1,J,2024-02-30,1,0,0\nC,1,5,1,J,31.02.2024,1,0,0\nD,1,5,1,J,0000-01-01,1,0,0\n",
       {"2:day: '2024-02-30' is not a date", "3:day: '31.02.2024' is not a date", "4:day: '0000-01-01' is not a date"}},
      {"control characters are escaped in messages", kHeader + "B,1,5\x1b]0;pwned\x07,1,J,2024-01-02,1,0,0\n",
       {"2:n: '5\\x1b]0;pwned\\x07' is not a number"}},
      {"a long value is cut", kHeader + "B,1," + long_name + ",1,J,2024-01-02,1,0,0\n",
       {"2:n: '" + std::string(60, 'x') + "\u2026' (50000 characters) is not a number"}},
      {"NUL in a text value", kHeader + "B,1,5,1,J\0n,2024-01-02,1,0,0\n"s, {"2:10: NUL byte (0x00) in the data"}},
      {"byte-order mark mid-file", kHeader + "\xEF\xBB\xBF" "B,1" + row_tail, {"2:1: byte-order mark (U+FEFF) inside the file"}},
      {"missing multi columns are one message", "id,fala,n,x,name,day\nB,1,5,1,J,2024-01-02\n",
       {"1: missing 3 columns of question 'pick': 'pick_1', 'pick_2', 'pick_3'"}},
      {"headers differing by case", "id,fala,N,n,x,name,day,pick_1,pick_2,pick_3\n",
       {"1:4: column 'n' appears twice in the header (as 'N' in column 3; names are compared without case and spaces)"}},
      {"a file of NULs", std::string(1000, '\0'), {"1:1: NUL byte (0x00) in the data"}},
      {"unterminated quote at the end", kHeader + "B,1,5,1,\"J", {"2:11: unterminated quoted field (the quote opened at line 2, column 9 is never closed)"}},
      {"empty file", "", {" the file is empty; expected a header line"}},
      {"header only", kHeader, {" the file has a header but no rows"}},
  };
  for (const auto& c : cases) {
    INFO(c.kind);
    HostileSurvey survey;
    const std::string before = read_file(survey.db);
    const std::string path = survey.dir / "bad.csv";
    write_file(path, c.content);
    auto result = run_ankieta({"import", path, "--db", survey.db});
    CHECK(result.status == 65);
    for (const auto& word : c.words) {
      INFO(result.err.substr(0, 2000));
      CHECK(result.err.find(path + ":" + word) != std::string::npos);
    }
    CHECK(result.err.size() < 20'000);  // bounded, whatever the size of a value
    CHECK(result.err.find('\x1b') == std::string::npos);
    CHECK(read_file(survey.db) == before);
  }
}

TEST_CASE("header problems obey --max-errors", "[import][hostile]") {
  HostileSurvey survey;
  std::string header = "id,fala,n,x,name,day,pick_1,pick_2,pick_3";
  for (int column_idx = 0; column_idx < 100'000; ++column_idx) header += ",extra" + std::to_string(column_idx);
  const std::string path = survey.dir / "wide.csv";
  write_file(path, header + "\n");
  const std::string before = read_file(survey.db);
  auto result = run_ankieta({"import", path, "--db", survey.db, "--max-errors", "3"});
  CHECK(result.status == 65);
  CHECK(result.err.find(path + ":1:12: column 'extra2' is not read by any question") != std::string::npos);
  CHECK(result.err.find("extra3'") == std::string::npos);
  CHECK(result.err.find("... and 99997 more problems in the header") != std::string::npos);
  CHECK(read_file(survey.db) == before);
}
