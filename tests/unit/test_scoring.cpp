// One test per rule of spec section 3 (and the row rules of section 4), each on a
// tiny file whose expected numbers are worked out by hand in the comments.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/base/number_format.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::LineOf;
using ces_test::Score;
using ces_test::SplitLines;

namespace {

// An events model over columns id,t,e,v,seg with `activities` and `extra` fields.
std::string M(const std::string& activities, const std::string& extra = "", const std::string& data_extra = "") {
  return R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t","event":"e","segment":"seg")" +
         data_extra + R"(},"activities":[)" + activities + "]" + extra + "}";
}

std::string Raw(const ces_test::Scored& s, const std::string& id) {
  auto line = LineOf(s.csv, id);
  // customer,score,raw,...
  size_t a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
  return line.substr(b + 1, c - b - 1);
}
std::string ScoreOf(const ces_test::Scored& s, const std::string& id) {
  auto line = LineOf(s.csv, id);
  size_t a = line.find(','), b = line.find(',', a + 1);
  return line.substr(a + 1, b - a - 1);
}
std::string TierOf(const ces_test::Scored& s, const std::string& id) {
  auto line = LineOf(s.csv, id);
  size_t p = 0;
  for (int i = 0; i < 3; ++i) p = line.find(',', p) + 1;
  return line.substr(p, line.find(',', p) - p);
}

const char* kHeader = "id,t,e,v,seg\n";

}  // namespace

TEST_CASE("count: events in the window 0 <= age < days; after as_of never") {
  // as_of 2024-01-10, 5 days: window is 01-06 .. 01-10.
  std::string data = std::string(kHeader) +
                     "a,2024-01-10,x,,\n"   // age 0: in
                     "a,2024-01-06,x,,\n"   // age 4: in
                     "a,2024-01-05,x,,\n"   // age 5: out
                     "a,2024-01-11,x,,\n";  // age -1: out
  auto s = Score(M(R"({"name":"N","weight":1})", R"(,"window":{"days":5,"as_of":"2024-01-10"},"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  CHECK(Raw(s, "a") == "2");
}

TEST_CASE("as_of auto is the latest day among valid rows; a row error does not move it") {
  std::string data = std::string(kHeader) +
                     "a,2024-01-10T12:00:00Z,x,,\n"
                     ",2024-03-01,x,,\n"             // empty id: row error, its date does not count
                     "b,2024-01-08,x,,\n";
  auto s = Score(M(R"({"name":"N","weight":1})", R"(,"window":{"days":3},"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  REQUIRE(s.session->table().as_of.has_value());
  CHECK(FormatDate(*s.session->table().as_of) == "2024-01-10");
  CHECK(Raw(s, "a") == "1");
  CHECK(Raw(s, "b") == "1");  // age 2 < 3
}

TEST_CASE("count with a half-life: each event is worth 0.5^(age/half_life) by whole UTC days") {
  // as_of 2024-01-15. Ages: 0, 7, 14 (two events that day), and one late in the day
  // at 23:59 with -01:00 offset, which is 00:59 UTC the next day (age 13).
  std::string data = std::string(kHeader) +
                     "a,2024-01-15T23:00:00Z,x,,\n"
                     "a,2024-01-08,x,,\n"
                     "a,2024-01-01T00:00:00Z,x,,\n"
                     "a,2024-01-01T20:00:00Z,x,,\n"
                     "a,2024-01-01T23:59:00-01:00,x,,\n";
  auto s = Score(M(R"({"name":"N","weight":1,"half_life_days":7})", R"(,"window":{"days":30},"scale":{"method":"raw"})"),
                 data);
  REQUIRE(s.ok);
  double expected = 1 + 0.5 + 0.25 + 0.25 + std::pow(0.5, 13.0 / 7);
  CHECK(Raw(s, "a") == FormatNumber(RoundTo6(expected)));
  CHECK(Raw(s, "a") == "2.276022");
}

TEST_CASE("sum: the column over matching events in the window; empty cells are not counted") {
  std::string data = std::string(kHeader) +
                     "a,2024-01-10,buy,10.5,\n"
                     "a,2024-01-09,buy,,\n"          // empty: not counted, not an error
                     "a,2024-01-09,buy,\"1,000\",\n"  // thousands separator
                     "a,2024-01-09,view,oops,\n"     // not a purchase: its value is never read
                     "a,2023-01-01,buy,99,\n";       // outside the window
  auto s = Score(M(R"({"name":"S","events":["buy"],"measure":"sum","column":"v","weight":1})",
                   R"(,"window":{"days":30},"scale":{"method":"raw"})"),
                 data);
  REQUIRE(s.ok);
  CHECK(Raw(s, "a") == "1010.5");
  CHECK(s.session->dataset().row_errors == 0);
}

TEST_CASE("sum with a half-life multiplies each value by its decay") {
  std::string data = std::string(kHeader) + "a,2024-01-10,buy,8,\n" + "a,2024-01-08,buy,8,\n";
  auto s = Score(M(R"({"name":"S","measure":"sum","column":"v","weight":1,"half_life_days":2})",
                   R"(,"scale":{"method":"raw"})"),
                 data);
  REQUIRE(s.ok);
  CHECK(Raw(s, "a") == "12");  // 8 + 8 * 0.5
}

TEST_CASE("without an event column, sum and distinct_values read every row") {
  std::string model = R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t"},
    "activities":[{"name":"S","measure":"sum","column":"v","weight":1},
                  {"name":"D","measure":"distinct_values","column":"w","weight":1}],"scale":{"method":"raw"}})";
  auto s = Score(model, "id,t,v,w\na,2024-01-10,2.5,x\na,2024-01-09,1,y\n");
  REQUIRE(s.ok);
  CHECK(LineOf(s.csv, "a") == "a,5.5,5.5,,,3.5,3.5,2,2");
}

TEST_CASE("a bad number in a column an activity reads is a row error naming line and column") {
  std::string data = std::string(kHeader) + "a,2024-01-10,buy,12x,\n" + "b,2024-01-10,buy,3,\n";
  auto s = Score(M(R"({"name":"S","events":["buy"],"measure":"sum","column":"v","weight":1})"), data);
  REQUIRE(s.ok);
  const Dataset& d = s.session->dataset();
  CHECK(d.row_errors == 1);
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].line == 2);
  CHECK(d.errors[0].message == "\"12x\" in column \"v\" is not a number");
  CHECK(LineOf(s.csv, "a").empty());  // a appears on no valid row: not scored
  CHECK(d.customer_count() == 1);
}

TEST_CASE("distinct_days counts days with a matching event in the window") {
  std::string data = std::string(kHeader) +
                     "a,2024-01-10T01:00:00Z,x,,\n"
                     "a,2024-01-10T22:00:00Z,y,,\n"
                     "a,2024-01-09,x,,\n"
                     "a,2024-01-01,x,,\n"    // outside 5 days
                     "a,2024-01-08,z,,\n";   // not a matching event
  auto s = Score(M(R"({"name":"D","events":["x","y"],"measure":"distinct_days","weight":1})",
                   R"(,"window":{"days":5},"scale":{"method":"raw"})"),
                 data);
  REQUIRE(s.ok);
  CHECK(Raw(s, "a") == "2");
}

TEST_CASE("distinct_values: distinct non-empty texts, exact after trimming, in the window") {
  std::string data = std::string(kHeader) +
                     "a,2024-01-10,f,export,\n"
                     "a,2024-01-09,f, export ,\n"   // same after trimming
                     "a,2024-01-09,f,Export,\n"     // different: exact match
                     "a,2024-01-09,f,,\n"           // empty: not counted
                     "a,2024-01-09,g,other,\n"      // event not matching
                     "a,2023-06-01,f,old,\n"        // outside the window
                     "b,2024-01-10,f,export,\n";
  auto s = Score(M(R"({"name":"F","events":["f"],"measure":"distinct_values","column":"v","weight":1})",
                   R"(,"window":{"days":30},"scale":{"method":"raw"})"),
                 data);
  REQUIRE(s.ok);
  CHECK(Raw(s, "a") == "2");
  CHECK(Raw(s, "b") == "1");
}

TEST_CASE("days_since_last: the smallest age >= 0 of any matching event, in or out of the window; none = window.days") {
  std::string data = std::string(kHeader) +
                     "a,2024-01-10,x,,\n"
                     "b,2023-01-01,x,,\n"   // far outside the window still counts
                     "b,2024-02-01,x,,\n"   // after as_of: ignored
                     "c,2024-01-05,y,,\n";  // no matching event at all
  auto s = Score(M(R"({"name":"L","events":["x"],"measure":"days_since_last","weight":1})",
                   R"(,"window":{"days":30,"as_of":"2024-01-10"},"scale":{"method":"raw"})"),
                 data);
  REQUIRE(s.ok);
  CHECK(Raw(s, "a") == "0");
  CHECK(Raw(s, "b") == "374");  // 2023-01-01 .. 2024-01-10
  CHECK(Raw(s, "c") == "30");
}

TEST_CASE("customers with no matching events are scored with zero counts") {
  std::string data = std::string(kHeader) + "a,2024-01-10,x,,\n" + "b,2024-01-10,y,,\n";
  auto s = Score(M(R"({"name":"X","events":["x"],"weight":5})", R"(,"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  CHECK(LineOf(s.csv, "b") == "b,0,0,,,0,0");
}

TEST_CASE("cap limits the measure before the transform; log and sqrt keep the sign") {
  std::string data = std::string(kHeader) + "a,2024-01-10,x,-8,\n" + "a,2024-01-10,x,-1,\n" + "b,2024-01-10,x,100,\n";
  auto s = Score(M(R"({"name":"L","measure":"sum","column":"v","weight":1,"transform":"log"},
                     {"name":"Q","measure":"sum","column":"v","weight":1,"transform":"sqrt","cap":16},
                     {"name":"C","measure":"count","weight":1,"cap":1.5})",
                   R"(,"scale":{"method":"raw"})"),
                 data);
  REQUIRE(s.ok);
  // a: sum -9 -> log: -ln(10); sqrt: -3; count 2 capped at 1.5; raw -2.302585 - 3 + 1.5
  CHECK(LineOf(s.csv, "a") == "a,-3.802585,-3.802585,,,-2.302585,-2.302585,-3,-3,1.5,1.5");
  // b: sum 100 -> ln(101); capped at 16 -> 4; count 1
  CHECK(LineOf(s.csv, "b") == "b,9.615121,9.615121,,,4.615121,4.615121,4,4,1,1");
}

TEST_CASE("points = weight x value; raw is their sum rounded to 6 decimals; equal raws tie") {
  // 0.1 + 0.2 != 0.3 in binary, but both raws print 0.3 and so tie in the percentile.
  std::string data = std::string(kHeader) + "a,2024-01-10,x,0.1,\n" + "a,2024-01-10,y,0.2,\n" + "b,2024-01-10,x,0.3,\n";
  auto s = Score(M(R"({"name":"X","events":["x"],"measure":"sum","column":"v","weight":1},
                     {"name":"Y","events":["y"],"measure":"sum","column":"v","weight":1})"),
                 data);
  REQUIRE(s.ok);
  CHECK(Raw(s, "a") == "0.3");
  CHECK(ScoreOf(s, "a") == "50");
  CHECK(ScoreOf(s, "b") == "50");
}

TEST_CASE("scales: raw, minmax, percentile with ties, target") {
  // Raw scores: a 10, b 20, c 20, d 40 (counts times 10).
  std::string data = std::string(kHeader) + "a,2024-01-10,x,,\n" + "b,2024-01-10,x,,\nb,2024-01-10,x,,\n" +
                     "c,2024-01-10,x,,\nc,2024-01-10,x,,\n" + "d,2024-01-10,x,,\nd,2024-01-10,x,,\nd,2024-01-10,x,,\nd,2024-01-10,x,,\n";
  auto run = [&](const std::string& scale) { return Score(M(R"({"name":"X","weight":10})", ",\"scale\":" + scale), data); };
  auto raw = run(R"({"method":"raw"})");
  CHECK(ScoreOf(raw, "d") == "40");
  auto minmax = run(R"({"method":"minmax"})");
  CHECK(ScoreOf(minmax, "a") == "0");
  CHECK(ScoreOf(minmax, "b") == "33.333333");
  CHECK(ScoreOf(minmax, "d") == "100");
  auto pct = run(R"({"method":"percentile"})");
  CHECK(ScoreOf(pct, "a") == "12.5");   // 100 * (0 + 0.5) / 4
  CHECK(ScoreOf(pct, "b") == "50");     // 100 * (1 + 0.5 * 2) / 4
  CHECK(ScoreOf(pct, "c") == "50");
  CHECK(ScoreOf(pct, "d") == "87.5");   // 100 * (3 + 0.5) / 4
  auto target = run(R"({"method":"target","target":30})");
  CHECK(ScoreOf(target, "a") == "33.333333");
  CHECK(ScoreOf(target, "d") == "100");  // clamped
  std::string neg = std::string(kHeader) + "a,2024-01-10,x,,\n";
  CHECK(ScoreOf(Score(M(R"({"name":"X","weight":-3})", R"(,"scale":{"method":"target","target":5})"), neg), "a") == "0");
}

TEST_CASE("the score is used as printed: rounded to 6 decimals before tiers and order") {
  // minmax of the top customer is 100*(max-min)/(max-min), which in binary can be
  // 99.99999999999999; it prints 100, so it must be in the tier for 100, not "below 100".
  std::string data = std::string(kHeader) + "a,2024-01-10,x,0.1,\n" + "b,2024-01-10,x,0.3,\n" + "c,2024-01-10,x,0.8,\n";  // 100*(0.8-0.1)/(0.8-0.1) = 99.99999999999999
  auto s = Score(M(R"({"name":"S","measure":"sum","column":"v","weight":1})",
                   R"(,"scale":{"method":"minmax"},"tiers":[{"name":"Low","below":100},{"name":"Top"}])"),
                 data);
  REQUIRE(s.ok);
  CHECK(ScoreOf(s, "c") == "100");
  CHECK(TierOf(s, "c") == "Top");
  // Scores that print the same are ordered by id, whatever their binary tails.
  // Raws 0.000002 (b) and 0.000001 (a) give scores 2e-7 and 1e-7: both print 0.
  std::string tiny = std::string(kHeader) + "b,2024-01-10,x,0.000002,\n" + "a,2024-01-10,x,0.000001,\n";
  auto t = Score(M(R"({"name":"S","measure":"sum","column":"v","weight":1})",
                   R"(,"scale":{"method":"target","target":1000})"), tiny);
  auto lines = SplitLines(t.csv);
  CHECK(lines[1].rfind("a,0,", 0) == 0);
  CHECK(lines[2].rfind("b,0,", 0) == 0);
}

TEST_CASE("minmax with every raw equal gives 50") {
  std::string data = std::string(kHeader) + "a,2024-01-10,x,,\n" + "b,2024-01-10,x,,\n";
  auto s = Score(M(R"({"name":"X","weight":1})", R"(,"scale":{"method":"minmax"})"), data);
  CHECK(ScoreOf(s, "a") == "50");
  CHECK(ScoreOf(s, "b") == "50");
}

TEST_CASE("tiers: the first whose below is greater than the score; a score equal to a bound goes up") {
  std::string data = std::string(kHeader);
  for (int i = 1; i <= 4; ++i)
    for (int k = 0; k < i; ++k) data += "c" + std::to_string(i) + ",2024-01-10,x,,\n";
  // raw scores 10, 20, 30, 40 with the raw scale
  auto s = Score(M(R"({"name":"X","weight":10})",
                   R"(,"scale":{"method":"raw"},"tiers":[{"name":"Low","below":20},{"name":"Mid","below":40},{"name":"Top"}])"),
                 data);
  REQUIRE(s.ok);
  CHECK(TierOf(s, "c1") == "Low");
  CHECK(TierOf(s, "c2") == "Mid");  // 20 is not below 20
  CHECK(TierOf(s, "c3") == "Mid");
  CHECK(TierOf(s, "c4") == "Top");  // 40 is not below 40: the last tier
  auto& counts = s.session->table().tier_counts;
  CHECK(counts == std::vector<uint64_t>{1, 2, 1});
  auto with_bounded_last = Score(M(R"({"name":"X","weight":10})",
                                   R"(,"scale":{"method":"raw"},"tiers":[{"name":"Low","below":20},{"name":"Top","below":25}])"),
                                 data);
  CHECK(TierOf(with_bounded_last, "c4") == "Top");  // no tier's bound is above it: the last
}

TEST_CASE("segment: the last non-empty value among the customer's valid rows, in file order") {
  std::string data = std::string(kHeader) + "a,2024-01-10,x,,free\n" + "a,2024-01-01,x,,pro\n" + "a,2024-01-05,x,,\n" +
                     "a,2024-01-05,x,bad,team\n";  // a row error: skipped entirely
  auto s = Score(M(R"({"name":"X","measure":"sum","column":"v","weight":1})"), data);
  REQUIRE(s.ok);
  CHECK(LineOf(s.csv, "a").find(",pro,") != std::string::npos);
}

TEST_CASE("customer ids are trimmed and compared exactly; output sorted by score, then id in byte order") {
  std::string data = std::string(kHeader) + " b ,2024-01-10,x,,\n" + "b,2024-01-10,x,,\n" + "B,2024-01-10,x,,\n" +
                     "a,2024-01-10,x,,\n" + "\xC3\xA9,2024-01-10,x,,\n" + "_,2024-01-10,x,,\n";
  auto s = Score(M(R"({"name":"X","weight":1})", R"(,"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  auto lines = SplitLines(s.csv);
  REQUIRE(lines.size() == 6);
  CHECK(lines[1].rfind("b,2,", 0) == 0);
  CHECK(lines[2].rfind("B,1,", 0) == 0);  // 'B' < '_' < 'a' < 'é' in byte order
  CHECK(lines[3].rfind("_,1,", 0) == 0);
  CHECK(lines[4].rfind("a,1,", 0) == 0);
  CHECK(lines[5].rfind("\xC3\xA9,1,", 0) == 0);
}

TEST_CASE("row errors: empty id, bad timestamp, wrong field count; lines are physical; all counted, 100 listed") {
  std::string data = std::string(kHeader) +
                     "a,2024-01-10,x,\"multi\nline\",\n"  // lines 2-3
                     ",2024-01-10,x,,\n"                  // line 4
                     "b,31/31/2024,x,,\n"                 // line 5
                     "c,2024-01-10,x\n"                   // line 6
                     "d,2024-01-10,x,,,extra\n";          // line 7
  for (int i = 0; i < 150; ++i) data += "e,never,x,,\n";
  auto s = Score(M(R"({"name":"X","weight":1})"), data);
  REQUIRE(s.ok);
  const Dataset& d = s.session->dataset();
  CHECK(d.rows == 155);
  CHECK(d.row_errors == 154);
  REQUIRE(d.errors.size() == 100);
  CHECK(d.errors[0].line == 4);
  CHECK(d.errors[0].message == "the customer id (column \"id\") is empty");
  CHECK(d.errors[1].line == 5);
  CHECK(d.errors[1].message.find("the timestamp \"31/31/2024\" is not a valid date") == 0);
  CHECK(d.errors[2].line == 6);
  CHECK(d.errors[2].message == "has 3 fields but the header has 5");
  CHECK(d.errors[3].line == 7);
  CHECK(d.errors[4].line == 8);
  CHECK(d.customer_count() == 1);
}

TEST_CASE("columns match exactly after trimming, else by a unique case-insensitive name, else the model is refused") {
  std::string data = " ID , T ,E,v,seg\na,2024-01-10,x,,\n";
  auto ok = Score(M(R"({"name":"X","weight":1})"), data);
  CHECK(ok.ok);
  auto missing = Score(R"({"ces_model":1,"data":{"shape":"events","customer":"user","time":"t"},"activities":[{"name":"X","weight":1}]})",
                       data);
  REQUIRE_FALSE(missing.ok);
  CHECK(missing.errors[0] == "line 1: data.customer: column \"user\" is not in the file");
  CHECK(missing.errors.back().find("the file's columns are: \"ID\", \"T\", \"E\", \"v\", \"seg\"") == 0);
  auto ambiguous = Score(M(R"({"name":"X","weight":1})"), "id,T,t2,Id,e,v,seg\na,2024-01-10,,,x,,\n");
  CHECK(ambiguous.ok);  // "id" matches exactly: no ambiguity
  auto twice = Score(M(R"({"name":"X","weight":1})"), "ID,t,Id,e,v,seg\na,2024-01-10,b,x,,\n");
  REQUIRE_FALSE(twice.ok);
  CHECK(twice.errors[0].find("column \"id\" is ambiguous") != std::string::npos);
}

TEST_CASE("slash dates: the file decides the order, earlier ambiguous rows follow it") {
  // 01/02/2024 is ambiguous until 25/01/2024 shows day-first: it is then 1 February.
  std::string data = std::string(kHeader) + "a,01/02/2024,x,,\n" + "b,25/01/2024,x,,\n" + "c,01/13/2024,x,,\n";
  auto s = Score(M(R"({"name":"L","measure":"days_since_last","weight":1})", R"(,"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  const Dataset& d = s.session->dataset();
  CHECK(d.date_order == DateOrder::kDayFirst);
  CHECK(d.date_order_line == 3);
  CHECK(FormatDate(*s.session->table().as_of) == "2024-02-01");
  CHECK(Raw(s, "a") == "0");
  CHECK(Raw(s, "b") == "7");
  CHECK(d.row_errors == 1);  // 01/13/2024 cannot be day-first
  CHECK(d.errors[0].line == 4);
}

TEST_CASE("slash dates the file never decides are read month-first with a warning") {
  std::string data = std::string(kHeader) + "a,01/02/2024,x,,\n" + "b,03/04/2024 10:00,x,,\n";
  auto s = Score(M(R"({"name":"L","measure":"days_since_last","weight":1})", R"(,"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  CHECK(s.session->dataset().date_order_assumed);
  CHECK(FormatDate(*s.session->table().as_of) == "2024-03-04");
  CHECK(Raw(s, "a") == "62");  // 2024-01-02 .. 2024-03-04
  REQUIRE_FALSE(s.session->dataset().warnings.empty());
  CHECK(s.session->dataset().warnings[0].find("month-first") != std::string::npos);
}

TEST_CASE("customers shape: value per row; empty is 0; repeated ids are added with a warning") {
  std::string model = R"({"ces_model":1,"data":{"shape":"customers","customer":"email","segment":"plan"},
    "activities":[{"name":"Orders","column":"orders","weight":2},{"name":"Spend","column":"spend","weight":0.5}],
    "scale":{"method":"raw"}})";
  std::string data =
      "email;orders;spend;plan\n"
      "a@x.com;3;1234,50;pro\n"
      " a@x.com ;1;;\n"           // merged with the first (trimmed); empty spend = 0
      "b@x.com;;€ 10,5;free\n"
      "c@x.com;two;1;free\n";     // row error
  auto s = Score(model, data);
  REQUIRE(s.ok);
  CHECK(LineOf(s.csv, "a@x.com") == "a@x.com,625.25,625.25,,pro,4,8,1234.5,617.25");
  CHECK(LineOf(s.csv, "b@x.com") == "b@x.com,5.25,5.25,,free,0,0,10.5,5.25");
  const Dataset& d = s.session->dataset();
  CHECK(d.row_errors == 1);
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0] == "1 customer id appears on several rows; their values were added together");
}

TEST_CASE("a file that is not UTF-8 is read as Windows-1252: ids, segments and event names decoded") {
  std::string data = std::string(kHeader) + "ren\xE9,2024-01-10,caf\xE9,,Fran\xE7" "ais\n";
  auto s = Score(M(R"({"name":"Coffee","events":["caf\u00e9"],"weight":1})", R"(,"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  CHECK(LineOf(s.csv, "ren\xC3\xA9") == "ren\xC3\xA9,1,1,,Fran\xC3\xA7" "ais,1,1");
  REQUIRE(s.session->dataset().warnings.size() == 1);
  CHECK(s.session->dataset().warnings[0] ==
        "the file is not valid UTF-8 (first at line 2), so it was read as Windows-1252");
}

TEST_CASE("text cells are quoted and guarded against formulas; numbers are not") {
  std::string data = std::string(kHeader) + "\"=SUM(A1)\",2024-01-10,x,,\"a,b\"\n" + "-12,2024-01-10,x,,\n" +
                     "+1 555,2024-01-10,x,,\"say \"\"hi\"\"\"\n" + "@me,2024-01-10,x,,\n";
  auto s = Score(M(R"({"name":"X, the \"count\"","weight":-1})", R"(,"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  auto lines = SplitLines(s.csv);
  CHECK(lines[0] == "customer,score,raw,tier,segment,\"X, the \"\"count\"\" value\",\"X, the \"\"count\"\" points\"");
  CHECK(s.csv.find("\n'=SUM(A1),-1,-1,,\"a,b\",1,-1\n") != std::string::npos);
  CHECK(s.csv.find("\n-12,-1,") != std::string::npos);  // a number: not guarded
  CHECK(s.csv.find("\n'+1 555,-1,-1,,\"say \"\"hi\"\"\",") != std::string::npos);
  CHECK(s.csv.find("\n'@me,") != std::string::npos);
}

TEST_CASE("epoch seconds and milliseconds and explicit formats") {
  std::string data = std::string(kHeader) + "a,1704844800,x,,\n" + "b,1704758400000,x,,\n";  // 2024-01-10, 2024-01-09
  auto s = Score(M(R"({"name":"L","measure":"days_since_last","weight":1})", R"(,"scale":{"method":"raw"})"), data);
  REQUIRE(s.ok);
  CHECK(Raw(s, "a") == "0");
  CHECK(Raw(s, "b") == "1");
  auto fixed = Score(M(R"({"name":"X","weight":1})", "", R"(,"time_format":"iso8601")"), data);
  REQUIRE(fixed.ok);
  CHECK(fixed.session->dataset().row_errors == 2);
}

TEST_CASE("an empty file and a header-only file") {
  auto empty = Score(M(R"({"name":"X","weight":1})"), "");
  CHECK_FALSE(empty.ok);
  CHECK(empty.errors[0].find("the file is empty") == 0);
  auto header = Score(M(R"({"name":"X","weight":1})"), kHeader);
  REQUIRE(header.ok);
  CHECK(header.csv == "customer,score,raw,tier,segment,X value,X points\n");
}
