#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "engine/model/model.h"
#include "test_helpers.h"

using namespace ces;

namespace {

const char* kSpecExample = R"({
  "ces_model": 1,
  "name": "SaaS engagement",
  "data": { "shape": "events", "customer": "user_id", "time": "timestamp", "event": "event",
            "segment": "plan", "time_format": "auto", "delimiter": "auto" },
  "window": { "days": 90, "as_of": "auto" },
  "activities": [
    { "name": "Logins", "events": ["login"], "measure": "count", "weight": 1, "cap": 60 },
    { "name": "Active days", "measure": "distinct_days", "weight": 2 },
    { "name": "Spend", "events": ["purchase"], "measure": "sum", "column": "value", "weight": 0.05, "transform": "log" },
    { "name": "Features used", "events": ["feature_used"], "measure": "distinct_values", "column": "value", "weight": 3 },
    { "name": "Recent logins", "events": ["login"], "measure": "count", "weight": 2, "half_life_days": 14 },
    { "name": "Tickets", "events": ["support_ticket"], "measure": "count", "weight": -4 },
    { "name": "Days since last visit", "measure": "days_since_last", "weight": -0.5 }
  ],
  "scale": { "method": "percentile" },
  "tiers": [ { "name": "At risk", "below": 30 }, { "name": "Steady", "below": 70 }, { "name": "Champion" } ]
})";

using ces_test::HasError;
using ces_test::ModelErrors;

// A minimal valid events model with `activities` spliced in.
std::string EventsModel(const std::string& activities, const std::string& extra = "") {
  return R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t","event":"e"},"activities":[)" +
         activities + "]" + extra + "}";
}

}  // namespace

TEST_CASE("the spec's example model loads with every field") {
  ModelLoadResult r = LoadModel(kSpecExample);
  REQUIRE(r.ok());
  const ScoreModel& m = *r.model;
  CHECK(m.name == "SaaS engagement");
  CHECK(m.data.shape == Shape::kEvents);
  CHECK(m.data.segment == "plan");
  CHECK(m.window.days == 90);
  CHECK_FALSE(m.window.as_of.has_value());
  REQUIRE(m.activities.size() == 7);
  CHECK(m.activities[0].cap == 60);
  CHECK(m.activities[2].transform == Transform::kLog);
  CHECK(m.activities[3].measure == Measure::kDistinctValues);
  CHECK(m.activities[4].half_life_days == 14);
  CHECK(m.activities[6].weight == -0.5);
  CHECK(m.scale.method == ScaleMethod::kPercentile);
  REQUIRE(m.tiers.size() == 3);
  CHECK_FALSE(m.tiers[2].below.has_value());
}

TEST_CASE("defaults: window 90 days, as_of auto, measure count or value, percentile scale, no tiers") {
  ModelLoadResult r = LoadModel(EventsModel(R"({"name":"A","weight":1})"));
  REQUIRE(r.ok());
  CHECK(r.model->window.days == 90);
  CHECK(r.model->activities[0].measure == Measure::kCount);
  CHECK(r.model->scale.method == ScaleMethod::kPercentile);
  CHECK(r.model->tiers.empty());
  CHECK(r.model->data.time_format == TimeFormat::kAuto);
  CHECK(r.model->data.delimiter == 0);
  ModelLoadResult c = LoadModel(
      R"({"ces_model":1,"data":{"shape":"customers","customer":"email"},"activities":[{"name":"O","column":"orders","weight":2}]})");
  REQUIRE(c.ok());
  CHECK(c.model->activities[0].measure == Measure::kValue);
}

TEST_CASE("every problem is reported with its field path") {
  auto e = ModelErrors(R"({"ces_model":3,"data":{"shape":"rows","customer":""},
    "activities":[{"name":"A","weight":"1"},{"name":"A","weight":1,"cap":"x"}],
    "scale":{"method":"zscore"}})");
  CHECK(HasError(e, "ces_model: must be 1"));
  CHECK(HasError(e, "data.shape: expected one of"));
  CHECK(HasError(e, "data.customer: must not be empty"));
  CHECK(HasError(e, "activities[0].weight: expected a number"));
  CHECK(HasError(e, "activities[1].name: the name \"A\" is used by an earlier activity"));
  CHECK(HasError(e, "activities[1].cap: expected a number"));
  CHECK(HasError(e, "scale.method: expected one of"));
  CHECK(e.size() >= 7);
}

TEST_CASE("unknown fields are rejected, naming them") {
  auto e = ModelErrors(EventsModel(R"({"name":"A","wieght":1,"weight":1})", R"(,"colour":"red")"));
  CHECK(HasError(e, "activities[0].wieght: unknown field"));
  CHECK(HasError(e, "colour: unknown field"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"window":{"days":30,"asof":"auto"})")),
                 "window.asof: unknown field"));
}

TEST_CASE("required fields") {
  auto e = ModelErrors(R"({"data":{"shape":"events"}})");
  CHECK(HasError(e, "ces_model: required"));
  CHECK(HasError(e, "data.customer: required"));
  CHECK(HasError(e, "data.time: required"));
  CHECK(HasError(e, "activities: required"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"weight":1})")), "activities[0].name: required"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A"})")), "activities[0].weight: required"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","measure":"sum","weight":1})")), "activities[0].column: required"));
  CHECK(HasError(ModelErrors(EventsModel("")), "activities: needs 1 to 256"));
}

TEST_CASE("measures fit the shape; half-lives fit the measure; events need an event column") {
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","measure":"value","column":"x","weight":1})")),
                 "activities[0].measure: \"value\" is for the customers shape"));
  CHECK(HasError(ModelErrors(R"({"ces_model":1,"data":{"shape":"customers","customer":"id"},
                           "activities":[{"name":"A","measure":"count","weight":1}]})"),
                 "activities[0].measure: the customers shape has one measure"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","measure":"distinct_days","weight":1,"half_life_days":7})")),
                 "activities[0].half_life_days: only for the measures count and sum"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1,"half_life_days":0})")),
                 "activities[0].half_life_days: must be more than 0"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1,"events":[]})")), "activities[0].events: is empty"));
  CHECK(HasError(ModelErrors(R"({"ces_model":1,"data":{"shape":"events","customer":"id","time":"t"},
                           "activities":[{"name":"A","weight":1,"events":["login"]}]})"),
                 "activities[0].events: needs data.event"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1,"column":"x"})")), "activities[0].column: not used"));
}

TEST_CASE("window and scale values") {
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"window":{"days":0})")), "window.days"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"window":{"days":7.5})")), "window.days"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"window":{"days":36501})")), "window.days"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"window":{"as_of":"2024-02-30"})")),
                 "window.as_of"));
  ModelLoadResult r = LoadModel(EventsModel(R"({"name":"A","weight":1})", R"(,"window":{"days":36500,"as_of":"2024-02-29"})"));
  REQUIRE(r.ok());
  CHECK(r.model->window.as_of.has_value());
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"scale":{"method":"target"})")),
                 "scale.target: required"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"scale":{"method":"target","target":0})")),
                 "scale.target: must be more than 0"));
}

TEST_CASE("tiers: every one but the last has below, strictly increasing; names unique") {
  CHECK(LoadModel(EventsModel(R"({"name":"A","weight":1})", R"(,"tiers":[{"name":"x","below":10},{"name":"y"}])")).ok());
  CHECK(LoadModel(EventsModel(R"({"name":"A","weight":1})", R"(,"tiers":[{"name":"only"}])")).ok());
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"tiers":[{"name":"x"},{"name":"y"}])")),
                 "tiers[0].below: required"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})",
                                    R"(,"tiers":[{"name":"x","below":50},{"name":"y","below":50},{"name":"z"}])")),
                 "tiers[1].below: must be greater"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"tiers":[{"name":"x","below":5},{"name":"x"}])")),
                 "tiers[1].name"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})", R"(,"tiers":[{"name":"x","color":"red"}])")),
                 "tiers[0].color"));
}

TEST_CASE("limits: size, depth, duplicate keys, numbers, names") {
  CHECK(HasError(ModelErrors(std::string(1100000, ' ')), "the model file is larger than 1 MiB"));
  std::string deep = std::string(70, '[') + std::string(70, ']');
  CHECK(HasError(ModelErrors(deep), ""));
  CHECK(ModelErrors(deep)[0].find("nested more than 64 levels") != std::string::npos);
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1,"weight":2})")), "activities[0]: the key \"weight\" appears twice"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1e13})")), "activities[0].weight: must be a finite number"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1e400})")), "activities[0].weight: must be a finite number"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":NaN})")), "activities[0].weight: not valid JSON"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":")" + std::string(201, 'x') + R"(","weight":1})")),
                 "activities[0].name: longer than 200 characters"));
  CHECK(LoadModel(EventsModel(R"({"name":")" + std::string(100, 'x') + std::string(100, 'y') + R"(","weight":1})")).ok());
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"a\u0007b","weight":1})")), "activities[0].name: contains a control character"));
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":"A","weight":1})") + "x"), "not valid JSON"));
  CHECK(HasError(ModelErrors("[1,2]"), "the model must be a JSON object"));
  CHECK(HasError(ModelErrors(""), "not valid JSON"));
  CHECK(HasError(ModelErrors("{\"name\":\"\xff\"}"), "name: not valid JSON"));  // not UTF-8
  std::vector<std::string> many;
  std::string acts;
  for (int i = 0; i < 257; ++i) acts += (i ? "," : "") + std::string(R"({"name":"a)") + std::to_string(i) + R"(","weight":1})";
  CHECK(HasError(ModelErrors(EventsModel(acts)), "activities: needs 1 to 256"));
}

TEST_CASE("a 10 MB string is refused with a path, not a crash") {
  std::string big(10u << 20, 'x');
  CHECK(HasError(ModelErrors(R"({"name":")" + big + "\"}"), "the model file is larger than 1 MiB"));
  std::string near(900000, 'x');
  CHECK(HasError(ModelErrors(EventsModel(R"({"name":")" + near + R"(","weight":1})")), "activities[0].name: longer than 200"));
}

TEST_CASE("a model written back loads to the same model") {
  ModelLoadResult a = LoadModel(kSpecExample);
  REQUIRE(a.ok());
  std::string json = ModelToJson(*a.model);
  ModelLoadResult b = LoadModel(json);
  REQUIRE(b.ok());
  CHECK(ModelToJson(*b.model) == json);
  CHECK(b.model->activities[2].weight == 0.05);
  CHECK(json.find("\"half_life_days\": 14") != std::string::npos);
}
