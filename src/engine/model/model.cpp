// LoadModel: a model file's text to a validated ScoreModel, every problem listed with its path.
//   [SECTION] Validation   the Validator: one function per part of the model (data, window,
//                          groups, activities, bins, scale, tiers), then the v2 checks that
//                          tie activities, groups and carried columns together
//   LoadModel              size, byte-order mark, document (model_document.h), validation
#include "engine/model/model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/base/engine_limits.h"
#include "engine/base/number_format.h"
#include "engine/base/text.h"
#include "engine/model/model_document.h"
#include "engine/model/model_names.h"

namespace ces {

using Json = ModelJson;

namespace {

// [SECTION] Validation: one function per part of the model, each reporting every
// problem it finds with its path.
class Validator {
 public:
  explicit Validator(std::vector<ModelError>* errors) : errors_(errors) {}

  void Error(const std::string& path, const std::string& message) { errors_->push_back({path, message}); }

  static std::string Join(const std::string& base, const std::string& key) {
    return base.empty() ? key : base + "." + key;
  }

  // Reports fields of `obj` that are not in `known` (nor, in a version 2 model, in
  // `known_v2`): in a version 1 model the v2 fields are unknown fields, as v1 says.
  void CheckKnown(const Json& obj, const std::string& path, std::initializer_list<const char*> known,
                  std::initializer_list<const char*> known_v2 = {}) {
    std::vector<const char*> all(known);
    if (version_ == 2) all.insert(all.end(), known_v2.begin(), known_v2.end());
    std::string message;  // built once: an object may hold 100,000 unknown keys
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (const char* k : all) ok = ok || it.key() == k;
      if (ok) continue;
      if (message.empty()) {
        std::string list;
        for (const char* k : all) list += (list.empty() ? "" : ", ") + std::string(k);
        message = "unknown field (known fields here: " + list + ")";
      }
      Error(Join(path, ShortKey(it.key())), message);
    }
  }

  const Json* Field(const Json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;  // null = absent
    return &*it;
  }
  // A field that exists only in version 2 (in version 1, CheckKnown has reported it).
  const Json* FieldV2(const Json& obj, const char* key) { return version_ == 2 ? Field(obj, key) : nullptr; }

  // A name: a string of 1..200 characters without control characters.
  bool Name(const Json& v, const std::string& path, std::string* out, bool allow_empty = false) {
    if (!v.is_string()) {
      Error(path, "expected a string");
      return false;
    }
    const std::string& s = v.get_ref<const std::string&>();
    if (CountCodePoints(s) > kMaxNameChars) {
      Error(path, "longer than " + std::to_string(kMaxNameChars) + " characters");
      return false;
    }
    if (HasControlCharacter(s)) {
      Error(path, "contains a control character");
      return false;
    }
    std::string_view trimmed = TrimSpaces(s);
    if (trimmed.empty() && !allow_empty) {
      Error(path, "must not be empty");
      return false;
    }
    *out = std::string(allow_empty ? std::string_view(s) : trimmed);
    return true;
  }

  bool Number(const Json& v, const std::string& path, double* out) {
    if (!v.is_number()) {
      Error(path, "expected a number");
      return false;
    }
    double d = v.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > kMaxModelNumber) {
      Error(path, "must be a finite number of at most 1e12 in absolute value");
      return false;
    }
    *out = d;
    return true;
  }

  template <class E, size_t N>
  bool Enum(const Json& v, const std::string& path, const EnumName<E> (&table)[N], E* out) {
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      if (ValueOf(table, s.data(), s.size(), out)) return true;
    }
    std::string list;
    for (const EnumName<E>& o : table)  // a TAB shown as \t, not as white space
      list += (list.empty() ? "\"" : ", \"") + (o.name[0] == '\t' ? std::string("\\t") : std::string(o.name)) + "\"";
    Error(path, "expected one of " + list);
    return false;
  }

  void Data(const Json& j, ScoreModel& m, bool* shape_ok) {
    const std::string path = "data";
    if (!j.is_object()) {
      Error(path, "expected an object");
      return;
    }
    CheckKnown(j, path, {"shape", "customer", "time", "event", "segment", "time_format", "delimiter"}, {"carry"});
    DataSpec& d = m.data;
    if (const Json* v = Field(j, "shape")) {
      *shape_ok = Enum(*v, "data.shape", kShapeNames, &d.shape);
    } else {
      Error("data.shape", "required (\"events\" or \"customers\")");
    }
    if (const Json* v = Field(j, "customer")) Name(*v, "data.customer", &d.customer);
    else Error("data.customer", "required: the column with the customer id");
    if (const Json* v = Field(j, "time")) Name(*v, "data.time", &d.time);
    else if (*shape_ok && d.shape == Shape::kEvents) Error("data.time", "required for the events shape: the timestamp column");
    if (const Json* v = Field(j, "event")) Name(*v, "data.event", &d.event);
    if (const Json* v = Field(j, "segment")) Name(*v, "data.segment", &d.segment);
    if (const Json* v = Field(j, "time_format")) Enum(*v, "data.time_format", kTimeFormatNames, &d.time_format);
    if (const Json* v = Field(j, "delimiter")) Enum(*v, "data.delimiter", kDelimiterNames, &d.delimiter);
    if (const Json* v = FieldV2(j, "carry")) Carry(*v, d);
  }

  // v2 (1.6). Names are compared exactly after trimming, as activity names are; the
  // clash with other results columns is checked once activities and groups are known.
  void Carry(const Json& v, DataSpec& d) {
    const std::string path = "data.carry";
    if (!v.is_array()) {
      Error(path, "expected an array of column names");
      return;
    }
    if (v.empty() || v.size() > kMaxCarry) {
      Error(path, "needs 1 to " + std::to_string(kMaxCarry) + " column names");
      if (v.size() > kMaxCarry) return;
    }
    std::set<std::string> seen;
    for (size_t k = 0; k < v.size(); ++k) {
      const std::string item = path + "[" + std::to_string(k) + "]";
      std::string name;
      if (!Name(v[k], item, &name)) continue;
      if (!seen.insert(name).second) {
        Error(item, "the column " + QuoteForMessage(name) + " is carried twice");
      } else if (name == d.customer) {
        Error(item, "is the customer column (data.customer), which the results have already as \"customer\"");
      } else {
        d.carry.push_back(name);
        carried_.emplace_back(k, name);
      }
    }
  }

  void Window(const Json& j, ScoreModel& m) {
    if (!j.is_object()) {
      Error("window", "expected an object");
      return;
    }
    CheckKnown(j, "window", {"days", "as_of"});
    if (const Json* v = Field(j, "days")) {
      double d;
      if (Number(*v, "window.days", &d)) {
        if (d != std::floor(d) || d < 1 || d > kMaxWindowDays)
          Error("window.days", "must be a whole number of days from 1 to " + std::to_string(kMaxWindowDays));
        else
          m.window.days = static_cast<int>(d);
      }
    }
    if (const Json* v = Field(j, "as_of")) {
      int32_t day;
      if (v->is_string() && v->get_ref<const std::string&>() == "auto") {
        m.window.as_of.reset();
      } else if (v->is_string() && ParseIsoDate(v->get_ref<const std::string&>(), &day)) {
        m.window.as_of = day;
      } else {
        Error("window.as_of", "expected \"auto\" or a date YYYY-MM-DD");
      }
    }
  }

  void Activities(const Json& j, ScoreModel& m, bool shape_ok) {
    if (!j.is_array()) {
      Error("activities", "expected an array");
      return;
    }
    if (j.empty() || j.size() > kMaxActivities) {
      Error("activities", "needs 1 to " + std::to_string(kMaxActivities) + " activities");
      if (j.size() > kMaxActivities) return;
    }
    std::set<std::string> names;
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string path = "activities[" + std::to_string(i) + "]";
      Activity a;
      if (Activity1(j[i], path, m, shape_ok, &a)) {
        if (!a.name.empty() && !names.insert(a.name).second)
          Error(path + ".name", "the name " + QuoteForMessage(a.name) + " is used by an earlier activity");
      }
      m.activities.push_back(std::move(a));
    }
  }

  // "the activity "Orders"", for messages about the activity as a whole.
  static std::string Named(const Activity& a) {
    return a.name.empty() ? std::string("the activity") : "the activity " + QuoteForMessage(a.name);
  }

  bool Activity1(const Json& j, const std::string& path, const ScoreModel& m, bool shape_ok, Activity* a) {
    if (!j.is_object()) {
      Error(path, "expected an object");
      return false;
    }
    CheckKnown(j, path, {"name", "events", "measure", "column", "weight", "cap", "half_life_days", "transform"},
               {"bins", "missing", "group"});
    const bool events_shape = shape_ok && m.data.shape == Shape::kEvents;
    const bool customers_shape = shape_ok && m.data.shape == Shape::kCustomers;
    if (const Json* v = Field(j, "name")) Name(*v, path + ".name", &a->name);
    else Error(path + ".name", "required");
    if (const Json* v = FieldV2(j, "group")) Name(*v, path + ".group", &a->group);

    a->measure = customers_shape ? Measure::kValue : Measure::kCount;
    bool measure_ok = true;
    if (const Json* v = Field(j, "measure")) {
      measure_ok = Enum(*v, path + ".measure", kMeasureNames, &a->measure);
      if (measure_ok && customers_shape && a->measure != Measure::kValue) {
        Error(path + ".measure", "the customers shape has one measure: \"value\"");
        measure_ok = false;
      }
      if (measure_ok && events_shape && a->measure == Measure::kValue) {
        Error(path + ".measure", "\"value\" is for the customers shape; events use count, sum, distinct_days, "
                                 "distinct_values or days_since_last");
        measure_ok = false;
      }
    }
    const bool measure_known = measure_ok && (shape_ok || Field(j, "measure"));  // the default needs the shape
    const bool needs_column =
        a->measure == Measure::kSum || a->measure == Measure::kDistinctValues || a->measure == Measure::kValue;
    if (const Json* v = Field(j, "events")) {
      if (customers_shape) {
        Error(path + ".events", "only for the events shape");
      } else if (!v->is_array()) {
        Error(path + ".events", "expected an array of event names");
      } else if (v->empty()) {
        Error(path + ".events", "is empty, so nothing would count; leave it out to count every event");
      } else {
        for (size_t k = 0; k < v->size(); ++k) {
          std::string name;
          if (Name((*v)[k], path + ".events[" + std::to_string(k) + "]", &name)) a->events.push_back(name);
        }
        if (shape_ok && m.data.event.empty())
          Error(path + ".events", "needs data.event, the column that holds event names");
      }
    }
    if (const Json* v = Field(j, "column")) {
      if (measure_ok && !needs_column)
        Error(path + ".column", std::string("not used by the measure \"") + MeasureName(a->measure) +
                                    "\" (only sum, distinct_values and value read a column)");
      else
        Name(*v, path + ".column", &a->column);
    } else if (measure_ok && needs_column) {
      Error(path + ".column", std::string("required for the measure \"") + MeasureName(a->measure) + "\"");
    }
    const Json* weight = Field(j, "weight");
    const Json* bins = FieldV2(j, "bins");
    if (weight) Number(*weight, path + ".weight", &a->weight);
    if (bins) Bins(*bins, path + ".bins", a);
    if (version_ == 1 && !weight) Error(path + ".weight", "required: points per unit of the measure");
    if (version_ == 2 && weight && bins)
      Error(path, Named(*a) + " has both \"weight\" and \"bins\": give one of them");
    if (version_ == 2 && !weight && !bins)
      Error(path, Named(*a) + " needs \"weight\" (points per unit of the measure) or \"bins\" (points by range)");
    if (const Json* v = FieldV2(j, "missing")) {
      if (Enum(*v, path + ".missing", kMissingNames, &a->missing) && measure_known && a->measure != Measure::kValue)
        Error(path + ".missing", Named(*a) + " has the measure \"" + MeasureName(a->measure) +
                                     "\": \"missing\" is only for the measure \"value\" (customers shape)");
    }
    if (const Json* v = Field(j, "cap")) {
      double c;
      if (Number(*v, path + ".cap", &c)) a->cap = c;
    }
    if (const Json* v = Field(j, "half_life_days")) {
      double h;
      if (Number(*v, path + ".half_life_days", &h)) {
        if (!(h > 0) || h > kMaxWindowDays)
          Error(path + ".half_life_days", "must be more than 0 and at most " + std::to_string(kMaxWindowDays));
        else if (customers_shape)
          Error(path + ".half_life_days", "only for the events shape");
        else if (measure_ok && a->measure != Measure::kCount && a->measure != Measure::kSum)
          Error(path + ".half_life_days", "only for the measures count and sum");
        else
          a->half_life_days = h;
      }
    }
    if (const Json* v = Field(j, "transform")) Enum(*v, path + ".transform", kTransformNames, &a->transform);
    return true;
  }

  // v2 (1.1): like tiers, every bin but the last has `below`, strictly increasing.
  void Bins(const Json& v, const std::string& path, Activity* a) {
    if (!v.is_array()) {
      Error(path, "expected an array of bins {\"below\": …, \"points\": …}");
      return;
    }
    if (v.empty() || v.size() > kMaxBins) {
      Error(path, "needs 1 to " + std::to_string(kMaxBins) + " bins");
      if (v.size() > kMaxBins) return;
    }
    std::optional<double> previous;
    for (size_t k = 0; k < v.size(); ++k) {
      const std::string item = path + "[" + std::to_string(k) + "]";
      const bool last = k + 1 == v.size();
      Bin bin;
      if (!v[k].is_object()) {
        Error(item, "expected an object");
        a->bins.push_back(bin);
        continue;
      }
      CheckKnown(v[k], item, {"below", "points"});
      if (const Json* b = Field(v[k], "below")) {
        double x;
        if (Number(*b, item + ".below", &x)) {
          if (last) {
            Error(item + ".below", "the last bin has no \"below\": it takes every value the bins before it do not");
          } else {
            if (previous && !(x > *previous))
              Error(item + ".below", "must be greater than the previous bin's below (" + FormatNumber(*previous) + ")");
            bin.below = x;
            previous = x;
          }
        }
      } else if (!last) {
        Error(item + ".below", "required on every bin but the last");
      }
      if (const Json* p = Field(v[k], "points")) Number(*p, item + ".points", &bin.points);
      else Error(item + ".points", "required: the points of a value in this bin");
      a->bins.push_back(bin);
    }
  }

  // The model's `scale` (path "scale") or a group's (v2, "groups[k].scale").
  void Scale(const Json& j, const std::string& path, const ScoreModel& m, ScaleSpec* s) {
    if (!j.is_object()) {
      Error(path, "expected an object");
      return;
    }
    CheckKnown(j, path, {"method", "target"}, {"by_segment", "target_by_segment"});
    bool method_ok = true;
    if (const Json* v = Field(j, "method")) method_ok = Enum(*v, Join(path, "method"), kScaleMethodNames, &s->method);
    bool has_target = false;
    if (const Json* v = Field(j, "target")) has_target = Number(*v, Join(path, "target"), &s->target);
    if (s->method == ScaleMethod::kTarget) {
      if (!Field(j, "target"))
        Error(Join(path, "target"), "required for the method \"target\": the raw score that maps to 100");
      else if (has_target && !(s->target > 0))
        Error(Join(path, "target"), "must be more than 0");
    }
    const std::string method = std::string("\"") + ScaleMethodName(s->method) + "\"";
    if (const Json* v = FieldV2(j, "by_segment")) {
      const std::string p = Join(path, "by_segment");
      if (!v->is_boolean()) {
        Error(p, "expected true or false");
      } else {  // the contract refuses the field, not only `true`, elsewhere
        if (method_ok && s->method != ScaleMethod::kPercentile && s->method != ScaleMethod::kMinMax)
          Error(p, "only for the methods \"percentile\" and \"minmax\" (this scale's method is " + method + ")");
        if (m.data.segment.empty()) Error(p, "needs data.segment, the column that holds each customer's segment");
        s->by_segment = v->get<bool>();
      }
    }
    if (const Json* v = FieldV2(j, "target_by_segment")) TargetBySegment(*v, Join(path, "target_by_segment"), m, method_ok, s);
  }

  // v2 (1.4): { "<segment value>": target > 0, … }. Segment values are trimmed, as the
  // segment cells they are compared with are; "" is the segment of customers without one.
  void TargetBySegment(const Json& v, const std::string& path, const ScoreModel& m, bool method_ok, ScaleSpec* s) {
    if (!v.is_object()) {
      Error(path, "expected an object {\"<segment value>\": target, …}");
      return;
    }
    if (method_ok && s->method != ScaleMethod::kTarget)
      Error(path, std::string("only for the method \"target\" (this scale's method is \"") +
                      ScaleMethodName(s->method) + "\")");
    if (m.data.segment.empty()) Error(path, "needs data.segment, the column that holds each customer's segment");
    std::set<std::string> seen;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string item = it.key().empty() ? path : Join(path, ShortKey(it.key()));
      std::string segment;  // "" (after trimming) is the segment of customers without one (1.4)
      if (!Name(Json(it.key()), item, &segment, /*allow_empty=*/true)) continue;
      segment = std::string(TrimSpaces(segment));
      if (!seen.insert(segment).second) {
        Error(item, "the segment value " + QuoteForMessage(segment) + " appears twice (compared after trimming spaces)");
        continue;
      }
      double t;
      if (!Number(it.value(), item, &t)) continue;
      if (!(t > 0)) Error(item, "must be more than 0");
      else s->target_by_segment.emplace_back(segment, t);
    }
  }

  // v2 (1.3).
  void Groups(const Json& j, ScoreModel& m) {
    if (!j.is_array()) {
      Error("groups", "expected an array");
      return;
    }
    if (j.empty() || j.size() > kMaxGroups) {
      Error("groups", "needs 1 to " + std::to_string(kMaxGroups) + " groups");
      return;  // no list to check the activities' `group` against
    }
    groups_listed_ = true;
    std::set<std::string> names;
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string path = "groups[" + std::to_string(i) + "]";
      Group g;
      if (!j[i].is_object()) {
        Error(path, "expected an object");
        m.groups.push_back(g);
        continue;
      }
      CheckKnown(j[i], path, {"name", "weight", "scale"});
      if (const Json* v = Field(j[i], "name")) {
        if (Name(*v, path + ".name", &g.name) && !names.insert(g.name).second)
          Error(path + ".name", "the name " + QuoteForMessage(g.name) + " is used by an earlier group");
      } else {
        Error(path + ".name", "required");
      }
      if (const Json* v = Field(j[i], "weight")) {
        if (Number(*v, path + ".weight", &g.weight) && !(g.weight > 0)) Error(path + ".weight", "must be more than 0");
      } else {
        Error(path + ".weight", "required: the group's share of the score, more than 0");
      }
      if (const Json* v = Field(j[i], "scale")) {
        ScaleSpec scale;
        Scale(*v, path + ".scale", m, &scale);
        g.scale = scale;
      }
      m.groups.push_back(std::move(g));
    }
  }

  // v2: the rules that tie activities, groups and carried columns together, checked
  // once all three are read. Paths follow the model's lists, index for index.
  void CrossChecks(const Json& root, const ScoreModel& m) {
    const Json* activities = Field(root, "activities");
    const bool listed = activities && activities->is_array() && activities->size() == m.activities.size();
    const bool has_groups = Field(root, "groups") != nullptr;
    std::string group_list;
    std::set<std::string> listed_names;
    for (const Group& g : m.groups)
      if (!g.name.empty() && listed_names.insert(g.name).second)
        group_list += (group_list.empty() ? "" : ", ") + QuoteForMessage(g.name);
    for (size_t i = 0; listed && i < m.activities.size(); ++i) {
      const Activity& a = m.activities[i];
      const Json& aj = (*activities)[i];
      const std::string path = "activities[" + std::to_string(i) + "].group";
      if (!aj.is_object()) continue;
      const bool has_group = Field(aj, "group") != nullptr;
      if (!has_groups) {
        if (has_group) Error(path, "the model has no groups: add \"groups\" or leave \"group\" out");
      } else if (groups_listed_ && !has_group) {
        Error(path, "required when the model has groups: one of " + group_list);
      } else if (groups_listed_ && !a.group.empty() &&
                 std::none_of(m.groups.begin(), m.groups.end(), [&](const Group& g) { return g.name == a.group; })) {
        Error(path, "no group is named " + QuoteForMessage(a.group) + " (the groups: " + group_list + ")");
      }
    }
    for (size_t k = 0; k < m.groups.size(); ++k) {
      const Group& g = m.groups[k];
      if (g.name.empty()) continue;
      const std::string path = "groups[" + std::to_string(k) + "]";
      if (std::any_of(m.activities.begin(), m.activities.end(), [&](const Activity& a) { return a.name == g.name; }))
        Error(path + ".name", "the name " + QuoteForMessage(g.name) +
                                  " is also an activity's: group and activity names must all differ");
      if (listed && std::none_of(m.activities.begin(), m.activities.end(), [&](const Activity& a) { return a.group == g.name; }))
        Error(path, "the group " + QuoteForMessage(g.name) + " has no activity: give it at least one (\"group\": " +
                        QuoteForMessage(g.name) + ")");
    }
    for (const auto& [k, name] : carried_) {
      const std::string owner = ResultsColumnOwner(m, name);
      if (!owner.empty())
        Error("data.carry[" + std::to_string(k) + "]",
              "the results table already has a column named " + QuoteForMessage(name) + " (" + owner + ")");
    }
  }

  // Who already writes a results column named `column` (1.3, 1.6, v1 section 5); "" if no one.
  static std::string ResultsColumnOwner(const ScoreModel& m, const std::string& column) {
    for (const char* fixed : {"customer", "score", "raw", "tier", "segment"})
      if (column == fixed) return "one of the columns every results table has";
    for (const Group& g : m.groups)
      if (!g.name.empty() && (column == g.name + " points" || column == g.name + " score"))
        return "the group " + QuoteForMessage(g.name);
    for (const Activity& a : m.activities)
      if (!a.name.empty() && (column == a.name + " value" || column == a.name + " points"))
        return "the activity " + QuoteForMessage(a.name);
    return "";
  }

  void Tiers(const Json& j, ScoreModel& m) {
    if (!j.is_array()) {
      Error("tiers", "expected an array");
      return;
    }
    if (j.size() > kMaxTiers) {
      Error("tiers", "at most " + std::to_string(kMaxTiers) + " tiers");
      return;
    }
    std::set<std::string> names;
    std::optional<double> previous;
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string path = "tiers[" + std::to_string(i) + "]";
      const Json& t = j[i];
      Tier tier;
      if (!t.is_object()) {
        Error(path, "expected an object");
        m.tiers.push_back(tier);
        continue;
      }
      CheckKnown(t, path, {"name", "below", "color"});
      if (const Json* v = Field(t, "name")) {
        if (Name(*v, path + ".name", &tier.name) && !names.insert(tier.name).second)
          Error(path + ".name", "the name " + QuoteForMessage(tier.name) + " is used by an earlier tier");
      } else {
        Error(path + ".name", "required");
      }
      if (const Json* v = Field(t, "below")) {
        double b;
        if (Number(*v, path + ".below", &b)) {
          if (previous && !(b > *previous))
            Error(path + ".below", "must be greater than the previous tier's below (" + FormatNumber(*previous) + ")");
          tier.below = b;
          previous = b;
        }
      } else if (i + 1 < j.size()) {
        Error(path + ".below", "required on every tier but the last");
      }
      if (const Json* v = Field(t, "color")) {
        const std::string* s = v->is_string() ? &v->get_ref<const std::string&>() : nullptr;
        bool ok = s && s->size() == 7 && (*s)[0] == '#';
        for (size_t k = 1; ok && k < 7; ++k) ok = std::isxdigit(static_cast<unsigned char>((*s)[k])) != 0;
        if (ok) tier.color = *s;
        else Error(path + ".color", "expected a colour \"#rrggbb\"");
      }
      m.tiers.push_back(std::move(tier));
    }
  }

  void Root(const Json& j, ScoreModel& m) {
    if (!j.is_object()) {
      Error("", "the model must be a JSON object");
      return;
    }
    // The version decides which fields exist, so it is read first. A missing or wrong
    // version is checked by version 2's rules: only problems of every version are listed.
    const Json* version = Field(j, "ces_model");
    m.version = 0;
    if (version && version->is_number() && version->get<double>() == 1) m.version = 1;
    if (version && version->is_number() && version->get<double>() == 2) m.version = 2;
    version_ = m.version == 1 ? 1 : 2;
    CheckKnown(j, "", {"ces_model", "name", "data", "window", "activities", "scale", "tiers"}, {"groups"});
    if (version) {
      if (m.version == 0) Error("ces_model", "must be 1 or 2 (the version of the model format)");
    } else {
      Error("ces_model", "required: 1 or 2");
    }
    if (const Json* v = Field(j, "name")) Name(*v, "name", &m.name, /*allow_empty=*/true);
    bool shape_ok = false;
    if (const Json* v = Field(j, "data")) Data(*v, m, &shape_ok);
    else Error("data", "required: which columns hold the customer, time and event");
    if (const Json* v = Field(j, "window")) Window(*v, m);
    if (const Json* v = FieldV2(j, "groups")) Groups(*v, m);
    if (const Json* v = Field(j, "activities")) Activities(*v, m, shape_ok);
    else Error("activities", "required: at least one activity");
    if (const Json* v = Field(j, "scale")) Scale(*v, "scale", m, &m.scale);
    if (const Json* v = Field(j, "tiers")) Tiers(*v, m);
    if (version_ == 2) CrossChecks(j, m);
  }

 private:
  std::vector<ModelError>* errors_;
  int version_ = 1;                                          // the rules in force: 1 or 2
  bool groups_listed_ = false;                               // `groups` is a list of 1..32 entries
  std::vector<std::pair<size_t, std::string>> carried_;     // data.carry's valid names, with their index
};

}  // namespace

ModelLoadResult LoadModel(std::string_view text) {
  ModelLoadResult result;
  if (text.size() > kMaxModelBytes) {
    result.errors.push_back({"", "the model file is larger than 1 MiB"});
    return result;
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // editors add BOMs
  Json root;
  const bool parsed = ParseModelDocument(text, &root, &result.errors);
  if (!parsed || !result.errors.empty()) {
    if (parsed) {  // duplicate keys: the document is whole, so report the rest too
      ScoreModel unused;
      Validator(&result.errors).Root(root, unused);
    }
    return result;
  }
  ScoreModel model;
  Validator(&result.errors).Root(root, model);
  if (result.errors.empty()) result.model = std::move(model);
  return result;
}

}  // namespace ces
