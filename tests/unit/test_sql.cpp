// `ces sql` generator (spec v2 section 5): quoting, refusals and the query's shape.
// Whether the query computes the right scores is tested on the real engines by
// tests/sql/run.mjs; these tests cover what needs no database.
#include <doctest/doctest.h>

#include <string>

#include "engine/sql/sql_query.h"

using namespace ces;

namespace {

ScoreModel EventsModel() {
  ScoreModel m;
  m.data.shape = Shape::kEvents;
  m.data.customer = "user_id";
  m.data.time = "ts";
  m.data.event = "event";
  Activity a;
  a.name = "Logins";
  a.events = {"login"};
  a.weight = 1;
  m.activities.push_back(a);
  return m;
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("sql: dialect names") {
  SqlDialect d;
  CHECK(ParseSqlDialect("duckdb", &d));
  CHECK(d == SqlDialect::kDuckDb);
  CHECK(ParseSqlDialect("postgres", &d));
  CHECK(d == SqlDialect::kPostgres);
  CHECK(ParseSqlDialect("clickhouse", &d));
  CHECK(d == SqlDialect::kClickHouse);
  CHECK_FALSE(ParseSqlDialect("mysql", &d));
  CHECK_FALSE(ParseSqlDialect("", &d));
}

TEST_CASE("sql: identifiers and text are quoted so any bytes stay a name or a value") {
  const std::string evil = "x\"; DROP TABLE t; --";
  CHECK(QuoteIdentifier(SqlDialect::kDuckDb, evil) == "\"x\"\"; DROP TABLE t; --\"");
  CHECK(QuoteIdentifier(SqlDialect::kPostgres, evil) == "\"x\"\"; DROP TABLE t; --\"");
  CHECK(QuoteIdentifier(SqlDialect::kClickHouse, evil) == "\"x\\\"; DROP TABLE t; --\"");
  CHECK(QuoteIdentifier(SqlDialect::kClickHouse, "a\\b") == "\"a\\\\b\"");
  CHECK(QuoteText(SqlDialect::kPostgres, "it's \\") == "'it''s \\'");
  CHECK(QuoteText(SqlDialect::kDuckDb, "it's") == "'it''s'");
  CHECK(QuoteText(SqlDialect::kClickHouse, "it's \\") == "'it\\'s \\\\'");

  ScoreModel m = EventsModel();
  m.data.customer = evil;
  m.activities[0].name = evil;
  m.activities[0].events = {"lo'gin"};
  for (SqlDialect d : {SqlDialect::kDuckDb, SqlDialect::kPostgres, SqlDialect::kClickHouse}) {
    SqlResult r = GenerateSql(m, d, "");
    REQUIRE(r.ok());
    CHECK(Contains(r.sql, QuoteIdentifier(d, evil)));
    CHECK(Contains(r.sql, QuoteIdentifier(d, evil + " value")));
    CHECK(Contains(r.sql, QuoteText(d, "lo'gin")));
  }
}

TEST_CASE("sql: table names, default by shape, schema.table quoted per part") {
  ScoreModel m = EventsModel();
  CHECK(Contains(GenerateSql(m, SqlDialect::kDuckDb).sql, "FROM \"events\" AS ces_t"));
  CHECK(Contains(GenerateSql(m, SqlDialect::kPostgres, "analytics.raw events").sql,
                 "FROM \"analytics\".\"raw events\" AS ces_t"));
  SqlResult bad = GenerateSql(m, SqlDialect::kDuckDb, "a..b");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors[0].path == "--table");

  ScoreModel c;
  c.data.shape = Shape::kCustomers;
  c.data.customer = "email";
  Activity v;
  v.name = "Orders";
  v.measure = Measure::kValue;
  v.column = "orders";
  v.weight = 1;
  c.activities.push_back(v);
  CHECK(Contains(GenerateSql(c, SqlDialect::kClickHouse).sql, "FROM \"customers\" AS ces_t"));
}

TEST_CASE("sql: a column read both as a number and as text is refused, naming both activities") {
  ScoreModel m = EventsModel();
  Activity sum;
  sum.name = "Minutes";
  sum.measure = Measure::kSum;
  sum.column = "value";
  sum.weight = 1;
  Activity distinct;
  distinct.name = "Features";
  distinct.measure = Measure::kDistinctValues;
  distinct.column = "value";
  distinct.weight = 1;
  m.activities.push_back(sum);
  m.activities.push_back(distinct);
  SqlResult r = GenerateSql(m, SqlDialect::kDuckDb);
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].path == "activities[2].column");
  CHECK(Contains(r.errors[0].message, "\"value\""));
  CHECK(Contains(r.errors[0].message, "\"Minutes\""));
  CHECK(Contains(r.errors[0].message, "\"Features\""));
  CHECK(r.sql.empty());

  // A number column that is also the segment: the same refusal, naming the field.
  ScoreModel s = EventsModel();
  s.data.segment = "value";
  s.activities.push_back(sum);
  r = GenerateSql(s, SqlDialect::kClickHouse);
  REQUIRE_FALSE(r.ok());
  CHECK(Contains(r.errors[0].message, "data.segment"));
  CHECK(Contains(r.errors[0].message, "\"Minutes\""));
}

TEST_CASE("sql: postgres refuses output names over 63 bytes, naming them; other dialects accept them") {
  ScoreModel m = EventsModel();
  m.activities[0].name = std::string(58, 'a');  // "<name> value" is 64 bytes, "<name> points" 65
  SqlResult r = GenerateSql(m, SqlDialect::kPostgres);
  REQUIRE_FALSE(r.ok());
  CHECK(Contains(r.errors[0].message, std::string(58, 'a') + " value\" (64 bytes)"));
  CHECK(Contains(r.errors[0].message, std::string(58, 'a') + " points\" (65 bytes)"));
  CHECK(GenerateSql(m, SqlDialect::kDuckDb).ok());
  CHECK(GenerateSql(m, SqlDialect::kClickHouse).ok());
  m.activities[0].name = std::string(56, 'a');  // 62 and 63 bytes: fits
  CHECK(GenerateSql(m, SqlDialect::kPostgres).ok());
}

TEST_CASE("sql: literals are doubles that read back exactly, never decimals") {
  CHECK(DoubleLiteral(SqlDialect::kDuckDb, 0.1) == "CAST('0.10000000000000001' AS DOUBLE)");
  CHECK(DoubleLiteral(SqlDialect::kPostgres, -2.5) == "CAST('-2.5' AS DOUBLE PRECISION)");
  CHECK(DoubleLiteral(SqlDialect::kClickHouse, -0.0) == "toFloat64('0')");
}

TEST_CASE("sql: results order is score descending then customer id in byte order") {
  ScoreModel m = EventsModel();
  CHECK(Contains(GenerateSql(m, SqlDialect::kPostgres).sql, "ORDER BY ces_score DESC, ces_c COLLATE \"C\""));
  CHECK(Contains(GenerateSql(m, SqlDialect::kDuckDb).sql, "ORDER BY ces_score DESC, ces_c\n"));
}
