// The few things DuckDB, PostgreSQL and ClickHouse spell differently (spec v2 section 5).
// The query generator (sql_query.h) is written once against this table; a dialect is
// data plus a handful of one-line spellings, not a copy of the query.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace ces {

enum class SqlDialect { kDuckDb, kPostgres, kClickHouse };

// "duckdb", "postgres" or "clickhouse" (also "postgresql"); false for anything else.
bool ParseSqlDialect(std::string_view name, SqlDialect* out);
const char* SqlDialectName(SqlDialect d);

// Longest identifier in bytes the dialect keeps intact (0 = no limit that matters).
size_t MaxIdentifierBytes(SqlDialect d);

// An identifier as a name, whatever bytes it holds (quotes and backslashes escaped).
std::string QuoteIdentifier(SqlDialect d, std::string_view name);
// A text literal holding exactly `text`.
std::string QuoteText(SqlDialect d, std::string_view text);
// A double precision literal holding exactly `x` (finite), never a decimal type.
std::string DoubleLiteral(SqlDialect d, double x);
// `expr` converted to double precision.
std::string ToDouble(SqlDialect d, const std::string& expr);
// The UTC day of a timestamp, as an integer count of days since 1970-01-01.
std::string EpochDay(SqlDialect d, const std::string& timestamp);
// The timestamp cut to the millisecond (spec v2 1.5 compares instants to the millisecond).
std::string TruncToMillis(SqlDialect d, const std::string& timestamp);
// base ** exponent, both double precision.
std::string Power(SqlDialect d, const std::string& base, const std::string& exponent);
// Natural logarithm.
std::string NaturalLog(SqlDialect d, const std::string& x);
// What follows a CTE's name: PostgreSQL must be told to keep each stage whole; inlined,
// the stages' repeated references multiply into an expression exponentially large.
const char* CteAs(SqlDialect d);
// `expr` as an ORDER BY key that sorts text by its bytes.
std::string ByteOrder(SqlDialect d, const std::string& expr);

}  // namespace ces
