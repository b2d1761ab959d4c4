// Damaged, foreign, read-only and oversized databases: each gives a sentence saying what happened
// and what to do, with the documented exit status (never a raw SQLite error or exit 70), and
// leaves the file byte for byte as it was. A read-only file or folder can still be read.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

#include <fmt/format.h>

#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

std::string source(const std::string& relative) { return std::string(ANKIETA_SOURCE_DIR) + "/" + relative; }
const std::string kQuestionnaire = source("questionnaires/podlasie-metal/questionnaire.yaml");

void execute(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
  REQUIRE(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(handle);
}

// Runs the program as a user without write permission on root's files: as `nobody` through
// setpriv when the tests run as root (root may write any file), else as the current user.
RunResult run_unprivileged(const std::vector<std::string>& arguments) {
  TempDir capture;
  std::filesystem::permissions(capture.path(), std::filesystem::perms::all);
  std::string command = geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  command += shell_quote(ANKIETA_BINARY);
  for (const auto& argument : arguments) command += " " + shell_quote(argument);
  command += " >" + shell_quote(capture / "out") + " 2>" + shell_quote(capture / "err") + " </dev/null";
  int raw = std::system(command.c_str());
  RunResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = read_file(capture / "out");
  result.err = read_file(capture / "err");
  return result;
}

struct Survey {
  TempDir dir;
  std::string db = dir / "s.db";
  std::string csv = dir / "r.csv";
  std::string more = dir / "more.csv";
  Survey() {
    REQUIRE(run_ankieta({"init", kQuestionnaire, "--db", db}).status == 0);
    REQUIRE(run_ankieta({"simulate", kQuestionnaire, "--n", "300", "--seed", "1", "--out", csv}).status == 0);
    REQUIRE(run_ankieta({"import", csv, "--wave", "1", "--db", db}).status == 0);
    REQUIRE(run_ankieta({"simulate", kQuestionnaire, "--n", "300", "--seed", "2", "--out", more}).status == 0);
  }
};

}  // namespace

TEST_CASE("store errors: damaged and foreign files are named for what they are", "[store]") {
  struct Case {
    const char* what;
    std::function<void(const std::string& db)> make;
    int status;
    std::vector<std::string> words;
  };
  const std::vector<Case> cases = {
      {"a table dropped by hand", [](const std::string& db) { execute(db, "DROP TABLE imports"); }, 65,
       {"is damaged: table 'imports' is missing", "restore"}},
      {"the responses table dropped", [](const std::string& db) { execute(db, "DROP VIEW responses_pl; DROP VIEW responses_en; DROP TABLE responses"); }, 65,
       {"is damaged: table 'responses' is missing"}},
      {"another program's SQLite file", [](const std::string& db) {
         std::filesystem::remove(db);
         execute(db, "CREATE TABLE t(a)");
       }, 65, {"not an ankieta survey database", "without ankieta's tables"}},
      {"an empty file", [](const std::string& db) {
         std::filesystem::remove(db);
         write_file(db, "");
       }, 65, {"is an empty file, not an ankieta survey database", "ankieta init"}},
      {"a text file", [](const std::string& db) {
         std::filesystem::remove(db);
         write_file(db, "firm_id,size_class\nF1,1\n");
       }, 65, {"not an ankieta survey database (not an SQLite file)"}},
      {"a folder", [](const std::string& db) {
         std::filesystem::remove(db);
         std::filesystem::create_directory(db);
       }, 66, {"is a folder, not a survey database"}},
  };
  for (const auto& c : cases) {
    SECTION(c.what) {
      Survey survey;
      c.make(survey.db);
      std::string before = std::filesystem::is_directory(survey.db) ? "" : read_file(survey.db);
      for (const std::vector<std::string>& command :
           {std::vector<std::string>{"info"}, {"freq", "size_class"}, {"import", survey.more, "--wave", "2"}}) {
        auto arguments = command;
        arguments.insert(arguments.end(), {"--db", survey.db});
        auto result = run_ankieta(arguments);
        INFO(command[0] << ": " << result.err);
        CHECK(result.status == c.status);
        for (const auto& word : c.words) CHECK_THAT(result.err, Catch::Contains(word));
        CHECK_THAT(result.err, !Catch::Contains("sqlite:"));
      }
      if (!std::filesystem::is_directory(survey.db)) CHECK(read_file(survey.db) == before);
    }
  }
}

TEST_CASE("store errors: a read-only file or folder is read, and writing says it is read-only", "[store]") {
  for (bool folder : {false, true}) {
    SECTION(folder ? "a read-only folder" : "a read-only file in a writable folder") {
      Survey survey;
      std::string place = survey.dir / "ro";
      std::filesystem::create_directory(place);
      std::string db = place + "/s.db";
      std::filesystem::copy_file(survey.db, db);
      std::filesystem::permissions(survey.dir.path(), std::filesystem::perms::all);
      std::filesystem::permissions(survey.more, std::filesystem::perms::all);
      // The file: readable by all, writable by none but root; the folder: the same or open.
      std::filesystem::permissions(db, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                           std::filesystem::perms::others_read);
      std::filesystem::permissions(place, folder ? std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                                       std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                                       std::filesystem::perms::others_exec
                                                 : std::filesystem::perms::all);
      std::string before = read_file(db);
      auto info = run_unprivileged({"info", "--db", db});
      INFO(info.err);
      CHECK(info.status == 0);
      CHECK_THAT(info.out, Catch::Contains("respondents:    300"));
      auto freq = run_unprivileged({"freq", "size_class", "--db", db});
      INFO(freq.err);
      CHECK(freq.status == 0);
      for (const std::vector<std::string>& command :
           {std::vector<std::string>{"import", survey.more, "--wave", "2"},
            {"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", "w"}}) {
        auto arguments = command;
        arguments.insert(arguments.end(), {"--db", db});
        auto result = run_unprivileged(arguments);
        INFO(command[0] << ": " << result.err);
        CHECK(result.status == 73);
        CHECK_THAT(result.err, Catch::Contains("the database is read-only: " + db));
      }
      CHECK(read_file(db) == before);
      std::filesystem::permissions(place, std::filesystem::perms::owner_all);
    }
  }
}

TEST_CASE("store errors: init refuses more variables than a table holds, with the limit", "[store]") {
  TempDir dir;
  auto definition = [&](std::size_t questions) {
    std::string yaml = "id: wide\nversion: 1\nlanguages: [en]\nrespondent_id: rid\ntitle: {en: Wide}\nsections:\n"
                       "  - id: s\n    title: {en: S}\n    questions:\n";
    for (std::size_t question_idx = 0; question_idx < questions; ++question_idx)
      yaml += fmt::format("      - {{id: q{}, type: numeric, text: {{en: Q}}}}\n", question_idx);
    std::string path = dir / fmt::format("wide-{}.yaml", questions);
    write_file(path, yaml);
    return path;
  };
  // 1995 = SQLite's default 2000 columns less the five fixed columns of the responses table.
  auto fits = run_ankieta({"init", definition(1995), "--db", dir / "fits.db"});
  INFO(fits.err);
  CHECK(fits.status == 0);
  auto too_many = run_ankieta({"init", definition(1996), "--db", dir / "wide.db"});
  INFO(too_many.err);
  CHECK(too_many.status == 65);
  CHECK_THAT(too_many.err, Catch::Contains("has 1996 stored variables") && Catch::Contains("holds at most 1995"));
  CHECK(!std::filesystem::exists(dir / "wide.db"));
}
