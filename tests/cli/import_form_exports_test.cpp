// Response exports of LimeSurvey and KoboToolbox imported as the tools write them (tests/data/forms):
// the tool recognised from the header, its own columns skipped, LimeSurvey's "Y"/"" made 1/0 within
// a ticked question, date-and-time answers stored as their date, unsubmitted responses left out.
#include <catch2/catch.hpp>

#include <string>

#include "query_text.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

std::string stored(const std::string& db, const std::string& respondent, const std::string& columns) {
  return query_text(db, "SELECT " + columns + " FROM responses WHERE _respondent = '" + respondent + "'");
}

}  // namespace

TEST_CASE("import: a LimeSurvey response export with question codes loads as it is", "[import][forms]") {
  TempDir dir;
  const std::string db = dir / "ls.db";
  REQUIRE(run_ankieta({"init", test_data("forms/from-limesurvey.yaml"), "--db", db}).status == 0);
  RunResult run = run_ankieta({"import", test_data("forms/responses_482193_codes.csv"), "--db", db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.err, Catch::Contains("2 rows read, 2 loaded, 0 rejected, 1 incomplete response left out "
                                      "(--include-incomplete loads it); a LimeSurvey export"));
  // Firm 1 ticked SQ001 and SQ004 ("Y"), firm 2 only SQ002: the options shown but not ticked are 0.
  CHECK(stored(db, "1", "q07_sq001 || q07_sq002 || q07_sq003 || q07_sq004") == "1001");
  CHECK(stored(db, "2", "q07_sq001 || q07_sq002 || q07_sq003 || q07_sq004") == "0100");
  // "2003-05-01 00:00:00" of a date question is the date.
  CHECK(stored(db, "1", "q09") == "2003-05-01");
  CHECK(query_text(db, "SELECT count(*) FROM responses WHERE _respondent = '3'") == "0");
}

TEST_CASE("import: LimeSurvey's incomplete responses load when asked, blank where not reached", "[import][forms]") {
  TempDir dir;
  const std::string db = dir / "ls.db";
  REQUIRE(run_ankieta({"init", test_data("forms/from-limesurvey.yaml"), "--db", db}).status == 0);
  RunResult run = run_ankieta({"import", test_data("forms/responses_482193_codes.csv"), "--include-incomplete", "--db", db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.err, Catch::Contains("3 rows read, 3 loaded, 0 rejected"));
  CHECK(stored(db, "3", "q01 || '/' || q03 || '/' || coalesce(q07_sq001, 'blank')") == "3/112/blank");
}

TEST_CASE("import: a LimeSurvey export with question texts as headings is refused with what to do", "[import][forms]") {
  TempDir dir;
  const std::string db = dir / "ls.db";
  REQUIRE(run_ankieta({"init", test_data("forms/from-limesurvey.yaml"), "--db", db}).status == 0);
  const std::string before = read_file(db);
  RunResult run = run_ankieta({"import", test_data("forms/responses_482193_fulltext_en.csv"), "--db", db});
  CHECK(run.status == 65);
  CHECK(run.err == "ankieta import: " + test_data("forms/responses_482193_fulltext_en.csv") +
                       ":1: a LimeSurvey export with question texts as headings; export again with Headings: "
                       "\"Question code\" and Responses: \"Answer codes\"\n");
  CHECK(read_file(db) == before);
}

TEST_CASE("import: a KoboToolbox export loads without --ignore-extra, and as plain CSV its columns are refused", "[import][forms]") {
  TempDir dir;
  const std::string db = dir / "kobo.db";
  REQUIRE(run_ankieta({"init", test_data("forms/from-xlsform.yaml"), "--db", db}).status == 0);
  const std::string before = read_file(db);
  RunResult plain = run_ankieta({"import", test_data("forms/kobo_export_xml_values_groups.csv"), "--from", "csv", "--db", db});
  CHECK(plain.status == 65);
  CHECK_THAT(plain.err, Catch::Contains(":1:1: column 'start' is not read by any question; remove it or use --ignore-extra"));
  CHECK(read_file(db) == before);

  RunResult run = run_ankieta({"import", test_data("forms/kobo_export_xml_values_groups.csv"), "--db", db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.err, Catch::Contains("3 rows read, 3 loaded, 0 rejected; a KoboToolbox/ODK export"));
  CHECK(query_text(db, "SELECT count(*) FROM responses") == "3");
}

TEST_CASE("import: --from takes the tools it knows", "[import][forms]") {
  TempDir dir;
  RunResult run = run_ankieta({"import", test_data("forms/kobo_export_xml_values_groups.csv"), "--from", "surveymonkey",
                               "--db", dir / "x.db"});
  CHECK(run.status == 2);
  CHECK_THAT(run.err, Catch::Contains("unknown --from 'surveymonkey'; expected auto, csv, limesurvey or kobo"));
}

TEST_CASE("import: a date question takes a date and time as its date, and refuses an impossible time", "[import][forms]") {
  TempDir dir;
  const std::string db = dir / "s.db", csv = dir / "dates.csv";
  const std::string header =
      "firm_id,region,employees,revenue,exporter,export_share,mood,channels_1,channels_2,barriers,benefits_a,benefits_b,contact,visited,w\n";
  write_file(csv, header + "D1,1,5,,2,,2,0,0,,,,,2025-03-14T10:29:55.118+01:00,1\n" +
                      "D2,1,5,,2,,2,0,0,,,,,2025-03-15 08:12:40,1\n" + "D3,1,5,,2,,2,0,0,,,,,2025-03-16T23:59Z,1\n" +
                      "D4,1,5,,2,,2,0,0,,,,,2025-03-17 25:00:00,1\n");
  REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
  RunResult refused = run_ankieta({"import", csv, "--db", db});
  CHECK(refused.status == 65);
  CHECK_THAT(refused.err, Catch::Contains(csv + ":5:visited: '2025-03-17 25:00:00' is not a date"));
  RunResult run = run_ankieta({"import", csv, "--rejects", dir / "rejects.csv", "--db", db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(query_text(db, "SELECT group_concat(visited, ' ') FROM (SELECT visited FROM responses ORDER BY _respondent)") ==
        "2025-03-14 2025-03-15 2025-03-16");
}
