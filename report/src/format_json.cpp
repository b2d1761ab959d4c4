// A command's tables as the JSON contract (PRODUCT.md): the objects their layouts wrote, one object
// alone, several in an array (a banner writes one per column variable).
#include "ankieta/report/table_format.hpp"

namespace ankieta::report {
namespace {

class JsonFormat final : public TableFormat {
 public:
  std::string_view name() const override { return "json"; }
  std::string render(const std::vector<Table>& tables, const FormatOptions&) const override {
    std::vector<const std::string*> objects;
    for (const auto& table : tables)
      for (const auto& object : table.json) objects.push_back(&object);
    if (objects.size() == 1) return *objects.front() + "\n";
    std::string out = "[";
    for (std::size_t idx = 0; idx < objects.size(); ++idx) out += (idx ? ",\n" : "") + *objects[idx];
    return out + "]\n";
  }
};

}  // namespace

const TableFormat& json_format() {
  static const JsonFormat format;
  return format;
}

}  // namespace ankieta::report
