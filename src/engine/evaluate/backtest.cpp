// Index: [SECTION] options · figures (AUC, tiers, deciles, activities) · the fit and
// the suggested weights · cross-validation · output (JSON, report).
#include "engine/evaluate/backtest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "engine/base/number_format.h"
#include "engine/base/text.h"
#include "engine/csv/value_parse.h"
#include "engine/evaluate/auc.h"
#include "engine/evaluate/logistic_fit.h"

namespace ces {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kFolds = 5;
constexpr double kNoSignal = 1e-6;  // every |β| below it: the outcome shows no signal
}  // namespace

// [SECTION] Options

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

// [SECTION] Figures

namespace {

double Ratio(size_t a, size_t b) { return b ? RoundTo6(static_cast<double>(a) / static_cast<double>(b)) : kNaN; }

// The customers of the backtest: existing, with a known outcome. In customer order.
struct Sample {
  std::vector<uint32_t> customer;
  std::vector<uint8_t> y;
  std::vector<double> score;   // round6
  size_t positives = 0;
};

// Features of the fitted activities (after the fill-in of skipped values): n × m, row-major.
struct Features {
  std::vector<size_t> activity;   // model index of each column
  std::vector<double> x;
  size_t m = 0;
};

Features BuildFeatures(const ScoreModel& model, const ScoreTable& t, const Sample& s) {
  Features f;
  for (size_t a = 0; a < model.activities.size(); ++a)
    if (model.activities[a].bins.empty()) f.activity.push_back(a);
  f.m = f.activity.size();
  const size_t n = s.customer.size(), m = f.m;
  f.x.assign(n * m, 0.0);
  std::vector<double> sum(m, 0.0);
  std::vector<size_t> present(m, 0);
  std::vector<uint8_t> skipped(n * m, 0);
  for (size_t i = 0; i < n; ++i) {  // row by row: the table is customer-major
    const uint32_t c = s.customer[i];
    for (size_t j = 0; j < m; ++j) {
      const size_t a = f.activity[j];
      if (std::isnan(t.Points(c, a))) {  // skipped (missing "skip")
        skipped[i * m + j] = 1;
        continue;
      }
      const double v = t.Value(c, a);
      f.x[i * m + j] = v;
      sum[j] += v;
      ++present[j];
    }
  }
  for (size_t j = 0; j < m; ++j) {
    const double fill = present[j] ? sum[j] / static_cast<double>(present[j]) : 0.0;
    if (present[j] == n) continue;
    for (size_t i = 0; i < n; ++i)
      if (skipped[i * m + j]) f.x[i * m + j] = fill;
  }
  return f;
}

// Standardisation of the features over a set of rows: the columns whose values
// differ there, with their mean and (population) standard deviation.
struct Standardized {
  std::vector<size_t> cols;       // feature columns kept
  std::vector<double> mu, sigma;
};

Standardized Standardize(const Features& f, const std::vector<uint32_t>& rows) {
  Standardized st;
  const size_t n = rows.size(), m = f.m;
  if (n == 0) return st;
  std::vector<double> sum(m, 0.0), ss(m, 0.0), mu(m);
  std::vector<uint8_t> differs(m, 0);
  const double* first = &f.x[rows[0] * m];
  for (uint32_t r : rows) {
    const double* x = &f.x[r * m];
    for (size_t j = 0; j < m; ++j) {
      sum[j] += x[j];
      differs[j] |= x[j] != first[j];
    }
  }
  for (size_t j = 0; j < m; ++j) mu[j] = sum[j] / static_cast<double>(n);
  for (uint32_t r : rows) {
    const double* x = &f.x[r * m];
    for (size_t j = 0; j < m; ++j) ss[j] += (x[j] - mu[j]) * (x[j] - mu[j]);
  }
  for (size_t j = 0; j < m; ++j) {
    if (!differs[j]) continue;  // all equal: decided by the values, not by the formula's rounding
    st.cols.push_back(j);
    st.mu.push_back(mu[j]);
    st.sigma.push_back(std::sqrt(ss[j] / static_cast<double>(n)));
  }
  return st;
}

void ZRows(const Features& f, const Standardized& st, const std::vector<uint32_t>& rows, std::vector<double>* z) {
  const size_t k = st.cols.size();
  z->resize(rows.size() * k);
  for (size_t i = 0; i < rows.size(); ++i) {
    const double* x = &f.x[rows[i] * f.m];
    double* zi = &(*z)[i * k];
    for (size_t q = 0; q < k; ++q) zi[q] = (x[st.cols[q]] - st.mu[q]) / st.sigma[q];
  }
}

// A starting point for a fold's fit: the full fit, moved to the fold's standardisation
// (the same η for every customer, up to the columns the fold leaves out).
std::vector<double> WarmStart(const LogisticFit& fit, const Standardized& full, const Standardized& fold) {
  std::vector<double> theta(fold.cols.size() + 1, 0.0);
  theta[0] = fit.intercept;
  size_t q = 0;
  for (size_t p = 0; p < fold.cols.size(); ++p) {
    while (q < full.cols.size() && full.cols[q] < fold.cols[p]) ++q;
    if (q == full.cols.size() || full.cols[q] != fold.cols[p]) continue;
    const double b = fit.beta[q] / full.sigma[q];
    theta[p + 1] = b * fold.sigma[p];
    theta[0] += b * (fold.mu[p] - full.mu[q]);
  }
  return theta;
}

bool BothClasses(const std::vector<uint32_t>& rows, const std::vector<uint8_t>& y) {
  bool one = false, zero = false;
  for (uint32_t r : rows) (y[r] ? one : zero) = true;
  return one && zero;
}

}  // namespace

bool RunBacktest(const Dataset& data, const ScoreModel& model, const ScoreTable& t, const std::vector<int8_t>& outcome,
                 bool expect_high, std::optional<int32_t> on_date, BacktestResult* result, std::string* error) {
  BacktestResult& r = *result;
  r = BacktestResult();
  r.expect_high = expect_high;
  Sample s;
  // In customer id byte order: the order cross-validation's folds are cut in.
  for (uint32_t c : data.by_id) {
    if (c >= t.customers || c >= outcome.size() || !t.Exists(c) || outcome[c] == kOutcomeUnknown) continue;
    s.customer.push_back(c);
    s.y.push_back(outcome[c] ? 1 : 0);
    s.score.push_back(RoundTo6(t.score[c]));
    s.positives += outcome[c] ? 1 : 0;
  }
  const size_t n = s.customer.size(), p = s.positives;
  if (n == 0) {
    *error = "no scored customer has a known outcome: nothing to compare";
    return false;
  }
  if (p == 0 || p == n) {
    *error = "every one of the " + FormatThousands(static_cast<int64_t>(n)) +
             " customers with a known outcome has outcome " + (p ? "1" : "0") +
             ": nothing to compare (a backtest needs customers of both outcomes)";
    return false;
  }
  r.customers = n;
  r.positives = p;
  AucScratch scratch;
  r.auc = RoundTo6(Auc(s.score.data(), s.y.data(), n, expect_high, &scratch));

  // By tier.
  for (size_t k = 0; k < model.tiers.size(); ++k) r.tiers.push_back({model.tiers[k].name, 0, 0, 0});
  for (size_t i = 0; i < n; ++i) {
    const int tier = t.tier.empty() ? -1 : t.tier[s.customer[i]];
    if (tier < 0 || static_cast<size_t>(tier) >= r.tiers.size()) continue;
    ++r.tiers[static_cast<size_t>(tier)].customers;
    r.tiers[static_cast<size_t>(tier)].positives += s.y[i];
  }
  for (auto& row : r.tiers) row.rate = Ratio(row.positives, row.customers);

  // Deciles: "most likely first", ties by id in byte order in both directions.
  std::vector<uint32_t> order(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (s.score[a] != s.score[b]) return expect_high ? s.score[a] > s.score[b] : s.score[a] < s.score[b];
    return data.id_rank[s.customer[a]] < data.id_rank[s.customer[b]];
  });
  r.deciles.resize(10);
  for (int d = 0; d < 10; ++d) r.deciles[static_cast<size_t>(d)].decile = d + 1;
  for (size_t i = 0; i < n; ++i) {
    auto& row = r.deciles[(10 * i) / n];
    ++row.customers;
    row.positives += s.y[order[i]];
  }
  size_t cumulative = 0;
  for (auto& row : r.deciles) {
    cumulative += row.positives;
    row.rate = Ratio(row.positives, row.customers);
    row.cumulative_gain = Ratio(cumulative, p);
    row.lift = row.customers ? RoundTo6((static_cast<double>(row.positives) / static_cast<double>(row.customers)) /
                                        (static_cast<double>(p) / static_cast<double>(n)))
                             : kNaN;
  }

  // By activity: the AUC of its points where not skipped.
  std::vector<double> pts;
  std::vector<uint8_t> ys;
  for (size_t a = 0; a < model.activities.size(); ++a) {
    const Activity& act = model.activities[a];
    pts.clear();
    ys.clear();
    for (size_t i = 0; i < n; ++i) {
      const double v = t.Points(s.customer[i], a);
      if (std::isnan(v)) continue;
      pts.push_back(v);
      ys.push_back(s.y[i]);
    }
    BacktestResult::ActivityRow row;
    row.name = act.name;
    const double auc = Auc(pts.data(), ys.data(), pts.size(), expect_high, &scratch);
    row.auc = std::isnan(auc) ? kNaN : RoundTo6(auc);
    row.has_weight = act.bins.empty();
    row.weight = row.suggested_weight = act.weight;
    r.activities.push_back(row);
  }

  // [SECTION] The fit and the suggested weights
  const Features f = BuildFeatures(model, t, s);
  std::vector<uint32_t> all(n);
  for (uint32_t i = 0; i < n; ++i) all[i] = i;
  const Standardized st = Standardize(f, all);
  std::vector<double> z;
  ZRows(f, st, all, &z);
  LogisticSolver solver;
  const LogisticFit fit = solver.Fit(z.data(), s.y.data(), n, st.cols.size());
  const double sign = expect_high ? 1.0 : -1.0;
  double moved = 0, beta_sum = 0;
  bool signal = false;
  for (size_t q = 0; q < st.cols.size(); ++q) {
    const size_t a = f.activity[st.cols[q]];
    r.activities[a].fitted = true;
    moved += std::fabs(model.activities[a].weight) * st.sigma[q];
    beta_sum += std::fabs(fit.beta[q]);
    signal |= std::fabs(fit.beta[q]) >= kNoSignal;
  }
  r.no_signal = !signal;
  r.suggested_model = model;
  if (signal) {
    const double scale = moved > 0 ? moved / beta_sum : 1.0;
    for (size_t q = 0; q < st.cols.size(); ++q) {
      const size_t a = f.activity[st.cols[q]];
      const double w = sign * scale * fit.beta[q] / st.sigma[q];
      r.activities[a].suggested_weight = w;
      r.suggested_model.activities[a].weight = w;
    }
  }
  ScoreTable suggested;
  if (on_date) {
    ComputeScoresOnDate(data, r.suggested_model, *on_date, &suggested);
  } else {
    suggested = t;  // only weights differ: the engine's update redoes just the ranking
    UpdateScores(data, model, r.suggested_model, &suggested);
  }
  if (suggested.customers != t.customers) {
    *error = "the suggested model could not be scored on this data";
    return false;
  }
  std::vector<double> suggested_scores(n);
  for (size_t i = 0; i < n; ++i) suggested_scores[i] = RoundTo6(suggested.score[s.customer[i]]);
  r.auc_suggested = RoundTo6(Auc(suggested_scores.data(), s.y.data(), n, expect_high, &scratch));

  // [SECTION] Cross-validation: the sample is in customer id order, so the customer
  // at position i is in fold i mod 5.
  std::vector<uint32_t> train, test;
  std::vector<double> z_test, eta;
  std::vector<uint8_t> y_train, y_test;
  double auc_sum = 0;
  for (int fold = 0; fold < kFolds; ++fold) {
    train.clear();
    test.clear();
    for (uint32_t pos = 0; pos < n; ++pos) (static_cast<int>(pos % kFolds) == fold ? test : train).push_back(pos);
    if (!BothClasses(train, s.y) || !BothClasses(test, s.y)) continue;
    const Standardized fst = Standardize(f, train);
    const size_t k = fst.cols.size();
    ZRows(f, fst, train, &z);
    ZRows(f, fst, test, &z_test);
    y_train.resize(train.size());
    for (size_t i = 0; i < train.size(); ++i) y_train[i] = s.y[train[i]];
    y_test.resize(test.size());
    for (size_t i = 0; i < test.size(); ++i) y_test[i] = s.y[test[i]];
    const std::vector<double> start = WarmStart(fit, st, fst);
    const LogisticFit ff = solver.Fit(z.data(), y_train.data(), train.size(), k, start.data());
    eta.resize(test.size());
    for (size_t i = 0; i < test.size(); ++i) {
      double e = ff.intercept;
      for (size_t q = 0; q < k; ++q) e += ff.beta[q] * z_test[i * k + q];
      eta[i] = e;
    }
    auc_sum += Auc(eta.data(), y_test.data(), test.size(), true, &scratch);
    ++r.folds_counted;
  }
  r.auc_cross_validated = r.folds_counted ? RoundTo6(auc_sum / r.folds_counted) : kNaN;
  return true;
}

// [SECTION] Output

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
