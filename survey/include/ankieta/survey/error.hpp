// Errors that end a command. Each carries the kind of failure (which the program maps to its exit
// status) and a message that already says where the problem is and what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace ankieta {

enum class ErrorKind {
  usage,         // bad arguments or options (exit 2)
  data,          // bad input data, definition or expression (exit 65)
  missing_input, // an input file that does not exist or cannot be read (exit 66)
  cannot_create, // an output file or database that cannot be written (exit 73)
  internal,      // a bug or an unexpected library failure (exit 70)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

inline Error usage_error(const std::string& message) { return Error(ErrorKind::usage, message); }
inline Error data_error(const std::string& message) { return Error(ErrorKind::data, message); }

}  // namespace ankieta
