// Backtest output: the JSON object of v2 spec 4.4 and a readable report.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/base/number_format.h"
#include "engine/base/text.h"
#include "engine/evaluate/backtest.h"

namespace ces {

namespace {
nlohmann::ordered_json NumberOrNull(double v) { return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v); }
}  // namespace

std::string BacktestToJson(const BacktestResult& r) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["customers"] = r.customers;
  j["positives"] = r.positives;
  j["expect"] = r.expect_high ? "high" : "low";
  j["auc"] = r.auc;
  Json tiers = Json::array();
  for (const auto& t : r.tiers) {
    Json x;
    x["name"] = t.name;
    x["customers"] = t.customers;
    x["positives"] = t.positives;
    x["rate"] = NumberOrNull(t.rate);
    tiers.push_back(std::move(x));
  }
  j["tiers"] = std::move(tiers);
  Json deciles = Json::array();
  for (const auto& d : r.deciles) {
    Json x;
    x["decile"] = d.decile;
    x["customers"] = d.customers;
    x["positives"] = d.positives;
    x["rate"] = NumberOrNull(d.rate);
    x["cumulative_gain"] = d.cumulative_gain;
    x["lift"] = NumberOrNull(d.lift);
    deciles.push_back(std::move(x));
  }
  j["deciles"] = std::move(deciles);
  Json acts = Json::array();
  for (const auto& a : r.activities) {
    Json x;
    x["name"] = a.name;
    x["auc"] = NumberOrNull(a.auc);
    x["weight"] = a.has_weight ? Json(a.weight) : Json(nullptr);
    x["suggested_weight"] = a.has_weight ? Json(a.suggested_weight) : Json(nullptr);
    acts.push_back(std::move(x));
  }
  j["activities"] = std::move(acts);
  j["auc_suggested"] = r.auc_suggested;
  j["auc_cross_validated"] = NumberOrNull(r.auc_cross_validated);
  j["suggested_model"] = Json::parse(ModelToJson(r.suggested_model), nullptr, false);
  return j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

namespace {

std::string Cell(double v) { return std::isnan(v) ? std::string("-") : FormatNumber(v); }
std::string Percent(double v) { return std::isnan(v) ? std::string("-") : FormatNumber(RoundTo6(v * 100)) + "%"; }
std::string Pad(std::string s, size_t width, bool right = false) {
  const size_t len = CountCodePoints(s);
  if (len < width) s = right ? std::string(width - len, ' ') + s : s + std::string(width - len, ' ');
  return s;
}
std::string Fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}
std::string Reading(double auc) {
  if (auc >= 0.8) return "strong: the score ranks customers well for this outcome";
  if (auc >= 0.7) return "useful: clearly better than chance";
  if (auc >= 0.6) return "weak: somewhat better than chance";
  if (auc > 0.4) return "about chance: the score says little about this outcome";
  return "reversed: the score points the other way (check --expect)";
}

}  // namespace

std::string BacktestReport(const BacktestResult& r) {
  std::string o;
  o += "Backtest: " + FormatThousands(static_cast<int64_t>(r.customers)) + " customers with a known outcome, " +
       FormatThousands(static_cast<int64_t>(r.positives)) + " with outcome 1 (" +
       Fixed(100.0 * static_cast<double>(r.positives) / static_cast<double>(r.customers), 1) + "%).\n";
  o += std::string("Expecting ") + (r.expect_high ? "high" : "low") + " scores to go with outcome 1.\n\n";
  o += "AUC " + Fixed(r.auc, 3) + " - " + Reading(r.auc) + "\n";
  o += "  (the chance that a customer with outcome 1 is ranked ahead of one with outcome 0; 0.5 = a coin toss)\n\n";
  if (!r.tiers.empty()) {
    o += "By tier:\n  " + Pad("tier", 20) + Pad("customers", 11, true) + Pad("outcome 1", 11, true) + Pad("rate", 10, true) + "\n";
    for (const auto& t : r.tiers)
      o += "  " + Pad(t.name, 20) + Pad(FormatThousands(static_cast<int64_t>(t.customers)), 11, true) +
           Pad(FormatThousands(static_cast<int64_t>(t.positives)), 11, true) + Pad(Percent(t.rate), 10, true) + "\n";
    o += "\n";
  }
  o += "By decile (1 = the customers the score finds most likely):\n  " + Pad("decile", 8) + Pad("customers", 11, true) +
       Pad("outcome 1", 11, true) + Pad("rate", 10, true) + Pad("gain", 10, true) + Pad("lift", 8, true) + "\n";
  for (const auto& d : r.deciles)
    o += "  " + Pad(std::to_string(d.decile), 8) + Pad(FormatThousands(static_cast<int64_t>(d.customers)), 11, true) +
         Pad(FormatThousands(static_cast<int64_t>(d.positives)), 11, true) + Pad(Percent(d.rate), 10, true) +
         Pad(Percent(d.cumulative_gain), 10, true) + Pad(Fixed(d.lift, 2), 8, true) + "\n";
  o += "  (gain: share of all outcome-1 customers found in deciles 1..d; lift: decile rate / overall rate)\n\n";
  o += "By activity:\n  " + Pad("activity", 28) + Pad("AUC", 7, true) + Pad("weight", 14, true) + Pad("suggested", 14, true) + "\n";
  for (const auto& a : r.activities) {
    std::string sw = !a.has_weight ? "(bins)" : !a.fitted ? Cell(a.weight) + " (all equal)" : FormatNumber(RoundTo6(a.suggested_weight));
    o += "  " + Pad(a.name, 28) + Pad(Fixed(a.auc, 3), 7, true) + Pad(a.has_weight ? Cell(a.weight) : "(bins)", 14, true) +
         Pad(sw, 14, true) + "\n";
  }
  o += "\n";
  if (r.no_signal) o += "The outcome shows no signal in the weighted activities: the suggestion is today's weights.\n";
  o += "AUC with the suggested weights: " + Fixed(r.auc_suggested, 3) + " (in-sample: judged on the customers they were fitted to)\n";
  o += "Cross-validated AUC of the fit: " +
       (std::isnan(r.auc_cross_validated) ? std::string("- (no fold had both outcomes on both sides)")
                                          : Fixed(r.auc_cross_validated, 3) + " (" + std::to_string(r.folds_counted) +
                                                " folds; judged on customers the weights were not fitted to)") +
       "\n";
  return o;
}

}  // namespace ces