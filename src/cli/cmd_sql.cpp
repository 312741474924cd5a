// `ces sql --model M.json --dialect duckdb|postgres|clickhouse [--table NAME]`
// (spec v2 section 5): prints the query that scores a table as `ces score` scores a file.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"
#include "engine/sql/sql_query.h"

namespace ces::cli {

int Sql(const std::vector<std::string>& args) {
  Args a(args, {"--model", "-m", "--dialect", "--table", "-o"}, {});
  if (!a.ok()) {
    Say(a.error() + " (see ces --help)");
    return kExitUnusable;
  }
  if (!a.positional().empty()) {
    Say("sql takes no input file: it prints a query for a table (see ces --help)");
    return kExitUnusable;
  }
  const std::string model_path = a.Get("--model", a.Get("-m"));
  if (model_path.empty()) {
    Say("sql needs --model MODEL.json (see ces --help)");
    return kExitUnusable;
  }
  const std::string dialect_name = a.Get("--dialect");
  SqlDialect dialect;
  if (!ParseSqlDialect(dialect_name, &dialect)) {
    Say(dialect_name.empty() ? "sql needs --dialect duckdb, postgres or clickhouse"
                             : "--dialect: \"" + dialect_name + "\" is not one of duckdb, postgres, clickhouse");
    return kExitUnusable;
  }
  ScoreModel model;
  if (!LoadModelFile(model_path, &model)) return kExitUnusable;
  const SqlResult r = GenerateSql(model, dialect, a.Get("--table"));
  if (!r.ok()) {
    Say(model_path + ": cannot be written as " + SqlDialectName(dialect) + " SQL:");
    for (const ModelError& e : r.errors) Say("  " + e.ToString());
    return kExitUnusable;
  }
  return WriteOutput(a.Get("-o"), r.sql) ? kExitOk : kExitUnusable;
}

}  // namespace ces::cli
