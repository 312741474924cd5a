#include "engine/evaluate/auc.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ces {

double Auc(const double* scores, const uint8_t* outcome, size_t n, bool higher_first, AucScratch* scratch) {
  auto& pairs = scratch->pairs;
  pairs.resize(n);
  uint64_t positives = 0;
  for (size_t i = 0; i < n; ++i) {
    pairs[i] = {scores[i], outcome[i] ? uint8_t{1} : uint8_t{0}};
    positives += pairs[i].second;
  }
  const uint64_t negatives = n - positives;
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  std::sort(pairs.begin(), pairs.end(),
            [](const std::pair<double, uint8_t>& a, const std::pair<double, uint8_t>& b) { return a.first < b.first; });
  // Ascending tie groups: a positive beats every negative in lower groups, ties half.
  uint64_t above = 0, tied = 0, negatives_below = 0;  // above: pairs with s_pos > s_neg
  for (size_t i = 0; i < n;) {
    size_t j = i;
    uint64_t p = 0, q = 0;
    for (; j < n && pairs[j].first == pairs[i].first; ++j) (pairs[j].second ? p : q) += 1;
    above += p * negatives_below;
    tied += p * q;
    negatives_below += q;
    i = j;
  }
  const uint64_t all = positives * negatives;
  const uint64_t right = higher_first ? above : all - above - tied;
  // 2·right + tied and 2·all are exact integers below 2^64; as doubles exact below 2^53.
  return static_cast<double>(2 * right + tied) / (2.0 * static_cast<double>(all));
}

double Auc(const std::vector<double>& scores, const std::vector<uint8_t>& outcome, bool higher_first) {
  AucScratch scratch;
  return Auc(scores.data(), outcome.data(), std::min(scores.size(), outcome.size()), higher_first, &scratch);
}

}  // namespace ces
