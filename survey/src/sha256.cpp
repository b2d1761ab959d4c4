#include "ankieta/survey/sha256.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::survey {
namespace {

struct DigestContext {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  DigestContext() {
    if (!context || EVP_DigestInit_ex(context, EVP_sha256(), nullptr) != 1)
      throw Error(ErrorKind::internal, "cannot initialise sha256");
  }
  ~DigestContext() { EVP_MD_CTX_free(context); }
  void update(const void* data, std::size_t size) { EVP_DigestUpdate(context, data, size); }
  std::string finish() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context, digest, &length);
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
  }
};

}  // namespace

std::string sha256_hex(std::string_view data) {
  DigestContext digest;
  digest.update(data.data(), data.size());
  return digest.finish();
}

std::string sha256_file_hex(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file)
    throw Error(ErrorKind::missing_input, fmt::format("{}: cannot open file: {}", path, std::strerror(errno)));
  DigestContext digest;
  std::vector<char> block(1 << 20);
  std::size_t got = 0;
  while ((got = std::fread(block.data(), 1, block.size(), file.get())) > 0) digest.update(block.data(), got);
  return digest.finish();
}

}  // namespace ankieta::survey
