// End to end: the rejects file of an import is written in the input's encoding, delimiter and line
// ending, so that the fixed file imports with the same options (issue 9: a cp1250 import's rejects
// came out in UTF-8 and the fixed file stored "WĂłjcik"); --dry-run writes it too; a failed import
// leaves an earlier rejects file as it was.
#include <catch2/catch.hpp>

#include <filesystem>

#include "ankieta/survey/store.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
namespace fs = std::filesystem;

namespace {

const std::string kHeader =
    "firm_id;region;employees;revenue;exporter;export_share;mood;channels_1;channels_2;barriers;benefits_a;benefits_b;"
    "contact;visited;w";
const std::string kGood = "F20;2;5;1234,75;1;12,5;1;0;1;2;1;1;Wójcik i Synowie;12.03.2024;10,5";
const std::string kBad = "F21;7;40;99;2;;3;1;0;1|2;5;5;Zakład Ślusarski Wójcik;01.02.2024;8";  // region 7

// Windows-1250 bytes of the Polish letters these tests use.
std::string to_cp1250(const std::string& utf8) {
  const std::pair<std::string, char> letters[] = {{"ó", '\xF3'}, {"ł", '\xB3'}, {"Ś", '\x8C'}, {"ą", '\xB9'}, {"ę", '\xEA'}};
  std::string out;
  for (std::size_t idx = 0; idx < utf8.size();) {
    bool replaced = false;
    for (const auto& [letter, byte] : letters) {
      if (utf8.compare(idx, letter.size(), letter) == 0) {
        out += byte;
        idx += letter.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += utf8[idx++];
  }
  return out;
}

struct Survey {
  TempDir dir;
  std::string db = dir / "s.db";
  Survey() { REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0); }
  std::vector<std::string> contacts() const {
    ankieta::survey::Store store(db, false);
    auto set = store.load_columns({"contact"});
    std::vector<std::string> list;
    for (int code : set.columns[0].codes) list.push_back(code < 0 ? "" : set.columns[0].texts[static_cast<std::size_t>(code)]);
    return list;
  }
};

}  // namespace

TEST_CASE("a cp1250 import's rejects are cp1250 with ';', and the fixed file re-imports with the same option", "[rejects]") {
  Survey survey;
  std::string input = survey.dir / "in.csv";
  write_file(input, to_cp1250(kHeader + "\r\n" + kGood + "\r\n" + kBad + "\r\n"));
  std::string rejects = survey.dir / "rejects.csv";
  RunResult run = run_ankieta({"import", input, "--encoding", "cp1250", "--rejects", rejects, "--db", survey.db});
  REQUIRE(run.status == 0);
  const std::string reason = "\"region: '7' is not an answer to region; expected one of 1, 2\"";
  // Byte for byte: Windows-1250 letters, ';' as in the input, CR LF as in the input, the reason
  // quoted because it holds the delimiter.
  CHECK(read_file(rejects) == to_cp1250(kHeader + ";ankieta_error\r\n" + kBad + ";" + reason + "\r\n"));
  CHECK(survey.contacts() == std::vector<std::string>{"Wójcik i Synowie"});

  std::string fixed = read_file(rejects);
  fixed.replace(fixed.find("F21;7;"), 6, "F21;1;");
  write_file(rejects, fixed);
  RunResult again = run_ankieta({"import", rejects, "--encoding", "cp1250", "--db", survey.db});
  CHECK(again.status == 0);
  CHECK(again.err.find("1 rows read, 1 loaded, 0 rejected") != std::string::npos);
  CHECK(survey.contacts() == std::vector<std::string>{"Wójcik i Synowie", "Zakład Ślusarski Wójcik"});
}

TEST_CASE("rejects files: the input's form, dry runs, and failed imports", "[rejects]") {
  Survey survey;
  struct Case {
    const char* what;
    std::string input;            // UTF-8 text of the CSV
    std::vector<std::string> options;
    int status;
    std::string rejects;          // expected file, or "" for none written
  };
  const std::string comma_header = "firm_id,region,employees,revenue,exporter,export_share,mood,channels_1,channels_2,barriers,"
                                   "benefits_a,benefits_b,contact,visited,w";
  const std::string comma_bad = "F31,7,40,99,2,,3,1,0,1|2,5,5,Nowak,2024-02-01,8";
  const std::string reason = "region: '7' is not an answer to region; expected one of 1, 2";
  const std::vector<Case> cases = {
      {"UTF-8 with a byte-order mark keeps the mark", "\xEF\xBB\xBF" + comma_header + "\n" + comma_bad + "\n", {}, 0,
       "\xEF\xBB\xBF" + comma_header + ",ankieta_error\n" + comma_bad + ",\"" + reason + "\"\n"},
      {"a dry run writes the rejects file and loads nothing", comma_header + "\n" + comma_bad + "\n", {"--dry-run"}, 65,
       comma_header + ",ankieta_error\n" + comma_bad + ",\"" + reason + "\"\n"},
      {"the rejects of a rejects file name the reason column once",
       comma_header + ",ankieta_error\n" + comma_bad + ",old reason\n", {}, 0,
       comma_header + ",ankieta_error\n" + comma_bad + ",\"" + reason + "\"\n"},
      // The same bytes as the case before: refused as imported already, after the rows were read.
      {"a failed import leaves the earlier rejects file", comma_header + ",ankieta_error\n" + comma_bad + ",old reason\n", {}, 65, ""},
  };
  int file_idx = 0;
  for (const auto& c : cases) {
    INFO(c.what);
    std::string input = survey.dir / ("in" + std::to_string(++file_idx) + ".csv");
    write_file(input, c.input);
    std::string rejects = survey.dir / "rejects.csv";
    write_file(rejects, "earlier rejects\n");
    std::vector<std::string> arguments = {"import", input, "--rejects", rejects, "--db", survey.db};
    arguments.insert(arguments.end(), c.options.begin(), c.options.end());
    std::string database_before = read_file(survey.db);
    RunResult run = run_ankieta(arguments);
    CHECK(run.status == c.status);
    CHECK(read_file(rejects) == (c.rejects.empty() ? "earlier rejects\n" : c.rejects));
    if (c.status != 0) CHECK(read_file(survey.db) == database_before);
    for (const auto& entry : fs::directory_iterator(survey.dir.path()))
      CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }
}
