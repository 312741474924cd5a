// History and the options of history and movers (spec v2 sections 2, 3 and 6).
#include <doctest/doctest.h>

#include "engine/csv/value_parse.h"
#include "engine/evaluate/evaluate_options.h"
#include "engine/evaluate/history.h"
#include "engine/evaluate/movers.h"
#include "test_helpers.h"

using namespace ces;

namespace {

int32_t Day(const char* iso) {
  int32_t d = 0;
  REQUIRE(ParseIsoDate(iso, &d));
  return d;
}

std::vector<std::string> Dates(const std::vector<int32_t>& days) {
  std::vector<std::string> out;
  for (int32_t d : days) out.push_back(FormatDate(d));
  return out;
}

const char* kEventsModel = R"({"ces_model": 1, "name": "t",
  "data": {"shape": "events", "customer": "user", "time": "time", "event": "event", "segment": "plan"},
  "window": {"days": 30, "as_of": "auto"},
  "activities": [{"name": "Logins", "measure": "count", "weight": 1}],
  "scale": {"method": "raw"},
  "tiers": [{"name": "Low", "below": 2}, {"name": "High"}]})";

// b and c appear later than a and d; every customer keeps one plan.
const char* kEvents =
    "user,time,event,plan\n"
    "a,2024-01-01,login,free\n"
    "a,2024-01-05,login,free\n"
    "b,2024-01-03,login,pro\n"
    "b,2024-01-03,login,pro\n"
    "b,2024-01-10,login,pro\n"
    "c,2024-01-09,login,\n"
    "c,2024-01-10,login,\n"
    "d,2024-01-02,login,free\n";

}  // namespace

TEST_CASE("history options from the page's JSON object") {
  HistoryOptions o;
  CHECK_FALSE(ParseHistoryOptionsJson("{}", &o));
  CHECK(o.every == 7);
  CHECK(o.points == 13);
  CHECK_FALSE(ParseHistoryOptionsJson(R"({"every": 3, "points": "4", "from": "2024-01-02", "to": null})", &o));
  CHECK(o.every == 3);
  CHECK(o.points == 4);
  CHECK(o.from == Day("2024-01-02"));
  CHECK_FALSE(o.to);
  CHECK(ParseHistoryOptionsJson(R"({"every": 0})", &o)->option == "every");
  CHECK(ParseHistoryOptionsJson(R"({"every": 1.5})", &o)->option == "every");
  CHECK(ParseHistoryOptionsJson(R"({"points": -2})", &o)->option == "points");
  CHECK(ParseHistoryOptionsJson(R"({"from": "2024-02-30"})", &o)->option == "from");
  CHECK(ParseHistoryOptionsJson(R"({"to": 20240101})", &o)->option == "to");
  CHECK(ParseHistoryOptionsJson(R"({"days": 7})", &o)->option == "days");
  CHECK(ParseHistoryOptionsJson("[1]", &o)->option == "");
  CHECK(ParseHistoryOptionsJson("{", &o)->option == "");
}

TEST_CASE("movers options from the page's JSON object") {
  MoversOptions o;
  CHECK_FALSE(ParseMoversOptionsJson(R"({"from": "2024-01-01", "to": "2024-01-08"})", &o));
  CHECK(o.from == Day("2024-01-01"));
  CHECK(o.to == Day("2024-01-08"));
  CHECK_FALSE(ParseMoversOptionsJson(R"({"before": {}})", &o));
  CHECK(o.before_file);
  CHECK(ParseMoversOptionsJson(R"({"before": {}, "from": "2024-01-01"})", &o)->option == "before");
  CHECK(ParseMoversOptionsJson(R"({"to": "2024-01-01"})", &o)->option == "from");
  CHECK(ParseMoversOptionsJson(R"({"from": "1/2/2024"})", &o)->option == "from");
}

TEST_CASE("command-line numbers") {
  int64_t v = 0;
  CHECK_FALSE(ParseCountOption("every", "14", &v));
  CHECK(v == 14);
  for (const char* bad : {"0", "-1", "1.5", "", "7d", " 7", "99999999999999999999"})
    CHECK(ParseCountOption("every", bad, &v)->option == "every");
}

TEST_CASE("history dates") {
  ces_test::Scored s = ces_test::Score(kEventsModel, kEvents);
  REQUIRE(s.ok);
  const Dataset& data = s.session->dataset();
  const ScoreModel& model = s.session->model();
  std::vector<int32_t> dates;

  SUBCASE("defaults: 13 dates a week apart, ending on the as-of date") {
    CHECK_FALSE(HistoryDates(HistoryOptions{}, model, data, &dates));
    REQUIRE(dates.size() == 13);
    CHECK(FormatDate(dates.back()) == "2024-01-10");
    CHECK(FormatDate(dates.front()) == "2023-10-18");  // 12 weeks before
  }
  SUBCASE("every, points, to") {
    HistoryOptions o;
    o.every = 3;
    o.points = 4;
    CHECK_FALSE(HistoryDates(o, model, data, &dates));
    CHECK(Dates(dates) == std::vector<std::string>{"2024-01-01", "2024-01-04", "2024-01-07", "2024-01-10"});
    o.to = Day("2024-02-01");
    o.points = 2;
    CHECK_FALSE(HistoryDates(o, model, data, &dates));
    CHECK(Dates(dates) == std::vector<std::string>{"2024-01-29", "2024-02-01"});
  }
  SUBCASE("from keeps the dates on or after it") {
    HistoryOptions o;
    o.every = 3;
    o.points = 4;
    o.from = Day("2024-01-04");
    CHECK_FALSE(HistoryDates(o, model, data, &dates));
    CHECK(Dates(dates) == std::vector<std::string>{"2024-01-04", "2024-01-07", "2024-01-10"});
    o.from = Day("2024-01-10");
    CHECK_FALSE(HistoryDates(o, model, data, &dates));
    CHECK(Dates(dates) == std::vector<std::string>{"2024-01-10"});
    o.from = Day("2024-01-11");
    CHECK(HistoryDates(o, model, data, &dates)->option == "from");
  }
  SUBCASE("a model's own as_of is D1") {
    ScoreModel fixed = model;
    fixed.window.as_of = Day("2024-03-01");
    HistoryOptions o;
    o.points = 1;
    CHECK_FALSE(HistoryDates(o, fixed, data, &dates));
    CHECK(Dates(dates) == std::vector<std::string>{"2024-03-01"});
  }
  SUBCASE("limits") {
    HistoryOptions o;
    o.points = 1001;
    CHECK(HistoryDates(o, model, data, &dates)->option == "points");
    o.points = 1000;
    CHECK_FALSE(HistoryDates(o, model, data, &dates));
    CHECK(dates.size() == 1000);
    o.every = 4000000;  // ~11,000 years a step
    o.points = 2;
    CHECK(HistoryDates(o, model, data, &dates)->option == "every");
    o.every = INT64_MAX;
    o.from = Day("2024-01-01");
    CHECK_FALSE(HistoryDates(o, model, data, &dates));
    CHECK(Dates(dates) == std::vector<std::string>{"2024-01-10"});
  }
  SUBCASE("a customers-shape model has no history") {
    ScoreModel customers = model;
    customers.data.shape = Shape::kCustomers;
    CHECK(HistoryDates(HistoryOptions{}, customers, data, &dates));
    int32_t from = 0, to = 0;
    MoversOptions m;
    m.from = Day("2024-01-01");
    CHECK(MoversDates(m, customers, data, &from, &to));
  }
}

TEST_CASE("movers dates: D0 must be before D1") {
  ces_test::Scored s = ces_test::Score(kEventsModel, kEvents);
  REQUIRE(s.ok);
  int32_t from = 0, to = 0;
  MoversOptions o;
  o.from = Day("2024-01-10");
  CHECK(MoversDates(o, s.session->model(), s.session->dataset(), &from, &to)->option == "from");  // = as-of
  o.from = Day("2024-01-04");
  CHECK_FALSE(MoversDates(o, s.session->model(), s.session->dataset(), &from, &to));
  CHECK(FormatDate(from) == "2024-01-04");
  CHECK(FormatDate(to) == "2024-01-10");
  o.to = Day("2024-01-03");
  CHECK(MoversDates(o, s.session->model(), s.session->dataset(), &from, &to)->option == "from");
  o.from.reset();
  CHECK(MoversDates(o, s.session->model(), s.session->dataset(), &from, &to)->option == "from");
}

TEST_CASE("history rows: customers exist from their first valid row, in each date's results order") {
  ces_test::Scored s = ces_test::Score(kEventsModel, kEvents);
  REQUIRE(s.ok);
  std::vector<int32_t> dates{Day("2023-12-31"), Day("2024-01-01"), Day("2024-01-04"), Day("2024-01-07"),
                             Day("2024-01-10")};
  const std::string csv = HistoryCsv(s.session->dataset(), s.session->model(), dates);
  CHECK(csv ==
        "as_of,customer,score,raw,tier,segment\n"
        // 2023-12-31: before the first valid day, nobody exists.
        "2024-01-01,a,1,1,Low,free\n"
        "2024-01-04,b,2,2,High,pro\n"
        "2024-01-04,a,1,1,Low,free\n"
        "2024-01-04,d,1,1,Low,free\n"
        "2024-01-07,a,2,2,High,free\n"
        "2024-01-07,b,2,2,High,pro\n"
        "2024-01-07,d,1,1,Low,free\n"
        "2024-01-10,b,3,3,High,pro\n"
        "2024-01-10,a,2,2,High,free\n"
        "2024-01-10,c,2,2,High,\n"
        "2024-01-10,d,1,1,Low,free\n");
}

TEST_CASE("history on the file's as-of date equals the scored table") {
  // Percentile scale: every customer exists on the last day, so the figures must match.
  const char* model_json = R"({"ces_model": 1, "name": "p",
    "data": {"shape": "events", "customer": "user", "time": "time", "event": "event", "segment": "plan"},
    "window": {"days": 7, "as_of": "auto"},
    "activities": [{"name": "Logins", "measure": "count", "weight": 1},
                   {"name": "Seen", "measure": "days_since_last", "weight": -0.25}],
    "scale": {"method": "percentile"},
    "tiers": [{"name": "Low", "below": 40}, {"name": "High"}]})";
  ces_test::Scored s = ces_test::Score(model_json, kEvents);
  REQUIRE(s.ok);
  const Dataset& data = s.session->dataset();
  const std::string history = HistoryCsv(data, s.session->model(), {*data.max_day});
  std::vector<std::string> hist_lines = ces_test::SplitLines(history), score_lines = ces_test::SplitLines(s.csv);
  REQUIRE(hist_lines.size() == score_lines.size());
  for (size_t i = 1; i < hist_lines.size(); ++i) {
    // as_of,customer,score,raw,tier,segment vs customer,score,raw,tier,segment,…
    const std::string expected = "2024-01-10," + score_lines[i];
    CHECK(expected.rfind(hist_lines[i], 0) == 0);
    CHECK(expected[hist_lines[i].size()] == ',');
  }
}

TEST_CASE("movers between two dates of one file") {
  ces_test::Scored s = ces_test::Score(kEventsModel, kEvents);
  REQUIRE(s.ok);
  ScoredSide before = SideOnDate(s.session->dataset(), s.session->model(), Day("2024-01-04"));
  ScoredSide after = SideOnDate(s.session->dataset(), s.session->model(), Day("2024-01-10"));
  CHECK(MoversCsv(before, after, ComputeMovers(before, after)) ==
        "customer,status,score_before,score_after,change,tier_before,tier_after\n"
        "d,moved,1,1,0,Low,Low\n"
        "a,moved,1,2,1,Low,High\n"
        "b,moved,2,3,1,High,High\n"
        "c,new,,2,,,High\n");
}

TEST_CASE("history on each date equals scoring the file cut after that date") {
  // The definition of v2 section 2, checked with a percentile scale (which sees only
  // the customers existing on the date) and segments that change over time.
  const char* model_json = R"({"ces_model": 1, "name": "p",
    "data": {"shape": "events", "customer": "user", "time": "time", "event": "event", "segment": "plan"},
    "window": {"days": 5, "as_of": "auto"},
    "activities": [{"name": "Logins", "measure": "count", "weight": 1},
                   {"name": "Seen", "measure": "days_since_last", "weight": -0.5}],
    "scale": {"method": "percentile"},
    "tiers": [{"name": "Low", "below": 50}, {"name": "High"}]})";
  const std::vector<std::string> rows{
      "a,2024-01-01,login,free", "a,2024-01-05,login,pro",  "b,2024-01-03,login,pro",   "b,2024-01-03,login,",
      "b,2024-01-10,login,team", "c,2024-01-09,login,",     "c,2024-01-10,login,basic", "d,2024-01-02,login,free",
      "e,2024-01-04,login,free", "e,2024-01-06,login,free", "a,2024-01-07,login,"};
  std::string file = "user,time,event,plan\n";
  for (const std::string& r : rows) file += r + "\n";
  ces_test::Scored whole = ces_test::Score(model_json, file);
  REQUIRE(whole.ok);
  for (int d = 1; d <= 11; ++d) {
    const std::string iso = std::string("2024-01-") + (d < 10 ? "0" : "") + std::to_string(d);
    CAPTURE(iso);
    std::string cut = "user,time,event,plan\n";
    for (const std::string& r : rows)
      if (r.substr(r.find(',') + 1, 10) <= iso) cut += r + "\n";
    ScoreModel on_date = ces_test::Model(model_json);
    on_date.window.as_of = Day(iso.c_str());
    ces_test::Scored expected = ces_test::Score(on_date, cut);
    REQUIRE(expected.ok);
    std::vector<std::string> want;
    for (const std::string& line : ces_test::SplitLines(expected.csv)) {
      if (line.rfind("customer,", 0) == 0) continue;
      // customer,score,raw,tier,segment,… → as_of,customer,score,raw,tier,segment
      size_t end = 0;
      for (int k = 0; k < 5; ++k) end = line.find(',', end) + 1;
      want.push_back(iso + "," + line.substr(0, end - 1));
    }
    std::vector<std::string> got = ces_test::SplitLines(HistoryCsv(whole.session->dataset(), whole.session->model(),
                                                                   {Day(iso.c_str())}));
    got.erase(got.begin());
    CHECK(got == want);
  }
}
