// Loads in order (issue 14, point 5): a later request for a file supersedes an earlier
// one, and the starter model on screen is always made for the file that is shown.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "app/core/examples.h"
#include "app/core/scoring_flow.h"
#include "engine/results/results_csv.h"
#include "engine/session.h"
#include "fake_platform.h"

using namespace ces::app;
using Status = ScoringFlow::Status;

namespace {

constexpr char kShopCsv[] =
    "user_id,timestamp,event,amount\n"
    "ann,2024-03-01T10:00:00Z,order,10\n"
    "ann,2024-03-02T10:00:00Z,order,20\n"
    "ben,2024-03-03T10:00:00Z,visit,\n";
const std::string kShopModel = R"({"ces_model":1,"name":"Shop","data":{"shape":"events","customer":"user_id","time":"timestamp","event":"event"},
  "activities":[{"name":"Orders","events":["order"],"measure":"count","weight":1}],"scale":{"method":"raw"}})";

constexpr char kCrmCsv[] =
    "email,plan,seats\n"
    "a@x.io,pro,5\n"
    "b@x.io,free,1\n";
const std::string kCrmModel = R"({"ces_model":1,"name":"CRM","data":{"shape":"customers","customer":"email","segment":"plan"},
  "activities":[{"name":"Seats","measure":"value","column":"seats","weight":2}],"scale":{"method":"raw"}})";

std::string EngineCsv(const std::string& model_json, std::string_view csv) {
  ces::ModelLoadResult m = ces::LoadModel(model_json);
  REQUIRE(m.ok());
  ces::ScoreSession s(*m.model);
  s.Feed(csv.data(), csv.size());
  REQUIRE(s.Finish());
  return ces::ResultsCsv(s.dataset(), s.model(), s.table());
}

// What the platform does with a request: begin (refused when superseded), the bytes, end.
bool Deliver(ScoringFlow& flow, std::string_view name, std::string_view bytes, uint64_t ticket) {
  if (!flow.OnFileBegin(name, bytes.size(), false, ticket)) return false;
  if (flow.OnFileChunk(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())) flow.OnFileEnd();
  return true;
}

BundledExample Example(std::string_view id, const std::string& model) {
  return BundledExample{id, id, "", model, "", 0, 0};
}

bool HasActivityFor(const ces::ScoreModel& m, const std::string& event) {
  return std::any_of(m.activities.begin(), m.activities.end(), [&](const ces::Activity& a) {
    return std::find(a.events.begin(), a.events.end(), event) != a.events.end();
  });
}

}  // namespace

TEST_CASE("two examples clicked quickly: the second wins, whichever arrives first") {
  for (bool stale_first : {true, false}) {
    CAPTURE(stale_first);
    ces_test::FakePlatform platform;
    ScoringFlow flow(platform);
    flow.OpenExample(Example("shop", kShopModel));
    const uint64_t shop_ticket = platform.opened_ticket;
    flow.OpenExample(Example("crm", kCrmModel));
    const uint64_t crm_ticket = platform.opened_ticket;
    CHECK(crm_ticket > shop_ticket);
    if (stale_first) CHECK_FALSE(Deliver(flow, "shop.csv", kShopCsv, shop_ticket));
    CHECK(Deliver(flow, "crm.csv", kCrmCsv, crm_ticket));
    if (!stale_first) CHECK_FALSE(Deliver(flow, "shop.csv", kShopCsv, shop_ticket));
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.file().name == "crm.csv");
    CHECK(flow.model().last_valid().name == "CRM");
    CHECK(flow.ResultsCsv() == EngineCsv(kCrmModel, kCrmCsv));
  }
}

TEST_CASE("a file chosen after an example click supersedes the example") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OpenExample(Example("crm", kCrmModel));
  const uint64_t example_ticket = platform.opened_ticket;
  const uint64_t chosen = flow.RequestFile();  // the user picked a file meanwhile
  CHECK_FALSE(Deliver(flow, "crm.csv", kCrmCsv, example_ticket));
  CHECK(Deliver(flow, "shop.csv", kShopCsv, chosen));
  CHECK(flow.file().name == "shop.csv");
  // The example's model does not fit the shop file: a starter made for the shop file.
  CHECK(HasActivityFor(flow.model().last_valid(), "order"));
  CHECK(flow.status() == Status::kScored);
}

TEST_CASE("the starter is made for the file shown, not for the one before") {
  constexpr char kFirst[] = "user_id,timestamp,event\nu1,2024-03-01T10:00:00Z,login\nu2,2024-03-02T10:00:00Z,login\n";
  constexpr char kSecond[] =
      "user_id,timestamp,event\nu1,2024-03-01T10:00:00Z,charge.succeeded\nu2,2024-03-02T10:00:00Z,charge.refunded\n";
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kCrmModel, ModelOrigin::kShareLink).ok);
  flow.model().pinned = false;  // as an example's model: a file it does not fit gets a starter
  REQUIRE(Deliver(flow, "first.csv", kFirst, flow.RequestFile()));
  REQUIRE(HasActivityFor(flow.model().last_valid(), "login"));
  // The untouched starter fits the second file's columns; it is still made again for it.
  REQUIRE(Deliver(flow, "second.csv", kSecond, flow.RequestFile()));
  const ces::ScoreModel& m = flow.model().last_valid();
  CHECK_FALSE(HasActivityFor(m, "login"));
  CHECK(HasActivityFor(m, "charge.succeeded"));
  const auto refunds = std::find_if(m.activities.begin(), m.activities.end(),
                                    [](const ces::Activity& a) { return a.name == "charge.refunded"; });
  REQUIRE(refunds != m.activities.end());
  CHECK(refunds->weight < 0);
  REQUIRE(flow.StarterReason(*refunds) != nullptr);
  CHECK(flow.StarterReason(*refunds)->find("refunded") != std::string::npos);

  // An edited starter is the user's work: the next file with its columns keeps it.
  flow.model().edit().activities[0].weight = 7;
  flow.AfterModelEdit();
  REQUIRE(Deliver(flow, "first.csv", kFirst, flow.RequestFile()));
  CHECK(flow.model().last_valid().activities[0].weight == 7);
}
