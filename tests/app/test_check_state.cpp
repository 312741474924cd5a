// The Check view's logic (app/core/check_state.h): its figures are the engine's
// backtest and compare, byte for byte; the outcome defaults suit the file; errors
// arrive as text; "Try as draft" makes the suggested model the page's model.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/core/check_state.h"
#include "app/core/scoring_flow.h"
#include "engine/csv/value_parse.h"
#include "engine/evaluate/backtest.h"
#include "engine/evaluate/outcomes.h"
#include "fake_platform.h"

using namespace ces;
using namespace ces::app;

namespace {

std::string ReadFile(const std::string& relative) {
  std::ifstream in(std::string(CES_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The example as the page loads it: its model through the API, its data in slices.
void LoadExample(ScoringFlow& flow, const std::string& name, const std::string* data_override = nullptr) {
  REQUIRE(flow.SetModelJson(ReadFile("examples/" + name + "/model.json"), ModelOrigin::kApi).ok);
  const std::string data = data_override ? *data_override : ReadFile("examples/" + name + "/data.csv");
  flow.OnFileBegin("data.csv", data.size(), false);
  for (size_t at = 0; at < data.size(); at += 1 << 16)
    REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(data.data() + at), std::min<size_t>(1 << 16, data.size() - at)));
  flow.OnFileEnd();
  for (int i = 0; i < 1000 && flow.Busy(); ++i) flow.Step(1 << 24);
  REQUIRE(flow.Scored() != nullptr);
}

// The engine's backtest of an outcome column, without the page: what `ces backtest
// --outcome-column COL --json` computes (its own session, reader and run).
std::string EngineBacktestOfColumn(const std::string& model_json, const std::string& data, const std::string& column,
                                   bool expect_high) {
  ModelLoadResult m = LoadModel(model_json);
  REQUIRE(m.ok());
  ScoreSession s(*m.model);
  s.Feed(data.data(), data.size());
  REQUIRE(s.Finish());
  auto reader = OutcomeColumnReader::ForScoredFile(s.model(), column);
  reader->Feed(data.data(), data.size());
  REQUIRE(reader->Finish());
  const Outcomes outcomes = reader->Resolve(s.dataset());
  BacktestResult result;
  std::string error;
  REQUIRE(RunBacktest(s.dataset(), s.model(), s.table(), outcomes.of_customer, expect_high, std::nullopt, &result, &error));
  return BacktestToJson(result);
}

}  // namespace

TEST_CASE("check: the b2b example's churned column gives the engine's backtest, figure for figure") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  LoadExample(flow, "b2b-health-scorecard");
  CheckState check;
  check.PrepareFor(*flow.Scored(), flow.file());
  // A customers export with a yes/no churn column: that column is the default outcome.
  CHECK(check.choice.source == OutcomeChoice::kColumn);
  CHECK(check.choice.column == "churned");
  CHECK(check.choice.expect == OutcomeChoice::kLow);  // churn: a good score should make it less likely
  CHECK(check.choice.OptionsJson() == R"({"expect":"low","outcomeColumn":"churned"})");
  CHECK(OutcomeLikeColumns(flow.file().profile).front() == "churned");

  check.RequestBacktest();
  CHECK(check.backtest_status() == CheckState::Status::kPending);
  check.Step(flow.Scored(), flow.file(), flow.model().version());
  REQUIRE(check.backtest_status() == CheckState::Status::kDone);
  const std::string expected = EngineBacktestOfColumn(ReadFile("examples/b2b-health-scorecard/model.json"),
                                                      ReadFile("examples/b2b-health-scorecard/data.csv"), "churned", false);
  CHECK(check.result_json() == expected);
  const nlohmann::json j = nlohmann::json::parse(expected);
  CHECK(check.result().auc == doctest::Approx(j["auc"].get<double>()));
  CHECK(check.ResultIsFor(flow.model().version()));
  // Churned customers should have scored lower: the sentence says so, with the rounded percent.
  const std::string sentence = check.AucSentence();
  CHECK(sentence.find("churned = yes scored lower than one with churned = no") != std::string::npos);
  CHECK(sentence.find(std::to_string(static_cast<int>(std::lround(j["auc"].get<double>() * 100))) + " % of the time") !=
        std::string::npos);

  SUBCASE("expect high flips the direction, as --expect high does") {
    check.choice.expect = OutcomeChoice::kHigh;
    check.RunBacktest(*flow.Scored(), flow.file(), flow.model().version());
    REQUIRE(check.backtest_status() == CheckState::Status::kDone);
    CHECK(check.result().auc == doctest::Approx(1.0 - j["auc"].get<double>()).epsilon(1e-5));
    CHECK(check.AucSentence().find("scored higher") != std::string::npos);
  }

  SUBCASE("Try as draft makes the suggested model the page's, re-scored; putting back restores it") {
    const uint64_t before_version = flow.model().version();
    const std::string before_json = flow.model().valid_json();
    REQUIRE(check.ApplySuggested(flow));
    for (int i = 0; i < 1000 && flow.Busy(); ++i) flow.Step(1 << 24);
    CHECK(flow.model().version() != before_version);
    CHECK(flow.model().valid_json() == ModelToJson(check.result().suggested_model));
    const nlohmann::json model = nlohmann::json::parse(flow.model().valid_json());
    for (const nlohmann::json& a : j["activities"]) {
      if (a["suggested_weight"].is_null()) continue;
      bool found = false;
      for (const nlohmann::json& m : model["activities"])
        if (m["name"] == a["name"]) {
          CHECK(m["weight"].get<double>() == a["suggested_weight"].get<double>());
          found = true;
        }
      CHECK(found);
    }
    // The figures were for the old model: stale now, and a second apply is refused.
    CHECK_FALSE(check.ResultIsFor(flow.model().version()));
    CHECK_FALSE(check.ApplySuggested(flow));
    CHECK(check.before_draft_json() == before_json);

    // Compare the draft with the model before it: the engine's compare, and a real move.
    check.RequestCompare("before", check.before_draft_json());
    check.Step(flow.Scored(), flow.file(), flow.model().version());
    REQUIRE(check.compare_status() == CheckState::Status::kDone);
    const OperationResult summary = CompareOperation(*flow.Scored(), before_json, &flow.file().cache, true);
    CHECK(check.compare_summary_json() == summary.body);
    CHECK(check.CompareCsv() == CompareOperation(*flow.Scored(), before_json, &flow.file().cache, false).body);
    const auto& v = check.compare();
    CHECK(v.moved == nlohmann::json::parse(summary.body)["moved"].get<int64_t>());
    int64_t in_matrix = 0;
    for (const auto& row : v.matrix)
      for (int64_t n : row) in_matrix += n;
    CHECK(in_matrix == v.moved);
    CHECK(v.tiers == std::vector<std::string>{"At risk", "Watch", "Healthy"});
    REQUIRE(!v.drops.empty());
    for (size_t i = 1; i < v.drops.size(); ++i) CHECK(v.drops[i - 1].change <= v.drops[i].change);
    for (size_t i = 1; i < v.rises.size(); ++i) CHECK(v.rises[i - 1].change >= v.rises[i].change);
    CHECK(v.drops.front().change < 0);
    // Each cell of the matrix lists exactly its customers.
    for (size_t from = 0; from < v.tiers.size(); ++from)
      for (size_t to = 0; to < v.tiers.size(); ++to) {
        const auto cell = check.CellCustomers(from, to, 100000);
        CHECK(static_cast<int64_t>(cell.size()) == v.matrix[from][to]);
        for (const auto& m : cell) CHECK((m.tier_before == v.tiers[from] && m.tier_after == v.tiers[to]));
      }
    CHECK(check.CellCustomers(0, 1, 1).size() == std::min<size_t>(1, static_cast<size_t>(v.matrix[0][1])));

    REQUIRE(check.RestoreBeforeDraft(flow));
    for (int i = 0; i < 1000 && flow.Busy(); ++i) flow.Step(1 << 24);
    CHECK(flow.model().valid_json() == before_json);
  }
}

TEST_CASE("check: an outcome with one class, an unknown column and a window past the file are errors shown as text") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  // Every account churned = no: nothing to compare.
  std::string data = ReadFile("examples/b2b-health-scorecard/data.csv");
  for (size_t at = data.find(",yes\n"); at != std::string::npos; at = data.find(",yes\n", at)) data.replace(at, 5, ",no\n");
  LoadExample(flow, "b2b-health-scorecard", &data);
  CheckState check;
  check.PrepareFor(*flow.Scored(), flow.file());
  check.RunBacktest(*flow.Scored(), flow.file(), flow.model().version());
  REQUIRE(check.backtest_status() == CheckState::Status::kError);
  CHECK(check.backtest_error().find("outcome") != std::string::npos);
  CHECK(check.AucSentence().empty());

  check.choice.column = "no_such_column";
  check.RunBacktest(*flow.Scored(), flow.file(), flow.model().version());
  REQUIRE(check.backtest_status() == CheckState::Status::kError);
  CHECK(check.backtest_error().rfind("outcomeColumn: ", 0) == 0);

  check.choice.source = OutcomeChoice::kOtherFile;
  check.RunBacktest(*flow.Scored(), flow.file(), flow.model().version());
  CHECK(check.backtest_status() == CheckState::Status::kError);
  CHECK(check.backtest_error().find("outcomes file") != std::string::npos);
}

TEST_CASE("check: from the log (SaaS example), the default window fits the file and matches ces.backtest") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  LoadExample(flow, "saas-events");
  CheckState check;
  check.PrepareFor(*flow.Scored(), flow.file());
  const FileDates t = FileDatesOf(*flow.Scored());
  REQUIRE(t.has_dates);
  CHECK(t.first < t.last);
  CHECK(t.last == *flow.Scored()->dataset().max_day);
  CHECK(check.choice.source == OutcomeChoice::kLog);
  CHECK(check.choice.log_kind == LogOutcome::kInactive);
  CHECK(check.choice.horizon == 60);
  CHECK(check.choice.at == t.last - 60);
  const std::string options = check.choice.OptionsJson();
  CHECK(options == R"({"at":")" + FormatDate(t.last - 60) + R"(","horizon":60,"outcome":"inactive"})");

  check.RunBacktest(*flow.Scored(), flow.file(), flow.model().version());
  REQUIRE(check.backtest_status() == CheckState::Status::kDone);
  const OperationResult page = BacktestOperation(*flow.Scored(), options, nullptr);
  REQUIRE(page.kind == OperationResult::kJson);
  CHECK(check.result_json() == page.body);
  CHECK_FALSE(check.result().expect_high);  // inactive: low scores should go with it
  CHECK(check.AucSentence().find("A customer who went quiet scored lower than one who stayed active") == 0);

  // One day too far: the outcome would be cut short.
  check.choice.at = t.last - 59;
  check.RunBacktest(*flow.Scored(), flow.file(), flow.model().version());
  REQUIRE(check.backtest_status() == CheckState::Status::kError);
  CHECK(check.backtest_error().rfind("horizon: ", 0) == 0);
}

TEST_CASE("check: an outcomes file opened on the page") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  LoadExample(flow, "b2b-health-scorecard");
  // The churned column alone, in its own file with the customer column.
  const std::string data = ReadFile("examples/b2b-health-scorecard/data.csv");
  std::istringstream lines(data);
  std::string line, outcomes;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    outcomes += line.substr(0, line.find(',')) + ";" + line.substr(line.rfind(',') + 1) + "\n";
  }
  CheckState check;
  check.PrepareFor(*flow.Scored(), flow.file());
  check.SetOutcomesFile("outcomes.csv", outcomes);
  CHECK(check.choice.source == OutcomeChoice::kOtherFile);
  CHECK(check.choice.column == "churned");
  CHECK(check.choice.expect == OutcomeChoice::kLow);
  CHECK(check.outcomes_file_columns() == std::vector<std::string>{"account_id", "churned"});
  check.RunBacktest(*flow.Scored(), flow.file(), flow.model().version());
  REQUIRE(check.backtest_status() == CheckState::Status::kDone);
  // The same outcome as the column: the same figures.
  CHECK(check.result_json() == EngineBacktestOfColumn(ReadFile("examples/b2b-health-scorecard/model.json"), data, "churned", false));
}

TEST_CASE("check: a customers file without an outcome-like column starts on the column source, with none picked") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(R"({"ces_model":1,"data":{"shape":"customers","customer":"id"},
    "activities":[{"name":"Orders","column":"orders","weight":1}],"scale":{"method":"raw"}})", ModelOrigin::kApi).ok);
  const std::string data = "id,orders,city\na,1,Paris\nb,2,Lyon\nc,5,Nice\n";
  flow.OnFileBegin("c.csv", data.size(), false);
  REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
  flow.OnFileEnd();
  REQUIRE(flow.Scored() != nullptr);
  CheckState check;
  check.PrepareFor(*flow.Scored(), flow.file());
  CHECK_FALSE(FileDatesOf(*flow.Scored()).has_dates);
  CHECK(check.choice.source == OutcomeChoice::kColumn);
  CHECK(check.choice.column.empty());
  CHECK(OutcomeLikeColumns(flow.file().profile).empty());
  check.RunBacktest(*flow.Scored(), flow.file(), flow.model().version());
  CHECK(check.backtest_status() == CheckState::Status::kError);
  CHECK(check.backtest_error().rfind("outcomeColumn", 0) == 0);
}

TEST_CASE("check: compare offers every other score of the library, and compares with it as ces compare does") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  LoadExample(flow, "saas-events");
  CHECK(LibraryCompareOffers(flow.library()).empty());  // one score: nothing else to compare with

  // A copy of the score, then edited: the original stays in the library.
  const std::string original = flow.model().valid_json();
  const std::string original_name = flow.library().current_entry().name;
  flow.DuplicateModel(flow.library().current());
  for (int i = 0; i < 1000 && flow.Busy(); ++i) flow.Step(1 << 24);
  nlohmann::json edited = nlohmann::json::parse(original);
  edited["activities"][0]["weight"] = edited["activities"][0]["weight"].get<double>() * 5 + 3;
  REQUIRE(flow.SetModelJson(edited.dump(), ModelOrigin::kApi).ok);
  for (int i = 0; i < 1000 && flow.Busy(); ++i) flow.Step(1 << 24);
  REQUIRE(flow.library().size() == 2);
  REQUIRE(flow.library().current() == 1);

  const std::vector<CompareOffer> offers = LibraryCompareOffers(flow.library());
  REQUIRE(offers.size() == 1);
  CHECK(offers[0].index == 0);
  CHECK(offers[0].label == "\u201c" + original_name + "\u201d (a saved score)");
  CHECK(nlohmann::json::parse(offers[0].model_json) == nlohmann::json::parse(original));

  CheckState check;
  check.RequestCompare(offers[0].label, offers[0].model_json);
  check.Step(flow.Scored(), flow.file(), flow.model().version());
  REQUIRE(check.compare_status() == CheckState::Status::kDone);
  const OperationResult summary = CompareOperation(*flow.Scored(), offers[0].model_json, &flow.file().cache, true);
  CHECK(check.compare_summary_json() == summary.body);
  CHECK(check.compare().moved > 0);  // the edit moved customers between tiers
  CHECK(check.compare_label() == offers[0].label);
}

TEST_CASE("check: the tab waits for an outcomes file only with that source picked and none open") {
  CheckState check;
  check.choice.source = OutcomeChoice::kLog;
  CHECK_FALSE(check.WaitsForOutcomesFile());
  check.choice.source = OutcomeChoice::kColumn;
  CHECK_FALSE(check.WaitsForOutcomesFile());
  check.choice.source = OutcomeChoice::kOtherFile;
  CHECK(check.WaitsForOutcomesFile());
  check.SetOutcomesFile("renewals.csv", "user_id,renewed\nu1,yes\nu2,no\n");
  CHECK_FALSE(check.WaitsForOutcomesFile());
}
