// End to end: no command writes its output over the survey database (or its -wal, -shm,
// -journal) or over one of its inputs, however the path is spelled (another spelling, a hard
// link, a symbolic link); and an output that fails leaves an existing file as it was, with no
// temporary file behind. Issue 9: `import new.csv --rejects s.db --db s.db` truncated the survey,
// `export --out s.db` overwrote it, a failed `simulate --out FILE` deleted FILE.
#include <catch2/catch.hpp>

#include <filesystem>

#include "run_ankieta.hpp"

using namespace ankieta::testing;
namespace fs = std::filesystem;

namespace {

const std::string kSource = ANKIETA_SOURCE_DIR;

struct Survey {
  TempDir dir;
  std::string db = dir / "s.db";
  std::string questionnaire = dir / "q.yaml";
  std::string responses = dir / "new.csv";
  std::string frame = dir / "frame.csv";
  std::string spec = dir / "spec.md";  // a YAML spec whose name a Markdown report could have
  Survey() {
    fs::copy_file(kSource + "/questionnaires/podlasie-metal/questionnaire.yaml", questionnaire);
    fs::copy_file(kSource + "/data/sample.csv", responses);
    fs::copy_file(kSource + "/data/frame.csv", frame);
    fs::copy_file(kSource + "/questionnaires/podlasie-metal/report.yaml", spec);
    fs::create_directory(dir / "sub");
    REQUIRE(run_ankieta({"init", questionnaire, "--db", db}).status == 0);
    REQUIRE(run_ankieta({"import", responses, "--db", db, "--force"}).status == 0);
    fs::create_hard_link(db, dir / "hard.md");
    fs::create_symlink(db, dir / "link.db");
  }
  // Names in the folder that are not the database's own companions: a temporary file left behind
  // shows here.
  std::vector<std::string> names() const {
    std::vector<std::string> list;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      std::string name = entry.path().filename().string();
      if (name != "s.db-wal" && name != "s.db-shm") list.push_back(name);
    }
    std::sort(list.begin(), list.end());
    return list;
  }
};

}  // namespace

TEST_CASE("no command writes its output over the database or one of its inputs", "[output]") {
  Survey survey;
  const std::string& db = survey.db;
  struct Case {
    std::vector<std::string> arguments;
    std::string output;   // as given
    std::string message;  // after "OUTPUT: refusing to write the output over "
  };
  const std::string database = "the survey database";
  const std::string input = "an input file";
  const std::vector<Case> cases = {
      {{"export", "--format", "csv", "--db", db, "--out", db}, db, database},
      {{"export", "--format", "sav", "--db", db, "--out", db + "-wal"}, db + "-wal", "the survey database's -wal file"},
      {{"export", "--format", "dta", "--db", db, "--out", survey.dir / "sub/../s.db-journal"}, survey.dir / "sub/../s.db-journal",
       "the survey database's -journal file (" + db + "-journal)"},
      {{"freq", "q06_revenue_trend", "--db", db, "--out", db}, db, database},
      {{"crosstab", "q06_revenue_trend", "--by", "size_class", "--db", db, "--out", survey.dir / "hard.md"}, survey.dir / "hard.md",
       database + " (" + db + ")"},
      {{"means", "q01_employees", "--db", db, "--out", survey.dir / "link.db"}, survey.dir / "link.db", database + " (" + db + ")"},
      {{"codebook", "--db", db, "--out", db + "-shm"}, db + "-shm", "the survey database's -shm file"},
      {{"report", survey.spec, "--db", db, "--out", survey.dir / "hard.md"}, survey.dir / "hard.md", database + " (" + db + ")"},
      {{"report", survey.spec, "--db", db, "--out", survey.dir / "./spec.md"}, survey.dir / "./spec.md", input + " (" + survey.spec + ")"},
      {{"import", survey.responses, "--db", db, "--rejects", db}, db, database},
      {{"import", survey.responses, "--db", db, "--rejects", survey.responses}, survey.responses, input},
      {{"import", survey.responses, "--db", db, "--rejects", survey.dir / "sub/../s.db-wal"}, survey.dir / "sub/../s.db-wal",
       "the survey database's -wal file (" + db + "-wal)"},
      {{"simulate", survey.questionnaire, "--n", "5", "--out", survey.questionnaire}, survey.questionnaire, input},
      {{"simulate", survey.questionnaire, "--n", "5", "--frame", survey.frame, "--out", survey.frame}, survey.frame, input},
  };
  const std::string database_before = read_file(db);
  const std::string responses_before = read_file(survey.responses);
  const std::string questionnaire_before = read_file(survey.questionnaire);
  const std::string frame_before = read_file(survey.frame);
  const std::string spec_before = read_file(survey.spec);
  const std::vector<std::string> names_before = survey.names();
  for (const auto& c : cases) {
    INFO(c.arguments[0] << " --out " << c.output);
    RunResult run = run_ankieta(c.arguments);
    CHECK(run.status == 73);
    CHECK(run.err == "ankieta " + c.arguments[0] + ": " + c.output + ": refusing to write the output over " + c.message + "\n");
    CHECK(read_file(db) == database_before);
    CHECK(read_file(survey.responses) == responses_before);
    CHECK(read_file(survey.questionnaire) == questionnaire_before);
    CHECK(read_file(survey.frame) == frame_before);
    CHECK(read_file(survey.spec) == spec_before);
    CHECK(survey.names() == names_before);
  }
  // The survey still works as before.
  RunResult info = run_ankieta({"info", "--db", db});
  CHECK(info.status == 0);
  CHECK(run_ankieta({"freq", "q06_revenue_trend", "--db", db, "--out", survey.dir / "t.txt"}).status == 0);
  CHECK(fs::file_size(survey.dir / "t.txt") > 0);
}

TEST_CASE("an output that fails leaves an existing file byte for byte and no temporary file", "[output]") {
  Survey survey;
  const std::string existing = "precious, not to be lost\n";
  struct Case {
    const char* what;
    std::vector<std::string> arguments;  // {OUT} is the existing file
    std::string out_name;
    int status;
    std::string message;  // part of stderr
  };
  fs::create_directory(survey.dir / "data.codebook.md");  // the codebook cannot be written
  write_file(survey.dir / "bad-frame.csv", "a,b\n1,2\n");
  const std::vector<Case> cases = {
      {"simulate whose frame is bad (the output was already open)",
       {"simulate", survey.questionnaire, "--n", "50", "--frame", survey.dir / "bad-frame.csv", "--out", "{OUT}"}, "sim.csv", 65,
       "missing column 'size_class'"},
      {"export whose codebook cannot be written",
       {"export", "--db", survey.db, "--out", "{OUT}"}, "data.csv", 73, "data.codebook.md: cannot create output file: Is a directory"},
      {"report over a folder",
       {"report", survey.spec, "--db", survey.db, "--out", survey.dir / "sub.md"}, "keep.md", 73, "sub.md: cannot create the report: Is a directory"},
  };
  fs::create_directory(survey.dir / "sub.md");
  for (const auto& c : cases) {
    INFO(c.what);
    std::string out = survey.dir / c.out_name;
    write_file(out, existing);
    std::vector<std::string> arguments = c.arguments;
    for (auto& argument : arguments)
      if (argument == "{OUT}") argument = out;
    std::vector<std::string> names_before = survey.names();
    RunResult run = run_ankieta(arguments);
    CHECK(run.status == c.status);
    CHECK(run.err.find(c.message) != std::string::npos);
    CHECK(read_file(out) == existing);
    CHECK(survey.names() == names_before);
  }

  // A write that fails half way (the file size limit of a full disk's kind, EFBIG): the existing
  // file stays whole.
  std::string out = survey.dir / "big.csv";
  write_file(out, existing);
  std::string command = "trap '' XFSZ; ulimit -f 8; exec " + shell_quote(ANKIETA_BINARY) + " simulate " +
                        shell_quote(survey.questionnaire) + " --n 2000 --out " + shell_quote(out) + " 2>" +
                        shell_quote(survey.dir / "err.txt");
  int raw = std::system(("sh -c " + shell_quote(command)).c_str());
  CHECK(WIFEXITED(raw));
  CHECK(WEXITSTATUS(raw) == 73);
  CHECK(read_file(survey.dir / "err.txt").find("File too large") != std::string::npos);
  fs::remove(survey.dir / "err.txt");
  CHECK(read_file(out) == existing);
  for (const auto& name : survey.names()) CHECK(name.find(".tmp-") == std::string::npos);
}
