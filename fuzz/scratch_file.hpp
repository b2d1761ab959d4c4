// The readers fuzzed here take a path, so each input is written to one scratch file, made once
// per process and reused across runs.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace ankieta::fuzz {

// Writes `data` to the process's scratch file and returns its path; empty when it cannot be written.
inline std::string write_scratch_file(const std::uint8_t* data, std::size_t size) {
  static const std::string path = [] {
    std::string pattern = "/tmp/ankieta-fuzz-XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd >= 0) close(fd);
    return pattern;
  }();
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) return {};
  std::fwrite(data, 1, size, file);
  std::fclose(file);
  return path;
}

}  // namespace ankieta::fuzz
