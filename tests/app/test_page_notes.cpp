// The page's own data notes (data_notes.h) and where they appear: ces.summary().warnings.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/core/data_notes.h"
#include "app/core/scoring_flow.h"
#include "fake_platform.h"

using namespace ces;
using namespace ces::app;

namespace {
constexpr char kPayments[] =
    "customer,created,type,amount,currency\n"
    "cus_1,2025-01-01T10:00:00Z,charge.succeeded,1200,usd\n"
    "cus_2,2025-01-02T10:00:00Z,charge.succeeded,900,eur\n"
    "cus_3,2025-01-03T10:00:00Z,charge.succeeded,500,gbp\n";
const std::string kSumModel = R"({"ces_model":1,"name":"Pay","data":{"shape":"events","customer":"customer","time":"created","event":"type"},
  "activities":[{"name":"Spend","measure":"sum","column":"amount","weight":1}],"scale":{"method":"raw"}})";
}  // namespace

TEST_CASE("a sum over amounts in several currencies gets a note; one currency does not") {
  const CsvProfile p = InspectCsv(kPayments);
  const ModelLoadResult m = LoadModel(kSumModel);
  REQUIRE(m.ok());
  const std::vector<std::string> notes = CurrencyNotes(p, *m.model);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("\u201cSpend\u201d adds \u201camount\u201d across 3 currencies (USD, EUR, GBP") == 0);

  const CsvProfile one = InspectCsv("customer,created,type,amount,currency\nc1,2025-01-01,x,1,usd\nc2,2025-01-01,x,2,USD\n");
  CHECK(CurrencyNotes(one, *m.model).empty());
}

TEST_CASE("ces.summary().warnings carries the page's notes") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kSumModel, ModelOrigin::kApi).ok);
  const std::string csv = kPayments;
  REQUIRE(flow.OnFileBegin("payments.csv", csv.size(), false));
  flow.OnFileChunk(reinterpret_cast<const uint8_t*>(csv.data()), csv.size());
  flow.OnFileEnd();
  const auto s = nlohmann::json::parse(flow.SummaryJson());
  REQUIRE(s["status"] == "scored");
  bool found = false;
  for (const auto& w : s["warnings"]) found |= w.get<std::string>().find("currencies") != std::string::npos;
  CHECK(found);
}
