#include "app/model_state.h"

namespace ces::app {

namespace {

constexpr char kDefaultModel[] = R"({
  "ces_model": 1,
  "name": "SaaS engagement",
  "data": { "shape": "events", "customer": "user_id", "time": "timestamp", "event": "event", "segment": "plan" },
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
  "tiers": [
    { "name": "At risk", "below": 30, "color": "#d9534f" },
    { "name": "Steady", "below": 70, "color": "#f0ad4e" },
    { "name": "Champion", "color": "#5cb85c" }
  ]
})";

}  // namespace

ScoreModel DefaultModel() {
  ModelLoadResult r = LoadModel(kDefaultModel);
  return r.ok() ? *r.model : ScoreModel{};
}

ModelState::ModelState() { Replace(DefaultModel()); }

void ModelState::Replace(const ScoreModel& model) {
  edit_ = model;
  edit_json_.clear();
  Commit();
}

bool ModelState::Commit() {
  std::string json = ModelToJson(edit_);
  if (json == edit_json_) return false;          // nothing changed (most frames)
  edit_json_ = std::move(json);
  ModelLoadResult r = LoadModel(edit_json_);
  errors_ = std::move(r.errors);
  if (!r.ok()) return false;
  std::string valid_json = ModelToJson(*r.model);
  if (valid_json == valid_json_) return false;
  valid_ = std::move(*r.model);
  valid_json_ = std::move(valid_json);
  ++version_;
  return true;
}

std::vector<const ModelError*> ModelState::ErrorsAt(std::string_view path, bool nested) const {
  std::vector<const ModelError*> out;
  for (const ModelError& e : errors_) {
    std::string_view p = e.path;
    const bool exact = p == path;
    const bool below = nested && p.size() > path.size() && p.substr(0, path.size()) == path &&
                       (p[path.size()] == '.' || p[path.size()] == '[');
    if (exact || below) out.push_back(&e);
  }
  return out;
}

}  // namespace ces::app
