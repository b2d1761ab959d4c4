// SHA-256 digests (OpenSSL), written as lowercase hex: identify definitions and imported files.
#pragma once

#include <string>
#include <string_view>

namespace ankieta::survey {

std::string sha256_hex(std::string_view data);
// Digest of a file's bytes; throws Error(missing_input) when it cannot be read.
std::string sha256_file_hex(const std::string& path);

}  // namespace ankieta::survey
