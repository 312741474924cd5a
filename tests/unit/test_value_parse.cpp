#include <doctest/doctest.h>

#include "engine/csv/value_parse.h"

using namespace ces;

namespace {
int32_t Day(const char* iso) {
  int32_t d = 0;
  REQUIRE(ParseIsoDate(iso, &d));
  return d;
}
int32_t Auto(const char* text) {
  ParsedTime t = ParseTimestamp(text, TimeFormat::kAuto);
  REQUIRE(t.kind == ParsedTime::kDay);
  return t.day;
}
bool Invalid(const char* text, TimeFormat f = TimeFormat::kAuto) {
  return ParseTimestamp(text, f).kind == ParsedTime::kInvalid;
}
double Num(const char* text, bool decimal_comma = false) {
  double v = -12345;
  REQUIRE(ParseNumber(text, decimal_comma, &v) == NumberStatus::kOk);
  return v;
}
NumberStatus NumStatus(const char* text, bool decimal_comma = false) {
  double v;
  return ParseNumber(text, decimal_comma, &v);
}
}  // namespace

TEST_CASE("calendar arithmetic") {
  CHECK(DaysFromCivil(1970, 1, 1) == 0);
  CHECK(DaysFromCivil(2000, 3, 1) == 11017);
  CHECK(DaysFromCivil(1969, 12, 31) == -1);
  CHECK(FormatDate(DaysFromCivil(2024, 2, 29)) == "2024-02-29");
  CHECK(IsValidDate(2024, 2, 29));
  CHECK_FALSE(IsValidDate(2023, 2, 29));
  CHECK_FALSE(IsValidDate(1900, 2, 29));
  CHECK(IsValidDate(2000, 2, 29));
  int32_t d;
  CHECK_FALSE(ParseIsoDate("2024-13-01", &d));
  CHECK_FALSE(ParseIsoDate("2024-1-01", &d));
}

TEST_CASE("ISO 8601 timestamps: separators, fractions, offsets move the UTC day") {
  CHECK(Auto("2024-03-01") == Day("2024-03-01"));
  CHECK(Auto("2024-03-01T10:00:00Z") == Day("2024-03-01"));
  CHECK(Auto("2024-03-01 10:00") == Day("2024-03-01"));
  CHECK(Auto("2024-03-01T10:00:00.123456Z") == Day("2024-03-01"));
  CHECK(Auto("  2024-03-01t23:59:59z ") == Day("2024-03-01"));
  CHECK(Auto("2024-03-01T23:30:00-01:00") == Day("2024-03-02"));  // 00:30 UTC next day
  CHECK(Auto("2024-03-01T23:30:00-0100") == Day("2024-03-02"));
  CHECK(Auto("2024-03-01T01:00:00+05:30") == Day("2024-02-29"));  // 19:30 UTC the day before
  CHECK(Auto("2024-03-01T05:30:00+05:30") == Day("2024-03-01"));  // exactly midnight UTC
  CHECK(Auto("2024-01-01T00:00:00+01:00") == Day("2023-12-31"));  // across a year
  CHECK(Auto("2024-03-05 22:22:10 -0500") == Day("2024-03-06"));  // Shopify's spelling
  CHECK(Auto("2024-03-05T22:22:10 +05:30") == Day("2024-03-05"));
  CHECK(Invalid("2024-03-05 22:22:10 Z"));
  CHECK(Invalid("2024-03-05 22:22:10  -0500"));
  CHECK(Invalid("2024-03-01T25:00:00"));
  CHECK(Invalid("2024-02-30"));
  CHECK(Invalid("2024-03-01T10:00:00+5"));
  CHECK(Invalid("2024-03-01X10:00"));
  CHECK(Invalid("yesterday"));
  CHECK(Invalid(""));
}

TEST_CASE("epoch seconds (9-10 digits) and milliseconds (12-13 digits) in auto mode") {
  CHECK(Auto("1709287200") == Day("2024-03-01"));      // 2024-03-01T10:00:00Z
  CHECK(Auto("1709287200000") == Day("2024-03-01"));
  CHECK(Auto("999999999") == Day("2001-09-09"));       // 9 digits
  CHECK(Auto("100000000000") == Day("1973-03-03"));    // 12 digits: ms
  CHECK(Invalid("12345678"));                          // 8 digits: neither
  CHECK(Invalid("12345678901"));                       // 11 digits: neither
  CHECK(Invalid("1709287200.5"));                      // not an integer
  ParsedTime t = ParseTimestamp("-86400.5", TimeFormat::kEpochSeconds);
  REQUIRE(t.kind == ParsedTime::kDay);
  CHECK(t.day == -2);                                   // floor, not truncation
  CHECK(ParseTimestamp("86400", TimeFormat::kEpochSeconds).day == 1);
  CHECK(ParseTimestamp("86399999", TimeFormat::kEpochMillis).day == 0);
  CHECK(Invalid("2024-03-01", TimeFormat::kEpochSeconds));
}

TEST_CASE("slash dates: auto leaves the order to the file; mdy and dmy fix it") {
  ParsedTime t = ParseTimestamp("3/4/2024 10:15", TimeFormat::kAuto);
  REQUIRE(t.kind == ParsedTime::kSlashDate);
  CHECK(t.first == 3);
  CHECK(t.second == 4);
  CHECK(t.year == 2024);
  CHECK(ParseTimestamp("3/4/2024", TimeFormat::kMdy).day == Day("2024-03-04"));
  CHECK(ParseTimestamp("3/4/2024", TimeFormat::kDmy).day == Day("2024-04-03"));
  CHECK(ParseTimestamp("12/31/2024 23:59:59", TimeFormat::kMdy).day == Day("2024-12-31"));
  CHECK(Invalid("12/31/2024", TimeFormat::kDmy));
  CHECK(Invalid("13/13/2024"));
  CHECK(Invalid("3/4/24"));                // four-digit years only
  CHECK(Invalid("3/4/2024 25:00"));
  CHECK(Invalid("3/4/2024 10:00 PM"));
  CHECK(Invalid("2024-03-01", TimeFormat::kMdy));
  CHECK(Invalid("3/4/2024", TimeFormat::kIso8601));
}

TEST_CASE("numbers: signs, exponents, currency, thousands, decimal commas") {
  CHECK(Num("12") == 12);
  CHECK(Num(" -3.5 ") == -3.5);
  CHECK(Num("+1e3") == 1000);
  CHECK(Num("2.5E-1") == 0.25);
  CHECK(Num(".5") == 0.5);
  CHECK(Num("5.") == 5);
  CHECK(Num("$12.50") == 12.5);
  CHECK(Num("-$12.50") == -12.5);
  CHECK(Num("$-12.50") == -12.5);
  CHECK(Num("\xE2\x82\xAC" "7") == 7);  // € UTF-8
  CHECK(Num("\xC2\xA3" "7") == 7);      // £ UTF-8
  CHECK(Num("\x80" "7") == 7);          // € Windows-1252
  CHECK(Num("1,234.50") == 1234.5);
  CHECK(Num("1,234,567") == 1234567);
  CHECK(Num("0.1") == 0.1);
  CHECK(Num("0.12345678901234567") == 0.12345678901234567);  // 17 digits: slow path, correctly rounded
  CHECK(Num("999999999999999.9") == 999999999999999.9);
  CHECK(Num("1234,50", true) == 1234.5);
  CHECK(Num("0,5", true) == 0.5);
  CHECK(Num("1,234", true) == 1.234);         // in ; files a lone comma is decimal
  CHECK(Num("1,234.5", true) == 1234.5);      // with a point, commas group thousands
  CHECK(NumStatus("1234,50") == NumberStatus::kInvalid);  // not in , files
  CHECK(NumStatus("12,34") == NumberStatus::kInvalid);    // bad grouping
  CHECK(NumStatus("1,2345") == NumberStatus::kInvalid);
  CHECK(NumStatus(",123") == NumberStatus::kInvalid);
  CHECK(NumStatus("") == NumberStatus::kEmpty);
  CHECK(NumStatus("   ") == NumberStatus::kEmpty);
  CHECK(NumStatus("abc") == NumberStatus::kInvalid);
  CHECK(NumStatus("NaN") == NumberStatus::kInvalid);
  CHECK(NumStatus("inf") == NumberStatus::kInvalid);
  CHECK(NumStatus("1e") == NumberStatus::kInvalid);
  CHECK(NumStatus("$") == NumberStatus::kInvalid);
  CHECK(NumStatus("12 €") == NumberStatus::kInvalid);       // trailing currency: not in the spec
  CHECK(NumStatus("1e16") == NumberStatus::kOutOfRange);
  CHECK(NumStatus("1e400") == NumberStatus::kOutOfRange);
  CHECK(NumStatus(std::string(300, '1').c_str()) == NumberStatus::kInvalid);
}
