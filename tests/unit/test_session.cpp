// The pipeline as a whole: chunking never changes the output; re-scoring from
// memory gives exactly what reading the file again would; the command line's
// pruned reading gives the same table as the app's full one.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "test_helpers.h"

using namespace ces;
using ces_test::Model;
using ces_test::Score;

namespace {

// A messy but valid event log: quoted ids, CRLF and LF, offsets, empty cells,
// a few bad rows, 6 event types over ~200 days.
std::string GeneratedLog(uint32_t seed, int rows) {
  std::mt19937 rng(seed);
  const char* events[] = {"login", "view", "purchase", "feature", "ticket", "logout"};
  const char* features[] = {"export", "share", "api", " export ", "import"};
  const char* plans[] = {"free", "pro", "team", ""};
  std::string s = "user_id,timestamp,event,value,plan\r\n";
  for (int i = 0; i < rows; ++i) {
    int user = static_cast<int>(rng() % 97);
    int day = static_cast<int>(rng() % 200);
    int y = 2024, m = 1 + day / 28, d = 1 + day % 28;
    const char* ev = events[rng() % 6];
    std::string value;
    if (std::string(ev) == "purchase") value = std::to_string(rng() % 500) + "." + std::to_string(rng() % 100);
    if (std::string(ev) == "feature") value = features[rng() % 5];
    if (std::string(ev) == "view") value = std::to_string(rng() % 30);
    char ts[64];
    int hour = static_cast<int>(rng() % 24);
    if (rng() % 3 == 0) std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:15:00-05:00", y, m, d, hour);
    else std::snprintf(ts, sizeof ts, "%04d-%02d-%02d %02d:00:00", y, m, d, hour);
    std::string id = (user % 5 == 0) ? "\"u," + std::to_string(user) + "\"" : "u" + std::to_string(user);
    if (i % 211 == 7) id = "";  // a row error now and then
    s += id + "," + ts + "," + ev + "," + value + "," + plans[rng() % 4] + (i % 2 ? "\n" : "\r\n");
  }
  return s;
}

const char* kBaseModel = R"({
  "ces_model": 1,
  "data": {"shape":"events","customer":"user_id","time":"timestamp","event":"event","segment":"plan"},
  "window": {"days": 60},
  "activities": [
    {"name":"Logins","events":["login"],"weight":1,"cap":20},
    {"name":"Active days","measure":"distinct_days","weight":2},
    {"name":"Spend","events":["purchase"],"measure":"sum","column":"value","weight":0.05,"transform":"log"},
    {"name":"Features","events":["feature"],"measure":"distinct_values","column":"value","weight":3},
    {"name":"Recent","events":["login","view"],"weight":2,"half_life_days":14},
    {"name":"Tickets","events":["ticket"],"weight":-4},
    {"name":"Since","measure":"days_since_last","weight":-0.5}
  ],
  "scale": {"method":"percentile"},
  "tiers": [{"name":"Low","below":30},{"name":"Mid","below":70},{"name":"High"}]
})";

// The same data scored twice: with every layer of the table, and with `lean` options.
struct KeptAndLean {
  std::unique_ptr<ScoreSession> kept, without;
};
KeptAndLean ScoreKeptAndLean(const ScoreModel& model, const std::string& data, const SessionOptions& lean) {
  SessionOptions kept;
  kept.keep_measures = kept.keep_points = true;
  KeptAndLean s{std::make_unique<ScoreSession>(model, kept), std::make_unique<ScoreSession>(model, lean)};
  for (ScoreSession* session : {s.kept.get(), s.without.get()}) {
    REQUIRE(session->Feed(data.data(), data.size()));
    REQUIRE(session->Finish());
  }
  return s;
}

}  // namespace

TEST_CASE("the scored table is the same whatever the chunk size") {
  const std::string data = GeneratedLog(7, 3000);
  const ScoreModel model = Model(kBaseModel);
  const auto whole = Score(model, data);
  REQUIRE(whole.ok);
  CHECK(whole.session->dataset().row_errors > 0);
  for (size_t chunk : {1, 2, 3, 7, 64, 4096}) {
    CAPTURE(chunk);
    auto s = Score(model, data, chunk);
    REQUIRE(s.ok);
    CHECK(s.csv == whole.csv);
    CHECK(s.session->dataset().row_errors == whole.session->dataset().row_errors);
  }
}

TEST_CASE("finishing in steps gives the same table whatever the cut, and the steps are cut by customers") {
  const std::string data = GeneratedLog(7, 3000);
  const ScoreModel model = Model(kBaseModel);
  const auto whole = Score(model, data);
  REQUIRE(whole.ok);
  const size_t customers = whole.session->dataset().customer_count();
  REQUIRE(customers > 50);
  for (uint32_t per_step : {1u, 2u, 7u, 96u, 97u, 100000u}) {
    CAPTURE(per_step);
    ScoreSession s(model);
    REQUIRE(s.Feed(data.data(), data.size()));
    size_t steps = 0;
    while (s.FinishStep(per_step)) {
      ++steps;
      CHECK_FALSE(s.finished());
    }
    CHECK(s.finished());
    CHECK_FALSE(s.FinishStep(per_step));  // nothing more once finished
    // The file's end: the rows, ceil(customers / per_step) steps of the attributes' history, the ids;
    // the table's room, ceil(customers / per_step) measuring steps, the values and points, the raw
    // and scale; the order ends it.
    const size_t cut = (customers + per_step - 1) / per_step;
    CHECK(steps == 5 + 2 * cut);
    CHECK(ResultsCsv(s.dataset(), s.model(), s.table()) == whole.csv);
  }
}

TEST_CASE("finishing in steps: a customers file with missing values filled by the mean; a file that cannot be used") {
  const ScoreModel model = Model(R"({"ces_model":2,"data":{"shape":"customers","customer":"id"},
    "activities":[{"name":"Seats","column":"seats","weight":1,"missing":"mean"},
                  {"name":"Logins","column":"logins","weight":2,"missing":"skip"}],
    "scale":{"method":"raw"}})");
  const std::string data = "id,seats,logins\na,3,\nb,,4\nc,5,1\nd,,\ne,9,2\n";
  const auto whole = Score(model, data);
  REQUIRE(whole.ok);
  ScoreSession s(model);
  REQUIRE(s.Feed(data.data(), data.size()));
  while (s.FinishStep(2)) {
  }
  REQUIRE(s.finished());
  CHECK(ResultsCsv(s.dataset(), s.model(), s.table()) == whole.csv);

  ScoreSession empty(model);
  CHECK_FALSE(empty.FinishStep(2));  // no header: the first step fails
  CHECK(empty.failed());
  CHECK_FALSE(empty.finished());
}

TEST_CASE("the command line's pruned reading scores exactly like the full one") {
  const std::string data = GeneratedLog(11, 4000);
  for (const char* extra : {"", "2024-04-01"}) {
    ScoreModel model = Model(kBaseModel);
    if (*extra) {
      int32_t day;
      REQUIRE(ParseIsoDate(extra, &day));
      model.window.as_of = day;
    }
    auto full = Score(model, data, 0, false);
    auto pruned = Score(model, data, 977, true);
    REQUIRE(full.ok);
    REQUIRE(pruned.ok);
    CHECK(pruned.csv == full.csv);
  }
}

TEST_CASE("re-scoring from memory equals reading the file again, for every kind of edit") {
  const std::string data = GeneratedLog(3, 5000);
  const ScoreModel base = Model(kBaseModel);
  auto session = Score(base, data).session;
  REQUIRE(session->finished());

  struct Edit {
    const char* what;
    std::function<void(ScoreModel&)> apply;
    bool measures_untouched;  // the edit must not re-measure any activity
  };
  std::vector<Edit> edits = {
      {"weight", [](ScoreModel& m) { m.activities[0].weight = 3.5; }, true},
      {"negative weight", [](ScoreModel& m) { m.activities[2].weight = -0.2; }, true},
      {"cap", [](ScoreModel& m) { m.activities[1].cap = 5; }, true},
      {"transform", [](ScoreModel& m) { m.activities[3].transform = Transform::kSqrt; }, true},
      {"scale minmax", [](ScoreModel& m) { m.scale.method = ScaleMethod::kMinMax; }, true},
      {"scale target", [](ScoreModel& m) { m.scale = {ScaleMethod::kTarget, 12}; }, true},
      {"tiers", [](ScoreModel& m) { m.tiers = {{"A", 50.0, ""}, {"B", std::nullopt, ""}}; }, true},
      {"reorder", [](ScoreModel& m) { std::swap(m.activities[0], m.activities[6]); }, true},
      {"delete", [](ScoreModel& m) { m.activities.erase(m.activities.begin() + 2); }, true},
      {"duplicate", [](ScoreModel& m) { m.activities.push_back(m.activities[1]); m.activities.back().name = "Copy"; }, true},
      {"half-life", [](ScoreModel& m) { m.activities[4].half_life_days = 3; }, false},
      {"window days", [](ScoreModel& m) { m.window.days = 150; }, false},
      {"as_of", [](ScoreModel& m) { m.window.as_of = DaysFromCivil(2024, 3, 15); }, false},
      {"events of a count", [](ScoreModel& m) { m.activities[5].events = {"ticket", "logout"}; }, false},
      {"measure", [](ScoreModel& m) { m.activities[0].measure = Measure::kDistinctDays; }, false},
  };
  ScoreModel current = base;
  for (const Edit& e : edits) {
    CAPTURE(std::string(e.what));
    ScoreModel next = current;
    e.apply(next);
    REQUIRE(session->SetModel(next) == ScoreSession::ModelChange::kRescored);
    if (e.measures_untouched) CHECK(session->activities_measured_last() == 0);
    auto fresh = Score(next, data);
    REQUIRE(fresh.ok);
    CHECK(ResultsCsv(session->dataset(), session->model(), session->table()) == fresh.csv);
    current = next;
  }
}

TEST_CASE("edits that change how the file is read ask for a new reading") {
  const std::string data = GeneratedLog(5, 500);
  auto session = Score(Model(kBaseModel), data).session;
  ScoreModel m = Model(kBaseModel);
  m.activities[2].events = {"purchase", "view"};  // now view rows must parse `value`
  CHECK(session->SetModel(m) == ScoreSession::ModelChange::kNeedsReread);
  m = Model(kBaseModel);
  m.data.segment = "";
  CHECK(session->SetModel(m) == ScoreSession::ModelChange::kNeedsReread);
  m = Model(kBaseModel);
  m.activities[3].column = "plan";
  CHECK(session->SetModel(m) == ScoreSession::ModelChange::kNeedsReread);
}

TEST_CASE("deleting an activity re-scores from memory unless rows were rejected for its column") {
  const ScoreModel base = Model(kBaseModel);
  ScoreModel without_spend = base;
  without_spend.activities.erase(without_spend.activities.begin() + 2);
  const std::string clean = GeneratedLog(5, 500);
  auto a = Score(base, clean).session;
  CHECK(a->SetModel(without_spend) == ScoreSession::ModelChange::kRescored);
  const std::string dirty = clean + "u1,2024-02-01,purchase,12abc,pro\n";  // rejected only because Spend reads it
  auto b = Score(base, dirty).session;
  CHECK(b->dataset().numeric_errors == std::vector<int64_t>{1});
  CHECK(b->SetModel(without_spend) == ScoreSession::ModelChange::kNeedsReread);
  auto fresh = Score(without_spend, dirty);
  CHECK(fresh.session->dataset().row_errors == b->dataset().row_errors - 1);
}

TEST_CASE("a file that cannot be used stops the reading early with a reason") {
  ces::ScoreSession s(Model(kBaseModel));
  std::string head = "id,when\n";
  CHECK_FALSE(s.Feed(head.data(), head.size()));
  REQUIRE(s.failed());
  CHECK(s.errors()[0] == "line 1: data.customer: column \"user_id\" is not in the file");
  CHECK_FALSE(s.Feed("x", 1));
  CHECK_FALSE(s.Finish());
}

// The dataset ranks its ids once (Ingestor::RankIds: a radix sort of the first 8 bytes,
// then each run sharing them by the whole ids); every later id sort relies on it.
TEST_CASE("session: a dataset's id order is the ids' byte order, for thousands sharing long prefixes") {
  std::mt19937 rng(3);
  const std::vector<std::string> stems = {"customer_", "customer", "cust", "C", "\xc3\xa9", "9", "10", "z"};
  std::string csv = "id,v\n";
  std::vector<std::string> ids;
  for (int i = 0; i < 6000; ++i) {
    std::string id = stems[rng() % stems.size()] + std::to_string(rng() % 100000);
    if (rng() % 3 == 0) id += "_" + std::to_string(rng() % 10);
    csv += id + ",1\n";
    ids.push_back(id);
  }
  const char* model = R"({"ces_model": 1, "name": "m", "data": {"shape": "customers", "customer": "id"},
    "activities": [{"name": "V", "measure": "value", "column": "v", "weight": 1}],
    "scale": {"method": "raw"}, "tiers": [{"name": "All"}]})";
  ces_test::Scored s = Score(model, csv);
  REQUIRE(s.ok);
  const Dataset& d = s.session->dataset();
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  REQUIRE(d.by_id.size() == ids.size());
  REQUIRE(d.id_rank.size() == ids.size());
  for (uint32_t i = 0; i < d.by_id.size(); ++i) {
    CHECK(d.customer_id(d.by_id[i]) == ids[i]);
    CHECK(d.id_rank[d.by_id[i]] == i);
  }
}

TEST_CASE("without its points layer the table prints the same: bins, skipped values, groups") {
  // The b2b example has all three (v2 1.1-1.3); the base model weights, caps, transforms.
  const std::string dir = std::string(CES_SOURCE_DIR) + "/examples/b2b-health-scorecard/";
  const std::pair<std::string, std::string> cases[] = {
      {ces_test::ReadText(dir + "model.json"), ces_test::ReadText(dir + "data.csv")},
      {kBaseModel, GeneratedLog(5, 2000)}};
  for (const auto& [model_json, data] : cases) {
    const ScoreModel model = Model(model_json);
    SessionOptions lean;
    lean.keep_points = false;
    const KeptAndLean s = ScoreKeptAndLean(model, data, lean);
    const ScoreSession &kept = *s.kept, &without = *s.without;
    const ScoreTable &k = kept.table(), &w = without.table();
    CHECK(w.points.empty());
    REQUIRE(k.points.size() == k.customers * k.activities);
    size_t skipped = 0, differing = 0;
    for (uint32_t c = 0; c < k.customers; ++c)
      for (size_t a = 0; a < k.activities; ++a) {
        const double kp = k.Points(c, a), wp = w.Points(c, a);
        skipped += std::isnan(kp);
        differing += std::isnan(kp) ? !std::isnan(wp) : kp != wp;
      }
    CHECK(differing == 0);
    CHECK(w.raw == k.raw);
    CHECK(w.group_points.size() == k.group_points.size());
    CHECK(ResultsCsv(without.dataset(), without.model(), without.table()) ==
          ResultsCsv(kept.dataset(), kept.model(), kept.table()));
    if (model.version == 2) CHECK(skipped > 0);  // the example does skip some values
  }
}

TEST_CASE("without its measure layer the table is the same, and no edit re-scores from memory") {
  const std::string data = GeneratedLog(12, 3000);
  ScoreModel model = Model(kBaseModel);
  SessionOptions lean;
  lean.prune = true;
  lean.keep_measures = false;
  lean.keep_points = true;  // only the measure layer is left out here
  const KeptAndLean s = ScoreKeptAndLean(model, data, lean);
  const ScoreSession &kept = *s.kept, &without = *s.without;
  CHECK(without.table().measure.empty());  // the 80 MB a million customers would cost
  CHECK(std::isnan(without.table().Measure(0, 0)));  // unknown, not a read past the end
  CHECK_FALSE(std::isnan(kept.table().Measure(0, 0)));
  CHECK(without.table().value == kept.table().value);
  CHECK(without.table().points == kept.table().points);
  CHECK(without.table().score == kept.table().score);
  CHECK(ResultsCsv(without.dataset(), without.model(), without.table()) ==
        ResultsCsv(kept.dataset(), kept.model(), kept.table()));
  ScoreModel heavier = model;
  heavier.activities[0].weight = 3;
  CHECK(kept.CanRescore(heavier));
  CHECK_FALSE(without.CanRescore(heavier));  // the values alone would do here, but a cap or transform would not
}

TEST_CASE("measuring through a range runner gives the same table, whatever the ranges' order and cut") {
  // The command line measures on threads (ScoreSession::MeasureWith); here the ranges
  // are run out of order and in uneven pieces, which any thread schedule may give.
  std::vector<std::pair<std::string, std::string>> cases;
  for (ces_test::Example& e : ces_test::BundledExamples(CES_SOURCE_DIR)) cases.emplace_back(e.model, e.data);
  cases.emplace_back(kBaseModel, GeneratedLog(9, 3000));
  for (const auto& [model_json, data] : cases) {
    const ScoreModel model = Model(model_json);
    REQUIRE(!data.empty());
    for (bool lean : {false, true}) {
      SessionOptions options;
      options.prune = lean;
      options.keep_measures = options.keep_points = !lean;
      ScoreSession in_order(model, options), by_ranges(model, options);
      std::vector<std::pair<uint32_t, uint32_t>> ran;
      by_ranges.MeasureWith([&](uint32_t count, const std::function<void(uint32_t, uint32_t)>& work) {
        const uint32_t cuts[] = {0, count / 7, count / 7 + 1, count / 2, count};
        for (size_t k = 4; k-- > 0;) {  // the last range first
          const uint32_t from = std::min(cuts[k], count), to = std::min(cuts[k + 1], count);
          if (from < to) {
            work(from, to);
            ran.emplace_back(from, to);
          }
        }
      });
      for (ScoreSession* s : {&in_order, &by_ranges}) {
        REQUIRE(s->Feed(data.data(), data.size()));
        REQUIRE(s->Finish());
      }
      CAPTURE(model.name);
      CAPTURE(lean);
      REQUIRE(!ran.empty());  // the runner was used
      CHECK(ran.front().second == in_order.table().customers);
      // Bit for bit: a skipped value is NaN, which == would call different from itself.
      auto same_bits = [](const std::vector<double>& a, const std::vector<double>& b) {
        return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
      };
      CHECK(same_bits(in_order.table().measure, by_ranges.table().measure));
      CHECK(same_bits(in_order.table().value, by_ranges.table().value));
      CHECK(same_bits(in_order.table().raw, by_ranges.table().raw));
      CHECK(ResultsCsv(by_ranges.dataset(), by_ranges.model(), by_ranges.table()) ==
            ResultsCsv(in_order.dataset(), in_order.model(), in_order.table()));
    }
  }
}
