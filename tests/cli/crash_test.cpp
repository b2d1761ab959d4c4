// Crash consistency: `import`, `weight` and `init` killed with SIGKILL at many moments leave a
// database that passes PRAGMA integrity_check, holds either the old or the new data (never part of
// an import or of a weight set), and that the next read-only command (`info`, `freq`) and the next
// `init` accept. The delays cover the whole run of each command, from start-up to its commit.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "query_text.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

std::string source(const std::string& relative) { return std::string(ANKIETA_SOURCE_DIR) + "/" + relative; }
const std::string kQuestionnaire = source("questionnaires/podlasie-metal/questionnaire.yaml");

// Runs the program and sends it SIGKILL after `delay`; true when the kill came before it ended.
bool run_killed(const std::vector<std::string>& arguments, std::chrono::milliseconds delay) {
  std::fflush(nullptr);  // else the child would write the parent's buffered output again
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> argv;
    std::string program = ANKIETA_BINARY;
    argv.push_back(program.data());
    std::vector<std::string> copies = arguments;
    for (auto& argument : copies) argv.push_back(argument.data());
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status);
}


void copy_database(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(to + suffix);
  std::filesystem::copy_file(from, to);
}

// A database of the bundled questionnaire with `base_rows` respondents in wave 1, and a CSV of
// `big_rows` more for wave 2.
struct Fixture {
  TempDir dir;
  std::string base = dir / "base.db";
  std::string big = dir / "big.csv";
  Fixture(int base_rows, int big_rows) {
    REQUIRE(run_ankieta({"init", kQuestionnaire, "--db", base}).status == 0);
    // The first rows of a simulation as large as the big file's, so that both have the same
    // population figures (fpc) per stratum.
    REQUIRE(run_ankieta({"simulate", kQuestionnaire, "--n", std::to_string(big_rows), "--seed", "1", "--out", dir / "all.csv"}).status == 0);
    std::string all = read_file(dir / "all.csv");
    std::size_t end = 0;
    for (int line = 0; line <= base_rows; ++line) end = all.find('\n', end) + 1;
    write_file(dir / "small.csv", all.substr(0, end));
    REQUIRE(run_ankieta({"import", dir / "small.csv", "--wave", "1", "--db", base}).status == 0);
    REQUIRE(run_ankieta({"simulate", kQuestionnaire, "--n", std::to_string(big_rows), "--seed", "2", "--out", big}).status == 0);
  }
};

// What every killed run must leave: a sound file that read-only commands accept (`freq` needs
// respondents; a new database is read by `codebook`).
void check_readable(const std::string& db, bool has_respondents = true) {
  auto info = run_ankieta({"info", "--db", db});
  INFO(info.err);
  REQUIRE(info.status == 0);
  REQUIRE(query_text(db, "PRAGMA integrity_check") == "ok");
  auto freq = has_respondents ? run_ankieta({"freq", "size_class", "--db", db}) : run_ankieta({"codebook", "--db", db});
  INFO(freq.err);
  REQUIRE(freq.status == 0);
}

}  // namespace

TEST_CASE("crash: an import killed at any moment leaves the old data or all of the new", "[crash]") {
  constexpr int kBase = 500, kBig = 60000;
  Fixture fixture(kBase, kBig);
  // How long an uninterrupted import takes, to spread the kills over it and its commit.
  std::string timing = fixture.dir / "timing.db";
  copy_database(fixture.base, timing);
  auto start = std::chrono::steady_clock::now();
  REQUIRE(run_ankieta({"import", fixture.big, "--wave", "2", "--db", timing}).status == 0);
  auto full = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::string db = fixture.dir / "s.db";
  int killed = 0, old_data = 0, new_data = 0;
  constexpr int kRuns = 20;
  for (int run = 0; run < kRuns; ++run) {
    // From start-up to a little past the usual end (the commit and checkpoint).
    auto delay = std::chrono::milliseconds(full.count() * (run + 1) * 11 / (10 * kRuns));
    copy_database(fixture.base, db);
    killed += run_killed({"import", fixture.big, "--wave", "2", "--db", db}, delay);
    INFO("killed after " << delay.count() << " ms of " << full.count() << " ms");
    check_readable(db);
    std::string respondents = query_text(db, "SELECT count(*) FROM responses");
    std::string imports = query_text(db, "SELECT count(*) FROM imports");
    if (respondents == std::to_string(kBase)) {
      CHECK(imports == "1");
      ++old_data;
    } else {
      REQUIRE(respondents == std::to_string(kBase + kBig));
      CHECK(imports == "2");
      ++new_data;
    }
  }
  // The delays come from one timed run, and the machine's load changes between runs (ctest runs
  // tests in parallel): ask only that kills landed, and that some landed before the commit.
  CHECK(killed >= 3);
  CHECK(old_data > 0);
  // The next import of the same file completes after any kill.
  // (Shorter delays until the kill lands before the import ends: a loaded machine varies.)
  bool interrupted = false;
  for (auto delay = full / 2; !interrupted && delay.count() > 0; delay /= 2) {
    copy_database(fixture.base, db);
    interrupted = run_killed({"import", fixture.big, "--wave", "2", "--db", db}, delay) &&
                  query_text(db, "SELECT count(*) FROM responses") == std::to_string(kBase);
  }
  REQUIRE(interrupted);
  auto again = run_ankieta({"import", fixture.big, "--wave", "2", "--db", db});
  INFO(again.err);
  CHECK(again.status == 0);
  CHECK(query_text(db, "SELECT count(*) FROM responses") == std::to_string(kBase + kBig));
}

TEST_CASE("crash: weight killed at any moment leaves no set or the whole set", "[crash]") {
  constexpr int kBase = 40000;
  Fixture fixture(kBase, kBase);
  const std::vector<std::string> weight = {"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", "w"};
  std::string timing = fixture.dir / "timing.db";
  copy_database(fixture.base, timing);
  auto arguments = weight;
  arguments.insert(arguments.end(), {"--db", timing});
  auto start = std::chrono::steady_clock::now();
  auto uninterrupted = run_ankieta(arguments);
  INFO(uninterrupted.err);
  REQUIRE(uninterrupted.status == 0);
  auto full = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::string db = fixture.dir / "s.db";
  arguments = weight;
  arguments.insert(arguments.end(), {"--db", db});
  constexpr int kRuns = 20;
  for (int run = 0; run < kRuns; ++run) {
    auto delay = std::chrono::milliseconds(full.count() * (run + 1) * 11 / (10 * kRuns));
    copy_database(fixture.base, db);
    run_killed(arguments, delay);
    INFO("killed after " << delay.count() << " ms of " << full.count() << " ms");
    check_readable(db);
    std::string sets = query_text(db, "SELECT count(*) FROM weight_sets");
    if (sets == "1") CHECK(query_text(db, "SELECT count(*) FROM weight_values") == std::to_string(kBase));
    else CHECK((sets.empty() || sets == "0"));  // no table yet, or an empty one
  }
}

TEST_CASE("crash: init killed at any moment leaves nothing that blocks the next init", "[crash]") {
  TempDir dir;
  std::string db = dir / "s.db";
  constexpr int kRuns = 20;
  for (int run = 0; run < kRuns; ++run) {
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) std::filesystem::remove(entry.path());
    run_killed({"init", kQuestionnaire, "--db", db}, std::chrono::milliseconds(run * 3));
    INFO("killed after " << run * 3 << " ms");
    if (std::filesystem::exists(db)) {
      // A database that is there is complete.
      check_readable(db, false);
      continue;
    }
    auto init = run_ankieta({"init", kQuestionnaire, "--db", db});
    INFO(init.err);
    REQUIRE(init.status == 0);
    check_readable(db, false);
    // The killed init's temporary file is gone too: the new init removed it.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
      CHECK(entry.path().filename().string().rfind("s.db.init-", 0) == std::string::npos);
  }
}

TEST_CASE("init: a temporary file of a live init is left alone, one of a dead init is removed", "[crash]") {
  TempDir dir;
  std::string db = dir / "s.db";
  // A process that is alive (this one) and one that has exited (a child reaped at once).
  pid_t dead = fork();
  if (dead == 0) _exit(0);
  REQUIRE(dead > 0);
  waitpid(dead, nullptr, 0);
  const std::string live_file = fmt::format("{}.init-{}-abcdef", db, getpid());
  const std::string dead_file = fmt::format("{}.init-{}-abcdef", db, dead);
  write_file(live_file, "x");
  write_file(dead_file, "x");
  auto init = run_ankieta({"init", kQuestionnaire, "--db", db});
  INFO(init.err);
  REQUIRE(init.status == 0);
  CHECK(std::filesystem::exists(live_file));
  CHECK_FALSE(std::filesystem::exists(dead_file));
}

TEST_CASE("init: the database gets the mode a new file gets under the umask, not mkstemp's 0600", "[crash]") {
  TempDir dir;
  std::string db = dir / "s.db";
  const mode_t mask = ::umask(022);  // the children inherit it
  auto init = run_ankieta({"init", kQuestionnaire, "--db", db});
  ::umask(mask);
  INFO(init.err);
  REQUIRE(init.status == 0);
  struct stat info {};
  REQUIRE(::stat(db.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0644);
}
