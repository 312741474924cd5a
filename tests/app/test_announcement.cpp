// What the page's live region says (src/app/core/announcement.h): nothing before a
// file, the customers, mean and tiers once scored, why a file failed, the selection.
#include <doctest/doctest.h>

#include <string>

#include "app/core/announcement.h"
#include "app/core/customer_explanation.h"
#include "app/core/scoring_flow.h"
#include "fake_platform.h"

using namespace ces::app;

namespace {
const std::string kModel = R"({"ces_model":1,"name":"Small","data":{"shape":"events","customer":"user_id","time":"timestamp","event":"event"},
  "activities":[{"name":"Logins","events":["login"],"measure":"count","weight":1}],"scale":{"method":"raw"},"tiers":[{"name":"Low","below":2},{"name":"High"}]})";

void Send(ScoringFlow& flow, std::string_view bytes) {
  flow.OnFileBegin("data.csv", bytes.size(), false);
  flow.OnFileChunk(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  flow.OnFileEnd();
}
}  // namespace

TEST_CASE("the live region names the file, its customers, the mean and the tier counts") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  CHECK(StatusAnnouncement(flow).empty());
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
  Send(flow,
       "user_id,timestamp,event\n"
       "alice,2024-03-01T10:00:00Z,login\nalice,2024-03-02T10:00:00Z,login\nalice,2024-03-02T11:00:00Z,login\n"
       "bob,2024-03-03T09:00:00Z,login\n");
  CHECK(StatusAnnouncement(flow) == "data.csv scored with \u201cSmall\u201d: 2 customers, mean score 2.0. Tiers: Low 1, High 1.");
  CHECK(SelectionAnnouncement(flow).empty());
  // Rows skipped are counted, one or many; a customer of skipped rows only is none.
  Send(flow, "user_id,timestamp,event\nalice,2024-03-01T10:00:00Z,login\ncarol,yesterday,login\n");
  CHECK(StatusAnnouncement(flow) ==
        "data.csv scored with \u201cSmall\u201d: 1 customer, mean score 1.0. Tiers: Low 1, High 0. 1 row was skipped.");
  Send(flow,
       "user_id,timestamp,event\n"
       "alice,2024-03-01T10:00:00Z,login\nalice,2024-03-02T10:00:00Z,login\nalice,2024-03-02T11:00:00Z,login\n"
       "bob,2024-03-03T09:00:00Z,login\nbob,,login\ncarol,soon,login\n");
  CHECK(StatusAnnouncement(flow) ==
        "data.csv scored with \u201cSmall\u201d: 2 customers, mean score 2.0. Tiers: Low 1, High 1. 2 rows were skipped.");
  flow.results().selected = 0;
  const std::string who = SelectionAnnouncement(flow);
  CHECK((who == "Customer alice: score 3, tier High. Raw score 3 points: Logins 3 (measured 3)." ||
         who == "Customer bob: score 1, tier Low. Raw score 1 points: Logins 1 (measured 1)."));

  // A file the model (set on purpose) does not fit: the reason is said.
  Send(flow, "account,when\nx,2024-01-01\n");
  const std::string failed = StatusAnnouncement(flow);
  CHECK(failed.rfind("data.csv could not be scored: ", 0) == 0);
  CHECK(failed.find("user_id") != std::string::npos);
  // Said as the page shows it: the field in words, no header line number or path.
  CHECK(failed.find("Customer column: column \"user_id\" is not in the file") != std::string::npos);
  CHECK(failed.find("line 1") == std::string::npos);
  CHECK(failed.find("data.customer") == std::string::npos);
}

TEST_CASE("the selected customer is announced with why: the activities that moved the score most, from the customer view's figures") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  REQUIRE(flow.SetModelJson(R"({"ces_model":1,"name":"Why","data":{"shape":"events","customer":"user","time":"t","event":"e"},
    "activities":[{"name":"Logins","events":["login"],"measure":"count","weight":2},
                  {"name":"Spend","events":["buy"],"measure":"sum","column":"amount","weight":0.01},
                  {"name":"Refunds","events":["refund"],"measure":"count","weight":-3},
                  {"name":"Exports","events":["export"],"measure":"count","weight":1},
                  {"name":"Invites","events":["invite"],"measure":"count","weight":1}],
    "scale":{"method":"raw"},"tiers":[{"name":"Low","below":10},{"name":"Champion"}]})",
                            ModelOrigin::kApi).ok);
  std::string csv = "user,t,e,amount\n";
  for (int i = 0; i < 12; ++i) csv += "acme,2024-03-0" + std::to_string(1 + i % 9) + "T10:00:00Z,login,\n";
  csv += "acme,2024-03-02T10:00:00Z,buy,1250\nacme,2024-03-03T10:00:00Z,refund,\nacme,2024-03-04T10:00:00Z,export,\n";
  csv += "zed,2024-03-04T10:00:00Z,login,\n";
  Send(flow, csv);
  REQUIRE(flow.Scored());
  const ces::ScoreSession& s = *flow.Scored();
  uint32_t acme = 0;
  while (s.dataset().customer_id(acme) != "acme") ++acme;
  flow.results().selected = acme;
  // 24 + 12.5 - 3 + 1 = 34.5: the three largest by size, then how many more gave points.
  CHECK(SelectionAnnouncement(flow) ==
        "Customer acme: score 34.5, tier Champion. Raw score 34.5 points: Logins 24 (measured 12), "
        "Spend 12.5 (measured 1,250), Refunds minus 3 (measured 1); 1 more activity.");
  // The same figures as the customer view's rows (ExplainCustomer), in the model's order.
  const CustomerExplanation why = ExplainCustomer(s, acme);
  REQUIRE(why.parts.size() == 5);
  CHECK(why.parts[1].measured == 1250);
  CHECK(why.parts[2].points == -3);
  CHECK(why.parts[4].points == 0);
  CHECK(why.Top(9) == std::vector<size_t>{0, 1, 2, 3});
  CHECK(why.most_positive == 24);
  CHECK(why.most_negative == -3);

  uint32_t zed = 0;
  while (s.dataset().customer_id(zed) != "zed") ++zed;
  flow.results().selected = zed;
  CHECK(SelectionAnnouncement(flow) == "Customer zed: score 2, tier Low. Raw score 2 points: Logins 2 (measured 1).");
}
