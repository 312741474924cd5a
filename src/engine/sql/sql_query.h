// `ces sql` (spec v2 section 5): one SQL query that scores a table of events or
// customers on a warehouse exactly as `ces score` scores the same rows of a CSV file.
//
// The query is built once, as a chain of CTEs each adding a few columns to the
// previous one (rows -> per customer measures -> values -> points -> raw -> score),
// and spelled per dialect through sql_dialect.h. Decisions the spec leaves open are
// in docs/sql.md.
#pragma once
#include <string>
#include <vector>

#include "engine/model/model.h"
#include "engine/sql/sql_dialect.h"

namespace ces {

struct SqlResult {
  std::string sql;                    // the query, ending with a newline; empty when refused
  std::vector<ModelError> errors;     // why the model cannot be exported (field path + message)
  bool ok() const { return errors.empty(); }
};

// The table a query reads when none is named: `events` or `customers` by the model's shape.
std::string DefaultSqlTable(const ScoreModel& model);

// `table` may be `schema.table`; empty means DefaultSqlTable(model). Never throws.
SqlResult GenerateSql(const ScoreModel& model, SqlDialect dialect, const std::string& table = "");

// round6 (spec v2 notation) of the double column or expression `x`, as SQL: exact
// binary value, halves to even. Exposed for tests of the rounding alone.
std::string Round6Sql(SqlDialect dialect, const std::string& x);

}  // namespace ces
