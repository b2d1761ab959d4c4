// Every file the program writes (tables, reports, exports, rejects, simulated responses) goes
// through OutputFile, so that two promises hold in one place:
//
// - An output is never half-written and never destroys what was there: the bytes go to a
//   temporary file in the target's folder (".NAME.tmp-XXXXXX"), which finish() syncs and renames
//   over the target. Until then, and after any failure or an OutputFile destroyed without finish(),
//   the target is exactly as it was (or still absent) and the temporary file is removed. A killed
//   process may leave the temporary file, never a partial target. A replaced file keeps its
//   permissions (and owner, where allowed); a new file gets 0666 less the umask, as fopen would.
//   Special files (/dev/null, a terminal, a pipe, anything under /dev or /proc) cannot be
//   replaced and are written directly.
//
// - No output lands on the survey database (or its -wal, -shm, -journal) or on an input of the
//   same command. Places that open inputs register them (protect_database, protect_input); every
//   output is checked against them, comparing the files themselves: the device and inode of a file
//   that exists (so hard links and symbolic links are caught), else the canonical folder plus the
//   name (so "./s.db-wal" and "dir/../s.db-wal" are). The check is symmetric: an input registered
//   while an output to the same file is claimed is refused too, so a command may claim its output
//   path before opening anything. Refusals are Error(cannot_create), exit 73.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace ankieta::survey {

// The mode open(2) would give a new file under the process's umask (0644 under the usual 022):
// for files made with mkstemp (always 0600) that become the user's files.
mode_t new_file_mode();

// Registers the survey database at `path`, and its -wal, -shm and -journal, for the rest of the
// process. Throws Error(cannot_create) when one of them is a claimed output.
void protect_database(const std::string& path);

// Registers an input file (responses, frame, definition, report spec) for the rest of the process.
// Throws Error(cannot_create) when it is a claimed output.
void protect_input(const std::string& path);

// Checks `path` against the protected files now, and keeps it claimed for the rest of the process,
// so that opening it later as the database or an input is refused. "-" and "" (stdout) are ignored.
void claim_output(const std::string& path);

// Throws Error(cannot_create) "PATH: refusing to write the output over the survey database" (or
// "... over an input file") when `path` is a protected file; does nothing otherwise.
void check_output_path(const std::string& path);

class OutputFile {
 public:
  // Checks `path` (check_output_path) and creates the temporary file beside it. `noun` names the
  // file in messages: "PATH: cannot create output file: REASON". Throws Error(cannot_create) when
  // the path is protected, is a folder, or its folder cannot be written.
  explicit OutputFile(std::string path, std::string noun = "output file");
  // Removes the temporary file unless commit() ran; never touches the target.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Appends bytes; false once any write failed (close() then reports it).
  bool write(const void* data, std::size_t size);
  bool write(std::string_view text) { return write(text.data(), text.size()); }
  // The open stream, for writers that take a FILE*; its errors are reported by close().
  std::FILE* stream() { return file_; }

  // For a library that writes a file by name (libxlsxwriter): closes this object's stream and
  // returns the temporary path for the library to write; close() then syncs what it wrote.
  const std::string& hand_over_to_writer();

  // Flushes, syncs and closes the temporary file; throws Error(cannot_create) "PATH: cannot write
  // output file: REASON" (the temporary file is removed) when any write failed. The target is
  // still untouched: several files can be closed first and committed together.
  void close();
  // Renames the closed temporary file over the target and syncs the folder.
  void commit();
  // close() then commit().
  void finish() {
    close();
    commit();
  }

  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void fail(std::string_view verb, int error);
  void remove_temporary();

  std::string path_;       // as the user wrote it, for messages
  std::string target_;     // where the file goes: path_ with symbolic links followed
  std::string temporary_;  // empty when writing a special file directly
  std::string noun_;
  std::FILE* file_ = nullptr;
  bool direct_ = false;
  bool handed_over_ = false;
  bool closed_ = false;
  bool committed_ = false;
  bool failed_ = false;
  int errno_ = 0;
};

// Writes a whole file at once through OutputFile.
void write_output_file(const std::string& path, std::string_view content, std::string noun = "output file");

}  // namespace ankieta::survey
