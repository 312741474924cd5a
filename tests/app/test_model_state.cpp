// The model being edited (src/app/core/model_state.h) and when it is autosaved
// (src/app/core/autosave.h).
#include <doctest/doctest.h>

#include "app/core/autosave.h"
#include "app/core/model_state.h"
#include "app/core/scoring_flow.h"
#include "fake_platform.h"

using namespace ces::app;

TEST_CASE("the default model is assets/default-model.json, and valid") {
  const ces::ScoreModel m = DefaultModel();
  CHECK(m.name == "SaaS engagement");
  CHECK(m.activities.size() == 7);
  CHECK(m.tiers.size() == 3);
}

TEST_CASE("edits are validated as a model file is; the last valid model keeps scoring") {
  ModelState state;
  REQUIRE(state.valid());
  const uint64_t v0 = state.version();
  const std::string json0 = state.valid_json();
  CHECK_FALSE(state.Commit());  // nothing changed
  CHECK(state.version() == v0);

  state.edit().activities[0].weight = 3;
  CHECK(state.Commit());
  CHECK(state.version() == v0 + 1);
  CHECK(state.last_valid().activities[0].weight == 3);

  state.edit().activities[1].name.clear();
  state.edit().tiers[0].below = 500;  // above the next tier's bound
  CHECK_FALSE(state.Commit());
  CHECK_FALSE(state.valid());
  CHECK(state.version() == v0 + 1);
  CHECK(state.last_valid().activities[1].name == DefaultModel().activities[1].name);
  CHECK(state.ErrorsAt("activities[1].name").size() == 1);
  CHECK(state.ErrorsAt("activities").empty());
  CHECK(state.ErrorsAt("activities", true).size() == 1);
  CHECK(state.ErrorsAt("activities[1]", true).size() == 1);
  CHECK(state.ErrorsAt("activities[1", true).empty());  // "[1" is not a field of its own
  CHECK_FALSE(state.ErrorsAt("tiers", true).empty());

  state.edit().activities[1].name = "Days";
  state.edit().tiers[0].below = 30;
  CHECK(state.Commit());
  CHECK(state.valid());
  CHECK(state.errors().empty());
  CHECK(state.last_valid().activities[1].name == "Days");
}

TEST_CASE("Replace takes a whole model and counts replacements") {
  ModelState state;
  const uint64_t r0 = state.replacements();
  ces::ScoreModel m = DefaultModel();
  m.name = "Other";
  state.Replace(m);
  CHECK(state.replacements() == r0 + 1);
  CHECK(state.last_valid().name == "Other");
  state.Replace(m);  // the same model again: a replacement, not a new version
  CHECK(state.replacements() == r0 + 2);
}

TEST_CASE("autosave writes the last valid model once it stops changing, never mid-drag") {
  ModelState state;
  Autosave autosave;
  autosave.Saved(state.version());
  CHECK_FALSE(autosave.Due(state, 0.0, false).has_value());  // nothing new

  state.edit().activities[0].weight = 4;
  REQUIRE(state.Commit());
  CHECK_FALSE(autosave.Due(state, 10.0, false).has_value());                        // just changed
  CHECK_FALSE(autosave.Due(state, 10.0 + Autosave::kDelaySeconds, true).has_value());  // pointer still down
  state.edit().activities[0].weight = 5;
  REQUIRE(state.Commit());
  CHECK_FALSE(autosave.Due(state, 10.5, false).has_value());  // a later change moves the time on
  const std::optional<std::string> text = autosave.Due(state, 10.5 + Autosave::kDelaySeconds, false);
  REQUIRE(text.has_value());
  CHECK(*text == state.valid_json());
  CHECK(ces::LoadModel(*text).ok());
  CHECK(ces::LoadModel(*text).model->activities[0].weight == 5);
  CHECK_FALSE(autosave.Due(state, 100.0, false).has_value());  // written once

  // An edit with errors changes no valid model: nothing to save.
  state.edit().activities[0].name.clear();
  CHECK_FALSE(state.Commit());
  CHECK_FALSE(autosave.Due(state, 200.0, false).has_value());
}

TEST_CASE("the saved model is restored on the next visit; a damaged one is reported") {
  ces_test::FakePlatform platform;
  ces::ScoreModel m = DefaultModel();
  m.name = "Remember me";
  {
    ScoringFlow flow(platform);
    flow.OnStart(ces::ModelToJson(m), "");
    CHECK(flow.model().last_valid().name == "Remember me");
    CHECK(flow.TakeNotices().empty());
  }
  {
    ScoringFlow flow(platform);
    flow.OnStart("{\"ces_model\":1,", "");
    CHECK(flow.model().last_valid().name == DefaultModel().name);
    const std::vector<Notice> notices = flow.TakeNotices();
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].kind == Notice::kWarning);
  }
  CHECK(std::string(kModelStorageKey) == "ces.model.v1");  // the key earlier visits used
}

TEST_CASE("the edited model's version follows the fields it uses; a model opened as 2 stays 2") {
  ModelState state;
  REQUIRE(state.last_valid().version == 1);
  state.edit().activities[0].bins = {ces::Bin{5.0, 0}, ces::Bin{std::nullopt, 10}};
  CHECK(state.Commit());
  CHECK(state.last_valid().version == 2);
  CHECK(state.valid_json().find("\"ces_model\": 2") != std::string::npos);
  state.edit().activities[0].bins.clear();
  CHECK(state.Commit());
  CHECK(state.last_valid().version == 1);  // back to v1: nothing of v2 left

  ces::ScoreModel v2 = DefaultModel();
  v2.version = 2;  // no v2 field, but v2's segment rule
  state.Replace(v2);
  CHECK(state.last_valid().version == 2);
  state.edit().activities[0].weight = 9;
  CHECK(state.Commit());
  CHECK(state.last_valid().version == 2);
}
