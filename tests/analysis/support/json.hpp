// A minimal JSON reader for the expected-value fixtures in tests/reference/expected (test-only;
// not a project dependency). Numbers are read with strtod, so doubles round-trip exactly; the
// strings "Inf", "-Inf" and null read as numbers through Json::number().
#pragma once

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <memory>
#include <string>
#include <vector>

namespace ankieta::test {

class Json {
 public:
  enum class Kind { null, boolean, number, string, array, object };

  static Json parse(const std::string& text);
  static Json load(const std::string& path);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool has(const std::string& key) const;
  const Json& operator[](const std::string& key) const;  // throws when missing
  const Json& operator[](std::size_t idx) const;
  std::size_t size() const;
  // A number (or a one-element array of one); null -> NaN; "Inf" / "-Inf" -> infinities.
  double number() const;
  const std::string& str() const { return string_; }
  bool boolean() const { return kind_ == Kind::boolean && boolean_; }
  std::vector<double> numbers() const;                 // an array of numbers
  std::vector<std::vector<double>> matrix() const;     // an array of arrays of numbers
  std::vector<std::string> strings() const;
  const std::map<std::string, Json>& object() const { return object_; }

 private:
  Kind kind_ = Kind::null;
  bool boolean_ = false;
  double number_ = 0.0;
  std::string string_;
  std::vector<Json> array_;
  std::map<std::string, Json> object_;
  friend class JsonParser;
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& text) : text_(text) {}

  Json parse_document() {
    Json value = parse_value();
    skip_space();
    if (pos_ != text_.size()) fail("trailing characters");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("json: " + what + " at offset " + std::to_string(pos_));
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool consume(const std::string& word) {
    if (text_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }
  Json parse_value() {
    skip_space();
    if (pos_ >= text_.size()) fail("unexpected end");
    Json value;
    const char c = text_[pos_];
    if (c == '{') {
      value.kind_ = Json::Kind::object;
      ++pos_;
      skip_space();
      if (consume("}")) return value;
      while (true) {
        skip_space();
        std::string key = parse_string();
        skip_space();
        if (!consume(":")) fail("expected ':'");
        value.object_[key] = parse_value();
        skip_space();
        if (consume("}")) return value;
        if (!consume(",")) fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      value.kind_ = Json::Kind::array;
      ++pos_;
      skip_space();
      if (consume("]")) return value;
      while (true) {
        value.array_.push_back(parse_value());
        skip_space();
        if (consume("]")) return value;
        if (!consume(",")) fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      value.kind_ = Json::Kind::string;
      value.string_ = parse_string();
      return value;
    }
    if (consume("null")) return value;
    if (consume("true")) {
      value.kind_ = Json::Kind::boolean;
      value.boolean_ = true;
      return value;
    }
    if (consume("false")) {
      value.kind_ = Json::Kind::boolean;
      return value;
    }
    const char* begin = text_.c_str() + pos_;
    char* end = nullptr;
    value.number_ = std::strtod(begin, &end);
    if (end == begin) fail("unexpected character");
    pos_ += static_cast<std::size_t>(end - begin);
    value.kind_ = Json::Kind::number;
    return value;
  }
  std::string parse_string() {
    if (!consume("\"")) fail("expected string");
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\') {
        if (pos_ >= text_.size()) fail("bad escape");
        const char e = text_[pos_++];
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'u': {
            const unsigned code = static_cast<unsigned>(std::stoul(text_.substr(pos_, 4), nullptr, 16));
            pos_ += 4;
            if (code < 0x80) {
              out += static_cast<char>(code);
            } else if (code < 0x800) {
              out += static_cast<char>(0xC0 | (code >> 6));
              out += static_cast<char>(0x80 | (code & 0x3F));
            } else {
              out += static_cast<char>(0xE0 | (code >> 12));
              out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
              out += static_cast<char>(0x80 | (code & 0x3F));
            }
            break;
          }
          default: out += e;
        }
      } else {
        out += c;
      }
    }
    if (!consume("\"")) fail("unterminated string");
    return out;
  }

  const std::string& text_;
  std::size_t pos_ = 0;
};

inline Json Json::parse(const std::string& text) { return JsonParser(text).parse_document(); }

inline Json Json::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str());
}

inline bool Json::has(const std::string& key) const { return object_.count(key) != 0; }

inline const Json& Json::operator[](const std::string& key) const {
  auto it = object_.find(key);
  if (it == object_.end()) throw std::runtime_error("json: no key '" + key + "'");
  return it->second;
}

inline const Json& Json::operator[](std::size_t idx) const { return array_.at(idx); }

inline std::size_t Json::size() const {
  return kind_ == Kind::array ? array_.size() : object_.size();
}

inline double Json::number() const {
  switch (kind_) {
    case Kind::null: return std::numeric_limits<double>::quiet_NaN();
    case Kind::number: return number_;
    case Kind::array:  // R's length-1 vectors
      if (array_.size() == 1) return array_[0].number();
      break;
    case Kind::string:
      if (string_ == "Inf") return std::numeric_limits<double>::infinity();
      if (string_ == "-Inf") return -std::numeric_limits<double>::infinity();
      break;
    default: break;
  }
  throw std::runtime_error("json: not a number");
}

inline std::vector<double> Json::numbers() const {
  if (kind_ != Kind::array) return {number()};  // R length-1 vectors may be scalars
  std::vector<double> out;
  for (const Json& item : array_) out.push_back(item.number());
  return out;
}

inline std::vector<std::vector<double>> Json::matrix() const {
  std::vector<std::vector<double>> out;
  for (const Json& item : array_) out.push_back(item.numbers());
  return out;
}

inline std::vector<std::string> Json::strings() const {
  if (kind_ == Kind::string) return {string_};
  std::vector<std::string> out;
  for (const Json& item : array_) out.push_back(item.string_);
  return out;
}


}  // namespace ankieta::test
