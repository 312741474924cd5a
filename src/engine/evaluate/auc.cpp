#include "engine/evaluate/auc.h"

#include <algorithm>
#include <limits>

#include "engine/base/radix_sort.h"

namespace ces {

double Auc(const double* scores, const uint8_t* outcome, size_t n, bool higher_first, AucScratch* scratch) {
  auto& pos = scratch->positives;
  auto& neg = scratch->negatives;
  pos.clear();
  neg.clear();
  for (size_t i = 0; i < n; ++i) (outcome[i] ? pos : neg).push_back(DoubleOrderKey(scores[i]));
  if (pos.empty() || neg.empty()) return std::numeric_limits<double>::quiet_NaN();
  RadixSortKeys(&pos, &scratch->tmp);
  RadixSortKeys(&neg, &scratch->tmp);
  // For each positive: the negatives strictly below it, and those equal to it.
  uint64_t above = 0, tied = 0;  // above: pairs with s_pos > s_neg
  size_t below = 0, upto = 0;    // negatives < key, negatives ≤ key
  for (size_t i = 0; i < pos.size();) {
    const uint64_t key = pos[i];
    size_t j = i;
    while (j < pos.size() && pos[j] == key) ++j;
    while (below < neg.size() && neg[below] < key) ++below;
    if (upto < below) upto = below;
    while (upto < neg.size() && neg[upto] == key) ++upto;
    above += (j - i) * below;
    tied += (j - i) * (upto - below);
    i = j;
  }
  const uint64_t all = static_cast<uint64_t>(pos.size()) * neg.size();
  const uint64_t right = higher_first ? above : all - above - tied;
  // 2·right + tied and 2·all are exact integers; as doubles exact below 2^53.
  return static_cast<double>(2 * right + tied) / (2.0 * static_cast<double>(all));
}

double Auc(const std::vector<double>& scores, const std::vector<uint8_t>& outcome, bool higher_first) {
  AucScratch scratch;
  return Auc(scores.data(), outcome.data(), std::min(scores.size(), outcome.size()), higher_first, &scratch);
}

}  // namespace ces
