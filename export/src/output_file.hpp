// A file being written by an exporter: created (or replaced) on construction, removed again unless
// finish() succeeds, so a failed export never leaves half a file behind.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::exports {

class OutputFile {
 public:
  // Throws Error(cannot_create) naming the file.
  explicit OutputFile(std::string path) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot create output file: {}", path_, std::strerror(errno)));
  }
  ~OutputFile() {
    if (file_) {
      std::fclose(file_);
      std::remove(path_.c_str());
    }
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool write(const void* data, std::size_t size) {
    if (size == 0) return true;
    if (failed_) return false;
    if (std::fwrite(data, 1, size, file_) != size) {
      failed_ = true;
      errno_ = errno;
    }
    return !failed_;
  }
  bool write(std::string_view text) { return write(text.data(), text.size()); }

  // Closes the file; throws Error(cannot_create) (and removes the file) when any write failed.
  void finish() {
    bool ok = !failed_ && std::fflush(file_) == 0;
    if (ok && std::ferror(file_)) ok = false;
    if (!ok && !errno_) errno_ = errno;
    ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    if (!ok) {
      std::remove(path_.c_str());
      throw Error(ErrorKind::cannot_create,
                  fmt::format("{}: cannot write output file{}", path_, errno_ ? std::string(": ") + std::strerror(errno_) : std::string()));
    }
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
  int errno_ = 0;
};

}  // namespace ankieta::exports
