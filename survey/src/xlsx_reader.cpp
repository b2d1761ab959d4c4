#include "ankieta/survey/xlsx_reader.hpp"

#include <expat.h>
#include <zip.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::survey {
namespace {

// Bounds that keep a hostile workbook (a zip bomb, a cell of gigabytes) from exhausting memory.
constexpr std::uint64_t kMaxPartBytes = std::uint64_t{1} << 30;  // a workbook part read whole
constexpr std::size_t kMaxCellBytes = std::size_t{1} << 20;      // Excel itself stops at 32,767 characters
constexpr std::size_t kMaxColumns = 16384;                       // Excel's last column, XFD

std::string_view local_name(const char* name) {
  std::string_view text(name);
  const std::size_t colon = text.rfind(':');
  return colon == std::string_view::npos ? text : text.substr(colon + 1);
}

const char* attribute(const char** attributes, std::string_view wanted) {
  for (std::size_t idx = 0; attributes[idx]; idx += 2)
    if (local_name(attributes[idx]) == wanted) return attributes[idx + 1];
  return nullptr;
}

// Excel 97-2003 workbooks (.xls) and password-protected .xlsx files are OLE compound documents,
// not zip files: say so instead of "not a zip archive".
void refuse_compound_document(const std::string& path) {
  static constexpr unsigned char kSignature[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return;  // zip_open says why
  unsigned char head[sizeof kSignature] = {};
  const std::size_t got = std::fread(head, 1, sizeof head, file);
  std::fclose(file);
  if (got == sizeof head && std::memcmp(head, kSignature, sizeof head) == 0)
    throw data_error(fmt::format("{}: an Excel 97-2003 workbook (.xls) or a password-protected one; open it in Excel or "
                                 "LibreOffice and save it without a password as an Excel Workbook (.xlsx), or as CSV", path));
}

// The zip container. Entries are named as in the workbook's relationships ("xl/worksheets/sheet1.xml").
class ZipArchive {
 public:
  explicit ZipArchive(const std::string& path) : path_(path) {
    refuse_compound_document(path);
    int error = 0;
    archive_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (!archive_) {
      zip_error_t details;
      zip_error_init_with_code(&details, error);
      std::string reason = zip_error_strerror(&details);
      zip_error_fini(&details);
      if (error == ZIP_ER_NOENT || error == ZIP_ER_OPEN || error == ZIP_ER_READ)
        throw Error(ErrorKind::missing_input, fmt::format("{}: cannot open the workbook: {}", path, reason));
      throw data_error(fmt::format("{}: not an Excel workbook (.xlsx): {}", path, reason));
    }
  }
  ~ZipArchive() { zip_discard(archive_); }
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  zip_t* handle() const { return archive_; }

  bool has(const std::string& name) const { return zip_name_locate(archive_, name.c_str(), 0) >= 0; }

  std::uint64_t size(const std::string& name) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive_, name.c_str(), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) return 0;
    return stat.size;
  }

  // Streams the entry through `consume` in chunks; refuses one that inflates past `limit` bytes.
  void read(const std::string& name, std::uint64_t limit, const std::function<void(const char*, std::size_t)>& consume) {
    zip_file_t* file = zip_fopen(archive_, name.c_str(), 0);
    if (!file) throw data_error(fmt::format("{}: the workbook's part {} cannot be read: {}", path_, name, zip_strerror(archive_)));
    char buffer[1 << 16];
    std::uint64_t total = 0;
    try {
      for (;;) {
        const zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
        if (got < 0)
          throw data_error(fmt::format("{}: the workbook's part {} is damaged: {}", path_, name, zip_file_strerror(file)));
        if (got == 0) break;
        total += static_cast<std::uint64_t>(got);
        if (total > limit)
          throw data_error(fmt::format("{}: the workbook's part {} unpacks to more than {} MiB; "
                                       "save the sheet as CSV and import that", path_, name, limit >> 20));
        consume(buffer, static_cast<std::size_t>(got));
      }
    } catch (...) {
      zip_fclose(file);
      throw;
    }
    zip_fclose(file);
  }

 private:
  std::string path_;
  zip_t* archive_ = nullptr;
};

// An expat parser feeding the element events of one part to a handler.
class XmlParser {
 public:
  struct Handler {
    std::function<void(std::string_view, const char**)> start;
    std::function<void(std::string_view)> end;
    std::function<void(const char*, int)> text;
  };
  XmlParser(std::string where, Handler handler) : where_(std::move(where)), handler_(std::move(handler)) {
    parser_ = XML_ParserCreate("UTF-8");
    if (!parser_) throw Error(ErrorKind::internal, "cannot create an XML parser");
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlParser::on_start, &XmlParser::on_end);
    if (handler_.text) XML_SetCharacterDataHandler(parser_, &XmlParser::on_text);
    // A workbook part never declares a DTD: refusing one rules out entity tricks altogether.
    XML_SetStartDoctypeDeclHandler(parser_, &XmlParser::on_doctype);
  }
  ~XmlParser() { XML_ParserFree(parser_); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  void feed(const char* data, std::size_t size, bool last) {
    if (XML_Parse(parser_, data, static_cast<int>(size), last ? 1 : 0) == XML_STATUS_ERROR) {
      if (!failure_.empty()) throw data_error(failure_);
      throw data_error(fmt::format("{}: damaged XML at line {}, column {}: {}", where_, XML_GetCurrentLineNumber(parser_),
                                   XML_GetCurrentColumnNumber(parser_) + 1, XML_ErrorString(XML_GetErrorCode(parser_))));
    }
  }

  // Stops the parse from inside a handler with `message` (exceptions must not cross expat's C frames).
  void fail(std::string message) {
    if (failure_.empty()) failure_ = std::move(message);
    XML_StopParser(parser_, XML_FALSE);
  }
  bool failed() const { return !failure_.empty(); }

 private:
  static void on_start(void* data, const char* name, const char** attributes) {
    auto* self = static_cast<XmlParser*>(data);
    if (self->failed() || !self->handler_.start) return;
    try {
      self->handler_.start(local_name(name), attributes);
    } catch (const std::exception& error) {
      self->fail(error.what());
    }
  }
  static void on_end(void* data, const char* name) {
    auto* self = static_cast<XmlParser*>(data);
    if (self->failed() || !self->handler_.end) return;
    try {
      self->handler_.end(local_name(name));
    } catch (const std::exception& error) {
      self->fail(error.what());
    }
  }
  static void on_text(void* data, const char* text, int length) {
    auto* self = static_cast<XmlParser*>(data);
    if (self->failed()) return;
    try {
      self->handler_.text(text, length);
    } catch (const std::exception& error) {
      self->fail(error.what());
    }
  }
  static void on_doctype(void* data, const char*, const char*, const char*, int) {
    auto* self = static_cast<XmlParser*>(data);
    self->fail(fmt::format("{}: a workbook part may not declare a DTD", self->where_));
  }

  std::string where_;
  Handler handler_;
  XML_Parser parser_ = nullptr;
  std::string failure_;
};

void parse_part(ZipArchive& zip, const std::string& path, const std::string& part, XmlParser::Handler handler) {
  XmlParser parser(fmt::format("{}: {}", path, part), std::move(handler));
  zip.read(part, kMaxPartBytes, [&](const char* data, std::size_t size) { parser.feed(data, size, false); });
  parser.feed("", 0, true);
}

// "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml" from the package root.
std::string resolve_target(std::string_view target) {
  if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
  std::string resolved = "xl/";
  resolved += target;
  return resolved;
}

// The cell reference "C5" as its 0-based column (2); nothing when it is not a reference.
std::optional<std::size_t> column_of_reference(std::string_view reference) {
  std::size_t column = 0, letters = 0;
  for (char character : reference) {
    if (character >= 'A' && character <= 'Z') {
      column = column * 26 + static_cast<std::size_t>(character - 'A' + 1);
      if (++letters > 3) return std::nullopt;
    } else {
      break;
    }
  }
  if (letters == 0 || column > kMaxColumns) return std::nullopt;
  return column - 1;
}

}  // namespace

std::string column_letters(std::size_t column_idx) {
  std::string letters;
  for (std::size_t rest = column_idx + 1; rest > 0; rest = (rest - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (rest - 1) % 26));
  return letters;
}

std::optional<std::string> excel_serial_to_iso(double serial, bool date1904, bool with_time) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465.99999) return std::nullopt;  // up to 9999-12-31
  double whole_days = std::floor(serial);
  std::int64_t seconds = std::llround((serial - whole_days) * 86400.0);
  if (seconds == 86400) {
    whole_days += 1;
    seconds = 0;
  }
  std::int64_t days = static_cast<std::int64_t>(whole_days);
  if (!date1904) {
    if (days == 60) return std::nullopt;  // 1900-02-29, which Excel counts and the calendar does not
    if (days < 60) days += 1;             // before it, Excel's serials run one day ahead
    days -= 25569;                        // 1899-12-30 + 25569 days = 1970-01-01
  } else {
    days -= 24107;  // 1904-01-01 is 24107 days before 1970-01-01
  }
  // Howard Hinnant's civil_from_days.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t year_base = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = year_base + (month <= 2);
  if (!with_time) return fmt::format("{:04}-{:02}-{:02}", year, month, day);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", year, month, day, seconds / 3600, seconds / 60 % 60, seconds % 60);
}

DateFormat classify_number_format(std::string_view code) {
  DateFormat format;
  // Only the first section (positive numbers) decides; "General" and "@" show no date.
  for (std::size_t at = 0; at < code.size(); ++at) {
    const char character = code[at];
    if (character == ';') break;
    if (character == '"') {  // quoted literal text
      const std::size_t close = code.find('"', at + 1);
      if (close == std::string_view::npos) break;
      at = close;
      continue;
    }
    if (character == '\\' || character == '_' || character == '*') {  // an escaped or padding character
      ++at;
      continue;
    }
    if (character == '[') {  // [Red], [$-415]; but [h], [mm], [ss] are elapsed time
      const std::size_t close = code.find(']', at + 1);
      if (close == std::string_view::npos) break;
      std::string_view inside = code.substr(at + 1, close - at - 1);
      if (!inside.empty() && (inside.find_first_not_of("hHmMsS") == std::string_view::npos)) format.time = true;
      at = close;
      continue;
    }
    switch (character) {
      case 'y': case 'Y': case 'd': case 'D': format.date = true; break;
      case 'h': case 'H': case 's': case 'S': format.time = true; break;
      case 'm': case 'M': format.date = format.date || !format.time; break;  // minutes after an hour, else months
      default: break;
    }
  }
  if (format.time && !format.date) format.date = true;  // a time alone is still a serial; show the date with it
  return format;
}

struct XlsxReader::Impl {
  std::string path;
  ZipArchive zip;
  std::string sheet_name;
  std::string sheet_part;
  bool date1904 = false;
  std::vector<std::string> shared_strings;
  std::vector<DateFormat> cell_formats;  // by the cell's style index (cellXfs)
  std::uint64_t sheet_size = 0;
  std::uint64_t consumed = 0;

  // The sheet's rows as they are parsed; next() hands them out one by one.
  struct Row {
    std::int64_t number = 0;
    std::vector<std::string> cells;
  };
  std::deque<Row> ready;
  Row building;
  bool in_row = false;
  std::size_t header_width = 0;
  bool header_seen = false;
  Row current;
  std::int64_t last_row_number = 0;

  // The cell being parsed.
  struct Cell {
    std::size_t column = 0;
    std::string type;
    std::size_t style = 0;
    std::string value;
    std::string reference;
    bool in_value = false;
    bool in_inline_text = false;
  } cell;
  bool in_cell = false;
  std::unique_ptr<XmlParser> sheet_parser;

  Impl(const std::string& workbook_path) : path(workbook_path), zip(workbook_path) {}

  std::string where() const { return fmt::format("{}: sheet '{}'", path, sheet_name); }

  void read_workbook(const std::string& wanted_sheet) {
    if (!zip.has("xl/workbook.xml"))
      throw data_error(fmt::format("{}: a zip file, but not an Excel workbook (it has no xl/workbook.xml)", path));
    struct SheetEntry {
      std::string name, relation;
    };
    std::vector<SheetEntry> sheets;
    parse_part(zip, path, "xl/workbook.xml",
               {[&](std::string_view name, const char** attributes) {
                  if (name == "workbookPr") {
                    const char* flag = attribute(attributes, "date1904");
                    date1904 = flag && (std::strcmp(flag, "1") == 0 || std::strcmp(flag, "true") == 0);
                  } else if (name == "sheet") {
                    const char* sheet = attribute(attributes, "name");
                    const char* relation = attribute(attributes, "id");
                    if (sheet && relation) sheets.push_back({sheet, relation});
                  }
                },
                {}, {}});
    if (sheets.empty()) throw data_error(fmt::format("{}: the workbook has no sheets", path));
    std::size_t chosen = sheets.size();
    if (wanted_sheet.empty()) {
      chosen = 0;
    } else {
      for (std::size_t idx = 0; idx < sheets.size(); ++idx)
        if (sheets[idx].name == wanted_sheet) chosen = idx;
      if (chosen == sheets.size()) {
        auto number = parse_int64(wanted_sheet);
        if (number && *number >= 1 && static_cast<std::uint64_t>(*number) <= sheets.size())
          chosen = static_cast<std::size_t>(*number - 1);
      }
    }
    if (chosen == sheets.size()) {
      std::vector<std::string> names;
      for (const auto& sheet : sheets) names.push_back(quote_for_message(sheet.name));
      throw usage_error(fmt::format("{}: no sheet {}; the workbook's sheets are {} (give --sheet a name or a number from 1)",
                                    path, quote_for_message(wanted_sheet), fmt::join(names, ", ")));
    }
    sheet_name = sheets[chosen].name;
    std::map<std::string, std::string> targets;
    if (zip.has("xl/_rels/workbook.xml.rels"))
      parse_part(zip, path, "xl/_rels/workbook.xml.rels",
                 {[&](std::string_view name, const char** attributes) {
                    if (name != "Relationship") return;
                    const char* id = attribute(attributes, "Id");
                    const char* target = attribute(attributes, "Target");
                    if (id && target) targets[id] = resolve_target(target);
                  },
                  {}, {}});
    auto target = targets.find(sheets[chosen].relation);
    if (target == targets.end() || !zip.has(target->second))
      throw data_error(fmt::format("{}: the workbook names sheet {} but holds no worksheet for it", path,
                                   quote_for_message(sheet_name)));
    sheet_part = target->second;
    sheet_size = zip.size(sheet_part);
  }

  void read_shared_strings() {
    if (!zip.has("xl/sharedStrings.xml")) return;
    std::string text;
    bool in_item = false, in_text = false, in_phonetic = false;
    parse_part(zip, path, "xl/sharedStrings.xml",
               {[&](std::string_view name, const char**) {
                  if (name == "si") {
                    in_item = true;
                    text.clear();
                  } else if (name == "rPh") {
                    in_phonetic = true;  // a reading aid for East Asian text, not part of the value
                  } else if (name == "t" && in_item && !in_phonetic) {
                    in_text = true;
                  }
                },
                [&](std::string_view name) {
                  if (name == "si") {
                    shared_strings.push_back(text);
                    in_item = false;
                  } else if (name == "rPh") {
                    in_phonetic = false;
                  } else if (name == "t") {
                    in_text = false;
                  }
                },
                [&](const char* data, int length) {
                  if (!in_text) return;
                  if (text.size() + static_cast<std::size_t>(length) > kMaxCellBytes)
                    throw data_error(fmt::format("{}: a shared string of the workbook is longer than 1 MiB", path));
                  text.append(data, static_cast<std::size_t>(length));
                }});
  }

  void read_styles() {
    if (!zip.has("xl/styles.xml")) return;
    std::map<long, DateFormat> custom;
    bool in_cell_formats = false;
    parse_part(zip, path, "xl/styles.xml",
               {[&](std::string_view name, const char** attributes) {
                  if (name == "numFmt") {
                    const char* id = attribute(attributes, "numFmtId");
                    const char* code = attribute(attributes, "formatCode");
                    if (id && code) custom[std::strtol(id, nullptr, 10)] = classify_number_format(code);
                  } else if (name == "cellXfs") {
                    in_cell_formats = true;
                  } else if (name == "xf" && in_cell_formats) {
                    const char* id = attribute(attributes, "numFmtId");
                    const long format_id = id ? std::strtol(id, nullptr, 10) : 0;
                    auto it = custom.find(format_id);
                    cell_formats.push_back(it != custom.end() ? it->second : builtin_format(format_id));
                  }
                },
                [&](std::string_view name) {
                  if (name == "cellXfs") in_cell_formats = false;
                },
                {}});
  }

  // The number formats every workbook has without declaring them (ECMA-376 part 1, 18.8.30).
  static DateFormat builtin_format(long id) {
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58)) return {true, false};
    if (id == 22) return {true, true};
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47)) return {true, true};
    return {};
  }

  void start_sheet() {
    sheet_parser = std::make_unique<XmlParser>(
        where(), XmlParser::Handler{[this](std::string_view name, const char** attributes) { on_start(name, attributes); },
                                    [this](std::string_view name) { on_end(name); },
                                    [this](const char* data, int length) { on_text(data, length); }});
  }

  void on_start(std::string_view name, const char** attributes) {
    if (name == "row") {
      in_row = true;
      building = Row{};
      const char* number = attribute(attributes, "r");
      building.number = number ? std::strtoll(number, nullptr, 10) : last_row_number + 1;
      if (building.number <= last_row_number) building.number = last_row_number + 1;
    } else if (name == "c" && in_row) {
      in_cell = true;
      cell = Cell{};
      const char* reference = attribute(attributes, "r");
      if (reference) {
        cell.reference = reference;
        auto column = column_of_reference(reference);
        if (!column) throw data_error(fmt::format("{}: row {}: {} is not a cell reference", where(), building.number,
                                                  quote_for_message(reference)));
        cell.column = *column;
      } else {
        cell.column = building.cells.size();
        cell.reference = fmt::format("{}{}", column_letters(cell.column), building.number);
      }
      const char* type = attribute(attributes, "t");
      cell.type = type ? type : "n";
      const char* style = attribute(attributes, "s");
      cell.style = style ? static_cast<std::size_t>(std::strtoul(style, nullptr, 10)) : 0;
    } else if (in_cell && name == "v") {
      cell.in_value = true;
    } else if (in_cell && name == "t" && cell.type == "inlineStr") {
      cell.in_inline_text = true;
    }
  }

  void on_text(const char* data, int length) {
    if (!(cell.in_value || cell.in_inline_text)) return;
    if (cell.value.size() + static_cast<std::size_t>(length) > kMaxCellBytes)
      throw data_error(fmt::format("{}: cell {} holds more than 1 MiB", where(), cell.reference));
    cell.value.append(data, static_cast<std::size_t>(length));
  }

  void on_end(std::string_view name) {
    if (name == "v") {
      cell.in_value = false;
    } else if (name == "t") {
      cell.in_inline_text = false;
    } else if (name == "c" && in_cell) {
      in_cell = false;
      std::string value = cell_text();
      if (value.empty()) return;
      if (building.cells.size() <= cell.column) building.cells.resize(cell.column + 1);
      building.cells[cell.column] = std::move(value);
    } else if (name == "row" && in_row) {
      in_row = false;
      last_row_number = building.number;
      ready.push_back(std::move(building));
    }
  }

  std::string cell_text() {
    if (cell.type == "s") {
      auto index = parse_int64(cell.value);
      if (!index || *index < 0 || static_cast<std::size_t>(*index) >= shared_strings.size())
        throw data_error(fmt::format("{}: cell {} names shared string {}, which the workbook does not have", where(),
                                     cell.reference, quote_for_message(cell.value)));
      return shared_strings[static_cast<std::size_t>(*index)];
    }
    if (cell.type == "inlineStr" || cell.type == "str") return cell.value;
    if (cell.type == "b") return cell.value == "1" || cell.value == "true" ? "1" : "0";
    if (cell.type == "e")
      throw data_error(fmt::format("{}: cell {} holds the error {}; correct the formula or clear the cell", where(), cell.reference,
                                   quote_for_message(cell.value)));
    if (cell.type == "d") return cell.value.substr(0, cell.value.find('T') == 10 ? 10 : std::string::npos);  // ISO 8601 date cell
    if (cell.value.empty()) return {};
    // A number; shown as a date when its cell's format is one.
    const DateFormat format = cell.style < cell_formats.size() ? cell_formats[cell.style] : DateFormat{};
    if (!format.date) return cell.value;
    auto serial = parse_number(cell.value);
    if (!serial) return cell.value;
    auto iso = excel_serial_to_iso(*serial, date1904, format.time && *serial != std::floor(*serial));
    if (!iso)
      throw data_error(fmt::format("{}: cell {} is formatted as a date but holds {}, which is not a calendar date", where(),
                                   cell.reference, quote_for_message(cell.value)));
    return *iso;
  }

  // The worksheet is pulled through the parser a chunk at a time, only while no parsed row is
  // waiting, so that memory holds a chunk's rows, not the sheet's.
  zip_file_t* stream = nullptr;
  bool stream_finished = false;
  void fill() {
    if (!sheet_parser) start_sheet();
    if (!stream) {
      stream = zip_fopen(zip.handle(), sheet_part.c_str(), 0);
      if (!stream) throw data_error(fmt::format("{}: the worksheet cannot be read: {}", where(), zip_strerror(zip.handle())));
    }
    char buffer[1 << 16];
    while (ready.empty() && !stream_finished) {
      const zip_int64_t got = zip_fread(stream, buffer, sizeof buffer);
      if (got < 0) throw data_error(fmt::format("{}: the worksheet is damaged: {}", where(), zip_file_strerror(stream)));
      consumed += static_cast<std::uint64_t>(got);
      if (got == 0) {
        stream_finished = true;
        sheet_parser->feed("", 0, true);
      } else {
        sheet_parser->feed(buffer, static_cast<std::size_t>(got), false);
      }
    }
  }

  ~Impl() {
    if (stream) zip_fclose(stream);
  }
};

XlsxReader::XlsxReader(const std::string& path, const std::string& sheet) : impl_(std::make_unique<Impl>(path)) {
  impl_->read_workbook(sheet);
  impl_->read_shared_strings();
  impl_->read_styles();
}

XlsxReader::~XlsxReader() = default;

bool XlsxReader::next(std::vector<std::string_view>& fields) {
  Impl& impl = *impl_;
  for (;;) {
    if (impl.ready.empty()) impl.fill();
    if (impl.ready.empty()) return false;
    impl.current = std::move(impl.ready.front());
    impl.ready.pop_front();
    std::vector<std::string>& cells = impl.current.cells;
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    if (cells.empty()) continue;  // a row with formatting only
    if (!impl.header_seen) {
      impl.header_seen = true;
      impl.header_width = cells.size();
    } else if (cells.size() < impl.header_width) {
      cells.resize(impl.header_width);
    }
    fields.clear();
    for (const std::string& text : cells) fields.emplace_back(text);
    return true;
  }
}

std::int64_t XlsxReader::record_line() const { return impl_->current.number; }
std::uint64_t XlsxReader::bytes_consumed() const { return impl_->consumed; }
std::uint64_t XlsxReader::file_size() const { return impl_->sheet_size; }
const std::string& XlsxReader::sheet_name() const { return impl_->sheet_name; }

}  // namespace ankieta::survey
