// Backtest options: the page's options object and the CLI's option texts (v2 spec
// 4.1 and 6), parsed by one engine function so both accept and reject the same things.
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/base/text.h"
#include "engine/csv/value_parse.h"
#include "engine/evaluate/backtest.h"

namespace ces {


bool ParseHorizon(const std::string& text, int* horizon, std::string* error) {
  std::string_view t = TrimSpaces(text);
  long long v = 0;
  bool ok = !t.empty() && t.size() <= 6;
  for (char ch : t) {
    if (ch < '0' || ch > '9') ok = false;
    else v = v * 10 + (ch - '0');
  }
  if (!ok || v < 1) {
    *error = "expected a whole number of days ≥ 1 (at most 999999); got " + QuoteForMessage(text);
    return false;
  }
  *horizon = static_cast<int>(v);
  return true;
}

bool ParseExpect(const std::string& text, bool* high, std::string* error) {
  if (text == "high" || text == "low") {
    *high = text == "high";
    return true;
  }
  *error = "expected high or low; got " + QuoteForMessage(text);
  return false;
}

bool ParseBacktestOptions(const std::string& json_text, BacktestOptions* o, std::string* error) {
  using Json = nlohmann::json;
  Json j = Json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "options: expected an object such as {outcomeColumn: \"churned\"}";
    return false;
  }
  *o = BacktestOptions();
  auto text = [&](const char* key, std::string* out) {
    const Json& v = j[key];
    if (!v.is_string()) {
      *error = std::string(key) + ": expected a string";
      return false;
    }
    *out = v.get<std::string>();
    return true;
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k != "outcomeColumn" && k != "outcomes" && k != "at" && k != "horizon" && k != "outcome" && k != "expect") {
      *error = k + ": unknown option (options: outcomeColumn, outcomes, at, horizon, outcome, expect)";
      return false;
    }
  }
  const bool column = j.contains("outcomeColumn"), file = j.contains("outcomes") && !j["outcomes"].is_null();
  const bool at = j.contains("at"), horizon = j.contains("horizon"), outcome = j.contains("outcome");
  if (at || horizon || outcome) {
    if (column || file) {
      *error = std::string(column ? "outcomeColumn" : "outcomes") +
               ": not with at/horizon/outcome (the outcome comes from one place)";
      return false;
    }
    for (const char* key : {"at", "horizon", "outcome"}) {
      if (!j.contains(key)) {
        *error = std::string(key) + ": required with at, horizon and outcome (the outcome from the log)";
        return false;
      }
    }
    o->source = OutcomeSource::kLog;
    std::string at_text, outcome_text;
    if (!text("at", &at_text)) return false;
    if (!ParseIsoDate(at_text, &o->log.at)) {
      *error = "at: expected a date YYYY-MM-DD; got " + QuoteForMessage(at_text);
      return false;
    }
    const Json& h = j["horizon"];
    std::string h_text = h.is_string() ? h.get<std::string>() : h.is_number_integer() ? h.dump() : h.is_number() ? "" : h.dump();
    if (h.is_number_float()) {
      const double d = h.get<double>();
      if (d == std::floor(d) && d >= 1 && d <= 999999) h_text = std::to_string(static_cast<long long>(d));
      else h_text = h.dump();
    }
    std::string why;
    if (!ParseHorizon(h_text, &o->log.horizon, &why)) {
      *error = "horizon: " + why;
      return false;
    }
    if (!text("outcome", &outcome_text)) return false;
    if (!ParseLogOutcome(outcome_text, &o->log, &why)) {
      *error = "outcome: " + why;
      return false;
    }
  } else {
    if (!column) {
      *error = "outcomeColumn: required (or at, horizon and outcome for an outcome from the log)";
      return false;
    }
    if (!text("outcomeColumn", &o->outcome_column)) return false;
    if (TrimSpaces(o->outcome_column).empty()) {
      *error = "outcomeColumn: empty";
      return false;
    }
    o->source = file ? OutcomeSource::kOtherFile : OutcomeSource::kScoredFileColumn;
  }
  if (j.contains("expect") && !j["expect"].is_null()) {
    std::string e, why;
    bool high = true;
    if (!text("expect", &e)) return false;
    if (!ParseExpect(e, &high, &why)) {
      *error = "expect: " + why;
      return false;
    }
    o->expect_high = high;
  }
  return true;
}

bool CheckLogWindow(const Dataset& data, const ScoreModel& model, const LogOutcomeSpec& log, std::string* error) {
  if (model.data.shape != Shape::kEvents) {
    *error = "an outcome from the log (at, horizon, outcome) needs an events-shape model; this one is customers-shape "
             "(give the outcome as a column instead)";
    return false;
  }
  if (!data.max_day) {
    *error = "the file has no valid rows, so no outcome can be read from it";
    return false;
  }
  const int64_t end = static_cast<int64_t>(log.at) + log.horizon;
  if (end > *data.max_day) {
    *error = "the outcome window " + FormatDate(log.at) + " + " + std::to_string(log.horizon) + " days ends on " +
             FormatDate(static_cast<int32_t>(end)) + ", after the file's latest valid day " + FormatDate(*data.max_day) +
             ": the outcome would be cut short (choose an earlier date or a shorter horizon)";
    return false;
  }
  return true;
}

}  // namespace ces
