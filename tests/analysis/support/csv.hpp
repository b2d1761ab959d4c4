// A small CSV loader for the reference data in tests/reference/data (test-only): comma-separated,
// header row, double quotes around fields that need them, empty field = missing (R NA).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ankieta::test {

class CsvTable {
 public:
  static CsvTable load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    CsvTable table;
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::vector<std::string> fields = split(line);
      if (header) {
        table.names_ = fields;
        table.columns_.resize(fields.size());
        header = false;
        continue;
      }
      if (fields.size() != table.names_.size())
        throw std::runtime_error(path + ": row with " + std::to_string(fields.size()) + " fields");
      for (std::size_t col = 0; col < fields.size(); ++col) table.columns_[col].push_back(fields[col]);
    }
    return table;
  }

  std::size_t rows() const { return columns_.empty() ? 0 : columns_[0].size(); }

  const std::vector<std::string>& text(const std::string& name) const {
    for (std::size_t col = 0; col < names_.size(); ++col)
      if (names_[col] == name) return columns_[col];
    throw std::runtime_error("no column " + name);
  }

  // Numbers; empty field -> NaN.
  std::vector<double> numeric(const std::string& name) const {
    std::vector<double> out;
    for (const std::string& field : text(name))
      out.push_back(field.empty() ? std::numeric_limits<double>::quiet_NaN()
                                  : std::strtod(field.c_str(), nullptr));
    return out;
  }

  std::vector<std::int64_t> integer(const std::string& name) const {
    std::vector<std::int64_t> out;
    for (const std::string& field : text(name)) out.push_back(std::stoll(field));
    return out;
  }

  // Index of each row's value in levels; -1 for an empty field.
  std::vector<std::int32_t> factor(const std::string& name,
                                   const std::vector<std::string>& levels) const {
    std::vector<std::int32_t> out;
    for (const std::string& field : text(name)) {
      if (field.empty()) {
        out.push_back(-1);
        continue;
      }
      std::int32_t code = -1;
      for (std::size_t level = 0; level < levels.size(); ++level)
        if (levels[level] == field) code = static_cast<std::int32_t>(level);
      if (code < 0) throw std::runtime_error(name + ": value '" + field + "' is not a level");
      out.push_back(code);
    }
    return out;
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t pos = 0; pos < line.size(); ++pos) {
      const char c = line[pos];
      if (quoted) {
        if (c == '"' && pos + 1 < line.size() && line[pos + 1] == '"') {
          field += '"';
          ++pos;
        } else if (c == '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    fields.push_back(field);
    return fields;
  }

  std::vector<std::string> names_;
  std::vector<std::vector<std::string>> columns_;
};

}  // namespace ankieta::test
