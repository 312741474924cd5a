// Movers (spec v2 section 3): rows, order, change rounding, CSV cells and the summary.
#include <doctest/doctest.h>

#include <cmath>
#include <deque>
#include <nlohmann/json.hpp>
#include <random>

#include "engine/base/number_format.h"
#include "engine/evaluate/movers.h"
#include "test_helpers.h"

using namespace ces;

namespace {

// Sides hold views: the test's ids live here for the whole run.
std::deque<std::string> g_ids;

// `tiers` by name ("" = none), each one of `tier_order`.
ScoredSide Side(const std::vector<std::string>& ids, std::vector<double> scores,
                const std::vector<std::string>& tiers = {}, std::vector<std::string> tier_order = {}) {
  ScoredSide s;
  for (const std::string& id : ids) s.ids.push_back(g_ids.emplace_back(id));
  s.scores = std::move(scores);
  s.tier_order = std::move(tier_order);
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string name = tiers.empty() ? "" : tiers[i];
    auto it = std::find(s.tier_order.begin(), s.tier_order.end(), name);
    s.tiers.push_back(name.empty() ? -1 : static_cast<int>(it - s.tier_order.begin()));
    REQUIRE((name.empty() || it != s.tier_order.end()));
  }
  return s;
}

std::string Id(const ScoredSide& before, const ScoredSide& after, const MoverRow& r) {
  return std::string(r.before != MoverRow::kNone ? before.ids[r.before] : after.ids[r.after]);
}

nlohmann::json Summary(const ScoredSide& before, const ScoredSide& after) {
  return nlohmann::json::parse(MoversSummaryJson(before, after, ComputeMovers(before, after)));
}

// Spearman the slow, obvious way: average ranks by counting, then Pearson on centred values.
std::optional<double> BruteSpearman(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 2) return std::nullopt;
  if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; }) ||
      std::all_of(y.begin(), y.end(), [&](double v) { return v == y[0]; }))
    return std::nullopt;
  auto ranks = [&](const std::vector<double>& v) {
    std::vector<double> r(n);
    for (size_t i = 0; i < n; ++i) {
      double less = 0, equal = 0;
      for (size_t j = 0; j < n; ++j) {
        if (v[j] < v[i]) ++less;
        if (v[j] == v[i]) ++equal;
      }
      r[i] = less + (equal + 1) / 2;
    }
    return r;
  };
  std::vector<double> rx = ranks(x), ry = ranks(y);
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) mx += rx[i] / n, my += ry[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

TEST_CASE("movers: status, order and empty cells") {
  // Byte order: "B" < "a" < "b" < "é" (0xC3 …).
  ScoredSide before = Side({"a", "b", "B", "gone2", "gone1", "same", "\xC3\xA9"}, {50, 40, 40, 10, 20, 7, 30});
  ScoredSide after = Side({"new2", "b", "a", "B", "new1", "same", "\xC3\xA9"}, {5, 30, 40, 30, 6, 7, 20});
  std::vector<MoverRow> rows = ComputeMovers(before, after);
  std::vector<std::string> order;
  for (const MoverRow& r : rows) order.push_back(Id(before, after, r) + ":" + MoverStatusName(r.status));
  // Changes: a −10, b −10, B −10, é −10, same 0; ties by id in byte order.
  CHECK(order == std::vector<std::string>{"B:moved", "a:moved", "b:moved", "\xC3\xA9:moved", "same:moved", "new1:new",
                                          "new2:new", "gone1:gone", "gone2:gone"});
  const std::vector<std::string> lines = ces_test::SplitLines(MoversCsv(before, after, rows));
  CHECK(lines[0] == "customer,status,score_before,score_after,change,tier_before,tier_after");
  CHECK(lines[1] == "B,moved,40,30,-10,,");
  CHECK(lines[5] == "same,moved,7,7,0,,");
  CHECK(lines[6] == "new1,new,,6,,,");
  CHECK(lines[8] == "gone1,gone,20,,,,");
  CHECK(lines.size() == 10);
}

TEST_CASE("movers: the biggest drops first, rises last") {
  ScoredSide before = Side({"x", "y", "z"}, {10, 10, 10}), after = Side({"x", "y", "z"}, {12.5, 3, 10});
  std::vector<MoverRow> rows = ComputeMovers(before, after);
  REQUIRE(rows.size() == 3);
  CHECK(Id(before, after, rows[0]) == "y");
  CHECK(rows[0].change == -7);
  CHECK(Id(before, after, rows[1]) == "z");
  CHECK(Id(before, after, rows[2]) == "x");
}

TEST_CASE("movers: change is round6 of the difference of the rounded scores") {
  ScoredSide before = Side({"a", "b"}, {0.1, 0.000001}), after = Side({"a", "b"}, {0.3, 0.000003});
  std::vector<MoverRow> rows = ComputeMovers(before, after);
  REQUIRE(rows.size() == 2);
  // 0.3 − 0.1 is 0.19999999999999998 in doubles; round6 gives the double nearest 0.2.
  CHECK(Id(before, after, rows[0]) == "b");
  CHECK(rows[0].change == RoundTo6(0.000003 - 0.000001));
  CHECK(rows[0].change == 0.000002);
  CHECK(rows[1].change == 0.2);
  CHECK(ces_test::SplitLines(MoversCsv(before, after, rows))[2] == "a,moved,0.1,0.3,0.2,,");
}

TEST_CASE("movers: text cells follow the results table's rules") {
  ScoredSide before = Side({"=1+1", "a,b"}, {1, 2}, {"=Top", "Plain"}, {"=Top", "Plain"}), after = Side({}, {});
  const std::vector<std::string> lines = ces_test::SplitLines(MoversCsv(before, after, ComputeMovers(before, after)));
  CHECK(lines[1] == "'=1+1,gone,1,,,'=Top,");
  CHECK(lines[2] == "\"a,b\",gone,2,,,Plain,");
}

TEST_CASE("movers summary: counts, tiers and mean absolute change") {
  ScoredSide before = Side({"a", "b", "c", "g"}, {10, 20, 30, 5}, {"Low", "Low", "High", "Low"}, {"Low", "Mid", "High"});
  ScoredSide after = Side({"a", "b", "c", "n"}, {15, 20, 29.5, 1}, {"Mid", "Low", "High", "Low"}, {"Low", "Mid", "High"});
  nlohmann::json j = Summary(before, after);
  CHECK(j["before"]["customers"] == 4);
  CHECK(j["after"]["customers"] == 4);
  CHECK(j["before"]["tiers"].dump() == R"({"High":1,"Low":3,"Mid":0})");  // nlohmann::json sorts keys
  CHECK(MoversSummaryJson(before, after, ComputeMovers(before, after)).find(R"("tiers":{"Low":3,"Mid":0,"High":1})") !=
        std::string::npos);  // the model's tier order in the text
  CHECK(j["moved"] == 3);
  CHECK(j["new"] == 1);
  CHECK(j["gone"] == 1);
  CHECK(j["mean_abs_change"].get<double>() == RoundTo6((5 + 0 + 0.5) / 3.0));
  CHECK(j["mean_abs_change"].get<double>() == 1.833333);
}

TEST_CASE("movers summary: no moved customers") {
  nlohmann::json j = Summary(Side({"a"}, {1}), Side({"b"}, {2}));
  CHECK(j["moved"] == 0);
  CHECK(j["mean_abs_change"].get<double>() == 0);
  CHECK(j["spearman"].is_null());
  CHECK(j["tier_moves"].empty());
  CHECK(j["before"]["tiers"].empty());
}

TEST_CASE("movers summary: spearman null cases") {
  CHECK(Summary(Side({"a", "x"}, {1, 2}), Side({"a", "y"}, {3, 4}))["spearman"].is_null());        // one moved
  CHECK(Summary(Side({"a", "b", "c"}, {1, 1, 1}), Side({"a", "b", "c"}, {1, 2, 3}))["spearman"].is_null());
  CHECK(Summary(Side({"a", "b", "c"}, {1, 2, 3}), Side({"a", "b", "c"}, {5, 5, 5}))["spearman"].is_null());
  CHECK(Summary(Side({"a", "b"}, {1, 2}), Side({"a", "b"}, {5, 4}))["spearman"].get<double>() == -1);
}

TEST_CASE("movers summary: spearman with ties equals a brute-force computation") {
  std::mt19937 rng(20261205);
  for (int round = 0; round < 200; ++round) {
    const size_t n = 2 + rng() % 40;
    std::vector<std::string> ids;
    std::vector<double> x, y;
    const int spread = 1 + static_cast<int>(rng() % 6);  // few distinct values: many ties
    for (size_t i = 0; i < n; ++i) {
      ids.push_back("c" + std::to_string(i));
      x.push_back(static_cast<double>(rng() % spread) * 1.5);
      y.push_back(static_cast<double>(rng() % (spread + 2)) - 0.25);
    }
    const std::optional<double> brute = BruteSpearman(x, y);
    nlohmann::json j = Summary(Side(ids, x), Side(ids, y));
    if (!brute) {
      CHECK(j["spearman"].is_null());
      continue;
    }
    REQUIRE(j["spearman"].is_number());
    CHECK(std::fabs(j["spearman"].get<double>() - *brute) <= 5e-7);
    CHECK(j["spearman"].get<double>() == RoundTo6(j["spearman"].get<double>()));
    CHECK(std::fabs(*SpearmanCorrelation(x, y) - *brute) < 1e-12);
  }
}

TEST_CASE("movers summary: tier_moves in the before model's tier order, then the after model's") {
  // Tier names deliberately out of alphabetical order; the models' lists differ (compare).
  const std::vector<std::string> before_tiers{"Zeta", "Alpha"}, after_tiers{"Hot", "Cold", "Warm"};
  ScoredSide before = Side({"a", "b", "c", "d", "e"}, {1, 2, 3, 4, 5}, {"Alpha", "Zeta", "Alpha", "Zeta", "Alpha"},
                           before_tiers);
  ScoredSide after =
      Side({"a", "b", "c", "d", "e"}, {1, 2, 3, 4, 5}, {"Warm", "Cold", "Hot", "Warm", "Warm"}, after_tiers);
  nlohmann::json moves = Summary(before, after)["tier_moves"];
  REQUIRE(moves.size() == 4);
  CHECK(moves[0] == nlohmann::json({{"from", "Zeta"}, {"to", "Cold"}, {"customers", 1}}));
  CHECK(moves[1] == nlohmann::json({{"from", "Zeta"}, {"to", "Warm"}, {"customers", 1}}));
  CHECK(moves[2] == nlohmann::json({{"from", "Alpha"}, {"to", "Hot"}, {"customers", 1}}));
  CHECK(moves[3] == nlohmann::json({{"from", "Alpha"}, {"to", "Warm"}, {"customers", 2}}));

  // A model without tiers prints "" for every customer.
  nlohmann::json plain = Summary(Side({"a", "b"}, {1, 2}), Side({"a", "b"}, {3, 4}, {"Hot", "Cold"}, after_tiers));
  REQUIRE(plain["tier_moves"].size() == 2);
  CHECK(plain["tier_moves"][0] == nlohmann::json({{"from", ""}, {"to", "Hot"}, {"customers", 1}}));
  CHECK(plain["tier_moves"][1] == nlohmann::json({{"from", ""}, {"to", "Cold"}, {"customers", 1}}));
}

TEST_CASE("movers: sides from scored tables") {
  ces_test::Scored s = ces_test::Score(R"({"ces_model": 1, "name": "m",
    "data": {"shape": "customers", "customer": "id"},
    "activities": [{"name": "V", "measure": "value", "column": "v", "weight": 1}],
    "scale": {"method": "raw"}, "tiers": [{"name": "Low", "below": 5}, {"name": "High"}]})",
                                       "id,v\nb,3\na,7\nc,3\n");
  REQUIRE(s.ok);
  ScoredSide side = SideFromTable(s.session->dataset(), s.session->model(), s.session->table());
  CHECK(side.ids == std::vector<std::string_view>{"a", "b", "c"});
  CHECK(side.scores == std::vector<double>{7, 3, 3});
  CHECK(side.tiers == std::vector<int>{1, 0, 0});
  CHECK(side.TierName(0) == "High");
  CHECK(side.tier_order == std::vector<std::string>{"Low", "High"});
}

TEST_CASE("movers: an id repeated on one side counts once, with its first entry") {
  ScoredSide before = Side({"a", "b", "a"}, {1, 2, 9}), after = Side({"b", "a", "b"}, {5, 4, 0});
  CHECK(MoversCsv(before, after, ComputeMovers(before, after)) ==
        "customer,status,score_before,score_after,change,tier_before,tier_after\n"
        "a,moved,1,4,3,,\n"
        "b,moved,2,5,3,,\n");
}

// A dataset's side carries its id order (SideFromTable), so ComputeMovers sorts no ids:
// the rows must be those of the sort it skips, for ids whose byte order differs from
// the file's and the score's order (prefixes shared past 8 bytes, high bytes, digits).
TEST_CASE("movers: sides from tables give the rows of sorted ids, with the dataset's id order") {
  std::mt19937 rng(7);
  const std::vector<std::string> stems = {"cust_0000000", "cust_000000", "Zeta", "\xc3\xa9t\xc3\xa9", "a", "10", "9"};
  std::string before_csv = "id,v\n", after_csv = "id,v\n";
  for (int i = 0; i < 400; ++i) {
    const std::string id = stems[rng() % stems.size()] + std::to_string(rng() % 300);
    const std::string v = std::to_string(rng() % 20);
    if (rng() % 5 != 0) before_csv += id + "," + v + "\n";
    if (rng() % 5 != 0) after_csv += id + "," + std::to_string(rng() % 20) + "\n";
  }
  const char* model = R"({"ces_model": 1, "name": "m", "data": {"shape": "customers", "customer": "id"},
    "activities": [{"name": "V", "measure": "value", "column": "v", "weight": 1}],
    "scale": {"method": "raw"}, "tiers": [{"name": "Low", "below": 8}, {"name": "High"}]})";
  ces_test::Scored a = ces_test::Score(model, before_csv), b = ces_test::Score(model, after_csv);
  REQUIRE(a.ok);
  REQUIRE(b.ok);
  const ScoredSide before = SideFromTable(a.session->dataset(), a.session->model(), a.session->table());
  const ScoredSide after = SideFromTable(b.session->dataset(), b.session->model(), b.session->table());
  REQUIRE(before.by_id.size() == before.size());
  REQUIRE(after.by_id.size() == after.size());
  ScoredSide before_sorting = before, after_sorting = after;
  before_sorting.by_id.clear();
  after_sorting.by_id.clear();
  const std::string expected = MoversCsv(before_sorting, after_sorting, ComputeMovers(before_sorting, after_sorting));
  CHECK(MoversCsv(before, after, ComputeMovers(before, after)) == expected);
  CHECK(expected.find(",new,") != std::string::npos);
  CHECK(expected.find(",gone,") != std::string::npos);
  CHECK(expected.find(",moved,") != std::string::npos);
}

// Two dates of one dataset (the Trends view's movers, `ces movers --from`): the sides'
// id order from the dataset gives the rows of sorting the ids, either way round (an
// earlier date after a later one has gone rows), with equal changes in id order.
TEST_CASE("movers: two dates of one dataset give the rows of sorted ids, either way round") {
  std::mt19937 rng(11);
  const std::vector<std::string> stems = {"cust_0000000", "cust_000000", "Zeta", "\xc3\xa9t\xc3\xa9", "a", "10", "9"};
  std::string csv = "id,t,e\n";
  for (int i = 0; i < 3000; ++i) {
    const std::string id = stems[rng() % stems.size()] + std::to_string(rng() % 200);
    csv += id + ",2024-" + (rng() % 2 ? "02-" : "03-") + std::to_string(10 + rng() % 18) + ",login\n";
  }
  const char* model = R"({"ces_model": 1, "name": "m", "data": {"shape": "events", "customer": "id", "time": "t", "event": "e"},
    "window": {"days": 30, "as_of": "auto"},
    "activities": [{"name": "Logins", "events": ["login"], "measure": "count", "weight": 1}],
    "scale": {"method": "raw"}, "tiers": [{"name": "Low", "below": 3}, {"name": "High"}]})";
  ces_test::Scored s = ces_test::Score(model, csv);
  REQUIRE(s.ok);
  const Dataset& d = s.session->dataset();
  const ScoredSide feb = SideOnDate(d, s.session->model(), 19'777), mar = SideOnDate(d, s.session->model(), 19'810);
  REQUIRE(feb.by_id.size() == feb.size());
  REQUIRE(mar.by_id.size() == mar.size());
  REQUIRE(feb.size() < mar.size());  // customers who first came in March
  for (const auto& [before, after] : {std::pair{&feb, &mar}, std::pair{&mar, &feb}}) {
    ScoredSide before_sorting = *before, after_sorting = *after;
    before_sorting.by_id.clear();
    after_sorting.by_id.clear();
    const std::string expected = MoversCsv(before_sorting, after_sorting, ComputeMovers(before_sorting, after_sorting));
    CHECK(MoversCsv(*before, *after, ComputeMovers(*before, *after)) == expected);
    CHECK(expected.find(before == &feb ? ",new," : ",gone,") != std::string::npos);
    CHECK(expected.find(",moved,") != std::string::npos);
  }
}
