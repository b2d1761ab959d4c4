// The JSON writer lives with the table layouts that write the JSON contract (report/json_writer.hpp);
// commands that write JSON of their own (weight) use it under this name.
#pragma once

#include "ankieta/report/json_writer.hpp"

namespace ankieta::cli {

using JsonWriter = report::JsonWriter;

}  // namespace ankieta::cli
