// Messages for people (field_words.h): the page names the control and counts from 1;
// the contract's paths stay for the command line and the API.
#include <doctest/doctest.h>

#include "app/core/field_words.h"

using namespace ces;
using namespace ces::app;

TEST_CASE("a bad tier bound reads as the page shows it, with the engine's own error") {
  const char* json = R"({"ces_model":1,"name":"T","data":{"shape":"customers","customer":"id"},
    "activities":[{"name":"Orders","measure":"value","column":"n","weight":1}],"scale":{"method":"raw"},
    "tiers":[{"name":"Low","below":30},{"name":"Mid","below":70},{"name":"Champion","below":50},{"name":"Top"}]})";
  const ModelLoadResult r = LoadModel(json);
  REQUIRE_FALSE(r.ok());
  const ModelError& e = r.errors.front();
  CHECK(e.ToString() == "tiers[2].below: must be greater than the previous tier's below (70)");  // CLI and API
  ScoreModel m;
  m.tiers = {{"Low", 30.0, ""}, {"Mid", 70.0, ""}, {"Champion", 50.0, ""}, {"Top", std::nullopt, ""}};
  CHECK(ErrorForPeople(e, m) == "Tier 3 \u201cChampion\u201d, limit: must be above tier 2's limit (70)");
}

TEST_CASE("paths in words, 1-based, naming the item") {
  ScoreModel m;
  m.activities.resize(2);
  m.activities[1].name = "Refunds";
  m.groups = {{"Usage", 1, std::nullopt}};
  CHECK(FieldInWords("activities[1].weight", m) == "Activity 2 \u201cRefunds\u201d, weight");
  CHECK(FieldInWords("activities[1].bins[0].below", m) == "Activity 2 \u201cRefunds\u201d, range 1, limit");
  CHECK(FieldInWords("activities[1].events[2]", m) == "Activity 2 \u201cRefunds\u201d, event 3");
  CHECK(FieldInWords("activities[5]", m) == "Activity 6");            // not in the model being edited
  CHECK(FieldInWords("groups[0].weight", m) == "Group 1 \u201cUsage\u201d, weight");
  CHECK(FieldInWords("window.days", m) == "Window length");
  CHECK(FieldInWords("data.customer", m) == "Customer column");
  CHECK(FieldInWords("something.else", m) == "something.else");       // unknown: as it is
  CHECK(ErrorForPeople({"", "the model is empty"}, m) == "the model is empty");
}

TEST_CASE("a new tier gets a colour no tier has") {
  std::vector<Tier> tiers = {{"At risk", 30.0, "#d9534f"}, {"Steady", 70.0, "#f0ad4e"}, {"Champion", std::nullopt, "#5cb85c"}};
  const std::string first = NextTierColor(tiers);
  for (const Tier& t : tiers) CHECK(first != t.color);
  tiers.push_back({"Tier 4", std::nullopt, first});
  const std::string second = NextTierColor(tiers);
  CHECK(second != first);
}

// Found trying a Stripe export after the SaaS example: the notice read "“SaaS engagement”
// does not fit this file (line 1: data.customer: column "user_id" is not in the file)".
TEST_CASE("a model that does not fit the file is explained without the header's line number or a path") {
  ScoreModel m;
  CHECK(SessionErrorForPeople("line 1: data.customer: column \"user_id\" is not in the file", m) ==
        "Customer column: column \"user_id\" is not in the file");
  m.activities.resize(3);
  m.activities[2].name = "Spend";
  CHECK(SessionErrorForPeople("line 1: activities[2].column: column \"value\" is not in the file", m) ==
        "Activity 3 \u201cSpend\u201d, column: column \"value\" is not in the file");
  CHECK(SessionErrorForPeople("line 7: the header has 3 fields", m) == "line 7: the header has 3 fields");
  CHECK(SessionErrorForPeople("the file is empty", m) == "the file is empty");
}
