// Concurrency: while a large import runs and commits, readers (`info`, `freq --format json`) never
// fail and each sees either the data before the import or all of it, consistently within the
// command; a second import waits for the first or says that another import is writing; `weight`
// waits for an import that is writing and stores weights for exactly the rows it saw. The database is
// sound afterwards.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <optional>
#include <regex>
#include <thread>

#include <fmt/format.h>

#include "query_text.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

std::string source(const std::string& relative) { return std::string(ANKIETA_SOURCE_DIR) + "/" + relative; }
const std::string kQuestionnaire = source("questionnaires/podlasie-metal/questionnaire.yaml");

// Starts the program in the background with its stderr in `err`; returns its pid.
pid_t start(const std::vector<std::string>& arguments, const std::string& err) {
  std::fflush(nullptr);  // else the child would write the parent's buffered output again
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen(err.c_str(), "w", stderr);
    std::vector<char*> argv;
    std::string program = ANKIETA_BINARY;
    argv.push_back(program.data());
    std::vector<std::string> copies = arguments;
    for (auto& argument : copies) argv.push_back(argument.data());
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// The exit status once it has ended, or nullopt while it runs.
std::optional<int> finished(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) != pid) return std::nullopt;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}


long long number_after(const std::string& text, const std::string& pattern) {
  std::smatch match;
  std::regex expression(pattern);
  if (!std::regex_search(text, match, expression)) return -1;
  return std::stoll(match[1].str());
}

// A database of the bundled questionnaire with `base_rows` respondents in wave 1, and CSVs of
// `big_rows` respondents for later waves (the same population figures per stratum).
struct Fixture {
  TempDir dir;
  std::string db = dir / "s.db";
  std::string big = dir / "big.csv";
  std::string other = dir / "other.csv";
  Fixture(int base_rows, int big_rows) {
    REQUIRE(run_ankieta({"init", kQuestionnaire, "--db", db}).status == 0);
    REQUIRE(run_ankieta({"simulate", kQuestionnaire, "--n", std::to_string(big_rows), "--seed", "1", "--out", dir / "all.csv"}).status == 0);
    std::string all = read_file(dir / "all.csv");
    std::size_t end = 0;
    for (int line = 0; line <= base_rows; ++line) end = all.find('\n', end) + 1;
    write_file(dir / "small.csv", all.substr(0, end));
    REQUIRE(run_ankieta({"import", dir / "small.csv", "--wave", "1", "--db", db}).status == 0);
    REQUIRE(run_ankieta({"simulate", kQuestionnaire, "--n", std::to_string(big_rows), "--seed", "2", "--out", big}).status == 0);
    REQUIRE(run_ankieta({"simulate", kQuestionnaire, "--n", std::to_string(big_rows), "--seed", "3", "--out", other}).status == 0);
  }
};

}  // namespace

TEST_CASE("concurrency: readers during an import never fail and see the old data or all of the new", "[concurrency]") {
  constexpr long long kBase = 2000, kBig = 150000;
  Fixture fixture(static_cast<int>(kBase), static_cast<int>(kBig));
  pid_t import = start({"import", fixture.big, "--wave", "2", "--db", fixture.db}, fixture.dir / "import.err");
  int saw_old = 0, saw_new = 0;
  std::optional<int> import_status;
  // Until a few reads after the import has ended, so that its commit and checkpoint are covered.
  for (int after = 0; after < 3;) {
    auto info = run_ankieta({"info", "--db", fixture.db});
    INFO(info.err);
    REQUIRE(info.status == 0);
    long long respondents = number_after(info.out, R"(respondents:\s+(\d+))");
    long long imports = static_cast<long long>(std::count(info.out.begin(), info.out.end(), '#'));
    // One snapshot per command: the import list and the counts agree.
    if (respondents == kBase) {
      CHECK(imports == 1);
      ++saw_old;
    } else {
      REQUIRE(respondents == kBase + kBig);
      CHECK(imports == 2);
      ++saw_new;
    }
    auto freq = run_ankieta({"freq", "size_class", "--format", "json", "--db", fixture.db});
    INFO(freq.err);
    REQUIRE(freq.status == 0);
    long long base = number_after(freq.out, R"("base":\{"n":(\d+))");
    // Before the commit one wave (wave 1); after it the latest wave, which is the imported one.
    CHECK((base == kBase || base == kBig));
    if (!import_status) import_status = finished(import);
    if (import_status) ++after;
  }
  INFO(read_file(fixture.dir / "import.err"));
  REQUIRE(*import_status == 0);
  CHECK(saw_old > 0);
  CHECK(saw_new > 0);
  CHECK(query_text(fixture.db, "PRAGMA integrity_check") == "ok");
  CHECK(query_text(fixture.db, "SELECT count(*) FROM responses") == std::to_string(kBase + kBig));
}

TEST_CASE("concurrency: a second import during an import waits or says another import is writing", "[concurrency]") {
  constexpr long long kBase = 2000, kBig = 150000;
  Fixture fixture(static_cast<int>(kBase), static_cast<int>(kBig));
  pid_t first = start({"import", fixture.big, "--wave", "2", "--db", fixture.db}, fixture.dir / "first.err");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto second = run_ankieta({"import", fixture.other, "--wave", "3", "--db", fixture.db});
  int first_status = wait_for(first);
  INFO(read_file(fixture.dir / "first.err"));
  REQUIRE(first_status == 0);
  INFO(second.err);
  long long expected = kBase + kBig;
  if (second.status == 0) {
    expected += kBig;  // it waited for the first one
  } else {
    CHECK(second.status == 73);
    CHECK_THAT(second.err, Catch::Contains("another import is writing to") && Catch::Contains("try again when it has finished"));
  }
  CHECK(query_text(fixture.db, "PRAGMA integrity_check") == "ok");
  CHECK(query_text(fixture.db, "SELECT count(*) FROM responses") == std::to_string(expected));
  CHECK(query_text(fixture.db, "SELECT count(*) FROM imports") == (second.status == 0 ? "3" : "2"));
}

TEST_CASE("concurrency: weight during an import waits for it and stores weights for the rows it saw", "[concurrency]") {
  constexpr long long kBase = 20000, kBig = 150000;
  Fixture fixture(static_cast<int>(kBase), static_cast<int>(kBig));
  pid_t import = start({"import", fixture.big, "--wave", "2", "--db", fixture.db}, fixture.dir / "import.err");
  std::optional<int> import_status;
  // Runs until one weight has started after the import finished. Each one takes the write lock
  // first (waiting for the import), so none is refused and none mismatches rows.
  for (int run = 0;; ++run) {
    bool import_done_before = import_status.has_value();
    std::string name = fmt::format("w{}", run);
    auto weight = run_ankieta({"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", name,
                               "--wave", "1", "--db", fixture.db});
    INFO(weight.err);
    REQUIRE(weight.status == 0);
    // Every row of wave 1 has exactly one weight of the set.
    CHECK(query_text(fixture.db, fmt::format("SELECT count(*) FROM weight_values JOIN weight_sets ON id = set_id "
                                             "WHERE name = '{}'", name)) == std::to_string(kBase));
    if (!import_status) import_status = finished(import);
    if (import_done_before && run >= 1) break;
  }
  INFO(read_file(fixture.dir / "import.err"));
  REQUIRE(*import_status == 0);
  CHECK(query_text(fixture.db, "PRAGMA integrity_check") == "ok");
}
