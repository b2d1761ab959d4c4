// OutputFile: a file appears whole or not at all, an existing file is never damaged by a failed
// write, and no output lands on a protected file however its path is spelled.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"

namespace fs = std::filesystem;
using ankieta::Error;
using ankieta::ErrorKind;
using ankieta::survey::OutputFile;

namespace {

class Folder {
 public:
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "ankieta-output-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~Folder() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  // Every name in the folder, sorted: shows a temporary file left behind.
  std::vector<std::string> names() const {
    std::vector<std::string> list;
    for (const auto& entry : fs::directory_iterator(path_)) list.push_back(entry.path().filename().string());
    std::sort(list.begin(), list.end());
    return list;
  }

 private:
  fs::path path_;
};

std::string read(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void put(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary);
  file << content;
}

mode_t mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// The message of the Error(cannot_create) that `action` throws.
template <typename Action>
std::string refusal(Action action) {
  try {
    action();
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::cannot_create);
    return error.what();
  }
  FAIL("no error was thrown");
  return {};
}

}  // namespace

TEST_CASE("a new output appears whole, with the umask's mode, and no temporary file stays", "[output_file]") {
  Folder folder;
  mode_t old_mask = ::umask(027);
  {
    OutputFile file(folder / "t.csv");
    CHECK(folder.names().size() == 1);  // the temporary file
    CHECK_FALSE(fs::exists(folder / "t.csv"));
    CHECK(file.write("a,b\n"));
    CHECK(file.write(std::string_view("1,2\n")));
    file.finish();
  }
  ::umask(old_mask);
  CHECK(read(folder / "t.csv") == "a,b\n1,2\n");
  CHECK(mode_of(folder / "t.csv") == 0640);
  CHECK(folder.names() == std::vector<std::string>{"t.csv"});
}

TEST_CASE("a replaced file keeps its mode; a symbolic link keeps pointing at it", "[output_file]") {
  Folder folder;
  put(folder / "t.txt", "old");
  ::chmod((folder / "t.txt").c_str(), 0604);
  fs::create_symlink(folder / "t.txt", folder / "link.txt");
  ankieta::survey::write_output_file(folder / "link.txt", "new");
  CHECK(fs::is_symlink(folder / "link.txt"));
  CHECK(read(folder / "t.txt") == "new");
  CHECK(mode_of(folder / "t.txt") == 0604);
  CHECK(folder.names() == std::vector<std::string>{"link.txt", "t.txt"});
}

TEST_CASE("an output given up or failing leaves the existing file byte for byte and no temporary file", "[output_file]") {
  Folder folder;
  const std::string before = "firm_id,region\nF1,1\n";
  put(folder / "t.csv", before);

  SECTION("destroyed without finish (the command failed half way)") {
    {
      OutputFile file(folder / "t.csv");
      file.write("half of a ");
    }
  }
  SECTION("closed but not committed (the second file of a pair failed)") {
    OutputFile file(folder / "t.csv");
    file.write("complete");
    file.close();
  }
  SECTION("a write fails (file size limit: EFBIG)") {
    struct rlimit old_limit {};
    ::getrlimit(RLIMIT_FSIZE, &old_limit);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit = old_limit;
    limit.rlim_cur = 4096;
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::string message = refusal([&] {
      OutputFile file(folder / "t.csv");
      std::string block(10000, 'x');
      file.write(block);
      file.finish();
    });
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);
    CHECK(message == folder / "t.csv" + ": cannot write output file: File too large");
  }
  CHECK(read(folder / "t.csv") == before);
  CHECK(folder.names() == std::vector<std::string>{"t.csv"});
}

TEST_CASE("outputs that cannot be created name the file and the cause", "[output_file]") {
  Folder folder;
  put(folder / "plain", "x");
  fs::create_directory(folder / "sub");
  struct Case {
    std::string path;
    std::string noun;
    std::string reason;
  };
  const Case cases[] = {
      {folder / "missing/t.csv", "output file", "No such file or directory"},
      {folder / "plain/t.csv", "output file", "Not a directory"},  // the parent is a file
      {folder / "sub", "the report", "Is a directory"},
      {"", "output file", "No such file or directory"},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    CHECK(refusal([&] { OutputFile file(c.path, c.noun); }) == c.path + ": cannot create " + c.noun + ": " + c.reason);
  }
  CHECK(folder.names() == std::vector<std::string>{"plain", "sub"});
  CHECK(fs::is_empty(folder / "sub"));
}

TEST_CASE("special files are written directly, never replaced", "[output_file]") {
  ankieta::survey::write_output_file("/dev/null", "nothing");
  struct stat info {};
  REQUIRE(::stat("/dev/null", &info) == 0);
  CHECK(S_ISCHR(info.st_mode));
}

TEST_CASE("no output lands on the database, its companions or an input, however the path is spelled", "[output_file]") {
  Folder folder;
  fs::create_directory(folder / "sub");
  put(folder / "s.db", "SQLite format 3");
  put(folder / "in.csv", "a\n1\n");
  put(folder / "unrelated.csv", "keep");
  ankieta::survey::protect_database(folder / "s.db");
  ankieta::survey::protect_input(folder / "in.csv");
  fs::create_hard_link(folder / "s.db", folder / "hard.db");
  fs::create_symlink(folder / "in.csv", folder / "link.csv");
  fs::create_directory_symlink(folder / "sub", folder / "sublink");

  struct Case {
    std::string path;
    std::string message;  // after the path
  };
  const std::string database = ": refusing to write the output over the survey database";
  const Case cases[] = {
      {folder / "s.db", database},
      {folder / "./s.db", database + " (" + folder / "s.db" + ")"},
      {folder / "hard.db", database + " (" + folder / "s.db" + ")"},
      {folder / "s.db-wal", ": refusing to write the output over the survey database's -wal file"},
      {folder / "sub/../s.db-shm", ": refusing to write the output over the survey database's -shm file (" + folder / "s.db-shm" + ")"},
      {folder / "sublink/../s.db-journal",
       ": refusing to write the output over the survey database's -journal file (" + folder / "s.db-journal" + ")"},
      {folder / "in.csv", ": refusing to write the output over an input file"},
      {folder / "link.csv", ": refusing to write the output over an input file (" + folder / "in.csv" + ")"},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    CHECK(refusal([&] { OutputFile file(c.path); }) == c.path + c.message);
    CHECK(refusal([&] { ankieta::survey::check_output_path(c.path); }) == c.path + c.message);
  }
  CHECK(read(folder / "s.db") == "SQLite format 3");
  CHECK(read(folder / "in.csv") == "a\n1\n");
  CHECK(folder.names() == std::vector<std::string>{"hard.db", "in.csv", "link.csv", "s.db", "sub", "sublink", "unrelated.csv"});

  // Other files in the same folder are written as usual.
  ankieta::survey::write_output_file(folder / "unrelated.csv", "new");
  CHECK(read(folder / "unrelated.csv") == "new");
}

TEST_CASE("an input opened after its path was claimed as an output is refused too", "[output_file]") {
  Folder folder;
  put(folder / "frame.csv", "a\n1\n");
  fs::create_directory(folder / "sub");
  ankieta::survey::claim_output(folder / "./frame.csv");
  CHECK(refusal([&] { ankieta::survey::protect_input(folder / "frame.csv"); }) ==
        folder / "./frame.csv" + ": refusing to write the output over an input file (" + folder / "frame.csv" + ")");
  ankieta::survey::claim_output(folder / "new.db-wal");
  CHECK(refusal([&] { ankieta::survey::protect_database(folder / "sub/../new.db"); }).find(
            "new.db-wal: refusing to write the output over the survey database's -wal file") != std::string::npos);

  // An OutputFile's claim ends with it: its finished file may be read back as an input.
  {
    OutputFile file(folder / "round-trip.csv");
    file.write("x\n");
    CHECK_THROWS_AS(ankieta::survey::protect_input(folder / "round-trip.csv"), Error);
    file.finish();
  }
  CHECK_NOTHROW(ankieta::survey::protect_input(folder / "round-trip.csv"));
}
