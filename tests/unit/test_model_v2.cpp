// Version 2 of the model file (v2 spec section 1): bins, missing, groups, scaling within
// segments and carried columns -- each rule's error with its path, every problem listed,
// version 1 refusing each v2 field, and writing then reading giving the same model.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/model/model.h"
#include "engine/model/model_names.h"
#include "test_helpers.h"

using namespace ces;

namespace {

using ces_test::HasError;
using ces_test::ModelErrors;

// A version 2 events model (segment "plan") with `activities` and `extra` spliced in.
std::string Events2(const std::string& activities, const std::string& extra = "", const std::string& data_extra = "") {
  return R"({"ces_model":2,"data":{"shape":"events","customer":"id","time":"t","event":"e","segment":"plan")" +
         data_extra + R"(},"activities":[)" + activities + "]" + extra + "}";
}
// The same without data.segment.
std::string Events2NoSegment(const std::string& activities, const std::string& extra = "") {
  return R"({"ces_model":2,"data":{"shape":"events","customer":"id","time":"t","event":"e"},"activities":[)" +
         activities + "]" + extra + "}";
}
std::string Customers2(const std::string& activities, const std::string& extra = "") {
  return R"({"ces_model":2,"data":{"shape":"customers","customer":"email","segment":"plan"},"activities":[)" +
         activities + "]" + extra + "}";
}
const char* kA = R"({"name":"A","weight":1})";

bool Has(const std::vector<std::string>& errors, const std::string& exact) {
  for (const std::string& e : errors)
    if (e == exact) return true;
  return false;
}

const char* kFullV2 = R"({
  "ces_model": 2,
  "name": "Scorecard",
  "data": { "shape": "customers", "customer": "email", "segment": "plan", "carry": ["owner", "mrr"] },
  "groups": [
    { "name": "Usage", "weight": 60, "scale": { "method": "percentile", "by_segment": true } },
    { "name": "Money", "weight": 25.5,
      "scale": { "method": "target", "target": 100, "target_by_segment": { "pro": 500, "team": 1000.5 } } },
    { "name": "Support", "weight": 14.5 }
  ],
  "activities": [
    { "name": "Logins", "group": "Usage", "column": "logins", "bins": [ { "below": 1, "points": 0 },
      { "below": 5, "points": 10 }, { "below": 20.5, "points": 25 }, { "points": 40 } ], "missing": "skip" },
    { "name": "Minutes", "group": "Usage", "column": "minutes", "weight": 0.5, "missing": "mean", "cap": 600,
      "transform": "sqrt" },
    { "name": "Spend", "group": "Money", "measure": "value", "column": "mrr", "weight": 1, "missing": "zero" },
    { "name": "Tickets", "group": "Support", "column": "tickets", "bins": [ { "points": -3 } ] }
  ],
  "scale": { "method": "minmax", "by_segment": true },
  "tiers": [ { "name": "Low", "below": 40 }, { "name": "High" } ]
})";

}  // namespace

// [SECTION] the version

TEST_CASE("ces_model is 1 or 2; any other value is an error naming ces_model") {
  REQUIRE(LoadModel(Events2(kA)).ok());
  CHECK(LoadModel(Events2(kA)).model->version == 2);
  auto v1 = LoadModel(R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t"},"activities":[{"name":"A","weight":1}]})");
  REQUIRE(v1.ok());
  CHECK(v1.model->version == 1);
  CHECK(LoadModel(R"({"ces_model":2.0,"data":{"shape":"events","customer":"id","time":"t"},"activities":[{"name":"A","weight":1}]})").ok());
  for (const char* bad : {"3", "0", "1.5", "\"2\"", "true", "[2]", "-2"}) {
    CAPTURE(bad);
    const auto e = ModelErrors(std::string(R"({"ces_model":)") + bad +
                               R"(,"data":{"shape":"events","customer":"id","time":"t"},"activities":[{"name":"A","weight":1}]})");
    REQUIRE(e.size() == 1);
    CHECK(e[0] == "ces_model: must be 1 or 2 (the version of the model format)");
  }
  CHECK(Has(ModelErrors(R"({"data":{"shape":"events","customer":"id","time":"t"},"activities":[{"name":"A","weight":1}]})"),
            "ces_model: required: 1 or 2"));
}

TEST_CASE("a wrong or missing version is checked by version 2's rules: only the version is wrong") {
  const auto e = ModelErrors(R"({"ces_model":7,"data":{"shape":"events","customer":"id","time":"t"},
    "activities":[{"name":"A","bins":[{"points":1}]}]})");
  REQUIRE(e.size() == 1);
  CHECK(HasError(e, "ces_model: must be 1 or 2"));
}

TEST_CASE("in a version 1 model every v2 field is an unknown field, with v1's list of known fields") {
  const std::string head = R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t","segment":"plan")";
  const auto e = ModelErrors(head + R"(,"carry":["x"]},
    "groups":[{"name":"G","weight":1}],
    "activities":[{"name":"A","weight":1,"group":"G","bins":[{"points":1}],"missing":"skip"}],
    "scale":{"method":"percentile","by_segment":true,"target_by_segment":{"pro":5}}})");
  CHECK(Has(e, "data.carry: unknown field (known fields here: shape, customer, time, event, segment, time_format, delimiter)"));
  CHECK(Has(e, "groups: unknown field (known fields here: ces_model, name, data, window, activities, scale, tiers)"));
  const std::string activity_fields = "unknown field (known fields here: name, events, measure, column, weight, cap, half_life_days, transform)";
  CHECK(Has(e, "activities[0].group: " + activity_fields));
  CHECK(Has(e, "activities[0].bins: " + activity_fields));
  CHECK(Has(e, "activities[0].missing: " + activity_fields));
  CHECK(Has(e, "scale.by_segment: unknown field (known fields here: method, target)"));
  CHECK(Has(e, "scale.target_by_segment: unknown field (known fields here: method, target)"));
  CHECK(e.size() == 7);  // nothing else: the v2 fields are not read at all
  // A v1 activity without a weight keeps v1's message.
  CHECK(Has(ModelErrors(head + R"(},"activities":[{"name":"A","bins":[{"points":1}]}]})"),
            "activities[0].weight: required: points per unit of the measure"));
}

TEST_CASE("in a version 2 model the known-field lists name the v2 fields too") {
  CHECK(Has(ModelErrors(Events2(R"({"name":"A","weight":1,"wieght":1})")),
            "activities[0].wieght: unknown field (known fields here: name, events, measure, column, weight, cap, "
            "half_life_days, transform, bins, missing, group)"));
  CHECK(Has(ModelErrors(Events2(kA, R"(,"scale":{"methd":"raw"})")),
            "scale.methd: unknown field (known fields here: method, target, by_segment, target_by_segment)"));
  CHECK(HasError(ModelErrors(Events2(kA, R"(,"grops":[])")), "grops: unknown field (known fields here: ces_model, name, data, window, activities, scale, tiers, groups)"));
}

// [SECTION] a whole v2 model

TEST_CASE("a model using every v2 field loads with each value") {
  const ModelLoadResult r = LoadModel(kFullV2);
  for (const auto& e : r.errors) FAIL_CHECK(e.ToString());
  REQUIRE(r.ok());
  const ScoreModel& m = *r.model;
  CHECK(m.version == 2);
  CHECK(m.data.carry == std::vector<std::string>{"owner", "mrr"});
  REQUIRE(m.groups.size() == 3);
  CHECK(m.groups[0].name == "Usage");
  CHECK(m.groups[0].weight == 60);
  REQUIRE(m.groups[0].scale);
  CHECK(m.groups[0].scale->by_segment);
  CHECK(m.groups[1].scale->method == ScaleMethod::kTarget);
  CHECK(m.groups[1].scale->target == 100);
  REQUIRE(m.groups[1].scale->target_by_segment.size() == 2);
  CHECK(m.groups[1].scale->target_by_segment[0] == std::pair<std::string, double>("pro", 500));
  CHECK(m.groups[1].scale->target_by_segment[1] == std::pair<std::string, double>("team", 1000.5));
  CHECK_FALSE(m.groups[2].scale);
  REQUIRE(m.activities.size() == 4);
  const Activity& logins = m.activities[0];
  CHECK(logins.group == "Usage");
  CHECK(logins.missing == Missing::kSkip);
  REQUIRE(logins.bins.size() == 4);
  CHECK(logins.bins[0].below == 1);
  CHECK(logins.bins[2].below == 20.5);
  CHECK(logins.bins[2].points == 25);
  CHECK_FALSE(logins.bins[3].below);
  CHECK(logins.bins[3].points == 40);
  CHECK(m.activities[1].missing == Missing::kMean);
  CHECK(m.activities[1].weight == 0.5);
  CHECK(m.activities[2].missing == Missing::kZero);
  REQUIRE(m.activities[3].bins.size() == 1);
  CHECK(m.activities[3].bins[0].points == -3);
  CHECK(m.scale.method == ScaleMethod::kMinMax);
  CHECK(m.scale.by_segment);
}

TEST_CASE("a v2 model's problems are all listed, each with its path") {
  const auto e = ModelErrors(R"({"ces_model":2,
    "data":{"shape":"customers","customer":"email","carry":["email","score"]},
    "groups":[{"name":"G","weight":0},{"name":"G","weight":1}],
    "activities":[{"name":"A","column":"a","weight":1,"bins":[{"points":1}],"group":"G"},
                  {"name":"B","column":"b","bins":[{"below":2,"points":1},{"below":1,"points":2},{"points":3}],"group":"H"},
                  {"name":"C","column":"c","weight":1,"missing":"none"}],
    "scale":{"method":"raw","by_segment":true}})");
  for (const char* want : {"data.carry[0]: ", "data.carry[1]: ", "groups[0].weight: ", "groups[1].name: ", "activities[0]: ",
                           "activities[1].bins[1].below: ", "activities[1].group: ", "activities[2].missing: ",
                           "activities[2].group: ", "scale.by_segment: "}) {
    CAPTURE(want);
    CHECK(HasError(e, want));
  }
  CHECK(e.size() == 11);  // and scale.by_segment names both of its problems
  CHECK(Has(e, "activities[2].group: required when the model has groups: one of \"G\""));  // each name once
}

// [SECTION] bins (1.1)

TEST_CASE("bins: 1 to 64 entries, below strictly increasing on all but the last, points on each") {
  auto errors = [](const std::string& bins) { return ModelErrors(Events2(R"({"name":"A","bins":)" + bins + "}")); };
  CHECK(LoadModel(Events2(R"({"name":"A","bins":[{"points":7}]})")).ok());
  CHECK(LoadModel(Events2(R"({"name":"A","bins":[{"below":-1e12,"points":-1e12},{"below":1e12,"points":0},{"points":1e12}]})")).ok());
  CHECK(Has(errors("{}"), "activities[0].bins: expected an array of bins {\"below\": …, \"points\": …}"));
  CHECK(Has(errors("[]"), "activities[0].bins: needs 1 to 64 bins"));
  std::string many = "[";
  for (int i = 0; i < 65; ++i) many += R"({"below":)" + std::to_string(i) + R"(,"points":1},)";
  many += R"({"points":1}])";
  CHECK(Has(errors(many), "activities[0].bins: needs 1 to 64 bins"));
  std::string sixty_four = "[";
  for (int i = 0; i < 63; ++i) sixty_four += R"({"below":)" + std::to_string(i) + R"(,"points":1},)";
  sixty_four += R"({"points":1}])";
  CHECK(LoadModel(Events2(R"({"name":"A","bins":)" + sixty_four + "}")).ok());
  CHECK(Has(errors(R"([3,{"points":1}])"), "activities[0].bins[0]: expected an object"));
  CHECK(Has(errors(R"([{"below":1,"points":1,"pts":2},{"points":1}])"),
            "activities[0].bins[0].pts: unknown field (known fields here: below, points)"));
  CHECK(Has(errors(R"([{"points":1},{"points":2}])"), "activities[0].bins[0].below: required on every bin but the last"));
  CHECK(Has(errors(R"([{"below":1,"points":1},{"below":2,"points":2}])"),
            "activities[0].bins[1].below: the last bin has no \"below\": it takes every value the bins before it do not"));
  CHECK(Has(errors(R"([{"below":5,"points":1},{"below":5,"points":2},{"points":3}])"),
            "activities[0].bins[1].below: must be greater than the previous bin's below (5)"));
  CHECK(Has(errors(R"([{"below":5,"points":1},{"below":2.5,"points":2},{"points":3}])"),
            "activities[0].bins[1].below: must be greater than the previous bin's below (5)"));
  CHECK(Has(errors(R"([{"below":1},{"points":3}])"), "activities[0].bins[0].points: required: the points of a value in this bin"));
  CHECK(Has(errors(R"([{"below":"1","points":"x"},{"points":3}])"), "activities[0].bins[0].below: expected a number"));
  CHECK(Has(errors(R"([{"below":"1","points":"x"},{"points":3}])"), "activities[0].bins[0].points: expected a number"));
  CHECK(Has(errors(R"([{"below":1e13,"points":1},{"points":-2e12}])"),
            "activities[0].bins[0].below: must be a finite number of at most 1e12 in absolute value"));
  CHECK(Has(errors(R"([{"below":1e13,"points":1},{"points":-2e12}])"),
            "activities[0].bins[1].points: must be a finite number of at most 1e12 in absolute value"));
  CHECK(Has(errors(R"([{"below":1,"points":1e999},{"points":1}])"),
            "activities[0].bins[0].points: must be a finite number of at most 1e12 in absolute value"));
}

TEST_CASE("exactly one of weight and bins; both or neither is an error naming the activity") {
  CHECK(Has(ModelErrors(Events2(R"({"name":"Orders","weight":1,"bins":[{"points":1}]})")),
            "activities[0]: the activity \"Orders\" has both \"weight\" and \"bins\": give one of them"));
  CHECK(Has(ModelErrors(Events2(R"({"name":"Orders"})")),
            "activities[0]: the activity \"Orders\" needs \"weight\" (points per unit of the measure) or \"bins\" (points by range)"));
  CHECK(Has(ModelErrors(Events2(R"({"name":"Orders","weight":null,"bins":null})")),
            "activities[0]: the activity \"Orders\" needs \"weight\" (points per unit of the measure) or \"bins\" (points by range)"));
  CHECK(HasError(ModelErrors(Events2(R"({"weight":1,"bins":[{"points":1}]})")), "activities[0]: the activity has both"));
}

// [SECTION] missing (1.2)

TEST_CASE("missing: zero, skip or mean, on the measure value only") {
  for (const char* name : {"zero", "skip", "mean"}) {
    const auto r = LoadModel(Customers2(std::string(R"({"name":"A","column":"a","weight":1,"missing":")") + name + "\"}"));
    REQUIRE(r.ok());
    CHECK(std::string(MissingName(r.model->activities[0].missing)) == name);
  }
  CHECK(Has(ModelErrors(Customers2(R"({"name":"A","column":"a","weight":1,"missing":"drop"})")),
            "activities[0].missing: expected one of \"zero\", \"skip\", \"mean\""));
  CHECK(Has(ModelErrors(Customers2(R"({"name":"A","column":"a","weight":1,"missing":0})")),
            "activities[0].missing: expected one of \"zero\", \"skip\", \"mean\""));
  CHECK(Has(ModelErrors(Events2(R"({"name":"Logins","weight":1,"missing":"skip"})")),
            "activities[0].missing: the activity \"Logins\" has the measure \"count\": \"missing\" is only for the measure "
            "\"value\" (customers shape)"));
  CHECK(HasError(ModelErrors(Events2(R"({"name":"S","measure":"sum","column":"v","weight":1,"missing":"zero"})")),
                 "activities[0].missing: the activity \"S\" has the measure \"sum\""));
  // A measure that is itself wrong is reported once, not again through `missing`.
  const auto e = ModelErrors(Events2(R"({"name":"S","measure":"value","column":"v","weight":1,"missing":"mean"})"));
  CHECK(HasError(e, "activities[0].measure: \"value\" is for the customers shape"));
  CHECK_FALSE(HasError(e, "activities[0].missing"));
}

// [SECTION] groups (1.3)

TEST_CASE("groups: 1 to 32 entries, unique non-empty names, weight > 0, an optional scale") {
  auto errors = [](const std::string& groups, const std::string& activities = R"({"name":"A","weight":1,"group":"G"})") {
    return ModelErrors(Events2(activities, R"(,"groups":)" + groups));
  };
  CHECK(Has(errors("{}"), "groups: expected an array"));
  CHECK(Has(errors("[]"), "groups: needs 1 to 32 groups"));
  std::string many = "[";
  for (int i = 0; i < 33; ++i) many += std::string(i ? "," : "") + R"({"name":"G)" + std::to_string(i) + R"(","weight":1})";
  CHECK(Has(errors(many + "]"), "groups: needs 1 to 32 groups"));
  CHECK(Has(errors(R"([{"name":"G","weight":1},5])"), "groups[1]: expected an object"));
  CHECK(Has(errors(R"([{"name":"G","weight":1,"colour":"red"}])"),
            "groups[0].colour: unknown field (known fields here: name, weight, scale)"));
  CHECK(Has(errors(R"([{"weight":1}])"), "groups[0].name: required"));
  CHECK(Has(errors(R"([{"name":"  ","weight":1}])"), "groups[0].name: must not be empty"));
  CHECK(Has(errors(R"([{"name":7,"weight":1}])"), "groups[0].name: expected a string"));
  CHECK(Has(errors("[{\"name\":\"G\\u0007\",\"weight\":1}]"), "groups[0].name: contains a control character"));
  CHECK(Has(errors("[{\"name\":\"" + std::string(201, 'g') + "\",\"weight\":1}]"), "groups[0].name: longer than 200 characters"));
  CHECK(Has(errors(R"([{"name":"G","weight":1},{"name":" G ","weight":2}])"),
            "groups[1].name: the name \"G\" is used by an earlier group"));
  CHECK(Has(errors(R"([{"name":"G"}])"), "groups[0].weight: required: the group's share of the score, more than 0"));
  CHECK(Has(errors(R"([{"name":"G","weight":0}])"), "groups[0].weight: must be more than 0"));
  CHECK(Has(errors(R"([{"name":"G","weight":-1}])"), "groups[0].weight: must be more than 0"));
  CHECK(Has(errors(R"([{"name":"G","weight":"1"}])"), "groups[0].weight: expected a number"));
  CHECK(Has(errors(R"([{"name":"G","weight":2e12}])"),
            "groups[0].weight: must be a finite number of at most 1e12 in absolute value"));
  CHECK(Has(errors(R"([{"name":"G","weight":1,"scale":"raw"}])"), "groups[0].scale: expected an object"));
  CHECK(Has(errors(R"([{"name":"G","weight":1,"scale":{"method":"zscore"}}])"),
            "groups[0].scale.method: expected one of \"raw\", \"minmax\", \"percentile\", \"target\""));
  CHECK(Has(errors(R"([{"name":"G","weight":1,"scale":{"method":"target"}}])"),
            "groups[0].scale.target: required for the method \"target\": the raw score that maps to 100"));
  CHECK(Has(errors(R"([{"name":"G","weight":1,"scale":{"method":"target","target":0}}])"),
            "groups[0].scale.target: must be more than 0"));
  CHECK(Has(errors(R"([{"name":"G","weight":1,"scale":{"method":"raw","by_segment":true}}])"),
            "groups[0].scale.by_segment: only for the methods \"percentile\" and \"minmax\" (this scale's method is \"raw\")"));
  CHECK(Has(errors(R"([{"name":"G","weight":1,"scale":{"method":"percentile","target_by_segment":{"pro":1}}}])"),
            "groups[0].scale.target_by_segment: only for the method \"target\" (this scale's method is \"percentile\")"));
  CHECK(Has(errors(R"([{"name":"G","weight":1,"scale":{"method":"target","target":1,"target_by_segment":{"pro":0}}}])"),
            "groups[0].scale.target_by_segment.pro: must be more than 0"));
  const auto no_segment = ModelErrors(Events2NoSegment(R"({"name":"A","weight":1,"group":"G"})",
                                                       R"(,"groups":[{"name":"G","weight":1,"scale":{"by_segment":true}}])"));
  CHECK(Has(no_segment, "groups[0].scale.by_segment: needs data.segment, the column that holds each customer's segment"));
  const auto ok = LoadModel(Events2(R"({"name":"A","weight":1,"group":"G"})", R"(,"groups":[{"name":"G","weight":0.001,"scale":{}}])"));
  REQUIRE(ok.ok());
  REQUIRE(ok.model->groups[0].scale);
  CHECK(ok.model->groups[0].scale->method == ScaleMethod::kPercentile);  // as the model's scale defaults
}

TEST_CASE("with groups every activity names one, every group has one, and no name is both") {
  const std::string groups = R"(,"groups":[{"name":"Usage","weight":60},{"name":"Support","weight":40}])";
  CHECK(LoadModel(Events2(R"({"name":"A","weight":1,"group":"Usage"},{"name":"B","weight":1,"group":" Support "})", groups)).ok());
  CHECK(Has(ModelErrors(Events2(R"({"name":"A","weight":1,"group":"Usage"},{"name":"B","weight":1})", groups)),
            "activities[1].group: required when the model has groups: one of \"Usage\", \"Support\""));
  CHECK(Has(ModelErrors(Events2(R"({"name":"A","weight":1,"group":"Usage"},{"name":"B","weight":1,"group":"usage"})", groups)),
            "activities[1].group: no group is named \"usage\" (the groups: \"Usage\", \"Support\")"));
  CHECK(Has(ModelErrors(Events2(R"({"name":"A","weight":1,"group":"Usage"})", groups)),
            "groups[1]: the group \"Support\" has no activity: give it at least one (\"group\": \"Support\")"));
  CHECK(Has(ModelErrors(Events2(R"({"name":"A","weight":1,"group":""},{"name":"B","weight":1,"group":"Support"})", groups)),
            "activities[0].group: must not be empty"));
  CHECK(Has(ModelErrors(Events2(R"({"name":"A","weight":1,"group":5},{"name":"B","weight":1,"group":"Support"})", groups)),
            "activities[0].group: expected a string"));
  CHECK(Has(ModelErrors(Events2(R"({"name":"Usage","weight":1,"group":"Usage"},{"name":"B","weight":1,"group":"Support"})", groups)),
            "groups[0].name: the name \"Usage\" is also an activity's: group and activity names must all differ"));
  CHECK(Has(ModelErrors(Events2(R"({"name":"A","weight":1,"group":"Usage"})")),
            "activities[0].group: the model has no groups: add \"groups\" or leave \"group\" out"));
  CHECK(Has(ModelErrors(Events2(R"({"name":"A","weight":1,"group":"Usage"})", R"(,"groups":null)")),
            "activities[0].group: the model has no groups: add \"groups\" or leave \"group\" out"));
  // A `groups` that is not a list is reported once, not again through each activity.
  const auto e = ModelErrors(Events2(R"({"name":"A","weight":1})", R"(,"groups":[])"));
  REQUIRE(e.size() == 1);
  CHECK(e[0] == "groups: needs 1 to 32 groups");
}

// [SECTION] scaling within segments (1.4)

TEST_CASE("scale.by_segment: true only for percentile and minmax, and only with data.segment") {
  for (const char* method : {"percentile", "minmax"}) {
    const auto r = LoadModel(Events2(kA, std::string(R"(,"scale":{"method":")") + method + R"(","by_segment":true})"));
    REQUIRE(r.ok());
    CHECK(r.model->scale.by_segment);
  }
  CHECK(LoadModel(Events2(kA, R"(,"scale":{"by_segment":true})")).ok());  // percentile is the default method
  CHECK(LoadModel(Events2(kA, R"(,"scale":{"method":"minmax","by_segment":false})")).ok());
  // The contract refuses the field on another method or without a segment, `false` included.
  CHECK(ModelErrors(Events2NoSegment(kA, R"(,"scale":{"method":"raw","by_segment":false})")).size() == 2);
  CHECK(Has(ModelErrors(Events2NoSegment(kA, R"(,"scale":{"by_segment":false})")),
            "scale.by_segment: needs data.segment, the column that holds each customer's segment"));
  CHECK(Has(ModelErrors(Events2(kA, R"(,"scale":{"method":"target","target":5,"by_segment":true})")),
            "scale.by_segment: only for the methods \"percentile\" and \"minmax\" (this scale's method is \"target\")"));
  CHECK(Has(ModelErrors(Events2NoSegment(kA, R"(,"scale":{"method":"minmax","by_segment":true})")),
            "scale.by_segment: needs data.segment, the column that holds each customer's segment"));
  const auto both = ModelErrors(Events2NoSegment(kA, R"(,"scale":{"method":"raw","by_segment":true})"));
  CHECK(both.size() == 2);
  CHECK(Has(ModelErrors(Events2(kA, R"(,"scale":{"by_segment":"yes"})")), "scale.by_segment: expected true or false"));
  CHECK(Has(ModelErrors(Events2(kA, R"(,"scale":{"by_segment":1})")), "scale.by_segment: expected true or false"));
}

TEST_CASE("scale.target_by_segment: method target only, with data.segment; targets > 0; scale.target still required") {
  const auto r = LoadModel(Events2(kA, R"(,"scale":{"method":"target","target":10,"target_by_segment":{" pro ":50,"free":0.5}})"));
  REQUIRE(r.ok());
  REQUIRE(r.model->scale.target_by_segment.size() == 2);
  CHECK(r.model->scale.target_by_segment[0].first == "pro");  // trimmed, as segment cells are
  CHECK(r.model->scale.target_by_segment[0].second == 50);
  CHECK(r.model->scale.target_by_segment[1].second == 0.5);
  CHECK(LoadModel(Events2(kA, R"(,"scale":{"method":"target","target":10,"target_by_segment":{}})")).ok());
  CHECK(Has(ModelErrors(Events2(kA, R"(,"scale":{"method":"target","target_by_segment":{"pro":5}})")),
            "scale.target: required for the method \"target\": the raw score that maps to 100"));
  CHECK(Has(ModelErrors(Events2(kA, R"(,"scale":{"method":"minmax","target_by_segment":{"pro":5}})")),
            "scale.target_by_segment: only for the method \"target\" (this scale's method is \"minmax\")"));
  CHECK(Has(ModelErrors(Events2NoSegment(kA, R"(,"scale":{"method":"target","target":1,"target_by_segment":{"pro":5}})")),
            "scale.target_by_segment: needs data.segment, the column that holds each customer's segment"));
  const std::string head = R"(,"scale":{"method":"target","target":1,"target_by_segment":)";
  CHECK(Has(ModelErrors(Events2(kA, head + "[5]}")),
            "scale.target_by_segment: expected an object {\"<segment value>\": target, …}"));
  CHECK(Has(ModelErrors(Events2(kA, head + R"({"pro":0}})")), "scale.target_by_segment.pro: must be more than 0"));
  CHECK(Has(ModelErrors(Events2(kA, head + R"({"pro":-5}})")), "scale.target_by_segment.pro: must be more than 0"));
  CHECK(Has(ModelErrors(Events2(kA, head + R"({"pro":"5"}})")), "scale.target_by_segment.pro: expected a number"));
  CHECK(Has(ModelErrors(Events2(kA, head + R"({"pro":1e13}})")),
            "scale.target_by_segment.pro: must be a finite number of at most 1e12 in absolute value"));
  // An empty segment value is the segment of the customers without one (1.4).
  const auto empty = LoadModel(Events2(kA, head + R"({" ":5,"pro":6}})"));
  REQUIRE(empty.ok());
  CHECK(empty.model->scale.target_by_segment[0] == std::pair<std::string, double>("", 5));
  CHECK(Has(ModelErrors(Events2(kA, head + R"({" ":5,"":6}})")),
            "scale.target_by_segment: the segment value \"\" appears twice (compared after trimming spaces)"));
  CHECK(Has(ModelErrors(Events2(kA, head + R"({"pro":5," pro":6}})")),
            "scale.target_by_segment. pro: the segment value \"pro\" appears twice (compared after trimming spaces)"));
  CHECK(Has(ModelErrors(Events2(kA, head + R"({"pro":5,"pro":6}})")),
            "scale.target_by_segment: the key \"pro\" appears twice"));
  CHECK(Has(ModelErrors(Events2(kA, head + "{\"p\\u0001\":5}}")), "scale.target_by_segment.p\x01: contains a control character"));
}

// [SECTION] carried columns (1.6)

TEST_CASE("data.carry: 1 to 16 column names, no repeats, not the customer column") {
  auto errors = [](const std::string& carry) { return ModelErrors(Events2(kA, "", R"(,"carry":)" + carry)); };
  const auto ok = LoadModel(Events2(kA, "", R"(,"carry":[" email ","owner","plan","t"])"));
  REQUIRE(ok.ok());
  CHECK(ok.model->data.carry == std::vector<std::string>{"email", "owner", "plan", "t"});
  CHECK(Has(errors(R"("email")"), "data.carry: expected an array of column names"));
  CHECK(Has(errors("[]"), "data.carry: needs 1 to 16 column names"));
  std::string many = "[";
  for (int i = 0; i < 17; ++i) many += std::string(i ? "," : "") + "\"c" + std::to_string(i) + "\"";
  CHECK(Has(errors(many + "]"), "data.carry: needs 1 to 16 column names"));
  std::string sixteen = "[";
  for (int i = 0; i < 16; ++i) sixteen += std::string(i ? "," : "") + "\"c" + std::to_string(i) + "\"";
  CHECK(LoadModel(Events2(kA, "", R"(,"carry":)" + sixteen + "]")).ok());
  CHECK(Has(errors(R"(["owner"," owner"])"), "data.carry[1]: the column \"owner\" is carried twice"));
  CHECK(Has(errors(R"(["owner","id "])"),
            "data.carry[1]: is the customer column (data.customer), which the results have already as \"customer\""));
  CHECK(Has(errors(R"(["owner",5])"), "data.carry[1]: expected a string"));
  CHECK(Has(errors(R"(["owner",""])"), "data.carry[1]: must not be empty"));
  CHECK(Has(errors("[\"" + std::string(201, 'c') + "\"]"), "data.carry[0]: longer than 200 characters"));
}

TEST_CASE("a carried column may not repeat another results column") {
  const std::string activities = R"({"name":"Orders","weight":1,"group":"Usage"})";
  const std::string groups = R"(,"groups":[{"name":"Usage","weight":1}])";
  auto errors = [&](const std::string& name) {
    return ModelErrors(Events2(activities, groups, R"(,"carry":["ok",")" + name + "\"]"));
  };
  for (const char* fixed : {"customer", "score", "raw", "tier", "segment"}) {
    CAPTURE(fixed);
    CHECK(Has(errors(fixed), std::string("data.carry[1]: the results table already has a column named \"") + fixed +
                                 "\" (one of the columns every results table has)"));
  }
  CHECK(Has(errors("Orders value"), "data.carry[1]: the results table already has a column named \"Orders value\" (the activity \"Orders\")"));
  CHECK(Has(errors("Orders points"), "data.carry[1]: the results table already has a column named \"Orders points\" (the activity \"Orders\")"));
  CHECK(Has(errors("Usage points"), "data.carry[1]: the results table already has a column named \"Usage points\" (the group \"Usage\")"));
  CHECK(Has(errors("Usage score"), "data.carry[1]: the results table already has a column named \"Usage score\" (the group \"Usage\")"));
  // Column names are compared exactly, as the results header would show them.
  for (const char* fine : {"Score", "Orders", "Usage", "orders value", "plan", "t", "e"}) {
    CAPTURE(fine);
    CHECK(LoadModel(Events2(activities, groups, std::string(R"(,"carry":[")") + fine + "\"]")).ok());
  }
}

// [SECTION] writing

TEST_CASE("writing a v2 model and reading it back gives the same model, and the same text again") {
  const ModelLoadResult first = LoadModel(kFullV2);
  REQUIRE(first.ok());
  const std::string text = ModelToJson(*first.model);
  CHECK(text.find("\"ces_model\": 2") != std::string::npos);
  const ModelLoadResult second = LoadModel(text);
  for (const auto& e : second.errors) FAIL_CHECK(e.ToString());
  REQUIRE(second.ok());
  CHECK(ModelToJson(*second.model) == text);
  const ScoreModel& a = *first.model;
  const ScoreModel& b = *second.model;
  CHECK(b.version == 2);
  CHECK(b.data.carry == a.data.carry);
  REQUIRE(b.groups.size() == a.groups.size());
  for (size_t i = 0; i < a.groups.size(); ++i) {
    CHECK(b.groups[i].name == a.groups[i].name);
    CHECK(b.groups[i].weight == a.groups[i].weight);
    REQUIRE(b.groups[i].scale.has_value() == a.groups[i].scale.has_value());
    if (a.groups[i].scale) {
      CHECK(b.groups[i].scale->method == a.groups[i].scale->method);
      CHECK(b.groups[i].scale->by_segment == a.groups[i].scale->by_segment);
      CHECK(b.groups[i].scale->target_by_segment == a.groups[i].scale->target_by_segment);
    }
  }
  REQUIRE(b.activities.size() == a.activities.size());
  for (size_t i = 0; i < a.activities.size(); ++i) {
    CAPTURE(i);
    CHECK(b.activities[i].group == a.activities[i].group);
    CHECK(b.activities[i].missing == a.activities[i].missing);
    CHECK(b.activities[i].weight == a.activities[i].weight);
    REQUIRE(b.activities[i].bins.size() == a.activities[i].bins.size());
    for (size_t k = 0; k < a.activities[i].bins.size(); ++k) {
      CHECK(b.activities[i].bins[k].below == a.activities[i].bins[k].below);
      CHECK(b.activities[i].bins[k].points == a.activities[i].bins[k].points);
    }
  }
  CHECK(b.scale.by_segment);
}

TEST_CASE("the written v2 fields, in order") {
  const std::string text = ModelToJson(*LoadModel(kFullV2).model);
  CHECK(text.find("\"carry\": [\n      \"owner\",\n      \"mrr\"\n    ],\n    \"time_format\"") != std::string::npos);
  CHECK(text.find("\"groups\"") < text.find("\"activities\""));
  CHECK(text.find("\"name\": \"Logins\",\n      \"group\": \"Usage\",\n      \"measure\": \"value\"") != std::string::npos);
  CHECK(text.find("{\n          \"below\": 20.5,\n          \"points\": 25\n        }") != std::string::npos);
  CHECK(text.find("\"missing\": \"skip\"") != std::string::npos);
  CHECK(text.find("\"missing\": \"zero\"") == std::string::npos);  // the default is not written
  CHECK(text.find("\"target_by_segment\": {\n          \"pro\": 500,\n          \"team\": 1000.5\n        }") != std::string::npos);
  CHECK(text.find("\"method\": \"minmax\",\n    \"by_segment\": true") != std::string::npos);
}

TEST_CASE("RequiredModelVersion: 2 exactly when a v2 field is used") {
  const ScoreModel v1 = *LoadModel(R"({"ces_model":1,"data":{"shape":"customers","customer":"email","segment":"plan"},
    "activities":[{"name":"A","column":"a","weight":1}],"scale":{"method":"target","target":5}})").model;
  CHECK(RequiredModelVersion(v1) == 1);
  CHECK(ModelToJson(v1).find("\"ces_model\": 1,") != std::string::npos);
  {
    ScoreModel m = v1;  // a v2 model that uses nothing of v2 stays v2 when written
    m.version = 2;
    CHECK(RequiredModelVersion(m) == 1);
    CHECK(ModelToJson(m).find("\"ces_model\": 2,") != std::string::npos);
  }
  auto check_v2 = [](const ScoreModel& m) {
    CHECK(RequiredModelVersion(m) == 2);
    const std::string text = ModelToJson(m);  // written as version 2 even if m.version says 1
    CHECK(text.find("\"ces_model\": 2,") != std::string::npos);
    const ModelLoadResult back = LoadModel(text);
    for (const auto& e : back.errors) FAIL_CHECK(e.ToString());
    CHECK(back.ok());
  };
  { ScoreModel m = v1; m.activities[0].bins = {Bin{1.0, 0}, Bin{std::nullopt, 5}}; check_v2(m); }
  { ScoreModel m = v1; m.activities[0].missing = Missing::kSkip; check_v2(m); }
  { ScoreModel m = v1; m.activities[0].missing = Missing::kMean; check_v2(m); }
  { ScoreModel m = v1; m.groups = {Group{"G", 1, std::nullopt}}; m.activities[0].group = "G"; check_v2(m); }
  { ScoreModel m = v1; m.data.carry = {"owner"}; check_v2(m); }
  { ScoreModel m = v1; m.scale.target_by_segment = {{"pro", 10}}; check_v2(m); }
  { ScoreModel m = v1; m.scale.method = ScaleMethod::kPercentile; m.scale.by_segment = true; check_v2(m); }
  // A setting that has no effect is not a reason for version 2, and is not written.
  { ScoreModel m = v1; m.scale.by_segment = true; CHECK(RequiredModelVersion(m) == 1); CHECK(LoadModel(ModelToJson(m)).ok()); }
  { ScoreModel m = v1; m.scale.method = ScaleMethod::kRaw; m.scale.target_by_segment = {{"pro", 10}}; CHECK(RequiredModelVersion(m) == 1); }
  { ScoreModel m = v1; m.data.segment.clear(); m.scale.target_by_segment = {{"pro", 10}}; CHECK(RequiredModelVersion(m) == 1); CHECK(LoadModel(ModelToJson(m)).ok()); }
  { ScoreModel m = v1; m.activities[0].group = "G"; CHECK(RequiredModelVersion(m) == 1); CHECK(LoadModel(ModelToJson(m)).ok()); }
}

TEST_CASE("one name table per enum: every value's written name reads back as that value") {
  for (const auto& e : kMeasureNames) CHECK(std::string(MeasureName(e.value)) == e.name);
  for (const auto& e : kTransformNames) CHECK(std::string(TransformName(e.value)) == e.name);
  for (const auto& e : kScaleMethodNames) CHECK(std::string(ScaleMethodName(e.value)) == e.name);
  for (const auto& e : kTimeFormatNames) CHECK(std::string(TimeFormatName(e.value)) == e.name);
  for (const auto& e : kShapeNames) CHECK(std::string(ShapeName(e.value)) == e.name);
  for (const auto& e : kMissingNames) CHECK(std::string(MissingName(e.value)) == e.name);
  CHECK(std::string(NameOf(kDelimiterNames, '\t')) == "\t");  // "tab" is read, "\t" written
  char d = 0;
  CHECK(ValueOf(kDelimiterNames, "tab", 3, &d));
  CHECK(d == '\t');
  for (char c : {'\0', ',', ';', '\t', '|'}) {
    ScoreModel m = *LoadModel(Events2(kA)).model;
    m.data.delimiter = c;
    const auto back = LoadModel(ModelToJson(m));
    REQUIRE(back.ok());
    CHECK(back.model->data.delimiter == c);
  }
}

// [SECTION] end to end

TEST_CASE("a v2 model file scores as the contract says: bins, skip, groups, a target per segment, carry") {
  const char* model = R"({"ces_model":2,
    "data":{"shape":"customers","customer":"id","segment":"plan","carry":["owner"]},
    "groups":[{"name":"Use","weight":3},
              {"name":"Pay","weight":1,"scale":{"method":"target","target":10,"target_by_segment":{"pro":20}}}],
    "activities":[{"name":"Orders","group":"Use","column":"orders",
                   "bins":[{"below":1,"points":0},{"below":5,"points":10},{"points":25}]},
                  {"name":"Spend","group":"Pay","column":"spend","weight":1,"missing":"skip"}],
    "scale":{"method":"raw"}})";
  const auto s = ces_test::Score(model, "id,orders,spend,plan,owner\na,0,10,free,ann\nb,5,10,pro,bob\nc,3,,free,cy\n");
  REQUIRE(s.ok);
  const auto lines = ces_test::SplitLines(s.csv);
  REQUIRE(lines.size() >= 4);
  CHECK(lines[0] == "customer,score,raw,tier,segment,owner,Use points,Use score,Pay points,Pay score,"
                    "Orders value,Orders points,Spend value,Spend points");
  // Use is scaled raw (the model's scale); Pay by target 10, or 20 for "pro"; c has no
  // spend, so Pay is not present for c and its raw is Use's score alone.
  CHECK(lines[1] == "b,31.25,31.25,,pro,bob,25,25,10,50,5,25,10,10");  // (3·25 + 1·50) / 4
  CHECK(lines[2] == "a,25,25,,free,ann,0,0,10,100,0,0,10,10");        // (3·0 + 1·100) / 4
  CHECK(lines[3] == "c,10,10,,free,cy,10,10,,,3,10,,");                // 3·10 / 3
}
