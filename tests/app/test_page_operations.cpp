// The page's v2 operations (app/core/page_operations.h): the same text as the engine
// functions the command line calls, options errors that name the option, and the
// loaded file asked for again when a model reads it differently.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "app/core/page_operations.h"
#include "engine/evaluate/history.h"
#include "engine/model/model.h"
#include "engine/session.h"

using namespace ces;
using namespace ces::app;

namespace {

const char* kModel = R"({"ces_model":2,"data":{"shape":"events","customer":"id","time":"t","event":"e","segment":"plan"},
  "window":{"days":30},"activities":[{"name":"N","measure":"count","weight":1},
  {"name":"Since","measure":"days_since_last","weight":-1}],"scale":{"method":"percentile"},
  "tiers":[{"name":"Low","below":50},{"name":"High"}]})";

const std::string kData =
    "id,t,e,plan,churned\n"
    "a,2024-01-01,login,free,no\n"
    "a,2024-01-20,login,pro,no\n"
    "b,2024-01-05,login,free,yes\n"
    "c,2024-01-25,login,pro,no\n"
    "d,2024-01-02,login,free,yes\n"
    "a,2024-01-28,buy,pro,no\n";

std::unique_ptr<ScoreSession> Loaded(const std::string& model_json = kModel) {
  auto s = std::make_unique<ScoreSession>(*LoadModel(model_json).model);  // as the page reads: no pruning
  s->Feed(kData.data(), kData.size());
  REQUIRE(s->Finish());
  return s;
}

}  // namespace

TEST_CASE("page operations: history is the engine's history CSV; bad options name the option") {
  auto s = Loaded();
  OperationResult r = HistoryCsvOperation(*s, R"({"every":7,"points":3})");
  REQUIRE(r.kind == OperationResult::kText);
  int32_t d;
  REQUIRE(ParseIsoDate("2024-01-28", &d));
  CHECK(r.body == HistoryCsv(s->dataset(), s->model(), {d - 14, d - 7, d}));
  CHECK(r.body.rfind("as_of,customer,score,raw,tier,segment\n2024-01-14,", 0) == 0);
  OperationResult bad = HistoryCsvOperation(*s, R"({"every":0})");
  CHECK(bad.kind == OperationResult::kError);
  CHECK(bad.body.rfind("every", 0) == 0);
}

TEST_CASE("page operations: movers by dates and against an older export") {
  auto s = Loaded();
  OperationResult csv = MoversOperation(*s, R"({"from":"2024-01-10"})", nullptr, false);
  REQUIRE(csv.kind == OperationResult::kText);
  CHECK(csv.body.rfind("customer,status,score_before,score_after,change,tier_before,tier_after\n", 0) == 0);
  CHECK(csv.body.find("\nc,new,,") != std::string::npos);
  OperationResult summary = MoversOperation(*s, R"({"from":"2024-01-10"})", nullptr, true);
  REQUIRE(summary.kind == OperationResult::kJson);
  CHECK(summary.body.find("\"new\":1") != std::string::npos);
  const std::string older = "id,t,e,plan\na,2024-01-01,login,free\nz,2024-01-02,login,free\n";
  OperationResult before = MoversOperation(*s, R"({"before":true})", &older, false);
  REQUIRE(before.kind == OperationResult::kText);
  CHECK(before.body.find("\nz,gone,") != std::string::npos);
  CHECK(MoversOperation(*s, R"({"before":true})", nullptr, false).kind == OperationResult::kError);
  OperationResult backwards = MoversOperation(*s, R"({"from":"2024-01-28","to":"2024-01-10"})", nullptr, false);
  CHECK(backwards.kind == OperationResult::kError);
}

TEST_CASE("page operations: compare from memory, or asks for the file when the other model reads it differently") {
  auto s = Loaded();
  std::string other = kModel;
  other.replace(other.find("\"weight\":1"), 10, "\"weight\":5");
  OperationResult same_plan = CompareOperation(*s, other, nullptr, true);
  REQUIRE(same_plan.kind == OperationResult::kJson);
  CHECK(same_plan.body.find("\"moved\":4") != std::string::npos);
  std::string reads_more = kModel;
  reads_more.replace(reads_more.find("\"plan\"}"), 7, "\"plan\",\"carry\":[\"churned\"]}");
  OperationResult asks = CompareOperation(*s, reads_more, nullptr, false);
  CHECK(asks.kind == OperationResult::kError);
  CHECK(asks.needs_loaded_file);
  OperationResult with_file = CompareOperation(*s, reads_more, &kData, false);
  CHECK(with_file.kind == OperationResult::kText);
  CHECK(CompareOperation(*s, "{", nullptr, false).body.rfind("model: ", 0) == 0);
}

TEST_CASE("page operations: backtest from a column of the loaded file, and SQL") {
  auto s = Loaded();
  OperationResult asks = BacktestOperation(*s, R"({"outcomeColumn":"churned","expect":"low"})", nullptr);
  CHECK(asks.needs_loaded_file);
  OperationResult r = BacktestOperation(*s, R"({"outcomeColumn":"churned","expect":"low"})", &kData);
  REQUIRE(r.kind == OperationResult::kJson);
  CHECK(r.body.rfind("{\"customers\":4,\"positives\":2,\"expect\":\"low\"", 0) == 0);
  CHECK(BacktestOperation(*s, R"({"horizon":"x"})", nullptr).kind == OperationResult::kError);
  OperationResult sql = SqlOperation(s->model(), "duckdb");
  CHECK(sql.kind == OperationResult::kText);
  CHECK(SqlOperation(s->model(), "oracle").body.rfind("dialect", 0) == 0);
}
