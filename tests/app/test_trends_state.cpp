// The Trends view's logic (app/core/trends_state.h) on the SaaS example: its dates and
// per-date figures are the engine's history CSV, its movers the page's movers CSV, the
// migration matrix counts the customers present on both dates, and a clicked cell
// filters the results table to exactly those customers.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/core/page_operations.h"
#include "app/core/results_cache.h"
#include "app/core/trends_state.h"
#include "engine/csv/value_parse.h"
#include "engine/evaluate/history.h"
#include "engine/model/model.h"
#include "engine/session.h"

using namespace ces;
using namespace ces::app;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::unique_ptr<ScoreSession> LoadSaas() {
  const std::string dir = std::string(CES_SOURCE_DIR) + "/examples/saas-events/";
  ModelLoadResult model = LoadModel(ReadFile(dir + "model.json"));
  REQUIRE(model.ok());
  auto s = std::make_unique<ScoreSession>(*model.model);  // as the page reads: no pruning
  const std::string data = ReadFile(dir + "data.csv");
  REQUIRE(data.size() > 100000);
  s->Feed(data.data(), data.size());
  REQUIRE(s->Finish());
  return s;
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

// The history CSV's rows: date -> customer -> {score, tier}.
struct HistoryRow {
  double score;
  std::string tier;
};
std::map<std::string, std::map<std::string, HistoryRow>> ParseHistory(const std::string& csv) {
  std::map<std::string, std::map<std::string, HistoryRow>> out;
  std::stringstream in(csv);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "as_of,customer,score,raw,tier,segment");
  while (std::getline(in, line)) {
    const std::vector<std::string> c = Split(line);
    REQUIRE(c.size() == 6);  // the example's ids and tiers hold no commas or quotes
    out[c[0]][c[1]] = {std::stod(c[2]), c[4]};
  }
  return out;
}

size_t Lines(const std::string& text) {
  size_t n = 0;
  for (char ch : text) n += ch == '\n';
  return n;
}

}  // namespace

TEST_CASE("trends: the dates and per-date figures are the engine's history") {
  auto s = LoadSaas();
  TrendsState trends;
  CHECK(trends.Update(*s, 1));
  REQUIRE(trends.error().empty());
  CHECK_FALSE(trends.Update(*s, 1));  // nothing changed: nothing recomputed
  CHECK(trends.Stale(*s, 2));

  const std::vector<TrendPoint>& points = trends.points();
  REQUIRE(points.size() == 13);
  CHECK(FormatDate(points.back().day) == "2024-12-31");
  CHECK(FormatDate(points.front().day) == "2024-10-08");  // 12 weeks back

  const OperationResult history = HistoryCsvOperation(*s, "{}");  // what ces.historyCsv() gives
  REQUIRE(history.kind == OperationResult::kText);
  const auto rows = ParseHistory(history.body);
  REQUIRE(rows.size() == points.size());
  const ScoreModel& m = s->model();
  REQUIRE(m.tiers.size() == 3);
  for (size_t k = 0; k < points.size(); ++k) {
    CAPTURE(k);
    const auto& day = rows.at(FormatDate(points[k].day));
    CHECK(points[k].customers == day.size());
    std::vector<uint64_t> counts(m.tiers.size(), 0);
    std::vector<double> scores;
    for (const auto& [id, row] : day) {
      for (size_t t = 0; t < m.tiers.size(); ++t) counts[t] += row.tier == m.tiers[t].name;
      scores.push_back(row.score);
    }
    CHECK(points[k].tier_counts == counts);
    double sum = 0;
    for (double x : scores) sum += x;
    CHECK(points[k].mean == doctest::Approx(sum / static_cast<double>(scores.size())).epsilon(1e-6));
    std::sort(scores.begin(), scores.end());
    const size_t n = scores.size();
    const double median = n % 2 ? scores[n / 2] : (scores[n / 2 - 1] + scores[n / 2]) / 2;
    CHECK(points[k].median == doctest::Approx(median).epsilon(1e-6));
    CHECK(points[k].customers < 700);
  }
  CHECK(points.front().customers < points.back().customers);  // users sign up all year

  // Each customer's series is its score on each date, absent before it existed.
  REQUIRE(trends.has_series());
  const Dataset& d = s->dataset();
  size_t absent = 0;
  for (uint32_t c = 0; c < d.customer_count(); ++c) {
    const std::string id(d.customer_id(c));
    for (size_t k = 0; k < points.size(); ++k) {
      const auto& day = rows.at(FormatDate(points[k].day));
      auto it = day.find(id);
      if (it == day.end()) {
        CHECK(std::isnan(trends.Score(c, k)));
        CHECK(trends.Tier(c, k) == -1);
        ++absent;
        continue;
      }
      CHECK(trends.Score(c, k) == doctest::Approx(it->second.score).epsilon(1e-5));
      CHECK(m.tiers[static_cast<size_t>(trends.Tier(c, k))].name == it->second.tier);
    }
  }
  CHECK(absent > 0);
}

TEST_CASE("trends: settings change the dates; a customers-shape model says history needs an event log") {
  auto s = LoadSaas();
  TrendsState trends;
  trends.options.every = 30;
  trends.options.points = 6;
  trends.OptionsChanged();
  trends.Update(*s, 1);
  REQUIRE(trends.points().size() == 6);
  CHECK(FormatDate(trends.points()[0].day) == "2024-08-03");  // the README's `ces history --every 30 --points 6`
  REQUIRE(ParseIsoDate("2024-10-01", &trends.options.from.emplace()));
  trends.OptionsChanged();
  CHECK(trends.Update(*s, 1));
  REQUIRE(trends.points().size() == 4);  // dates before the start are left out
  CHECK(FormatDate(trends.points()[0].day) == "2024-10-02");
  trends.options.every = 0;
  trends.OptionsChanged();
  trends.Update(*s, 1);
  CHECK(trends.error().rfind("every", 0) == 0);
  CHECK(trends.points().empty());
  CHECK(trends.movers() == nullptr);

  const char* kCustomers = R"({"ces_model":2,"data":{"shape":"customers","customer":"id"},
    "activities":[{"name":"N","measure":"value","column":"n","weight":1}],"scale":{"method":"percentile"}})";
  ModelLoadResult model = LoadModel(kCustomers);
  REQUIRE(model.ok());
  ScoreSession customers(*model.model);
  const std::string data = "id,n\na,1\nb,2\n";
  customers.Feed(data.data(), data.size());
  REQUIRE(customers.Finish());
  TrendsState flat;
  flat.Update(customers, 1);
  CHECK_FALSE(flat.events_shape());
  CHECK(flat.error().find("events-shape") != std::string::npos);
  CHECK(flat.points().empty());
}

TEST_CASE("trends: movers between two dates, the migration matrix and its cell filter") {
  auto s = LoadSaas();
  TrendsState trends;
  trends.Update(*s, 1);
  const std::vector<TrendPoint>& points = trends.points();
  const TrendMovers* mv = trends.movers();
  REQUIRE(mv != nullptr);
  // By default: about a month back (four weeks on weekly points) against the last date.
  CHECK(mv->to == points.size() - 1);
  CHECK(FormatDate(points[mv->from].day) == "2024-12-03");

  // The same CSV the page's ces.moversCsv gives for those dates.
  const std::string options = R"({"from":"2024-12-03","to":"2024-12-31"})";
  CHECK(trends.MoversCsv(TrendsState::MoversPart::kAll) == MoversOperation(*s, options, nullptr, false).body);

  // The matrix counts the customers present on both dates; new ones are the rest.
  uint64_t sum = 0;
  for (const auto& row : mv->matrix)
    for (uint64_t n : row) sum += n;
  CHECK(sum == mv->moved);
  CHECK(mv->moved == points[mv->from].customers);  // nobody disappears from a log between two dates
  CHECK(mv->gone == 0);
  CHECK(mv->added == points[mv->to].customers - points[mv->from].customers);
  uint64_t new_sum = 0;
  for (uint64_t n : mv->new_by_tier) new_sum += n;
  CHECK(new_sum == mv->added);
  // Column sums are the tier counts on `to`.
  for (size_t now = 0; now < mv->matrix.size(); ++now) {
    uint64_t column = mv->new_by_tier[now];
    for (size_t then = 0; then < mv->matrix.size(); ++then) column += mv->matrix[then][now];
    CHECK(column == points[mv->to].tier_counts[now]);
  }

  // Drops first, biggest first; rises biggest first.
  const std::string drops = trends.MoversCsv(TrendsState::MoversPart::kDrops);
  const std::string rises = trends.MoversCsv(TrendsState::MoversPart::kRises);
  CHECK(Lines(drops) == mv->drops + 1);
  CHECK(Lines(rises) == mv->rises + 1);
  REQUIRE(mv->drops > 10);
  REQUIRE(mv->rises > 10);
  auto change_on_line = [](const std::string& csv, size_t line) {
    std::stringstream in(csv);
    std::string text;
    for (size_t i = 0; i <= line; ++i) std::getline(in, text);
    return std::stod(Split(text)[4]);
  };
  CHECK(change_on_line(drops, 1) <= change_on_line(drops, 2));
  CHECK(change_on_line(drops, mv->drops) < 0);
  CHECK(change_on_line(rises, 1) >= change_on_line(rises, 2));
  CHECK(change_on_line(rises, mv->rises) > 0);

  // Champion then, Steady now: the cell's customers, and the table filtered to them.
  const std::vector<uint32_t> cell = trends.CellCustomers(2, 1);
  CHECK(cell.size() == mv->matrix[2][1]);
  REQUIRE(cell.size() > 5);
  for (uint32_t c : cell) {
    CHECK(trends.Tier(c, mv->from) == 2);
    CHECK(trends.Tier(c, mv->to) == 1);
  }
  CHECK(trends.CellCustomers(-1, 0).size() == mv->new_by_tier[0]);
  ResultsCache results;
  const size_t all = results.Rows(*s).size();
  results.FilterTo(s->dataset(), cell, "Champion -> Steady");
  CHECK(results.filtered());
  CHECK(results.Rows(*s).size() == cell.size());  // the last date is the file's as-of: all are in the table
  results.query.tier = 1;
  results.QueryChanged();
  CHECK(results.Rows(*s).size() == cell.size());  // all Steady now
  results.query.tier = 2;
  results.QueryChanged();
  CHECK(results.Rows(*s).empty());
  results.query.tier = -1;
  results.ClearFilter();
  CHECK(results.Rows(*s).size() == all);

  // Another pair of dates: the matrix follows.
  trends.SetMoversDates(*s, 0, 1);
  REQUIRE(trends.movers() != nullptr);
  CHECK(trends.movers()->from == 0);
  CHECK(trends.movers()->moved == points[0].customers);
  // A re-score of the same data keeps the chosen dates.
  trends.Update(*s, 2);
  REQUIRE(trends.movers() != nullptr);
  CHECK(trends.movers()->to == 1);
}

TEST_CASE("trends: a history spread over calls keeps the last one readable and ends the same") {
  auto s = LoadSaas();
  TrendsState whole, stepped;
  whole.Update(*s, 1);
  stepped.Update(*s, 1);
  stepped.options.every = 14;
  stepped.OptionsChanged();
  whole.options.every = 14;
  whole.OptionsChanged();
  whole.Update(*s, 1);
  size_t calls = 0;
  while (!stepped.Update(*s, 1, 0.0)) {  // one step a call
    ++calls;
    CHECK(stepped.Computing(*s, 1));
    CHECK(stepped.progress().first == std::min<size_t>((calls - 1) / 5, 13));  // the beginning, then each date's: who exists, the measures, the values, the scale, the order
    CHECK(stepped.points().size() == 13);
    CHECK(FormatDate(stepped.points()[11].day) == "2024-12-24");  // still the weekly history
    REQUIRE(calls < 100);
  }
  // The beginning; 13 dates in 5 steps each (621 customers measured in one); the end (movers).
  CHECK(calls == 13 * 5 + 1);
  CHECK_FALSE(stepped.Stale(*s, 1));
  CHECK(FormatDate(stepped.points()[11].day) == "2024-12-17");
  REQUIRE(stepped.points().size() == whole.points().size());
  for (size_t k = 0; k < whole.points().size(); ++k) {
    CHECK(stepped.points()[k].tier_counts == whole.points()[k].tier_counts);
    CHECK(stepped.points()[k].median == whole.points()[k].median);
  }
  CHECK(stepped.MoversCsv(TrendsState::MoversPart::kAll) == whole.MoversCsv(TrendsState::MoversPart::kAll));
  // With any finite budget, however long, the beginning and the end each take a call of
  // their own (after a call's steps, the end would make it too long for a frame).
  TrendsState roomy, at_once;
  at_once.Update(*s, 1);
  CHECK_FALSE(roomy.Update(*s, 1, 1e6));  // the beginning
  CHECK_FALSE(roomy.Update(*s, 1, 1e6));  // every date
  CHECK(roomy.progress().first == roomy.progress().second);
  CHECK(roomy.Update(*s, 1, 1e6));        // the end
  CHECK_FALSE(roomy.MoversCsv(TrendsState::MoversPart::kAll).empty());
  CHECK(roomy.MoversCsv(TrendsState::MoversPart::kAll) == at_once.MoversCsv(TrendsState::MoversPart::kAll));
  // New scores under way restart the history: the half-done one is dropped.
  CHECK_FALSE(stepped.Update(*s, 2, 0.0));
  CHECK(stepped.Computing(*s, 2));
  CHECK_FALSE(stepped.Computing(*s, 3));
  // Dates chosen for the movers while it is under way are kept (their sides replayed).
  stepped.SetMoversDates(*s, 0, 1);
  while (!stepped.Update(*s, 2, 0.0)) {
  }
  REQUIRE(stepped.movers() != nullptr);
  CHECK(stepped.movers()->from == 0);
  CHECK(stepped.movers()->to == 1);
  CHECK(stepped.movers()->moved == stepped.points()[0].customers);
}
