// Writing a model back as JSON (ModelToJson), the version a model needs, and the
// public enum names, all from the name tables LoadModel reads with (model_names.h).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "engine/model/model.h"
#include "engine/model/model_names.h"

namespace ces {

using Json = nlohmann::ordered_json;

const char* MeasureName(Measure m) { return NameOf(kMeasureNames, m); }
const char* TransformName(Transform t) { return NameOf(kTransformNames, t); }
const char* ScaleMethodName(ScaleMethod m) { return NameOf(kScaleMethodNames, m); }
const char* TimeFormatName(TimeFormat f) { return NameOf(kTimeFormatNames, f); }
const char* ShapeName(Shape s) { return NameOf(kShapeNames, s); }
const char* MissingName(Missing m) { return NameOf(kMissingNames, m); }

namespace {

Json NumberJson(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return Json(static_cast<int64_t>(v));
  return Json(v);
}

// A v2 field is written only where it has an effect and LoadModel accepts it (as
// `scale.target` is written only for the method target): an editor may keep a
// setting the user switched away from without making the saved file invalid.
bool WritesBySegment(const ScoreModel& m, const ScaleSpec& s) {
  return s.by_segment && (s.method == ScaleMethod::kPercentile || s.method == ScaleMethod::kMinMax) &&
         !m.data.segment.empty();
}
bool WritesTargetBySegment(const ScoreModel& m, const ScaleSpec& s) {
  return !s.target_by_segment.empty() && s.method == ScaleMethod::kTarget && !m.data.segment.empty();
}
bool WritesMissing(const Activity& a) { return a.missing != Missing::kZero && a.measure == Measure::kValue; }
bool WritesGroup(const ScoreModel& m, const Activity& a) { return !a.group.empty() && !m.groups.empty(); }

Json ScaleJson(const ScoreModel& m, const ScaleSpec& s) {
  Json j;
  j["method"] = ScaleMethodName(s.method);
  if (s.method == ScaleMethod::kTarget) j["target"] = NumberJson(s.target);
  if (WritesTargetBySegment(m, s)) {
    Json targets = Json::object();
    for (const auto& [segment, target] : s.target_by_segment) targets[segment] = NumberJson(target);
    j["target_by_segment"] = std::move(targets);
  }
  if (WritesBySegment(m, s)) j["by_segment"] = true;
  return j;
}

}  // namespace

int RequiredModelVersion(const ScoreModel& m) {
  if (!m.groups.empty() || !m.data.carry.empty()) return 2;
  if (WritesBySegment(m, m.scale) || WritesTargetBySegment(m, m.scale)) return 2;
  for (const Activity& a : m.activities)
    if (!a.bins.empty() || WritesMissing(a)) return 2;
  return 1;
}

std::string ModelToJson(const ScoreModel& m) {
  Json j;
  j["ces_model"] = std::max(m.version, RequiredModelVersion(m));
  j["name"] = m.name;
  Json d;
  d["shape"] = ShapeName(m.data.shape);
  d["customer"] = m.data.customer;
  if (m.data.shape == Shape::kEvents) d["time"] = m.data.time;
  if (!m.data.event.empty()) d["event"] = m.data.event;
  if (!m.data.segment.empty()) d["segment"] = m.data.segment;
  if (!m.data.carry.empty()) d["carry"] = m.data.carry;
  d["time_format"] = TimeFormatName(m.data.time_format);
  d["delimiter"] = NameOf(kDelimiterNames, m.data.delimiter);
  j["data"] = d;
  if (m.data.shape == Shape::kEvents) {
    Json w;
    w["days"] = m.window.days;
    w["as_of"] = m.window.as_of ? FormatDate(*m.window.as_of) : std::string("auto");
    j["window"] = w;
  }
  if (!m.groups.empty()) {
    Json groups = Json::array();
    for (const Group& g : m.groups) {
      Json x;
      x["name"] = g.name;
      x["weight"] = NumberJson(g.weight);
      if (g.scale) x["scale"] = ScaleJson(m, *g.scale);
      groups.push_back(std::move(x));
    }
    j["groups"] = std::move(groups);
  }
  Json acts = Json::array();
  for (const Activity& a : m.activities) {
    Json x;
    x["name"] = a.name;
    if (WritesGroup(m, a)) x["group"] = a.group;
    if (!a.events.empty()) x["events"] = a.events;
    x["measure"] = MeasureName(a.measure);
    if (!a.column.empty()) x["column"] = a.column;
    if (a.bins.empty()) {
      x["weight"] = NumberJson(a.weight);
    } else {
      Json bins = Json::array();
      for (const Bin& b : a.bins) {
        Json bin;
        if (b.below) bin["below"] = NumberJson(*b.below);
        bin["points"] = NumberJson(b.points);
        bins.push_back(std::move(bin));
      }
      x["bins"] = std::move(bins);
    }
    if (WritesMissing(a)) x["missing"] = MissingName(a.missing);
    if (a.cap) x["cap"] = NumberJson(*a.cap);
    if (a.half_life_days) x["half_life_days"] = NumberJson(*a.half_life_days);
    if (a.transform != Transform::kNone) x["transform"] = TransformName(a.transform);
    acts.push_back(std::move(x));
  }
  j["activities"] = std::move(acts);
  j["scale"] = ScaleJson(m, m.scale);
  if (!m.tiers.empty()) {
    Json tiers = Json::array();
    for (const Tier& t : m.tiers) {
      Json x;
      x["name"] = t.name;
      if (t.below) x["below"] = NumberJson(*t.below);
      if (!t.color.empty()) x["color"] = t.color;
      tiers.push_back(std::move(x));
    }
    j["tiers"] = std::move(tiers);
  }
  return j.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

}  // namespace ces
