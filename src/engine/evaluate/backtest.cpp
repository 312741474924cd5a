// Backtest figures (v2 spec 4.2, 4.3). Index: [SECTION] figures (AUC, tiers, deciles,
// activities) · the fit and the suggested weights · cross-validation.
#include "engine/evaluate/backtest.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/base/number_format.h"
#include "engine/evaluate/auc.h"
#include "engine/evaluate/logistic_fit.h"

namespace ces {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kFolds = 5;
constexpr double kNoSignal = 1e-6;  // every |β| below it: the outcome shows no signal
}  // namespace

// [SECTION] Figures

namespace {

double Ratio(size_t a, size_t b) { return b ? RoundTo6(static_cast<double>(a) / static_cast<double>(b)) : kNaN; }

// The customers of the backtest: existing, with a known outcome; in id byte order.
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

}  // namespace ces
