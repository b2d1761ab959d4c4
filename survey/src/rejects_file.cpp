#include "rejects_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::survey {
namespace {

// How long the UTF-8 sequence starting with `lead` is (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

std::string utf8_to_cp1250(iconv_t converter, std::string_view utf8) {
  std::string out(utf8.size(), '\0');  // never longer than the UTF-8: one byte per character
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* next = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (::iconv(converter, &in, &in_left, &next, &out_left) != static_cast<std::size_t>(-1)) break;
    if (errno != EILSEQ && errno != EINVAL) break;  // E2BIG cannot happen (see above)
    // No Windows-1250 byte for this character: a question mark, as iconv's //TRANSLIT would.
    std::size_t skip = std::min(sequence_length(static_cast<unsigned char>(*in)), in_left);
    in += skip;
    in_left -= skip;
    *next++ = '?';
    --out_left;
    ::iconv(converter, nullptr, nullptr, nullptr, nullptr);
  }
  out.resize(out.size() - out_left);
  return out;
}

RejectsFile::RejectsFile(const std::string& path, const std::string& input_path, char delimiter, CsvEncoding encoding,
                         const std::vector<std::string_view>& header, std::string_view reason_column)
    : file_(path, "the rejects file"), delimiter_(delimiter), encoding_(encoding) {
  // The start of the input: a UTF-8 byte-order mark (Excel's "CSV UTF-8" needs it to read the
  // file back as UTF-8) and whether its lines end in CR LF.
  std::ifstream input(input_path, std::ios::binary);
  std::string start(65536, '\0');
  input.read(start.data(), static_cast<std::streamsize>(start.size()));
  start.resize(static_cast<std::size_t>(input.gcount()));
  bool bom = start.rfind("\xEF\xBB\xBF", 0) == 0;
  std::size_t newline = start.find('\n');
  if (newline != std::string::npos && newline > 0 && start[newline - 1] == '\r') line_ending_ = "\r\n";

  if (encoding_ == CsvEncoding::cp1250) {
    to_cp1250_ = ::iconv_open("CP1250", "UTF-8");
    if (to_cp1250_ == reinterpret_cast<iconv_t>(-1))
      throw Error(ErrorKind::internal, fmt::format("{}: cannot convert to Windows-1250: {}", path, std::strerror(errno)));
  } else if (bom) {
    file_.write("\xEF\xBB\xBF");
  }
  // The rejects of a rejects file: the old reason gives way to the new one, so that the header
  // never names the reason column twice (which the import would refuse).
  for (std::size_t field_idx = 0; field_idx < header.size(); ++field_idx) {
    if (equals_ignore_case(trim(header[field_idx]), reason_column)) old_reason_field_ = field_idx;
    else append_field(header[field_idx]);
  }
  append_field(reason_column);
  end_line();
}

RejectsFile::~RejectsFile() {
  if (to_cp1250_ != reinterpret_cast<iconv_t>(-1)) ::iconv_close(to_cp1250_);
}

void RejectsFile::add(const std::vector<std::string_view>& fields, std::string_view reason) {
  for (std::size_t field_idx = 0; field_idx < fields.size(); ++field_idx)
    if (field_idx != old_reason_field_) append_field(fields[field_idx]);
  append_field(reason);
  end_line();
}

// RFC 4180: a field holding the delimiter, a quote or a line break is quoted, quotes doubled.
void RejectsFile::append_field(std::string_view field) {
  if (!first_field_) line_ += delimiter_;
  first_field_ = false;
  if (field.find_first_of(std::string{delimiter_, '"', '\n', '\r'}) == std::string_view::npos) {
    line_ += field;
    return;
  }
  line_ += '"';
  for (char c : field) {
    if (c == '"') line_ += '"';
    line_ += c;
  }
  line_ += '"';
}

void RejectsFile::end_line() {
  line_ += line_ending_;
  first_field_ = true;
  if (encoding_ == CsvEncoding::cp1250) {
    encoded_ = utf8_to_cp1250(to_cp1250_, line_);
    file_.write(encoded_);
  } else {
    file_.write(line_);
  }
  line_.clear();
}

}  // namespace ankieta::survey
