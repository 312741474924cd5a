// The trial's Stripe export (tests/fixtures/trial/stripe-payments.csv) through the page's
// flow: the starter leaves Stripe's scheduled `invoice.upcoming` out, and the as-of tail
// note's "Use <day>" action (app/core/as_of_tail.h) is an undoable edit.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/core/announcement.h"
#include "app/core/as_of_tail.h"
#include "app/core/scoring_flow.h"
#include "engine/csv/value_parse.h"
#include "fake_platform.h"

using namespace ces;
using namespace ces::app;

namespace {

std::string StripeFixture() {
  std::ifstream in(std::string(CES_SOURCE_DIR) + "/tests/fixtures/trial/stripe-payments.csv", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Send(ScoringFlow& flow, const std::string& bytes) {
  REQUIRE(flow.OnFileBegin("stripe-payments.csv", bytes.size(), false));
  flow.OnFileChunk(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  flow.OnFileEnd();
}

int Mentions(const ScoringFlow& flow, const std::string& text) {
  int n = 0;
  const nlohmann::json summary = nlohmann::json::parse(flow.SummaryJson());  // kept alive for the loop
  for (const auto& w : summary["warnings"])
    n += w.get<std::string>().find(text) != std::string::npos;
  return n;
}

}  // namespace

TEST_CASE("the Stripe export's starter gives invoice.upcoming no points and says why") {
  const std::string csv = StripeFixture();
  REQUIRE(csv.size() > 1000);
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  Send(flow, csv);
  REQUIRE(flow.status() == ScoringFlow::Status::kScored);
  const ScoreModel& m = flow.model().last_valid();
  REQUIRE(m.data.event == "type");
  bool reason_says_so = false;
  for (const Activity& a : m.activities) {
    CAPTURE(a.name);
    CHECK(a.name != "invoice.upcoming");
    CHECK(std::find(a.events.begin(), a.events.end(), "invoice.upcoming") == a.events.end());
    const std::string* why = flow.StarterReason(a);
    if (why && why->find("\u201cinvoice.upcoming\u201d gets no points") != std::string::npos) reason_says_so = true;
  }
  CHECK(reason_says_so);
}

TEST_CASE("the as-of tail note's action sets the day most rows reach, and undo takes it back") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  Send(flow, StripeFixture());
  REQUIRE(flow.status() == ScoringFlow::Status::kScored);
  flow.RecordUndo(false);  // as the page does each frame
  REQUIRE_FALSE(flow.model().last_valid().window.as_of);

  // Stripe's six invoice.upcoming rows run to 2025-01-09; the charges stop on 2024-11-30.
  const std::optional<int32_t> day = ProposedAsOf(flow);
  REQUIRE(day);
  CHECK(FormatDate(*day) == "2024-11-30");
  CHECK(Mentions(flow, "set the as-of date to 2024-11-30") == 1);
  {  // exactly the as-of note gets the button (the Stripe file also has a currency note)
    const ScoreTable& table = flow.Scored()->table();
    REQUIRE(table.warnings.size() >= 2);
    int flagged = 0;
    for (size_t i = 0; i < table.warnings.size(); ++i) {
      if (!IsAsOfTailNote(table, i)) continue;
      ++flagged;
      CHECK(table.warnings[i].find("set the as-of date to 2024-11-30") != std::string::npos);
    }
    CHECK(flagged == 1);
  }

  REQUIRE(UseProposedAsOf(flow));
  REQUIRE(flow.model().last_valid().window.as_of);
  CHECK(FormatDate(*flow.model().last_valid().window.as_of) == "2024-11-30");
  CHECK(flow.Scored()->table().as_of == day);
  CHECK_FALSE(ProposedAsOf(flow));  // a fixed as-of: no note, no button
  for (size_t i = 0; i < flow.Scored()->table().warnings.size(); ++i) CHECK_FALSE(IsAsOfTailNote(flow.Scored()->table(), i));
  CHECK(Mentions(flow, "set the as-of date to") == 0);
  CHECK_FALSE(UseProposedAsOf(flow));

  CHECK(flow.Undo(true));
  CHECK_FALSE(flow.model().last_valid().window.as_of);
  CHECK(ProposedAsOf(flow) == day);
  CHECK(flow.Redo(true));
  REQUIRE(flow.model().last_valid().window.as_of);
  CHECK(*flow.model().last_valid().window.as_of == *day);
}

TEST_CASE("no proposal for a model with a fixed as-of or a file without a tail") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  CHECK_FALSE(ProposedAsOf(flow));  // nothing scored
  ScoreTable table;  // a note that is not the as-of one, unmarked
  table.warnings.push_back("activity Spend: column amount mixes 3 currencies");
  CHECK_FALSE(IsAsOfTailNote(table, 0));
}

// Ctrl+Z right after a file brought a starter returns to the score before it, which does
// not fit the file: the page said only "could not be scored".
TEST_CASE("undo after a file brought a starter says what happened and that Redo brings it back") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  const std::string before = flow.model().last_valid().name;
  flow.RecordUndo(false);
  Send(flow, StripeFixture());
  REQUIRE(flow.status() == ScoringFlow::Status::kScored);
  CHECK(flow.UndoneStarterNote().empty());

  REQUIRE(flow.Undo(true));
  CHECK(flow.model().last_valid().name == before);
  REQUIRE(flow.status() == ScoringFlow::Status::kFailed);
  const std::string note = flow.UndoneStarterNote();
  CHECK(note.find("Undo put back \u201c" + before + "\u201d") != std::string::npos);
  CHECK(note.find("stripe-payments.csv") != std::string::npos);
  CHECK(note.find("Redo (Ctrl+Shift+Z) brings back the starter") != std::string::npos);
  CHECK(StatusAnnouncement(flow) == note);  // the live region says the same

  REQUIRE(flow.Redo(true));
  CHECK(flow.status() == ScoringFlow::Status::kScored);
  CHECK(flow.UndoneStarterNote().empty());
  // An ordinary failure keeps its own message.
  REQUIRE(flow.Undo(true));
  flow.model().edit().activities[0].weight += 1;
  flow.AfterModelEdit();
  CHECK(flow.UndoneStarterNote().empty());
}
