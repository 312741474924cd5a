// The Export as SQL dialog's logic (app/core/sql_export.h): the text it gives is the
// engine's query for the chosen dialect and table (what `ces sql` prints), made again
// when any of them changes, a bad table name is an error naming --table, and the file
// name follows the model and the dialect.
#include <doctest/doctest.h>

#include <string>

#include "app/core/file_name.h"
#include "app/core/sql_export.h"
#include "engine/model/model.h"
#include "engine/sql/sql_query.h"

using namespace ces;
using namespace ces::app;

namespace {

ScoreModel Model(bool customers_shape = false) {
  const char* json = customers_shape
      ? R"j({"ces_model":2,"name":"Accounts","data":{"shape":"customers","customer":"id"},
          "activities":[{"name":"N","measure":"value","column":"n","weight":1}],"scale":{"method":"raw"}})j"
      : R"j({"ces_model":2,"name":"SaaS engagement (v2)","data":{"shape":"events","customer":"id","time":"t","event":"e"},
          "window":{"days":30},"activities":[{"name":"N","measure":"count","weight":1}],"scale":{"method":"raw"}})j";
  auto loaded = LoadModel(json);
  REQUIRE(loaded.model);
  return *loaded.model;
}

}  // namespace

TEST_CASE("the dialog offers exactly the dialects the engine tests execute, in the CLI's spelling") {
  REQUIRE(kSqlExportDialectCount == 3);
  for (size_t i = 0; i < kSqlExportDialectCount; ++i) {
    SqlDialect d;
    CHECK(ParseSqlDialect(kSqlExportDialects[i].id, &d));
    CHECK(std::string(SqlDialectName(d)) == kSqlExportDialects[i].id);
  }
}

TEST_CASE("the text is the engine's query for the dialect and table, and follows every change") {
  const ScoreModel m = Model();
  SqlExport e;
  CHECK(e.TableShown(m) == "events");
  const OperationResult& first = e.Result(m, 1);
  REQUIRE(first.kind == OperationResult::kText);
  CHECK(first.body == GenerateSql(m, SqlDialect::kDuckDb).sql);

  e.dialect = 2;
  CHECK(e.Result(m, 1).body == GenerateSql(m, SqlDialect::kClickHouse).sql);
  e.dialect = 1;
  e.table = "  analytics.events ";
  CHECK(e.TableShown(m) == "analytics.events");
  CHECK(e.Result(m, 1).body == GenerateSql(m, SqlDialect::kPostgres, "analytics.events").sql);
  CHECK(e.Result(m, 1).body.find("\"analytics\".\"events\"") != std::string::npos);

  // Another model (a new version): made again, not the cached text.
  const ScoreModel customers = Model(true);
  e.table = "";
  CHECK(e.TableShown(customers) == "customers");
  CHECK(e.Result(customers, 2).body == GenerateSql(customers, SqlDialect::kPostgres).sql);
  CHECK(e.Result(customers, 2).body != GenerateSql(m, SqlDialect::kPostgres).sql);
}

TEST_CASE("a table name the engine refuses is an error naming --table; a dialect out of range falls back") {
  const ScoreModel m = Model();
  SqlExport e;
  e.table = "a..b";
  const OperationResult& r = e.Result(m, 1);
  CHECK(r.kind == OperationResult::kError);
  CHECK(r.body.find("--table") != std::string::npos);
  e.dialect = 99;
  e.table = "";
  CHECK(e.Result(m, 1).body == GenerateSql(m, SqlDialect::kDuckDb).sql);
  CHECK(e.dialect == 0);
}

TEST_CASE("file names: the model's slug and the dialect") {
  SqlExport e;
  CHECK(e.FileName("SaaS engagement (v2)") == "saas-engagement-v2-duckdb.sql");
  e.dialect = 2;
  CHECK(e.FileName("") == "ces-score-clickhouse.sql");
  CHECK(FileSlug("  Über!! Score  ", "x") == "ber-score");
}
