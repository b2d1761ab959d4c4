// ankieta import FILE.csv|FILE.xlsx --db F: check and load responses, all or nothing by default.
#include <unistd.h>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/importer.hpp"
#include "ankieta/survey/text_util.hpp"
#include "ankieta/survey/output_file.hpp"
#include "cli.hpp"
#include "option_values.hpp"

namespace ankieta::cli {
namespace {

// A one-line progress bar, redrawn in place; only when stderr is a terminal.
void draw_progress(std::uint64_t done, std::uint64_t total) {
  if (total == 0) return;
  int percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total));
  int filled = percent / 4;
  fmt::print(stderr, "\r[{:<25}] {:3d}%", std::string(static_cast<std::size_t>(filled), '#'), percent);
  if (done >= total) fmt::print(stderr, "\r{:40}\r", "");
}

}  // namespace

int run_import(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("file", po::value<std::string>()->required(), "response file: CSV, or an Excel workbook (.xlsx)")
      ("sheet", po::value<std::string>(), "the workbook's sheet, by name or number from 1 (default: the first)")
      ("from", po::value<std::string>()->default_value("auto"),
       "the tool that wrote the file: limesurvey, kobo (also ODK) or csv; auto: recognised from the header")
      ("include-incomplete", po::bool_switch(), "LimeSurvey: load responses that were never submitted too")
      ("delimiter", po::value<std::string>(), "field delimiter: ',' ';' '|' or 'tab' (default: detected from the header)")
      ("encoding", po::value<std::string>()->default_value("utf-8"), "utf-8 (with or without BOM) or cp1250")
      ("wave", whole_number(1), "wave number of every row (default 1) when the file has no wave column")
      ("ignore-extra", po::bool_switch(), "ignore columns that no question reads")
      ("on-duplicate", po::value<std::string>()->default_value("reject"),
       "respondent already in the database: reject, skip (keep the old row) or replace")
      ("rejects", po::value<std::string>(), "load the good rows; write bad ones to this CSV with a reason column")
      ("dry-run", po::bool_switch(), "check everything, load nothing")
      ("lenient", po::bool_switch(), "answers to questions that were not asked are warnings, not errors")
      ("force", po::bool_switch(), "import a file that was imported before")
      ("max-errors", whole_number(0, 1'000'000'000)->default_value(20), "how many problems to print (0: all of them)");
  add_db_option(options);
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (parse_arguments("import", "FILE.csv|FILE.xlsx [--db FILE] [OPTIONS]", arguments, options, positional, values)) return kExitOk;

  survey::ImportOptions import;
  import.path = values["file"].as<std::string>();
  if (values.count("delimiter")) {
    std::string delimiter = values["delimiter"].as<std::string>();
    if (delimiter == "tab" || delimiter == "\\t") import.csv.delimiter = '\t';
    else if (delimiter.size() == 1 && (delimiter == "," || delimiter == ";" || delimiter == "\t" || delimiter == "|"))
      import.csv.delimiter = delimiter[0];
    else throw usage_error(fmt::format("unknown --delimiter {}; expected ',', ';', '|' or tab", survey::quote_for_message(delimiter)));
  }
  import.csv.encoding = survey::parse_encoding(values["encoding"].as<std::string>());
  import.source = survey::parse_response_source(values["from"].as<std::string>());
  import.include_incomplete = values["include-incomplete"].as<bool>();
  if (values.count("sheet")) {
    import.sheet = values["sheet"].as<std::string>();
    if (import.sheet.empty()) throw usage_error("--sheet needs a sheet name or number");
  }
  if (values.count("wave")) {
    import.wave = values["wave"].as<std::int64_t>();
    if (*import.wave < 1) throw usage_error("--wave must be a whole number from 1");
  }
  import.ignore_extra = values["ignore-extra"].as<bool>();
  import.on_duplicate = survey::parse_duplicate_policy(values["on-duplicate"].as<std::string>());
  if (values.count("rejects")) import.rejects_path = values["rejects"].as<std::string>();
  survey::claim_output(import.rejects_path);  // so that the database or the CSV is refused before it is opened
  import.dry_run = values["dry-run"].as<bool>();
  import.lenient = values["lenient"].as<bool>();
  import.allow_reimport = values["force"].as<bool>();
  import.max_messages = static_cast<std::size_t>(values["max-errors"].as<std::int64_t>());
  if (isatty(STDERR_FILENO)) import.progress = draw_progress;

  std::string db = database_path(values);
  survey::Store store(db, true);
  survey::ImportReport report = survey::import_csv(store, import);

  for (const auto& message : report.errors) fmt::print(stderr, "{}\n", message);
  if (report.error_count > static_cast<std::int64_t>(report.errors.size()))
    fmt::print(stderr, "... and {} more problems\n", report.error_count - static_cast<std::int64_t>(report.errors.size()));
  for (const auto& message : report.warnings) fmt::print(stderr, "warning: {}\n", message);
  if (report.warning_count > static_cast<std::int64_t>(report.warnings.size()))
    fmt::print(stderr, "... and {} more warnings\n", report.warning_count - static_cast<std::int64_t>(report.warnings.size()));

  std::string summary = fmt::format("{}: {} rows read, {} loaded, {} rejected", import.path, report.rows_read,
                                    report.committed ? report.rows_loaded : 0, report.rows_rejected);
  if (report.rows_skipped) summary += fmt::format(", {} skipped (already present)", report.rows_skipped);
  if (report.rows_replaced) summary += fmt::format(", {} replaced", report.rows_replaced);
  if (report.empty_rows) summary += fmt::format(", {} empty {} skipped", report.empty_rows, report.empty_rows == 1 ? "row" : "rows");
  if (report.incomplete_rows)
    summary += fmt::format(", {} incomplete {} left out (--include-incomplete loads {})", report.incomplete_rows,
                           report.incomplete_rows == 1 ? "response" : "responses", report.incomplete_rows == 1 ? "it" : "them");
  if (report.source == survey::ResponseSource::limesurvey) summary += "; a LimeSurvey export";
  if (report.source == survey::ResponseSource::kobo) summary += "; a KoboToolbox/ODK export";
  if (report.wave_column.empty())
    fmt::print(stderr, "{} (wave {})\n", summary, report.wave);
  else
    fmt::print(stderr, "{} (each row's wave from its column '{}')\n", summary, report.wave_column);
  if (import.dry_run) {
    fmt::print(stderr, "dry run: {}; nothing was loaded\n", report.rows_rejected ? "the file has problems" : "the file would load cleanly");
    return report.rows_rejected ? kExitDataError : kExitOk;
  }
  if (!report.committed) {
    fmt::print(stderr, "nothing was loaded: fix the rows above, or use --rejects FILE to load the good rows\n");
    return kExitDataError;
  }
  if (report.rows_rejected)
    fmt::print(stderr, "the {} rejected rows were written to {} with the reason in column ankieta_error\n",
               report.rows_rejected, import.rejects_path);
  fmt::print(stderr, "{}: import #{} recorded\n", db, report.import_id);
  return kExitOk;
}

}  // namespace ankieta::cli
