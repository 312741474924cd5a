#include "engine/model/model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <set>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "engine/base/engine_limits.h"
#include "engine/base/number_format.h"
#include "engine/base/text.h"

namespace ces {

using Json = nlohmann::ordered_json;

const char* MeasureName(Measure m) {
  switch (m) {
    case Measure::kCount: return "count";
    case Measure::kSum: return "sum";
    case Measure::kDistinctDays: return "distinct_days";
    case Measure::kDistinctValues: return "distinct_values";
    case Measure::kDaysSinceLast: return "days_since_last";
    case Measure::kValue: return "value";
  }
  return "?";
}
const char* TransformName(Transform t) {
  switch (t) {
    case Transform::kNone: return "none";
    case Transform::kLog: return "log";
    case Transform::kSqrt: return "sqrt";
  }
  return "?";
}
const char* ScaleMethodName(ScaleMethod m) {
  switch (m) {
    case ScaleMethod::kRaw: return "raw";
    case ScaleMethod::kMinMax: return "minmax";
    case ScaleMethod::kPercentile: return "percentile";
    case ScaleMethod::kTarget: return "target";
  }
  return "?";
}
const char* TimeFormatName(TimeFormat f) {
  switch (f) {
    case TimeFormat::kAuto: return "auto";
    case TimeFormat::kIso8601: return "iso8601";
    case TimeFormat::kEpochSeconds: return "epoch_s";
    case TimeFormat::kEpochMillis: return "epoch_ms";
    case TimeFormat::kMdy: return "mdy";
    case TimeFormat::kDmy: return "dmy";
  }
  return "?";
}
const char* ShapeName(Shape s) { return s == Shape::kEvents ? "events" : "customers"; }

namespace {

// A key for an error path: at most 80 bytes, cut between characters.
std::string ShortKey(const std::string& key) {
  if (key.size() <= 80) return key;
  size_t cut = 80;
  while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80) --cut;
  return key.substr(0, cut) + "…";
}

// Text for a message: bytes that are not UTF-8 become U+FFFD (nlohmann quotes them raw).
std::string ValidUtf8(const std::string& s) {
  if (IsValidUtf8(s)) return s;
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len > 1 && i + len <= s.size() && IsValidUtf8(std::string_view(s).substr(i, len))) {
      out.append(s, i, len);
      i += len;
    } else if (c < 0x80) {
      out.push_back(s[i++]);
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// [SECTION] JSON to a document, with the checks nlohmann's parser does not make:
// the same key twice in one object, and nesting depth. Linear in the size of the
// file, whatever its shape (a 1 MiB object of 100,000 keys included).
class DomBuilder {
 public:
  DomBuilder(std::string_view text, std::vector<ModelError>* errors) : text_(text), errors_(errors) {}
  Json root;

  bool null() { return Add(Json(nullptr)); }
  bool boolean(bool v) { return Add(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return Add(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Add(Json(v)); }
  bool number_float(Json::number_float_t v, const std::string&) { return Add(Json(v)); }
  bool string(std::string& v) { return Add(Json(std::move(v))); }
  bool binary(Json::binary_t&) { return Add(Json(nullptr)); }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool start_array(std::size_t) { return Open(Json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(std::string& k) {
    duplicate_ = !keys_.back().insert(k).second;
    if (duplicate_) errors_->push_back({paths_.back(), "the key " + QuoteForMessage(k) + " appears twice"});
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    std::string what = ex.what();
    size_t cut = what.find("] ");
    std::string message = "not valid JSON: " + ValidUtf8(cut == std::string::npos ? what : what.substr(cut + 2));
    const std::string_view around = text_.substr(position > 2 ? position - 2 : 0, 12);
    if (around.find("NaN") != std::string_view::npos || around.find("Inf") != std::string_view::npos)
      message += " (NaN and Infinity are not JSON numbers: every number must be finite)";
    errors_->push_back({stack_.empty() ? "" : ChildPath(), message});  // where the parser stopped
    return false;
  }

 private:
  std::string ChildPath() const {
    if (stack_.empty()) return "";
    const Json& top = *stack_.back();
    const std::string& base = paths_.back();
    if (top.is_array()) return base + "[" + std::to_string(top.size()) + "]";
    if (key_.empty()) return base;
    const std::string key = ShortKey(key_);
    return base.empty() ? key : base + "." + key;
  }
  Json* Place(Json&& v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    Json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    if (duplicate_) {  // reported already; the first value stays, this one goes aside
      duplicate_ = false;
      key_.clear();
      set_aside_.push_back(std::move(v));
      return &set_aside_.back();
    }
    // A new key (keys_ says so): append without ordered_map's linear search.
    Json::object_t& object = top.get_ref<Json::object_t&>();
    object.Json::object_t::Container::emplace_back(std::move(key_), std::move(v));
    key_.clear();  // until the next key, a parse error is about the object itself
    return &object.back().second;
  }
  bool Add(Json&& v) {
    Place(std::move(v));
    return true;
  }
  bool Open(Json&& v) {
    std::string path = ChildPath();
    if (static_cast<int>(stack_.size()) >= kMaxModelDepth) {
      errors_->push_back({path, "nested more than " + std::to_string(kMaxModelDepth) + " levels deep"});
      return false;
    }
    Json* placed = Place(std::move(v));
    stack_.push_back(placed);
    paths_.push_back(std::move(path));
    keys_.emplace_back();
    return true;
  }
  bool Close() {
    stack_.pop_back();
    paths_.pop_back();
    keys_.pop_back();
    return true;
  }

  std::string_view text_;
  std::vector<ModelError>* errors_;
  std::vector<Json*> stack_;
  std::vector<std::string> paths_;
  std::vector<std::unordered_set<std::string>> keys_;  // keys seen, per open container
  std::deque<Json> set_aside_;                          // values of repeated keys (stable addresses)
  std::string key_;
  bool duplicate_ = false;
};

// Numbers too large for a double stop nlohmann's parser ("number overflow"). They are
// rewritten, in place and at the same length, to 1e308 (finite, far past the model's
// limit), so the document still parses and the validator names each one by its path.
std::string TameOverflowingNumbers(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) continue;
    size_t j = i + (c == '-');
    while (j < out.size() && (std::isdigit(static_cast<unsigned char>(out[j])) || out[j] == '.' || out[j] == 'e' ||
                              out[j] == 'E' || out[j] == '+' || out[j] == '-'))
      ++j;
    const std::string token = out.substr(i, j - i);
    char* end = nullptr;
    const double v = std::strtod(token.c_str(), &end);
    if (end == token.c_str() + token.size() && std::isinf(v) && token.size() >= 5) {  // 1e309 is the shortest
      const std::string big = c == '-' ? "-1e308" : "1e308";
      if (big.size() <= token.size()) {
        out.replace(i, big.size(), big);
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(i + big.size()), out.begin() + static_cast<std::ptrdiff_t>(j), ' ');
      }
    }
    i = j - 1;
  }
  return out;
}

// [SECTION] Validation: one function per part of the model, each reporting every
// problem it finds with its path.
class Validator {
 public:
  explicit Validator(std::vector<ModelError>* errors) : errors_(errors) {}

  void Error(const std::string& path, const std::string& message) { errors_->push_back({path, message}); }

  static std::string Join(const std::string& base, const std::string& key) {
    return base.empty() ? key : base + "." + key;
  }

  // Reports fields of `obj` that are not in `known`.
  void CheckKnown(const Json& obj, const std::string& path, std::initializer_list<const char*> known) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (const char* k : known) ok = ok || it.key() == k;
      if (!ok) {
        std::string list;
        for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        Error(Join(path, ShortKey(it.key())),
              "unknown field (known fields here: " + list + ")");
      }
    }
  }

  const Json* Field(const Json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;  // null = absent
    return &*it;
  }

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

  template <class E>
  bool Enum(const Json& v, const std::string& path, std::initializer_list<std::pair<const char*, E>> options, E* out) {
    if (v.is_string()) {
      for (auto& o : options) {
        if (v.get_ref<const std::string&>() == o.first) {
          *out = o.second;
          return true;
        }
      }
    }
    std::string list;
    for (auto& o : options)  // a TAB shown as \t, not as white space
      list += (list.empty() ? "\"" : ", \"") + (o.first[0] == '\t' ? std::string("\\t") : std::string(o.first)) + "\"";
    Error(path, "expected one of " + list);
    return false;
  }

  void Data(const Json& j, ScoreModel& m, bool* shape_ok) {
    const std::string path = "data";
    if (!j.is_object()) {
      Error(path, "expected an object");
      return;
    }
    CheckKnown(j, path, {"shape", "customer", "time", "event", "segment", "time_format", "delimiter"});
    DataSpec& d = m.data;
    if (const Json* v = Field(j, "shape")) {
      *shape_ok = Enum<Shape>(*v, "data.shape", {{"events", Shape::kEvents}, {"customers", Shape::kCustomers}}, &d.shape);
    } else {
      Error("data.shape", "required (\"events\" or \"customers\")");
    }
    if (const Json* v = Field(j, "customer")) Name(*v, "data.customer", &d.customer);
    else Error("data.customer", "required: the column with the customer id");
    if (const Json* v = Field(j, "time")) Name(*v, "data.time", &d.time);
    else if (*shape_ok && d.shape == Shape::kEvents) Error("data.time", "required for the events shape: the timestamp column");
    if (const Json* v = Field(j, "event")) Name(*v, "data.event", &d.event);
    if (const Json* v = Field(j, "segment")) Name(*v, "data.segment", &d.segment);
    if (const Json* v = Field(j, "time_format")) {
      Enum<TimeFormat>(*v, "data.time_format",
                       {{"auto", TimeFormat::kAuto}, {"iso8601", TimeFormat::kIso8601},
                        {"epoch_s", TimeFormat::kEpochSeconds}, {"epoch_ms", TimeFormat::kEpochMillis},
                        {"mdy", TimeFormat::kMdy}, {"dmy", TimeFormat::kDmy}},
                       &d.time_format);
    }
    if (const Json* v = Field(j, "delimiter")) {
      Enum<char>(*v, "data.delimiter",
                 {{"auto", '\0'}, {",", ','}, {";", ';'}, {"\t", '\t'}, {"tab", '\t'}, {"|", '|'}}, &d.delimiter);
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

  bool Activity1(const Json& j, const std::string& path, const ScoreModel& m, bool shape_ok, Activity* a) {
    if (!j.is_object()) {
      Error(path, "expected an object");
      return false;
    }
    CheckKnown(j, path, {"name", "events", "measure", "column", "weight", "cap", "half_life_days", "transform"});
    const bool events_shape = shape_ok && m.data.shape == Shape::kEvents;
    const bool customers_shape = shape_ok && m.data.shape == Shape::kCustomers;
    if (const Json* v = Field(j, "name")) Name(*v, path + ".name", &a->name);
    else Error(path + ".name", "required");

    a->measure = customers_shape ? Measure::kValue : Measure::kCount;
    bool measure_ok = true;
    if (const Json* v = Field(j, "measure")) {
      measure_ok = Enum<Measure>(*v, path + ".measure",
                                 {{"count", Measure::kCount}, {"sum", Measure::kSum},
                                  {"distinct_days", Measure::kDistinctDays},
                                  {"distinct_values", Measure::kDistinctValues},
                                  {"days_since_last", Measure::kDaysSinceLast}, {"value", Measure::kValue}},
                                 &a->measure);
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
    if (const Json* v = Field(j, "weight")) Number(*v, path + ".weight", &a->weight);
    else Error(path + ".weight", "required: points per unit of the measure");
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
    if (const Json* v = Field(j, "transform")) {
      Enum<Transform>(*v, path + ".transform",
                      {{"none", Transform::kNone}, {"log", Transform::kLog}, {"sqrt", Transform::kSqrt}},
                      &a->transform);
    }
    return true;
  }

  void Scale(const Json& j, ScoreModel& m) {
    if (!j.is_object()) {
      Error("scale", "expected an object");
      return;
    }
    CheckKnown(j, "scale", {"method", "target"});
    if (const Json* v = Field(j, "method")) {
      Enum<ScaleMethod>(*v, "scale.method",
                        {{"raw", ScaleMethod::kRaw}, {"minmax", ScaleMethod::kMinMax},
                         {"percentile", ScaleMethod::kPercentile}, {"target", ScaleMethod::kTarget}},
                        &m.scale.method);
    }
    bool has_target = false;
    if (const Json* v = Field(j, "target")) has_target = Number(*v, "scale.target", &m.scale.target);
    if (m.scale.method == ScaleMethod::kTarget) {
      if (!Field(j, "target")) Error("scale.target", "required for the method \"target\": the raw score that maps to 100");
      else if (has_target && !(m.scale.target > 0)) Error("scale.target", "must be more than 0");
    }
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
    CheckKnown(j, "", {"ces_model", "name", "data", "window", "activities", "scale", "tiers"});
    if (const Json* v = Field(j, "ces_model")) {
      if (!v->is_number() || v->get<double>() != 1) Error("ces_model", "must be 1 (this is version 1 of the model format)");
    } else {
      Error("ces_model", "required: 1");
    }
    if (const Json* v = Field(j, "name")) Name(*v, "name", &m.name, /*allow_empty=*/true);
    bool shape_ok = false;
    if (const Json* v = Field(j, "data")) Data(*v, m, &shape_ok);
    else Error("data", "required: which columns hold the customer, time and event");
    if (const Json* v = Field(j, "window")) Window(*v, m);
    if (const Json* v = Field(j, "activities")) Activities(*v, m, shape_ok);
    else Error("activities", "required: at least one activity");
    if (const Json* v = Field(j, "scale")) Scale(*v, m);
    if (const Json* v = Field(j, "tiers")) Tiers(*v, m);
  }

 private:
  std::vector<ModelError>* errors_;
};

Json NumberJson(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return Json(static_cast<int64_t>(v));
  return Json(v);
}

}  // namespace

ModelLoadResult LoadModel(std::string_view text) {
  ModelLoadResult result;
  if (text.size() > kMaxModelBytes) {
    result.errors.push_back({"", "the model file is larger than 1 MiB"});
    return result;
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // editors add BOMs
  const std::string json = TameOverflowingNumbers(text);
  DomBuilder dom(json, &result.errors);
  bool parsed = Json::sax_parse(json.begin(), json.end(), &dom, nlohmann::detail::input_format_t::json, true, false);
  if (!parsed || !result.errors.empty()) {
    if (parsed) {  // duplicate keys: the document is whole, so report the rest too
      ScoreModel unused;
      Validator(&result.errors).Root(dom.root, unused);
    }
    return result;
  }
  ScoreModel model;
  Validator(&result.errors).Root(dom.root, model);
  if (result.errors.empty()) result.model = std::move(model);
  return result;
}

std::string ModelToJson(const ScoreModel& m) {
  Json j;
  j["ces_model"] = 1;
  j["name"] = m.name;
  Json d;
  d["shape"] = ShapeName(m.data.shape);
  d["customer"] = m.data.customer;
  if (m.data.shape == Shape::kEvents) d["time"] = m.data.time;
  if (!m.data.event.empty()) d["event"] = m.data.event;
  if (!m.data.segment.empty()) d["segment"] = m.data.segment;
  d["time_format"] = TimeFormatName(m.data.time_format);
  d["delimiter"] = m.data.delimiter ? std::string(1, m.data.delimiter) : std::string("auto");
  j["data"] = d;
  if (m.data.shape == Shape::kEvents) {
    Json w;
    w["days"] = m.window.days;
    w["as_of"] = m.window.as_of ? FormatDate(*m.window.as_of) : std::string("auto");
    j["window"] = w;
  }
  Json acts = Json::array();
  for (const Activity& a : m.activities) {
    Json x;
    x["name"] = a.name;
    if (!a.events.empty()) x["events"] = a.events;
    x["measure"] = MeasureName(a.measure);
    if (!a.column.empty()) x["column"] = a.column;
    x["weight"] = NumberJson(a.weight);
    if (a.cap) x["cap"] = NumberJson(*a.cap);
    if (a.half_life_days) x["half_life_days"] = NumberJson(*a.half_life_days);
    if (a.transform != Transform::kNone) x["transform"] = TransformName(a.transform);
    acts.push_back(std::move(x));
  }
  j["activities"] = std::move(acts);
  Json s;
  s["method"] = ScaleMethodName(m.scale.method);
  if (m.scale.method == ScaleMethod::kTarget) s["target"] = NumberJson(m.scale.target);
  j["scale"] = s;
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
