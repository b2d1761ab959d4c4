#include "ankieta/survey/weight_sets.hpp"

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "sqlite.hpp"

namespace ankieta::survey {
namespace {

const char* kWeightSchema = R"sql(
CREATE TABLE IF NOT EXISTS weight_sets(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, method TEXT NOT NULL,
  base_weight TEXT NOT NULL, frame_files TEXT NOT NULL, frame_sha256 TEXT NOT NULL, wave INTEGER,
  row_count INTEGER NOT NULL, max_row INTEGER NOT NULL, last_import INTEGER NOT NULL,
  created_at TEXT NOT NULL, diagnostics TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS weight_parameters(
  set_id INTEGER NOT NULL REFERENCES weight_sets(id), key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (set_id, key)) STRICT;
CREATE TABLE IF NOT EXISTS weight_targets(
  set_id INTEGER NOT NULL REFERENCES weight_sets(id), position INTEGER NOT NULL,
  table_idx INTEGER NOT NULL, kind TEXT NOT NULL, variables TEXT NOT NULL, value_list TEXT NOT NULL,
  population REAL NOT NULL, origin TEXT NOT NULL, PRIMARY KEY (set_id, position)) STRICT;
CREATE TABLE IF NOT EXISTS weight_values(
  set_id INTEGER NOT NULL REFERENCES weight_sets(id), row INTEGER NOT NULL, weight REAL NOT NULL,
  PRIMARY KEY (set_id, row)) STRICT, WITHOUT ROWID;
)sql";

// Lists are stored with a tab between items: values such as "(19,39]" may hold commas.
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t idx = 0; idx < items.size(); ++idx) out += (idx ? "\t" : "") + items[idx];
  return out;
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = text.find('\t', start);
    out.emplace_back(text.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

sqlite::Database& database_of(const Store& store) {
  // Reads only; the Store hands out its connection through a non-const accessor.
  return const_cast<Store&>(store).database();
}

bool has_tables(sqlite::Database& db) {
  sqlite::Statement query(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'weight_sets'");
  query.step();
  return query.integer(0) > 0;
}

struct Counters {
  std::int64_t rows = 0, max_row = 0, last_import = 0;
};

Counters counters(sqlite::Database& db) {
  Counters out;
  sqlite::Statement rows(db, "SELECT count(*), coalesce(max(_row), 0) FROM responses");
  rows.step();
  out.rows = rows.integer(0);
  out.max_row = rows.integer(1);
  sqlite::Statement imports(db, "SELECT coalesce(max(id), 0) FROM imports");
  imports.step();
  out.last_import = imports.integer(0);
  return out;
}

std::vector<WeightSet> read_sets(sqlite::Database& db, const std::string* name) {
  std::vector<WeightSet> sets;
  if (!has_tables(db)) return sets;
  std::string sql =
      "SELECT id, name, method, base_weight, frame_files, frame_sha256, wave, row_count, max_row, last_import, "
      "created_at, diagnostics FROM weight_sets";
  if (name) sql += " WHERE name = ?";
  sql += " ORDER BY id";
  sqlite::Statement query(db, sql);
  if (name) query.bind(1, *name);
  while (query.step()) {
    WeightSet set;
    set.id = query.integer(0);
    set.name = query.text(1);
    set.method = query.text(2);
    set.base_weight = query.text(3);
    set.frame_files = split(query.text(4));
    set.frame_sha256 = split(query.text(5));
    if (!query.is_null(6)) set.wave = query.integer(6);
    set.row_count = query.integer(7);
    set.max_row = query.integer(8);
    set.last_import = query.integer(9);
    set.created_at = query.text(10);
    set.diagnostics = query.text(11);
    sets.push_back(std::move(set));
  }
  for (auto& set : sets) {
    sqlite::Statement parameters(db, "SELECT key, value FROM weight_parameters WHERE set_id = ? ORDER BY rowid");
    parameters.bind(1, set.id);
    while (parameters.step()) set.parameters.emplace_back(parameters.text(0), parameters.text(1));
    sqlite::Statement targets(db,
        "SELECT table_idx, kind, variables, value_list, population, origin FROM weight_targets WHERE set_id = ? "
        "ORDER BY position");
    targets.bind(1, set.id);
    while (targets.step()) {
      WeightTarget target;
      target.table = static_cast<int>(targets.integer(0));
      target.kind = targets.text(1);
      target.variables = split(targets.text(2));
      target.values = split(targets.text(3));
      target.population = targets.real(4);
      target.origin = targets.text(5);
      set.targets.push_back(std::move(target));
    }
  }
  return sets;
}

void delete_set(sqlite::Database& db, std::int64_t id) {
  for (const char* table : {"weight_values", "weight_targets", "weight_parameters"}) {
    sqlite::Statement remove(db, fmt::format("DELETE FROM {} WHERE set_id = ?", table));
    remove.bind(1, id);
    remove.run();
  }
  sqlite::Statement remove(db, "DELETE FROM weight_sets WHERE id = ?");
  remove.bind(1, id);
  remove.run();
}

}  // namespace

std::string WeightSet::parameter(const std::string& key) const {
  for (const auto& [name, value] : parameters)
    if (name == key) return value;
  return "";
}

std::vector<WeightSet> list_weight_sets(const Store& store) { return read_sets(database_of(store), nullptr); }

std::optional<WeightSet> find_weight_set(const Store& store, const std::string& name) {
  std::vector<WeightSet> sets = read_sets(database_of(store), &name);
  if (sets.empty()) return std::nullopt;
  return std::move(sets.front());
}

void save_weight_set(Store& store, WeightSet& set, const std::vector<double>& weights, bool replace) {
  sqlite::Database& db = store.database();
  sqlite::Transaction transaction(db);
  db.execute(kWeightSchema);
  {
    sqlite::Statement existing(db, "SELECT id FROM weight_sets WHERE name = ?");
    existing.bind(1, set.name);
    if (existing.step()) {
      if (!replace)
        throw usage_error(fmt::format("weight set '{}' already exists; add --replace to recompute it, or choose another --name",
                                      set.name));
      delete_set(db, existing.integer(0));
    }
  }
  Counters now = counters(db);
  set.row_count = now.rows;
  set.max_row = now.max_row;
  set.last_import = now.last_import;
  sqlite::Statement insert(db,
      "INSERT INTO weight_sets(name, method, base_weight, frame_files, frame_sha256, wave, row_count, max_row, "
      "last_import, created_at, diagnostics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?)");
  insert.bind(1, set.name);
  insert.bind(2, set.method);
  insert.bind(3, set.base_weight);
  insert.bind(4, join(set.frame_files));
  insert.bind(5, join(set.frame_sha256));
  if (set.wave) insert.bind(6, *set.wave);
  else insert.bind_null(6);
  insert.bind(7, set.row_count);
  insert.bind(8, set.max_row);
  insert.bind(9, set.last_import);
  insert.bind(10, set.diagnostics);
  insert.run();
  set.id = db.last_insert_rowid();
  sqlite::Statement parameter(db, "INSERT INTO weight_parameters(set_id, key, value) VALUES (?, ?, ?)");
  for (const auto& [key, value] : set.parameters) {
    parameter.bind(1, set.id);
    parameter.bind(2, key);
    parameter.bind(3, value);
    parameter.run();
  }
  sqlite::Statement target(db,
      "INSERT INTO weight_targets(set_id, position, table_idx, kind, variables, value_list, population, origin) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t position = 0; position < set.targets.size(); ++position) {
    const WeightTarget& t = set.targets[position];
    target.bind(1, set.id);
    target.bind(2, static_cast<std::int64_t>(position));
    target.bind(3, static_cast<std::int64_t>(t.table));
    target.bind(4, t.kind);
    target.bind(5, join(t.variables));
    target.bind(6, join(t.values));
    target.bind(7, t.population);
    target.bind(8, t.origin);
    target.run();
  }
  sqlite::Statement rows(db, set.wave ? "SELECT _row FROM responses WHERE _wave = ? ORDER BY _row"
                                      : "SELECT _row FROM responses ORDER BY _row");
  if (set.wave) rows.bind(1, *set.wave);
  sqlite::Statement value(db, "INSERT INTO weight_values(set_id, row, weight) VALUES (?, ?, ?)");
  std::size_t index = 0;
  while (rows.step()) {
    if (index >= weights.size()) throw Error(ErrorKind::internal, "weight set: fewer weights than rows");
    value.bind(1, set.id);
    value.bind(2, rows.integer(0));
    value.bind(3, weights[index++]);
    value.run();
  }
  if (index != weights.size()) throw Error(ErrorKind::internal, "weight set: more weights than rows");
  sqlite::Statement created(db, "SELECT created_at FROM weight_sets WHERE id = ?");
  created.bind(1, set.id);
  created.step();
  set.created_at = created.text(0);
  transaction.commit();
}

std::vector<double> load_weights(const Store& store, const WeightSet& set, std::optional<std::int64_t> wave) {
  sqlite::Database& db = database_of(store);
  std::string sql = "SELECT r._row, v.weight FROM responses r LEFT JOIN weight_values v ON v.set_id = ? AND v.row = r._row";
  if (wave) sql += " WHERE r._wave = ?";
  sql += " ORDER BY r._row";
  sqlite::Statement query(db, sql);
  query.bind(1, set.id);
  if (wave) query.bind(2, *wave);
  std::vector<double> weights;
  while (query.step()) {
    if (query.is_null(1))
      throw data_error(fmt::format("weight set '{}' has no weight for response row {}; re-run 'ankieta weight --name {} --replace'",
                                   set.name, query.integer(0), set.name));
    weights.push_back(query.real(1));
  }
  return weights;
}

void check_weight_set_current(const Store& store, const WeightSet& set) {
  Counters now = counters(database_of(store));
  if (now.rows != set.row_count || now.max_row != set.max_row || now.last_import != set.last_import)
    throw data_error(fmt::format(
        "weight set '{}' is stale: responses changed after it was computed ({} rows then, {} now; last import #{} then, #{} now); "
        "re-run 'ankieta weight ... --name {} --replace', or analyse with --unweighted or --weight VARIABLE",
        set.name, set.row_count, now.rows, set.last_import, now.last_import, set.name));
}

}  // namespace ankieta::survey
