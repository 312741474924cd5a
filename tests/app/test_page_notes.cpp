// The page's data notes and where they appear: ces.summary().warnings carries the
// engine's warnings (amounts in several currencies: one rule, in the engine) and the
// page's own notes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/core/id_notes.h"
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

nlohmann::json ScoredSummary(const std::string& csv) {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kSumModel, ModelOrigin::kApi).ok);
  REQUIRE(flow.OnFileBegin("payments.csv", csv.size(), false));
  flow.OnFileChunk(reinterpret_cast<const uint8_t*>(csv.data()), csv.size());
  flow.OnFileEnd();
  return nlohmann::json::parse(flow.SummaryJson());
}

int Mentions(const nlohmann::json& s, const std::string& text) {
  int n = 0;
  for (const auto& w : s["warnings"]) n += w.get<std::string>().find(text) != std::string::npos;
  return n;
}
}  // namespace

TEST_CASE("ces.summary().warnings carries the engine's note on amounts in several currencies, once") {
  const auto s = ScoredSummary(kPayments);
  REQUIRE(s["status"] == "scored");
  CHECK(Mentions(s, "activity Spend: column amount mixes 3 currencies (USD, EUR, GBP in column currency)") == 1);
  CHECK(Mentions(s, "currenc") == 1);  // the page adds no second copy of the rule
}

TEST_CASE("one currency, however written, gets no note") {
  const auto s = ScoredSummary("customer,created,type,amount,currency\nc1,2025-01-01,x,1,usd\nc2,2025-01-01,x,2,USD\n");
  REQUIRE(s["status"] == "scored");
  CHECK(Mentions(s, "currenc") == 0);
}

TEST_CASE("a file with a header and no rows says so in ces.summary().warnings") {
  const auto s = ScoredSummary("customer,created,type,amount,currency\n");
  CHECK(Mentions(s, "header and no rows") == 1);
}

// An export that wrote missing ids as text: the contract makes "null" a customer; the
// page says what it probably is (app/core/id_notes.h).
TEST_CASE("rows whose customer id is \"null\" or \"N/A\" get a note with their count") {
  const auto s = ScoredSummary(
      "customer,created,type,amount,currency\n"
      "cus_1,2025-01-01T10:00:00Z,charge.succeeded,1200,usd\n"
      "null,2025-01-02T10:00:00Z,charge.succeeded,900,usd\n"
      "null,2025-01-03T10:00:00Z,charge.succeeded,900,usd\n"
      "null,2025-01-03T11:00:00Z,charge.failed,900,usd\n"
      "N/A,2025-01-03T10:00:00Z,charge.succeeded,500,usd\n"
      "nullable,2025-01-03T10:00:00Z,charge.succeeded,500,usd\n");
  REQUIRE(s["status"] == "scored");
  CHECK(Mentions(s, "3 rows have the customer id \u201cnull\u201d \u2014 probably missing values in the export") == 1);
  CHECK(Mentions(s, "1 row has the customer id \u201cN/A\u201d") == 1);
  CHECK(Mentions(s, "nullable") == 0);
  CHECK(Mentions(s, "customer id") == 2);
  // Told in id order ("N/A" < "null" in bytes), whatever order the file had them in.
  const std::string all = s["warnings"].dump();
  CHECK(all.find("\u201cN/A\u201d") < all.find("\u201cnull\u201d"));
}

TEST_CASE("placeholder ids: the words for a missing value in any case, nothing longer or shorter") {
  for (const char* id : {"null", "NULL", "Null", "none", "None", "nil", "n/a", "N/A", "na", "NA", "#n/a", "#N/A", "nan",
                         "NaN", "undefined", "UNDEFINED", "(null)", "(blank)", "(Blank)"})
    CHECK_MESSAGE(IsPlaceholderId(id), id);
  for (const char* id : {"", "n", "nul", "nulls", "nullable", "nonE1", "u", "undefine", "(blank", "#n/a ", " null",
                         "n\xc3\xa1", "cus_1", "0"})
    CHECK_MESSAGE(!IsPlaceholderId(id), id);
}

TEST_CASE("a customers file: merged rows of the id NULL are counted") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(R"({"ces_model":1,"name":"Accounts","data":{"shape":"customers","customer":"id"},
    "activities":[{"name":"Seats","measure":"value","column":"seats","weight":1}],"scale":{"method":"raw"}})",
                            ModelOrigin::kApi).ok);
  const std::string csv = "id,seats\nacme,3\nNULL,1\nNULL,2\n";
  REQUIRE(flow.OnFileBegin("accounts.csv", csv.size(), false));
  flow.OnFileChunk(reinterpret_cast<const uint8_t*>(csv.data()), csv.size());
  flow.OnFileEnd();
  const auto s = nlohmann::json::parse(flow.SummaryJson());
  REQUIRE(s["status"] == "scored");
  CHECK(Mentions(s, "2 rows have the customer id \u201cNULL\u201d") == 1);
}
