// What the page's live region says (src/app/core/announcement.h): nothing before a
// file, the customers, mean and tiers once scored, why a file failed, the selection.
#include <doctest/doctest.h>

#include <string>

#include "app/core/announcement.h"
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
  flow.results().selected = 0;
  const std::string who = SelectionAnnouncement(flow);
  CHECK((who == "Customer alice: score 3, tier High." || who == "Customer bob: score 1, tier Low."));

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
