// Streaming RFC 4180 reader. The file is read in blocks into one buffer; a record is parsed in
// place and its fields are views into that buffer, so an unquoted field is never copied. Only a
// quoted field containing doubled quotes is unescaped, into a per-record scratch string.
//
// Buffer discipline: `pos` is the start of the first unparsed record and always sits at column 1 of
// physical line `line`. When a record runs off the end of the buffered data, the partial record is
// moved to the start of the buffer (the buffer doubles if it is already full), another block is
// appended and the record is parsed again from its start. Re-parsing is cheaper than saving the
// state machine mid-field, and it happens once per block for ordinary records; a record larger than
// the buffer is re-parsed O(log size) times because the buffer grows geometrically. Memory is thus
// bounded by about twice the longest record plus one block.
//
// One byte past the buffered data always holds a NUL sentinel. Both scan tables treat NUL as
// special, so the inner loops need no bounds check: they stop at the sentinel and only then ask
// whether they are at the end of the data or at a NUL that is part of the field.
#include "ankieta/survey/csv_reader.hpp"

#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::survey {

namespace {

constexpr std::size_t kBlockSize = std::size_t{1} << 20;
// cp1250 bytes become at most three UTF-8 bytes (e.g. '€' U+20AC, '„' U+201E).
constexpr std::size_t kMaxUtf8PerCp1250Byte = 3;

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

struct Position {
  std::int64_t line;
  std::int64_t column;
};

// Where `target` is, given that `from` is column 1 of `from_line`. Line breaks are LF, CRLF or a
// lone CR (the same rule the parser uses); columns count UTF-8 code points, i.e. bytes that are not
// continuation bytes. Only called when reporting an error, so it may be slow.
Position locate(const char* from, std::int64_t from_line, const char* target) {
  Position position{from_line, 1};
  for (const char* p = from; p < target; ++p) {
    if (*p == '\n' || (*p == '\r' && !(p + 1 < target && p[1] == '\n'))) {
      ++position.line;
      position.column = 1;
    } else if (*p != '\r' && (static_cast<unsigned char>(*p) & 0xC0) != 0x80) {
      ++position.column;
    }
  }
  return position;
}

enum class Utf8 { invalid, need_more };

// Length of the UTF-8 sequence whose lead byte (>= 0x80) is at `p`, or why there is none. Rejects
// overlong forms, surrogates and code points above U+10FFFF (RFC 3629, table in section 4). The
// sentinel NUL at `end` fails every continuation test, so reading up to `end` is safe.
int utf8_sequence_length(const unsigned char* p, const unsigned char* end, bool at_eof, Utf8& why) {
  const unsigned char lead = p[0];
  int length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    why = Utf8::invalid;
    return 0;
  }
  for (int byte_idx = 1; byte_idx < length; ++byte_idx) {
    const unsigned char* q = p + byte_idx;
    const unsigned char min = byte_idx == 1 ? second_min : 0x80;
    const unsigned char max = byte_idx == 1 ? second_max : 0xBF;
    if (q == end) {
      why = at_eof ? Utf8::invalid : Utf8::need_more;
      return 0;
    }
    if (*q < min || *q > max) {
      why = Utf8::invalid;
      return 0;
    }
  }
  return length;
}

}  // namespace

CsvEncoding parse_encoding(std::string_view name) {
  const std::string lower = lowercase(name);
  if (lower == "utf-8" || lower == "utf8") return CsvEncoding::utf8;
  if (lower == "cp1250" || lower == "windows-1250") return CsvEncoding::cp1250;
  throw usage_error(fmt::format("unknown encoding {}; expected utf-8 or cp1250", quote_for_message(name)));
}

struct CsvReader::Impl {
  std::string path;
  CsvOptions options;
  char delimiter = ',';
  int fd = -1;
  std::uint64_t file_size = 0;

  // Parse buffer: [0, capacity) plus one sentinel byte; data is [pos, end).
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;
  std::size_t pos = 0;
  std::size_t end = 0;
  bool eof = false;  // no more data will ever be appended to the buffer

  std::int64_t line = 1;         // physical line of `pos`
  std::int64_t record_line = 0;  // line where the last returned record started

  // Unescaped quoted fields of the current record; their views are patched in once the record is
  // complete, because appending may move the string.
  std::string scratch;
  struct ScratchField {
    std::size_t field_idx;
    std::size_t offset;
    std::size_t length;
  };
  std::vector<ScratchField> scratch_fields;

  // Bytes that end a run of ordinary characters. Unquoted: delimiter, quote, CR, LF, NUL, >= 0x80.
  // Quoted: quote, CR, LF, NUL, >= 0x80 (non-ASCII is special only so that it gets validated).
  std::array<bool, 256> unquoted_special{};
  std::array<bool, 256> quoted_special{};

  // Input accounting for bytes_consumed(): raw file bytes that have become buffer data, and the
  // largest value reported so far (the cp1250 estimate can otherwise dip after a refill).
  std::uint64_t raw_converted = 0;
  mutable std::uint64_t consumed_reported = 0;

  // cp1250 only: raw bytes read but not yet converted, and a byte iconv refused.
  iconv_t converter = reinterpret_cast<iconv_t>(-1);
  std::unique_ptr<char[]> raw;
  std::size_t raw_pos = 0;
  std::size_t raw_end = 0;
  bool raw_eof = false;
  int invalid_cp1250_byte = -1;

  ~Impl() {
    if (fd >= 0) ::close(fd);
    if (converter != reinterpret_cast<iconv_t>(-1)) iconv_close(converter);
  }

  [[noreturn]] void fail_at(const char* where, const std::string& message) const {
    const Position position = locate(buffer.get() + pos, line, where);
    throw data_error(fmt::format("{}:{}:{}: {}", path, position.line, position.column, message));
  }

  [[noreturn]] void fail_read() const {
    throw Error(ErrorKind::missing_input,
                fmt::format("{}: cannot read file: {}", path, std::strerror(errno)));
  }

  // Reads up to `size` bytes into `into`; 0 means end of file.
  std::size_t read_some(char* into, std::size_t size) const {
    for (;;) {
      const ssize_t got = ::read(fd, into, size);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR) fail_read();
    }
  }

  // Makes room for at least `wanted` more bytes after `end`: first by moving [pos, end) to the
  // start, then by growing the buffer.
  void make_room(std::size_t wanted) {
    if (pos > 0) {
      std::memmove(buffer.get(), buffer.get() + pos, end - pos);
      end -= pos;
      pos = 0;
    }
    if (capacity - end >= wanted) return;
    // Only a record that fills the whole buffer makes it grow. An unclosed quote makes the rest of
    // the file one record; the limit keeps memory bounded whatever the file's size.
    if (end >= options.max_record_bytes) {
      fail_at(buffer.get() + pos, fmt::format("a record longer than {} MiB starts here; is a quote never closed?",
                                              options.max_record_bytes >> 20));
    }
    const std::size_t new_capacity = std::max(capacity * 2, end + wanted);
    auto grown = std::make_unique<char[]>(new_capacity + 1);
    std::memcpy(grown.get(), buffer.get(), end);
    buffer = std::move(grown);
    capacity = new_capacity;
  }

  // Appends at least one byte of data to the buffer, or sets `eof`. Throws a data error at the
  // end of the buffered data if the next cp1250 byte cannot be converted.
  void refill() {
    if (eof) return;
    if (options.encoding == CsvEncoding::utf8) {
      make_room(kBlockSize);
      // Fill the whole free space: a short read (a pipe) would otherwise mean a re-parse per read.
      std::size_t added = 0;
      while (end + added < capacity) {
        const std::size_t got = read_some(buffer.get() + end + added, capacity - end - added);
        if (got == 0) {
          eof = true;
          break;
        }
        added += got;
      }
      end += added;
      raw_converted += added;
    } else {
      refill_cp1250();
    }
    buffer[end] = '\0';
  }

  // Converts raw cp1250 bytes until the free space is full, like the UTF-8 path fills it with
  // read(2): filling only one block per call would re-parse a record larger than a block once per
  // block, which is quadratic.
  void refill_cp1250() {
    make_room(kBlockSize * kMaxUtf8PerCp1250Byte);
    const std::size_t end_before = end;
    for (;;) {
      if (raw_pos == raw_end) {
        if (invalid_cp1250_byte >= 0 || raw_eof) break;
        raw_pos = 0;
        raw_end = 0;
        while (raw_end < kBlockSize) {
          const std::size_t got = read_some(raw.get() + raw_end, kBlockSize - raw_end);
          if (got == 0) {
            raw_eof = true;
            break;
          }
          raw_end += got;
        }
        if (raw_pos == raw_end) break;
      }
      char* in = raw.get() + raw_pos;
      std::size_t in_left = raw_end - raw_pos;
      char* out = buffer.get() + end;
      std::size_t out_left = capacity - end;
      const std::size_t in_before = in_left;
      const std::size_t converted = iconv(converter, &in, &in_left, &out, &out_left);
      const int conversion_errno = errno;
      raw_converted += in_before - in_left;
      raw_pos = raw_end - in_left;
      end = capacity - out_left;
      if (converted != static_cast<std::size_t>(-1)) continue;
      if (conversion_errno == EILSEQ) {
        // cp1250 is single-byte, so the refused byte is the next one. Stop converting there and
        // report it once the parser has consumed everything before it, at its exact position.
        invalid_cp1250_byte = static_cast<unsigned char>(raw[raw_pos]);
        raw_end = raw_pos;
        break;
      }
      if (conversion_errno == E2BIG) break;  // the buffer is full; the rest waits in `raw`
      // EINVAL (an incomplete sequence) cannot happen in a single-byte encoding.
      throw Error(ErrorKind::internal, fmt::format("{}: conversion from Windows-1250 failed: {}",
                                                   path, std::strerror(conversion_errno)));
    }
    if (end > end_before) return;
    if (invalid_cp1250_byte >= 0) {
      buffer[end] = '\0';
      fail_at(buffer.get() + end,
              fmt::format("invalid Windows-1250 byte 0x{:02X}", invalid_cp1250_byte));
    }
    eof = true;
  }

  // Skips a UTF-8 byte-order mark at the very start of the file; refuses a UTF-16 one by name
  // (Excel's "Unicode text" is UTF-16), which would otherwise be reported as invalid UTF-8.
  void skip_bom() {
    while (end - pos < 3 && !eof) refill();
    if (end - pos >= 2 && (std::memcmp(buffer.get() + pos, "\xFF\xFE", 2) == 0 || std::memcmp(buffer.get() + pos, "\xFE\xFF", 2) == 0)) {
      throw data_error(fmt::format("{}:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as "
                                   "UTF-8 (\"CSV UTF-8\" in Excel) or Windows-1250 and use --encoding cp1250",
                                   path));
    }
    if (end - pos >= 3 && std::memcmp(buffer.get() + pos, "\xEF\xBB\xBF", 3) == 0) pos += 3;
  }

  // Consumes empty lines at `pos`. Returns false at the end of the data.
  bool skip_empty_lines() {
    for (;;) {
      if (pos == end) {
        if (eof) return false;
        refill();
        continue;
      }
      const char c = buffer[pos];
      if (c == '\n') {
        ++pos;
      } else if (c == '\r') {
        if (pos + 1 == end && !eof) {
          refill();
          continue;
        }
        pos += (pos + 1 < end && buffer[pos + 1] == '\n') ? 2 : 1;
      } else {
        return true;
      }
      ++line;
    }
  }

  // Counts ',' ';' and tab outside quotes on the header line and picks the most frequent. Ties go
  // to ';' first (what Excel writes in Polish and most continental locales, where ',' is the
  // decimal separator), then ',', then tab. A header without any of them is one column: ','.
  char detect_delimiter() {
    if (!skip_empty_lines()) return ',';
    for (;;) {
      std::size_t commas = 0;
      std::size_t semicolons = 0;
      std::size_t tabs = 0;
      bool in_quotes = false;
      std::size_t scan = pos;
      for (; scan < end; ++scan) {
        const char c = buffer[scan];
        if (c == '"') {
          in_quotes = !in_quotes;
        } else if (in_quotes) {
          continue;
        } else if (c == ',') {
          ++commas;
        } else if (c == ';') {
          ++semicolons;
        } else if (c == '\t') {
          ++tabs;
        } else if (is_line_break(c)) {
          break;
        }
      }
      if (scan == end && !eof) {
        refill();
        continue;
      }
      if (semicolons == 0 && commas == 0 && tabs == 0) return ',';
      if (semicolons >= commas && semicolons >= tabs) return ';';
      if (commas >= tabs) return ',';
      return '\t';
    }
  }

  void build_tables() {
    for (int byte = 0; byte < 256; ++byte) {
      const bool common = byte == '"' || byte == '\n' || byte == '\r' || byte == 0 || byte >= 0x80;
      quoted_special[static_cast<std::size_t>(byte)] = common;
      unquoted_special[static_cast<std::size_t>(byte)] =
          common || byte == static_cast<unsigned char>(delimiter);
    }
  }

  enum class Parse { done, need_more };

  // A NUL byte is never text: refusing it keeps it out of ids and answers (where it would cut
  // them short in C strings and in other tools), and it names the usual cause.
  [[noreturn]] void fail_nul(const char* p) const {
    fail_at(p, "NUL byte (0x00) in the data; a CSV file has none (is the file UTF-16, or not a text file?)");
  }

  // Validates the UTF-8 sequence at `p` and returns its length, or 0 if it is cut by the end of
  // the buffered data.
  std::size_t check_utf8(const char* p) const {
    Utf8 why = Utf8::invalid;
    const auto* bytes = reinterpret_cast<const unsigned char*>(p);
    const auto* data_end = reinterpret_cast<const unsigned char*>(buffer.get() + end);
    const int length = utf8_sequence_length(bytes, data_end, eof, why);
    if (length == 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
      // Invisible, and it would make an id or a text differ from one that looks the same; it
      // usually means two files were joined, each with its own byte-order mark.
      fail_at(p, "byte-order mark (U+FEFF) inside the file; only the very start of a file may have one "
                 "(were two files joined?)");
    }
    if (length > 0) return static_cast<std::size_t>(length);
    if (why == Utf8::need_more) return 0;
    if (options.encoding == CsvEncoding::cp1250) {
      // iconv produced it, so this is a bug rather than bad input; report it all the same.
      fail_at(p, fmt::format("invalid UTF-8 byte 0x{:02X} after conversion from Windows-1250",
                             bytes[0]));
    }
    fail_at(p, fmt::format("invalid UTF-8 byte 0x{:02X}; if the file was saved by Excel in "
                           "Windows-1250, use --encoding cp1250",
                           bytes[0]));
  }

  // Parses the record at `pos` (which is not at an empty line or the end of the data) into
  // `fields`. On success advances `pos` and `line` past the record and its line break.
  Parse parse_record(std::vector<std::string_view>& fields) {
    fields.clear();
    scratch.clear();
    scratch_fields.clear();
    const char* const data_end = buffer.get() + end;
    const char* p = buffer.get() + pos;
    std::int64_t breaks_in_quotes = 0;

    for (;;) {  // one iteration per field; `p` is at the first byte of the field
      if (*p == '"') {
        const char* const opening_quote = p;
        const char* run = ++p;  // start of the text not yet added to the field
        bool unescaped = false;
        std::size_t scratch_offset = 0;
        for (;;) {
          while (!quoted_special[static_cast<unsigned char>(*p)]) ++p;
          if (p == data_end) {
            if (!eof) return Parse::need_more;
            const Position opened = locate(buffer.get() + pos, line, opening_quote);
            fail_at(p, fmt::format("unterminated quoted field (the quote opened at line {}, "
                                   "column {} is never closed)",
                                   opened.line, opened.column));
          }
          const char c = *p;
          if (c == '"') {
            if (p + 1 == data_end && !eof) return Parse::need_more;
            if (p[1] == '"') {
              if (!unescaped) {
                unescaped = true;
                scratch_offset = scratch.size();
              }
              scratch.append(run, p + 1);  // the text and one of the two quotes
              p += 2;
              run = p;
              continue;
            }
            break;  // closing quote
          }
          if (c == '\n') {
            ++breaks_in_quotes;
            ++p;
          } else if (c == '\r') {
            if (p + 1 == data_end && !eof) return Parse::need_more;
            ++breaks_in_quotes;
            p += p[1] == '\n' ? 2 : 1;
          } else if (c == '\0') {
            fail_nul(p);
          } else {
            const std::size_t length = check_utf8(p);
            if (length == 0) return Parse::need_more;
            p += length;
          }
        }
        if (unescaped) {
          scratch.append(run, p);
          scratch_fields.push_back(
              {fields.size(), scratch_offset, scratch.size() - scratch_offset});
          fields.emplace_back();
        } else {
          fields.emplace_back(run, static_cast<std::size_t>(p - run));
        }
        ++p;  // past the closing quote
        if (p == data_end) {
          if (!eof) return Parse::need_more;
          return finish_record(fields, p, breaks_in_quotes);
        }
        if (*p == delimiter) {
          ++p;
          continue;
        }
        if (is_line_break(*p)) return finish_record(fields, p, breaks_in_quotes);
        fail_at(p, "unexpected text after a closing quote; expected a delimiter or the end of "
                   "the line");
      }

      const char* const field_start = p;
      for (;;) {
        while (!unquoted_special[static_cast<unsigned char>(*p)]) ++p;
        const char c = *p;
        if (p == data_end) {
          if (!eof) return Parse::need_more;
          fields.emplace_back(field_start, static_cast<std::size_t>(p - field_start));
          return finish_record(fields, p, breaks_in_quotes);
        }
        if (c == delimiter) {
          fields.emplace_back(field_start, static_cast<std::size_t>(p - field_start));
          ++p;
          break;
        }
        if (is_line_break(c)) {
          fields.emplace_back(field_start, static_cast<std::size_t>(p - field_start));
          return finish_record(fields, p, breaks_in_quotes);
        }
        if (c == '"') {
          fail_at(p, "quote inside an unquoted field; enclose the field in quotes and double "
                     "the quote");
        }
        if (c == '\0') {
          fail_nul(p);
        } else {
          const std::size_t length = check_utf8(p);
          if (length == 0) return Parse::need_more;
          p += length;
        }
      }
    }
  }

  // `p` is at the record's line break or at the end of the data.
  Parse finish_record(std::vector<std::string_view>& fields, const char* p,
                      std::int64_t breaks_in_quotes) {
    const char* const data_end = buffer.get() + end;
    if (p < data_end) {
      if (*p == '\r') {
        if (p + 1 == data_end && !eof) return Parse::need_more;  // is a LF next?
        p += p[1] == '\n' ? 2 : 1;
      } else {
        ++p;
      }
    }
    for (const ScratchField& field : scratch_fields) {
      fields[field.field_idx] = std::string_view(scratch.data() + field.offset, field.length);
    }
    record_line = line;
    line += 1 + breaks_in_quotes;
    pos = static_cast<std::size_t>(p - buffer.get());
    return Parse::done;
  }
};

CsvReader::CsvReader(const std::string& path, CsvOptions options)
    : impl_(std::make_unique<Impl>()) {
  Impl& impl = *impl_;
  impl.path = path;
  impl.options = options;
  protect_input(path);  // no output of this command may replace it (output_file.hpp)

  impl.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (impl.fd < 0) {
    throw Error(ErrorKind::missing_input,
                fmt::format("{}: cannot open file: {}", path, std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(impl.fd, &info) != 0) impl.fail_read();
  if (S_ISDIR(info.st_mode)) {
    throw Error(ErrorKind::missing_input,
                fmt::format("{}: cannot open file: {}", path, std::strerror(EISDIR)));
  }
  impl.file_size = S_ISREG(info.st_mode) ? static_cast<std::uint64_t>(info.st_size) : 0;
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(impl.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif

  if (options.encoding == CsvEncoding::cp1250) {
    impl.converter = iconv_open("UTF-8", "CP1250");
    if (impl.converter == reinterpret_cast<iconv_t>(-1)) {
      throw Error(ErrorKind::internal, fmt::format("{}: cannot convert from Windows-1250: {}",
                                                   path, std::strerror(errno)));
    }
    impl.raw = std::make_unique<char[]>(kBlockSize);
  }

  impl.capacity = kBlockSize;
  impl.buffer = std::make_unique<char[]>(impl.capacity + 1);
  impl.buffer[0] = '\0';

  if (options.encoding == CsvEncoding::utf8) impl.skip_bom();

  if (options.delimiter == 0) {
    impl.delimiter = impl.detect_delimiter();
  } else {
    const auto byte = static_cast<unsigned char>(options.delimiter);
    if (byte == '"' || byte == '\n' || byte == '\r' || byte >= 0x80) {
      throw usage_error("the delimiter cannot be a quote, a line break or a non-ASCII byte");
    }
    impl.delimiter = options.delimiter;
  }
  impl.build_tables();
}

CsvReader::~CsvReader() = default;

bool CsvReader::next(std::vector<std::string_view>& fields) {
  Impl& impl = *impl_;
  for (;;) {
    if (!impl.skip_empty_lines()) {
      fields.clear();
      return false;
    }
    if (impl.parse_record(fields) == Impl::Parse::done) return true;
    impl.refill();
  }
}

char CsvReader::delimiter() const { return impl_->delimiter; }

const std::string& CsvReader::path() const { return impl_->path; }

std::int64_t CsvReader::record_line() const { return impl_->record_line; }

std::uint64_t CsvReader::bytes_consumed() const {
  const Impl& impl = *impl_;
  // Exact for UTF-8. For cp1250 the unparsed buffer holds converted bytes, which outnumber the raw
  // ones when text is not ASCII, so this slightly underestimates until the end of the file.
  const std::uint64_t unparsed = impl.end - impl.pos;
  const std::uint64_t estimate = impl.raw_converted > unparsed ? impl.raw_converted - unparsed : 0;
  impl.consumed_reported = std::max(impl.consumed_reported, estimate);
  return impl.consumed_reported;
}

std::uint64_t CsvReader::file_size() const { return impl_->file_size; }

}  // namespace ankieta::survey
