// Writing a whole text file at once, with the report's error messages (exit 73 when it fails).
#pragma once

#include <string>

namespace ankieta::report {

void write_text_file(const std::string& path, const std::string& text);

}  // namespace ankieta::report
