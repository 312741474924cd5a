#include "engine/results/results_view.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>

namespace ces {

namespace {

char FoldAscii(char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; }

bool ContainsFolded(std::string_view haystack, std::string_view folded_needle) {
  if (folded_needle.size() > haystack.size()) return false;
  auto it = std::search(haystack.begin(), haystack.end(), folded_needle.begin(), folded_needle.end(),
                        [](char a, char b) { return FoldAscii(a) == b; });
  return it != haystack.end();
}

// A carried value of customer c (the one the table shows: t.carry) holds the needle.
bool CarriedHolds(const Dataset& data, const ScoreTable& t, uint32_t c, std::string_view folded_needle) {
  const size_t carried = data.plan.carry.size();
  for (size_t j = 0; j < carried && c * carried + j < t.carry.size(); ++j)
    if (ContainsFolded(data.carried_text(t.carry[c * carried + j]), folded_needle)) return true;
  return false;
}

// Sort key of every customer for a column; smaller sorts first when ascending.
std::vector<double> SortKeys(const Dataset& data, const ScoreTable& t, const ResultsColumn& col) {
  const size_t n = t.customers;
  std::vector<double> keys(n, 0.0);
  switch (col.kind) {
    case ResultsColumn::kCustomer:
      for (size_t c = 0; c < n; ++c) keys[c] = static_cast<double>(data.id_rank[c]);
      break;
    case ResultsColumn::kScore:
      for (size_t c = 0; c < n; ++c) keys[c] = t.score[c];
      break;
    case ResultsColumn::kRaw:
      for (size_t c = 0; c < n; ++c) keys[c] = t.raw[c];
      break;
    case ResultsColumn::kTier:
      for (size_t c = 0; c < n; ++c) keys[c] = t.tier[c];
      break;
    case ResultsColumn::kSegment: {
      // Rank the segment names in byte order; customers without one ("") come first.
      std::vector<uint32_t> ids(data.segments.size());
      std::iota(ids.begin(), ids.end(), 0u);
      std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) { return data.segments.Get(a) < data.segments.Get(b); });
      std::vector<double> rank(ids.size() + 1, 0.0);
      for (size_t r = 0; r < ids.size(); ++r) rank[ids[r] + 1] = static_cast<double>(r + 1);
      for (size_t c = 0; c < n; ++c) keys[c] = rank[t.segment[c]];
      break;
    }
    case ResultsColumn::kValue:
    case ResultsColumn::kPoints:
    case ResultsColumn::kMeasure: {
      if (col.activity >= t.activities) break;
      for (uint32_t c = 0; c < n; ++c) {
        const double x = col.kind == ResultsColumn::kPoints ? t.Points(c, col.activity)
                         : col.kind == ResultsColumn::kValue ? t.Value(c, col.activity)
                                                             : t.Measure(c, col.activity);
        keys[c] = std::isnan(x) ? -HUGE_VAL : x;  // skipped (empty) sorts below every number
      }
      break;
    }
  }
  return keys;
}

}  // namespace

std::vector<uint32_t> QueryResults(const Dataset& data, [[maybe_unused]] const ScoreModel& model, const ScoreTable& t,
                                   const ResultsQuery& q) {
  std::string needle;
  for (char ch : q.search) needle += FoldAscii(ch);
  std::vector<uint32_t> out;
  if (needle.empty() && q.tier < 0) {
    out = t.order;
  } else {
    for (uint32_t c : t.order) {
      if (q.tier >= 0 && t.tier[c] != q.tier) continue;
      if (!needle.empty() && !ContainsFolded(data.customer_id(c), needle) && !CarriedHolds(data, t, c, needle)) continue;
      out.push_back(c);
    }
  }
  if (q.sort.kind == ResultsColumn::kScore && q.descending) return out;  // the table's own order
  const std::vector<double> keys = SortKeys(data, t, q.sort);
  if (q.descending)
    std::stable_sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) { return keys[a] > keys[b]; });
  else
    std::stable_sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  return out;
}

ScoreHistogram HistogramOfScores(const ScoreTable& t, size_t bins, double lo, double hi) {
  ScoreHistogram h;
  h.lo = lo;
  h.hi = hi > lo ? hi : lo + 1;
  h.counts.assign(std::max<size_t>(bins, 1), 0);
  const double scale = static_cast<double>(h.counts.size()) / (h.hi - h.lo);
  const size_t last = h.counts.size() - 1;
  for (uint32_t c : t.order) {
    const double pos = (t.score[c] - h.lo) * scale;
    const size_t bin = pos <= 0 ? 0 : std::min(static_cast<size_t>(pos), last);
    ++h.counts[bin];
  }
  h.max_count = h.counts.empty() ? 0 : *std::max_element(h.counts.begin(), h.counts.end());
  return h;
}

std::pair<double, double> RawRange(const ScoreTable& t) {
  if (t.order.empty()) return {0, 0};
  return {t.raw[t.order.back()], t.raw[t.order.front()]};
}

void ScoreRange(const ScoreModel& model, const ScoreTable& t, double* lo, double* hi) {
  bool unbounded = model.scale.method == ScaleMethod::kRaw;
  if (!model.groups.empty()) {  // the score is a weighted mean of the groups' scores
    unbounded = false;
    for (const Group& g : model.groups) unbounded |= (g.scale ? *g.scale : model.scale).method == ScaleMethod::kRaw;
  }
  if (!unbounded) {
    *lo = 0;
    *hi = 100;
    return;
  }
  if (t.customers == 0) {
    *lo = 0;
    *hi = 1;
    return;
  }
  *lo = HUGE_VAL;
  *hi = -HUGE_VAL;
  for (uint32_t c : t.order) {
    *lo = std::min(*lo, t.score[c]);
    *hi = std::max(*hi, t.score[c]);
  }
  if (t.order.empty()) *lo = *hi = 0;
  if (*hi <= *lo) {
    *lo -= 0.5;
    *hi += 0.5;
  }
}

std::vector<double> MeanPoints(const ScoreModel& model, const ScoreTable& t) {
  (void)model;
  std::vector<double> mean(t.activities, 0.0);
  if (t.order.empty()) return mean;
  for (uint32_t c : t.order)
    for (size_t a = 0; a < t.activities; ++a) {
      const double p = t.Points(c, a);
      if (!std::isnan(p)) mean[a] += p;  // a skipped activity gives no points
    }
  for (double& m : mean) m /= static_cast<double>(t.order.size());
  return mean;
}

std::vector<double> GroupMeans(const ScoreTable& t) {
  const size_t G = t.groups;
  std::vector<double> sum(G, 0.0), mean(G, std::nan(""));
  std::vector<uint64_t> n(G, 0);
  for (uint32_t c : t.order)
    for (size_t g = 0; g < G; ++g) {
      const double v = t.group_score[c * G + g];
      if (std::isnan(v)) continue;  // the group is absent for this customer
      sum[g] += v;
      ++n[g];
    }
  for (size_t g = 0; g < G; ++g)
    if (n[g]) mean[g] = sum[g] / static_cast<double>(n[g]);
  return mean;
}

}  // namespace ces
