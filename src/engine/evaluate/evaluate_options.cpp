#include "engine/evaluate/evaluate_options.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/csv/value_parse.h"
#include "engine/score/scoring.h"

namespace ces {

namespace {

using Json = nlohmann::json;

// Earliest date that YYYY-MM-DD can write.
int32_t FirstWritableDay() {
  int32_t day = 0;
  ParseIsoDate("0000-01-01", &day);
  return day;
}

OptionResult Error(const std::string& option, const std::string& message) { return OptionError{option, message}; }

OptionResult ParseObject(std::string_view text, Json* out) {
  *out = Json::parse(text.begin(), text.end(), nullptr, false);
  if (out->is_discarded()) return Error("", "the options are not valid JSON");
  if (!out->is_object()) return Error("", "the options must be an object");
  return std::nullopt;
}

OptionResult CountFromJson(const std::string& option, const Json& v, int64_t* out) {
  if (v.is_string()) return ParseCountOption(option, v.get_ref<const std::string&>(), out);
  if (v.is_number_unsigned() || v.is_number_integer()) {
    if (v.is_number_integer() && v.get<int64_t>() < 1) return Error(option, "expected a whole number ≥ 1");
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return Error(option, "too large");
    *out = v.get<int64_t>();
    return std::nullopt;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!(d >= 1) || d != std::floor(d)) return Error(option, "expected a whole number ≥ 1");
    if (d > 9.0e18) return Error(option, "too large");
    *out = static_cast<int64_t>(d);
    return std::nullopt;
  }
  return Error(option, "expected a whole number ≥ 1");
}

OptionResult DateFromJson(const std::string& option, const Json& v, std::optional<int32_t>* out) {
  if (v.is_null()) return std::nullopt;  // same as leaving it out
  if (!v.is_string()) return Error(option, "expected a date \"YYYY-MM-DD\"");
  int32_t day = 0;
  if (OptionResult e = ParseDateOption(option, v.get_ref<const std::string&>(), &day)) return e;
  *out = day;
  return std::nullopt;
}

// D1: the option, else the model's as-of on the whole file.
OptionResult EndDate(const std::optional<int32_t>& to, const ScoreModel& model, const Dataset& data, int32_t* end) {
  if (to) {
    *end = *to;
    return std::nullopt;
  }
  std::optional<int32_t> as_of = EffectiveAsOf(data, model);
  if (!as_of) return Error("to", "the file has no valid rows, so it has no as-of date: give one");
  *end = *as_of;
  return std::nullopt;
}

OptionResult NeedsEvents(const ScoreModel& model, const char* what) {
  if (model.data.shape == Shape::kEvents) return std::nullopt;
  return Error("", std::string(what) +
                       " needs an events-shape model: one export of the customers shape has no history "
                       "(compare two exports with movers and an older export instead)");
}

}  // namespace

OptionResult ParseDateOption(const std::string& option, std::string_view text, int32_t* day) {
  if (!ParseIsoDate(text, day)) return Error(option, "\"" + std::string(text) + "\" is not a date YYYY-MM-DD");
  return std::nullopt;
}

OptionResult ParseCountOption(const std::string& option, std::string_view text, int64_t* value) {
  const std::string shown = "\"" + std::string(text) + "\"";
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return Error(option, shown + " is not a whole number ≥ 1");
  int64_t v = 0;
  for (char c : text) v = v * 10 + (c - '0');
  if (v < 1) return Error(option, shown + " is not a whole number ≥ 1");
  *value = v;
  return std::nullopt;
}

OptionResult ParseHistoryOptionsJson(std::string_view text, HistoryOptions* options) {
  Json j;
  if (OptionResult e = ParseObject(text, &j)) return e;
  HistoryOptions o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    OptionResult e;
    if (key == "every") e = it->is_null() ? std::nullopt : CountFromJson(key, *it, &o.every);
    else if (key == "points") e = it->is_null() ? std::nullopt : CountFromJson(key, *it, &o.points);
    else if (key == "from") e = DateFromJson(key, *it, &o.from);
    else if (key == "to") e = DateFromJson(key, *it, &o.to);
    else e = Error(key, "unknown option (history takes every, points, from, to)");
    if (e) return e;
  }
  *options = o;
  return std::nullopt;
}

OptionResult ParseMoversOptionsJson(std::string_view text, MoversOptions* options) {
  Json j;
  if (OptionResult e = ParseObject(text, &j)) return e;
  MoversOptions o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    OptionResult e;
    if (key == "from") e = DateFromJson(key, *it, &o.from);
    else if (key == "to") e = DateFromJson(key, *it, &o.to);
    else if (key == "before") o.before_file = !it->is_null();
    else e = Error(key, "unknown option (movers takes from and to, or before)");
    if (e) return e;
  }
  if (o.before_file && (o.from || o.to)) return Error("before", "give either before or from/to, not both");
  if (!o.before_file && !o.from) return Error("from", "needed (or before: an older export)");
  *options = o;
  return std::nullopt;
}

OptionResult HistoryDates(const HistoryOptions& o, const ScoreModel& model, const Dataset& data,
                          std::vector<int32_t>* dates) {
  if (OptionResult e = NeedsEvents(model, "history")) return e;
  if (o.every < 1) return Error("every", "must be a whole number ≥ 1");
  if (o.points < 1 || o.points > kMaxHistoryPoints)
    return Error("points", "must be a whole number from 1 to " + std::to_string(kMaxHistoryPoints));
  int32_t end = 0;
  if (OptionResult e = EndDate(o.to, model, data, &end)) return e;
  if (o.from && *o.from > end)
    return Error("from", FormatDate(*o.from) + " is after the last date " + FormatDate(end) + ": no date to show");
  const int64_t first_writable = FirstWritableDay();
  dates->clear();
  // Past this step even one step back leaves the writable calendar (and k·every could overflow).
  constexpr int64_t kFarStep = 1000000000000;
  for (int64_t k = o.points - 1; k >= 0; --k) {
    const int64_t day = k > 0 && o.every > kFarStep ? INT64_MIN : static_cast<int64_t>(end) - k * o.every;
    if (o.from && day < *o.from) continue;
    if (day < first_writable) return Error(o.every > 1 ? "every" : "points", "the dates go back before 0000-01-01");
    dates->push_back(static_cast<int32_t>(day));
  }
  return std::nullopt;
}

OptionResult MoversDates(const MoversOptions& o, const ScoreModel& model, const Dataset& data, int32_t* from,
                         int32_t* to) {
  if (OptionResult e = NeedsEvents(model, "movers between two dates")) return e;
  if (!o.from) return Error("from", "needed: the date to compare against");
  int32_t end = 0;
  if (OptionResult e = EndDate(o.to, model, data, &end)) return e;
  if (*o.from >= end)
    return Error("from", FormatDate(*o.from) + " must be before " + FormatDate(end) +
                             (o.to ? " (to)" : " (the model's as-of date)"));
  *from = *o.from;
  *to = end;
  return std::nullopt;
}

}  // namespace ces
