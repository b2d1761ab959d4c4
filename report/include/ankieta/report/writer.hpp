// Output formats of a report, one module each behind one interface (as ReadStat's output
// modules): a new format is one new writer file and one line in writer_for().
#pragma once

#include <string>
#include <string_view>

#include "ankieta/report/document.hpp"

namespace ankieta::report {

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual std::string_view extension() const = 0;  // ".html", ".xlsx", ".md"
  // Writes the whole document to `path`. Throws Error(cannot_create) naming the file when it
  // cannot be created or written.
  virtual void write(const Document& document, const std::string& path) const = 0;
};

const ReportWriter& html_writer();
const ReportWriter& xlsx_writer();
const ReportWriter& markdown_writer();

// The writer for a path's extension (.html/.htm, .xlsx, .md); throws Error(usage) for another.
const ReportWriter& writer_for(const std::string& path);

// Text renderings shared by the writers and tests.
std::string render_markdown(const Document& document);
std::string render_html(const Document& document);

}  // namespace ankieta::report
