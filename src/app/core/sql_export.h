// The "Export as SQL" dialog without its drawing (panel_sql_export.cpp draws it): which
// dialects it offers, the table the query reads, and the text Copy and Download give —
// exactly what `ces sql --model M --dialect D [--table T]` prints for the same model.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/core/page_operations.h"
#include "engine/model/model.h"

namespace ces::app {

struct SqlExportDialect {
  const char* id;     // as `ces sql --dialect` and ces.sql(dialect) spell it
  const char* label;  // as the dialog shows it
};
// Only the dialects tests/sql/run.mjs executes on a real engine (issue 12 point 4).
inline constexpr SqlExportDialect kSqlExportDialects[] = {
    {"duckdb", "DuckDB"}, {"postgres", "PostgreSQL"}, {"clickhouse", "ClickHouse"}};
inline constexpr size_t kSqlExportDialectCount = sizeof kSqlExportDialects / sizeof kSqlExportDialects[0];

class SqlExport {
 public:
  size_t dialect = 0;  // index into kSqlExportDialects
  std::string table;   // as typed; blank means the default (TableShown)

  // The query (kText) or why there is none (kError) for `model`; generated again only
  // when the model (`model_version`, see ModelState::version), dialect or table changed,
  // since the dialog asks on every frame.
  const OperationResult& Result(const ScoreModel& model, uint64_t model_version);
  // The table the query reads: the typed name trimmed, or the CLI's default.
  std::string TableShown(const ScoreModel& model) const;
  // "<model-slug>-<dialect>.sql".
  std::string FileName(const std::string& model_name) const;

 private:
  OperationResult result_;
  uint64_t made_for_version_ = 0;  // 0: never made
  size_t made_for_dialect_ = 0;
  std::string made_for_table_;
};

}  // namespace ces::app
