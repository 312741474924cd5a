// The starter model reads event names as an analyst would (event_words.h): events that
// mean loss or trouble take points away, and each activity comes with a reason.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "engine/inspect/event_words.h"
#include "engine/inspect/inspect.h"
#include "engine/model/model.h"

using namespace ces;

namespace {

// A Stripe-style payments export: a few customers, event types as Stripe names them.
const char* const kStripe =
    "customer,created,type,amount,currency\n"
    "cus_1,2025-01-01T10:00:00Z,charge.succeeded,1200,usd\n"
    "cus_1,2025-01-02T10:00:00Z,charge.succeeded,1200,usd\n"
    "cus_1,2025-01-03T10:00:00Z,charge.succeeded,1200,usd\n"
    "cus_1,2025-01-04T10:00:00Z,invoice.paid,1200,usd\n"
    "cus_2,2025-01-05T10:00:00Z,charge.failed,900,eur\n"
    "cus_2,2025-01-06T10:00:00Z,charge.refunded,900,eur\n"
    "cus_2,2025-01-07T10:00:00Z,customer.subscription.deleted,,\n"
    "cus_3,2025-01-08T10:00:00Z,invoice.paid,500,gbp\n"
    "cus_3,2025-01-09T10:00:00Z,charge.dispute.created,500,gbp\n"
    "cus_3,2025-01-10T10:00:00Z,invoice.payment_failed,500,gbp\n";

const Activity* Find(const ScoreModel& m, const std::string& name) {
  auto it = std::find_if(m.activities.begin(), m.activities.end(), [&](const Activity& a) { return a.name == name; });
  return it == m.activities.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("names split into words on separators and camelCase") {
  CHECK(NameWords("customer.subscription.deleted") == std::vector<std::string>{"customer", "subscription", "deleted"});
  CHECK(NameWords("invoice.payment_failed") == std::vector<std::string>{"invoice", "payment", "failed"});
  CHECK(NameWords("paymentFailed") == std::vector<std::string>{"payment", "failed"});
  CHECK(NameWords("HTTPError") == std::vector<std::string>{"http", "error"});
  CHECK(NameWords("Email Bounced - hard") == std::vector<std::string>{"email", "bounced", "hard"});
}

TEST_CASE("trouble words are whole words, not substrings") {
  CHECK(TroubleWord("customer.subscription.deleted") == "deleted");
  CHECK(TroubleWord("charge.failed") == "failed");
  CHECK(TroubleWord("charge.refunded") == "refunded");
  CHECK(TroubleWord("charge.dispute.created") == "dispute");
  CHECK(TroubleWord("invoice.payment_failed") == "failed");
  CHECK(TroubleWord("subscription_past_due") == "past due");
  CHECK(TroubleWord("unsubscribe") == "unsubscribe");
  CHECK(TroubleWord("EmailBounced") == "bounced");
  CHECK(TroubleWord("plan-downgraded") == "downgraded");
  CHECK(TroubleWord("Chargeback") == "chargeback");
  // Look-alikes that are not trouble.
  CHECK(TroubleWord("preferred_plan_set") == "");
  CHECK(TroubleWord("charge.succeeded") == "");
  CHECK(TroubleWord("invoice.paid") == "");
  CHECK(TroubleWord("errand") == "");
  CHECK(TroubleWord("subscribed") == "");
  CHECK(TroubleWord("due_date_set") == "");
  CHECK(TroubleWord("login") == "");
}

TEST_CASE("a Stripe-style export: trouble events start negative, with a reason each") {
  const CsvProfile p = InspectCsv(kStripe);
  std::vector<std::string> reasons;
  const ScoreModel m = StarterModel(p, GuessColumns(p), &reasons);
  REQUIRE(reasons.size() == m.activities.size());
  REQUIRE(LoadModel(ModelToJson(m)).ok());

  for (const char* bad : {"charge.failed", "charge.refunded", "customer.subscription.deleted"}) {
    CAPTURE(bad);
    const Activity* a = Find(m, bad);
    REQUIRE(a != nullptr);
    CHECK(a->weight < 0);
    const size_t i = static_cast<size_t>(a - m.activities.data());
    CHECK(reasons[i].find("loss or trouble") != std::string::npos);
  }
  const Activity* good = Find(m, "charge.succeeded");
  REQUIRE(good != nullptr);
  CHECK(good->weight > 0);

  // The amount is summed over the events that are not trouble: a refund is not spending.
  const Activity* amount = Find(m, "Total amount");
  REQUIRE(amount != nullptr);
  CHECK(amount->measure == Measure::kSum);
  CHECK(amount->transform == Transform::kLog);
  CHECK(amount->weight > 0);
  CHECK(std::find(amount->events.begin(), amount->events.end(), "charge.refunded") == amount->events.end());
  CHECK(std::find(amount->events.begin(), amount->events.end(), "charge.succeeded") != amount->events.end());

  const Activity* since = Find(m, "Days since last visit");
  REQUIRE(since != nullptr);
  CHECK(since->weight < 0);
}

TEST_CASE("scheduled events are named as such, whole words only") {
  CHECK(ScheduledWord("invoice.upcoming") == "upcoming");
  CHECK(ScheduledWord("customer.subscription.trial_will_end") == "will");
  CHECK(ScheduledWord("payment_reminder") == "reminder");
  CHECK(ScheduledWord("ScheduledSend") == "scheduled");
  CHECK(ScheduledWord("invoice.paid") == "");
  CHECK(ScheduledWord("willow_clicked") == "");
  CHECK(ScheduledWord("login") == "");
}

// Stripe's `invoice.upcoming` (found trying tests/fixtures/trial/stripe-payments.csv): sent
// by Stripe days before a renewal and dated then, so it lies after everything the
// customer did. The starter counted it +1 and its amount as spending.
TEST_CASE("a Stripe-style export: invoice.upcoming gets no points, and the reason says so") {
  const std::string csv = std::string(kStripe) +
                          "cus_1,2025-01-20T00:00:00Z,invoice.upcoming,1200,usd\n"
                          "cus_3,2025-01-22T00:00:00Z,invoice.upcoming,500,gbp\n";
  const CsvProfile p = InspectCsv(csv);
  std::vector<std::string> reasons;
  const ScoreModel m = StarterModel(p, GuessColumns(p), &reasons);
  REQUIRE(reasons.size() == m.activities.size());
  REQUIRE(LoadModel(ModelToJson(m)).ok());
  CHECK(Find(m, "invoice.upcoming") == nullptr);
  for (const Activity& a : m.activities) {
    CAPTURE(a.name);
    // Every activity names its events (the file's list is known) and none is the scheduled one.
    REQUIRE(!a.events.empty());
    CHECK(std::find(a.events.begin(), a.events.end(), "invoice.upcoming") == a.events.end());
  }
  const Activity* days = Find(m, "Active days");
  REQUIRE(days != nullptr);
  CHECK(std::find(days->events.begin(), days->events.end(), "charge.refunded") != days->events.end());
  const std::string& why = reasons[static_cast<size_t>(days - m.activities.data())];
  CHECK(why.find("\u201cinvoice.upcoming\u201d gets no points") != std::string::npos);
  CHECK(why.find("scheduled it") != std::string::npos);
  const Activity* amount = Find(m, "Total amount");
  REQUIRE(amount != nullptr);
  CHECK(reasons[static_cast<size_t>(amount - m.activities.data())].find("not trouble and not scheduled") !=
        std::string::npos);
}

TEST_CASE("without scheduled events the starter names no events for active days") {
  const CsvProfile p = InspectCsv(kStripe);
  const ScoreModel m = StarterModel(p, GuessColumns(p));
  const Activity* days = Find(m, "Active days");
  REQUIRE(days != nullptr);
  CHECK(days->events.empty());
}

TEST_CASE("a customers file: a column named for trouble starts negative") {
  const CsvProfile p = InspectCsv("email,orders,refunds,support_tickets\na@x.io,5,1,2\nb@x.io,3,0,0\n");
  std::vector<std::string> reasons;
  const ScoreModel m = StarterModel(p, GuessColumns(p), &reasons);
  REQUIRE(m.data.shape == Shape::kCustomers);
  REQUIRE(reasons.size() == m.activities.size());
  CHECK(Find(m, "orders")->weight > 0);
  CHECK(Find(m, "refunds")->weight < 0);
  CHECK(Find(m, "support_tickets")->weight < 0);
}

// Found trying tests/fixtures/trial/crm-accounts.csv: one row per account with a
// "Last Login" date was guessed an event log, so the starter summed MRR over a 90-day
// window of last logins (most accounts scored on nothing) and gave everyone 1 active day.
TEST_CASE("one row per account with a date column and no event column is the customers shape") {
  const std::string crm =
      "Account ID,Owner,MRR,Seats,Last Login,NPS,Open Tickets\n"
      "ACME-001,Priya,\"$1,234.50\",12,25/09/2024,9,1\n"
      "ACME-002,Jonas,$99.00,3,16/08/2024,,4\n"
      "ACME-003,Marta,$0.00,1,02/11/2024,3,0\n";
  const CsvProfile p = InspectCsv(crm);
  REQUIRE(p.columns.size() == 7);
  CHECK(p.columns[0].AllDistinct());
  const ColumnGuess g = GuessColumns(p);
  CHECK(g.shape == Shape::kCustomers);
  CHECK(g.customer == 0);
  CHECK(g.time == -1);
  const ScoreModel m = StarterModel(p, g);
  CHECK(m.data.shape == Shape::kCustomers);
  REQUIRE(Find(m, "MRR"));
  CHECK(Find(m, "MRR")->measure == Measure::kValue);
  REQUIRE(Find(m, "Open Tickets"));
  CHECK(Find(m, "Open Tickets")->weight < 0);  // "ticket" means trouble

  SUBCASE("an id seen twice keeps the event log: a date per row is then an event time") {
    const CsvProfile twice = InspectCsv(crm + "ACME-001,Priya,$5.00,12,26/09/2024,9,1\n");
    CHECK_FALSE(twice.columns[0].AllDistinct());
    CHECK(GuessColumns(twice).shape == Shape::kEvents);
  }
  SUBCASE("an event column keeps the event log even when no id repeats yet") {
    const std::string log = "user_id,timestamp,event\nu1,2024-01-01,login\nu2,2024-01-02,login\n";
    CHECK(GuessColumns(InspectCsv(log)).shape == Shape::kEvents);
  }
}
