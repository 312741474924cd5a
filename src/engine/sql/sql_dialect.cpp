// Spellings per dialect; see sql_dialect.h.
#include "engine/sql/sql_dialect.h"

#include <cmath>
#include <cstdio>

namespace ces {

bool ParseSqlDialect(std::string_view name, SqlDialect* out) {
  if (name == "duckdb") *out = SqlDialect::kDuckDb;
  else if (name == "postgres" || name == "postgresql") *out = SqlDialect::kPostgres;
  else if (name == "clickhouse") *out = SqlDialect::kClickHouse;
  else return false;
  return true;
}

const char* SqlDialectName(SqlDialect d) {
  switch (d) {
    case SqlDialect::kDuckDb: return "duckdb";
    case SqlDialect::kPostgres: return "postgres";
    case SqlDialect::kClickHouse: return "clickhouse";
  }
  return "";
}

size_t MaxIdentifierBytes(SqlDialect d) { return d == SqlDialect::kPostgres ? 63 : 0; }

namespace {

// ClickHouse reads backslash escapes inside quotes; DuckDB and PostgreSQL
// (standard_conforming_strings) only know the doubled quote.
std::string Quote(SqlDialect d, std::string_view s, char q) {
  std::string out(1, q);
  for (char c : s) {
    if (d == SqlDialect::kClickHouse && (c == '\\' || c == q)) out += '\\';
    else if (c == q) out += q;
    out += c;
  }
  out += q;
  return out;
}

}  // namespace

std::string QuoteIdentifier(SqlDialect d, std::string_view name) { return Quote(d, name, '"'); }

std::string QuoteText(SqlDialect d, std::string_view text) { return Quote(d, text, '\''); }

std::string DoubleLiteral(SqlDialect d, double x) {
  if (x == 0) x = 0;  // no "-0"
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  // DuckDB reads 0.1 as a DECIMAL and PostgreSQL as a NUMERIC, whose arithmetic is
  // not the double arithmetic the engine does; a string cast is parsed correctly rounded.
  switch (d) {
    case SqlDialect::kDuckDb: return std::string("CAST('") + buf + "' AS DOUBLE)";
    case SqlDialect::kPostgres: return std::string("CAST('") + buf + "' AS DOUBLE PRECISION)";
    case SqlDialect::kClickHouse: return std::string("toFloat64('") + buf + "')";
  }
  return buf;
}

std::string ToDouble(SqlDialect d, const std::string& expr) {
  switch (d) {
    case SqlDialect::kDuckDb: return "CAST(" + expr + " AS DOUBLE)";
    case SqlDialect::kPostgres: return "CAST(" + expr + " AS DOUBLE PRECISION)";
    case SqlDialect::kClickHouse: return "toFloat64(" + expr + ")";
  }
  return expr;
}

std::string EpochDay(SqlDialect d, const std::string& ts) {
  switch (d) {
    case SqlDialect::kDuckDb: return "date_diff('day', DATE '1970-01-01', CAST(" + ts + " AS DATE))";
    case SqlDialect::kPostgres: return "(CAST(" + ts + " AS DATE) - DATE '1970-01-01')";
    case SqlDialect::kClickHouse: return "toInt64(floor(toUnixTimestamp64Milli(" + ts + ") / 86400000))";
  }
  return ts;
}

std::string TruncToMillis(SqlDialect d, const std::string& ts) {
  switch (d) {
    case SqlDialect::kDuckDb: return "date_trunc('millisecond', " + ts + ")";
    case SqlDialect::kPostgres: return "date_trunc('milliseconds', " + ts + ")";
    case SqlDialect::kClickHouse: return "toUnixTimestamp64Milli(" + ts + ")";
  }
  return ts;
}

std::string Power(SqlDialect d, const std::string& base, const std::string& exponent) {
  return std::string(d == SqlDialect::kClickHouse ? "pow(" : "power(") + base + ", " + exponent + ")";
}

std::string NaturalLog(SqlDialect d, const std::string& x) {
  return std::string(d == SqlDialect::kClickHouse ? "log(" : "ln(") + x + ")";
}

const char* CteAs(SqlDialect d) { return d == SqlDialect::kPostgres ? "AS MATERIALIZED" : "AS"; }

std::string ByteOrder(SqlDialect d, const std::string& expr) {
  // DuckDB and ClickHouse compare strings by their bytes unless told otherwise;
  // PostgreSQL follows the database's collation unless it is "C".
  return d == SqlDialect::kPostgres ? expr + " COLLATE \"C\"" : expr;
}

}  // namespace ces
