// Model version 2 scoring rules (contract v2 section 1) and the score on a past date
// (section 2), each on a tiny file whose numbers are worked out by hand. The models
// are built in code from a v1 model, so these tests exercise scoring alone.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>

#include "engine/results/results_csv.h"
#include "engine/results/results_view.h"
#include "engine/score/scoring.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::LineOf;

namespace {

ScoreModel V2(const std::string& v1_json, const std::function<void(ScoreModel&)>& edit) {
  ScoreModel m = ces_test::Model(v1_json);
  m.version = 2;
  edit(m);
  return m;
}

std::string Cell(const std::string& csv, const std::string& id, size_t column) {
  std::string line = LineOf(csv, id);
  size_t p = 0;
  for (size_t i = 0; i < column; ++i) p = line.find(',', p) + 1;
  return line.substr(p, line.find(',', p) - p);
}

const char* kCustomersModel =
    R"({"ces_model":1,"data":{"shape":"customers","customer":"id","segment":"seg"},
        "activities":[{"name":"A","measure":"value","column":"a","weight":1},
                      {"name":"B","measure":"value","column":"b","weight":2}],
        "scale":{"method":"raw"}})";

}  // namespace

TEST_CASE("v2 bins: the first bin whose bound is above the value; a value equal to a bound goes up") {
  auto m = V2(R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t"},
                   "activities":[{"name":"Orders","measure":"count","weight":1}],"scale":{"method":"raw"}})",
              [](ScoreModel& m) {
                m.activities[0].bins = {{1.0, 0}, {5.0, 10}, {std::nullopt, 25}};
              });
  std::string data = "id,t\na,2024-01-01\n";  // a: 1 order -> 10
  for (int i = 0; i < 5; ++i) data += "b,2024-01-01\n";  // b: 5 -> 25
  for (int i = 0; i < 4; ++i) data += "c,2024-01-01\n";  // c: 4 -> 10
  auto s = ces_test::Score(m, data);
  REQUIRE(s.ok);
  CHECK(LineOf(s.csv, "a") == "a,10,10,,,1,10");
  CHECK(LineOf(s.csv, "b") == "b,25,25,,,5,25");
  CHECK(LineOf(s.csv, "c") == "c,10,10,,,4,10");
}

TEST_CASE("v2 missing: zero, mean (before cap, over the customers with a value) and skip") {
  const std::string data = "id,a,b,seg\nx,10,1,\ny,,1,\nz,30,1,\ny,,2,\n";
  SUBCASE("zero") {
    auto s = ces_test::Score(V2(kCustomersModel, [](ScoreModel&) {}), data);
    REQUIRE(s.ok);
    CHECK(LineOf(s.csv, "y") == "y,6,6,,,0,0,3,6");
  }
  SUBCASE("mean before cap") {
    auto s = ces_test::Score(V2(kCustomersModel, [](ScoreModel& m) {
                               m.activities[0].missing = Missing::kMean;  // (10 + 30) / 2 = 20
                               m.activities[0].cap = 15;
                             }),
                             data);
    REQUIRE(s.ok);
    CHECK(LineOf(s.csv, "y") == "y,21,21,,,15,15,3,6");
    CHECK(LineOf(s.csv, "x") == "x,12,12,,,10,10,1,2");
    bool warned = false;
    for (const auto& w : s.session->table().warnings) warned |= w.find("1 customer has no value") != std::string::npos;
    CHECK(warned);
  }
  SUBCASE("skip: empty cells, no points") {
    auto s = ces_test::Score(V2(kCustomersModel, [](ScoreModel& m) { m.activities[0].missing = Missing::kSkip; }),
                             data);
    REQUIRE(s.ok);
    CHECK(LineOf(s.csv, "y") == "y,6,6,,,,,3,6");
  }
}

TEST_CASE("v2 groups: sub-scores, a skipped activity leaves its group, no group present") {
  // Usage = A (skip when empty), Support = B; both raw-scaled; weights 3 and 1.
  auto model = V2(kCustomersModel, [](ScoreModel& m) {
    m.activities[0].missing = Missing::kSkip;
    m.activities[1].missing = Missing::kSkip;
    m.activities[0].group = "Usage";
    m.activities[1].group = "Support";
    m.groups = {{"Usage", 3, std::nullopt}, {"Support", 1, std::nullopt}};
  });
  const std::string data = "id,a,b,seg\nx,10,2,\ny,,5,\nz,,,\n";
  auto s = ces_test::Score(model, data);
  REQUIRE(s.ok);
  // x: Usage 10, Support 4 -> (3*10 + 1*4) / 4 = 8.5
  CHECK(LineOf(s.csv, "x") == "x,8.5,8.5,,,10,10,4,4,10,10,2,4");
  // y: Usage absent -> Support alone: 10
  CHECK(LineOf(s.csv, "y") == "y,10,10,,,,,10,10,,,5,10");
  // z: no group present -> 0, empty group cells
  CHECK(LineOf(s.csv, "z") == "z,0,0,,,,,,,,,,");
  CHECK(s.csv.substr(0, s.csv.find('\n')) ==
        "customer,score,raw,tier,segment,Usage points,Usage score,Support points,Support score,A value,A points,B value,B points");
  bool warned = false;
  for (const auto& w : s.session->table().warnings) warned |= w.find("1 customer has no group present") == 0;
  CHECK(warned);
  // Each group's mean over the customers it is present for: Usage x only, Support x and y.
  const std::vector<double> means = GroupMeans(s.session->table());
  REQUIRE(means.size() == 2);
  CHECK(means[0] == 10);
  CHECK(means[1] == 7);
}

TEST_CASE("v2 groups: each group scaled over the customers for whom it is present") {
  auto model = V2(kCustomersModel, [](ScoreModel& m) {
    m.activities[0].missing = Missing::kSkip;
    m.activities[0].group = "Usage";
    m.activities[1].group = "Support";
    m.scale.method = ScaleMethod::kPercentile;
    ScaleSpec target;
    target.method = ScaleMethod::kTarget;
    target.target = 10;
    m.groups = {{"Usage", 1, std::nullopt}, {"Support", 1, target}};
  });
  const std::string data = "id,a,b,seg\nx,10,1,\ny,,5,\nz,20,10,\n";
  auto s = ces_test::Score(model, data);
  REQUIRE(s.ok);
  // Usage percentile over x and z only: x 25, z 75. Support target 10 on 2*b: x 20, y 100, z 100.
  CHECK(Cell(s.csv, "x", 6) == "25");
  CHECK(Cell(s.csv, "z", 6) == "75");
  CHECK(Cell(s.csv, "x", 8) == "20");
  CHECK(Cell(s.csv, "y", 8) == "100");
  CHECK(Cell(s.csv, "x", 1) == "22.5");
  CHECK(Cell(s.csv, "y", 1) == "100");
  CHECK(Cell(s.csv, "z", 1) == "87.5");
}

TEST_CASE("v2 scaling within segments: percentile, minmax, per-segment targets") {
  const std::string data = "id,a,b,seg\np,1,0,pro\nq,2,0,pro\nr,3,0,pro\nf,100,0,free\ng,200,0,free\nn,5,0,\n";
  SUBCASE("percentile") {
    auto s = ces_test::Score(V2(kCustomersModel, [](ScoreModel& m) {
                               m.scale.method = ScaleMethod::kPercentile;
                               m.scale.by_segment = true;
                             }),
                             data);
    REQUIRE(s.ok);
    CHECK(Cell(s.csv, "p", 1) == "16.666667");
    CHECK(Cell(s.csv, "r", 1) == "83.333333");
    CHECK(Cell(s.csv, "f", 1) == "25");
    CHECK(Cell(s.csv, "n", 1) == "50");  // alone in the empty segment
  }
  SUBCASE("minmax") {
    auto s = ces_test::Score(V2(kCustomersModel, [](ScoreModel& m) {
                               m.scale.method = ScaleMethod::kMinMax;
                               m.scale.by_segment = true;
                             }),
                             data);
    REQUIRE(s.ok);
    CHECK(Cell(s.csv, "q", 1) == "50");
    CHECK(Cell(s.csv, "g", 1) == "100");
    CHECK(Cell(s.csv, "n", 1) == "50");  // max = min
    // the results order is by score, then id: g and r... r (100) before g? both 100 -> g first by id
    CHECK(s.csv.find("\ng,") < s.csv.find("\nr,"));
  }
  SUBCASE("target_by_segment") {
    auto s = ces_test::Score(V2(kCustomersModel, [](ScoreModel& m) {
                               m.scale.method = ScaleMethod::kTarget;
                               m.scale.target = 4;
                               m.scale.target_by_segment = {{"free", 400}};
                             }),
                             data);
    REQUIRE(s.ok);
    CHECK(Cell(s.csv, "q", 1) == "50");
    CHECK(Cell(s.csv, "f", 1) == "25");
    CHECK(Cell(s.csv, "n", 1) == "100");
  }
}

TEST_CASE("v2 segment and carried values: the latest row by time in events, file order in v1") {
  const char* v1 = R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t","segment":"plan"},
                      "activities":[{"name":"N","measure":"count","weight":1}],"scale":{"method":"raw"}})";
  // Newest first, as many exports are written.
  const std::string data =
      "id,t,plan,owner\n"
      "a,2024-03-01T10:00:00.250Z,pro,ann\n"
      "a,2024-03-01T10:00:00.100Z,starter,bob\n"
      "a,2024-02-01,free,\n"
      "b,2024-01-01T00:00:00+01:00,x,\n"  // 2023-12-31T23:00Z
      "b,2023-12-31T23:00:00Z,y,\n";      // same instant, later line: y
  auto v1m = ces_test::Model(v1);
  auto s1 = ces_test::Score(v1m, data);
  REQUIRE(s1.ok);
  CHECK(Cell(s1.csv, "a", 4) == "free");
  auto s2 = ces_test::Score(V2(v1, [](ScoreModel& m) { m.data.carry = {"owner"}; }), data);
  REQUIRE(s2.ok);
  CHECK(LineOf(s2.csv, "a") == "a,3,3,,pro,ann,3,3");
  CHECK(Cell(s2.csv, "b", 4) == "y");
  CHECK(s2.csv.substr(0, s2.csv.find('\n')) == "customer,score,raw,tier,segment,owner,N value,N points");
}

TEST_CASE("score on a past date: later customers absent, segment as of the date, own as-of equals the score") {
  const char* v1 = R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t","segment":"plan"},
                      "activities":[{"name":"N","measure":"count","weight":1},
                                    {"name":"Since","measure":"days_since_last","weight":-1}],
                      "window":{"days":30},"scale":{"method":"percentile"}})";
  const std::string data =
      "id,t,plan\n"
      "a,2024-01-01,free\n"
      "a,2024-01-20,pro\n"
      "b,2024-01-05,free\n"
      "c,2024-01-25,pro\n"
      "a,2024-01-03,trial\n";
  for (int version : {1, 2}) {
    CAPTURE(version);
    ScoreModel m = V2(v1, [&](ScoreModel& mm) { mm.version = version; });
    auto s = ces_test::Score(m, data);
    REQUIRE(s.ok);
    const Dataset& d = s.session->dataset();
    ScoreTable t;
    ComputeScoresOnDate(d, m, *d.max_day, &t);
    CHECK(ResultsCsv(d, m, t) == s.csv);
    int32_t jan10;
    REQUIRE(ParseIsoDate("2024-01-10", &jan10));
    ComputeScoresOnDate(d, m, jan10, &t);
    const std::string csv = ResultsCsv(d, m, t);
    CHECK(LineOf(csv, "c").empty());
    CHECK(t.population() == 2);
    // On Jan 10, a's rows up to then: Jan 1 (free) and Jan 3 (trial, last in file and latest by time).
    CHECK(Cell(csv, "a", 4) == "trial");
    CHECK(Cell(csv, "a", 5) == "2");     // two events in the window
    CHECK(Cell(csv, "a", 7) == "7");     // days since Jan 3
    CHECK(Cell(csv, "b", 7) == "5");
    // Cut into steps (the page's trends): the same table whatever the cut.
    for (uint32_t per_step : {1u, 2u, 100u}) {
      CAPTURE(per_step);
      auto populated = [&] {  // who exists on Jan 10, found per_step customers at a time
        ScoreTable t;
        PrepareScoresOnDate(d, m, jan10, &t);
        for (uint32_t c = 0; c < t.customers;) c = PopulateScoresOnDate(d, m, jan10, c, per_step, &t);
        return t;
      };
      ScoreTable stepped = populated();
      for (uint32_t c = 0; c < stepped.customers;) c = MeasureScores(d, m, c, per_step, &stepped);
      EndScores(d, m, &stepped);
      CHECK(ResultsCsv(d, m, stepped) == csv);
      // The same cut driven by ScoreSteps: a step per `per_step` customers measured, then
      // the values, the scale and the order, each a step of its own.
      ScoreTable driven = populated();
      ScoreSteps steps;
      size_t calls = 1;
      while (steps.Step(d, m, per_step, &driven)) ++calls;
      CHECK(calls == (driven.customers + per_step - 1) / per_step + 3);
      CHECK_FALSE(steps.Step(d, m, per_step, &driven));  // done stays done
      CHECK(ResultsCsv(d, m, driven) == csv);
    }
  }
}
