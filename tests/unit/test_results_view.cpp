// Views of a scored table for the results screen: ordering by any column with
// ties in the table's order, id search, tier filter, histogram and mean points.
#include <doctest/doctest.h>

#include "engine/results/results_view.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::Model;
using ces_test::Score;

namespace {

const char* kModel = R"({
  "ces_model": 1,
  "data": {"shape":"customers","customer":"id","segment":"plan"},
  "activities": [
    {"name":"Logins","column":"logins","weight":1},
    {"name":"Tickets","column":"tickets","weight":-2}
  ],
  "scale": {"method":"raw"},
  "tiers": [{"name":"Low","below":3},{"name":"High"}]
})";

// raw: Ann 5-0=5, bob 2-2=0, Cid 4-0=4, dan 5-0=5, eve 1-4=-3
const char* kData =
    "id,logins,tickets,plan\n"
    "bob,2,1,free\n"
    "Ann,5,0,pro\n"
    "Cid,4,0,\n"
    "dan,5,0,free\n"
    "eve,1,2,pro\n";

std::vector<std::string> Ids(const ScoreSession& s, const std::vector<uint32_t>& rows) {
  std::vector<std::string> ids;
  for (uint32_t c : rows) ids.emplace_back(s.dataset().customer_id(c));
  return ids;
}

}  // namespace

TEST_CASE("QueryResults") {
  auto scored = Score(kModel, kData);
  REQUIRE(scored.ok);
  const ScoreSession& s = *scored.session;
  auto run = [&](ResultsQuery q) { return Ids(s, QueryResults(s.dataset(), s.model(), s.table(), q)); };
  using V = std::vector<std::string>;

  SUBCASE("the default query is the table's order: score descending, then id in byte order") {
    CHECK(run({}) == V{"Ann", "dan", "Cid", "bob", "eve"});
    CHECK(QueryResults(s.dataset(), s.model(), s.table(), {}) == s.table().order);
  }
  SUBCASE("ascending score keeps ties in id order") {
    ResultsQuery q;
    q.descending = false;
    CHECK(run(q) == V{"eve", "bob", "Cid", "Ann", "dan"});
  }
  SUBCASE("by customer id, byte order (upper case first)") {
    ResultsQuery q;
    q.sort.kind = ResultsColumn::kCustomer;
    q.descending = false;
    CHECK(run(q) == V{"Ann", "Cid", "bob", "dan", "eve"});
    q.descending = true;
    CHECK(run(q) == V{"eve", "dan", "bob", "Cid", "Ann"});
  }
  SUBCASE("by segment: no segment first, then by name; ties by score") {
    ResultsQuery q;
    q.sort.kind = ResultsColumn::kSegment;
    q.descending = false;
    CHECK(run(q) == V{"Cid", "dan", "bob", "Ann", "eve"});
  }
  SUBCASE("by an activity's points follows the weight's sign") {
    ResultsQuery q;
    q.sort = {ResultsColumn::kPoints, 1};
    q.descending = false;  // tickets weigh -2: most tickets first
    CHECK(run(q) == V{"eve", "bob", "Ann", "dan", "Cid"});
    q.sort = {ResultsColumn::kValue, 1};
    q.descending = true;
    CHECK(run(q) == V{"eve", "bob", "Ann", "dan", "Cid"});
  }
  SUBCASE("by tier") {
    ResultsQuery q;
    q.sort.kind = ResultsColumn::kTier;
    q.descending = false;
    CHECK(run(q) == V{"bob", "eve", "Ann", "dan", "Cid"});
  }
  SUBCASE("search folds ASCII case; tier filter") {
    ResultsQuery q;
    q.search = "AN";
    CHECK(run(q) == V{"Ann", "dan"});
    q.search = "";
    q.tier = 0;
    CHECK(run(q) == V{"bob", "eve"});
    q.search = "e";
    CHECK(run(q) == V{"eve"});
    q.search = "zzz";
    CHECK(run(q).empty());
  }
}

TEST_CASE("HistogramOfScores and ScoreRange") {
  auto scored = Score(kModel, kData);
  REQUIRE(scored.ok);
  const ScoreSession& s = *scored.session;
  double lo = 0, hi = 0;
  ScoreRange(s.model(), s.table(), &lo, &hi);
  CHECK(lo == -3);
  CHECK(hi == 5);
  ScoreHistogram h = HistogramOfScores(s.table(), 4, lo, hi);  // bins of 2: [-3,-1) [-1,1) [1,3) [3,5]
  CHECK(h.counts == std::vector<uint64_t>{1, 1, 0, 3});
  CHECK(h.max_count == 3);

  ScoreModel scaled = s.model();
  scaled.scale.method = ScaleMethod::kPercentile;
  ScoreRange(scaled, s.table(), &lo, &hi);
  CHECK(lo == 0);
  CHECK(hi == 100);
}

TEST_CASE("MeanPoints") {
  auto scored = Score(kModel, kData);
  REQUIRE(scored.ok);
  std::vector<double> mean = MeanPoints(scored.session->model(), scored.session->table());
  REQUIRE(mean.size() == 2);
  CHECK(mean[0] == doctest::Approx(17.0 / 5));
  CHECK(mean[1] == doctest::Approx(-2.0 * 3 / 5));
}

TEST_CASE("RawRange: the lowest and highest raw score of the customers scored") {
  ces::ScoreTable empty;
  CHECK(ces::RawRange(empty) == std::pair<double, double>{0, 0});
  ces::ScoreTable t;
  t.raw = {3, -1, 7, 100};
  t.order = {2, 0, 1};  // customer 3 is not scored here (a past date)
  CHECK(ces::RawRange(t) == std::pair<double, double>{-1, 7});
}

TEST_CASE("the search finds a customer by a carried value (v2 1.6), the one the table shows") {
  const char* model = R"({
    "ces_model": 2,
    "data": {"shape":"events","customer":"user","time":"time","event":"event","carry":["email","owner"]},
    "activities": [{"name":"Logins","weight":1}],
    "scale": {"method":"raw"}
  })";
  // v2: the carried value of the latest row by time; ann's older email is no longer hers.
  const char* data =
      "user,time,event,email,owner\n"
      "u1,2025-01-02T10:00:00Z,login,Ann@Example.com,Kim\n"
      "u1,2025-01-01T10:00:00Z,login,ann.old@example.com,\n"
      "u2,2025-01-01T10:00:00Z,login,bob@example.org,Lee\n";
  const ces_test::Scored s = Score(model, data);
  REQUIRE(s.ok);
  auto run = [&](const std::string& text) {
    ResultsQuery q;
    q.search = text;
    return Ids(*s.session, QueryResults(s.session->dataset(), s.session->model(), s.session->table(), q));
  };
  using V = std::vector<std::string>;
  CHECK(run("ann@example") == V{"u1"});  // ASCII case folded
  CHECK(run("example.org") == V{"u2"});
  CHECK(run("lee") == V{"u2"});          // any carried column
  CHECK(run("u1") == V{"u1"});           // ids still
  CHECK(run("ann.old").empty());         // not the value the table shows
  CHECK(run("nobody").empty());
}

// The page's "Measured" view sorts by the measure before the cap (and curve): a cap makes
// capped customers tie on value and points, not on what was measured.
TEST_CASE("QueryResults by an activity's measure, before its cap") {
  auto scored = Score(R"({"ces_model":1,"data":{"shape":"customers","customer":"id"},
    "activities":[{"name":"Logins","column":"logins","weight":1,"cap":3}],"scale":{"method":"raw"}})", kData);
  REQUIRE(scored.ok);
  const ScoreSession& s = *scored.session;
  auto run = [&](ResultsQuery q) { return Ids(s, QueryResults(s.dataset(), s.model(), s.table(), q)); };
  using V = std::vector<std::string>;
  ResultsQuery q;
  q.descending = false;
  q.sort = {ResultsColumn::kValue, 0};
  CHECK(run(q) == V{"eve", "bob", "Ann", "Cid", "dan"});  // Ann, Cid and dan capped at 3: table order
  q.sort = {ResultsColumn::kMeasure, 0};
  CHECK(run(q) == V{"eve", "bob", "Cid", "Ann", "dan"});  // 1, 2, 4, 5, 5
  CHECK(s.table().Measure(s.dataset().customers.Find("Ann"), 0) == 5);
  CHECK(s.table().Value(s.dataset().customers.Find("Ann"), 0) == 3);
}
