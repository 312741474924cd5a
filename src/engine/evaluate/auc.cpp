#include "engine/evaluate/auc.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace ces {

uint64_t OrderKey(double x) {
  x += 0.0;  // −0 → +0
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
}

void RadixSortKeys(std::vector<uint64_t>* keys, std::vector<uint64_t>* tmp) {
  const size_t n = keys->size();
  if (n < 2) return;
  if (n < 4096) {  // a pass clears 64K counters: small inputs sort faster by comparison
    std::sort(keys->begin(), keys->end());
    return;
  }
  tmp->resize(n);
  uint64_t* src = keys->data();
  uint64_t* dst = tmp->data();
  const uint64_t first = src[0];
  uint64_t differ = 0;
  for (size_t i = 1; i < n; ++i) differ |= src[i] ^ first;
  std::vector<size_t> count(1 << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    if (((differ >> shift) & 0xFFFF) == 0) continue;  // every key has this digit
    std::fill(count.begin(), count.end(), 0);
    for (size_t i = 0; i < n; ++i) ++count[(src[i] >> shift) & 0xFFFF];
    size_t sum = 0;
    for (size_t& c : count) {
      const size_t v = c;
      c = sum;
      sum += v;
    }
    for (size_t i = 0; i < n; ++i) dst[count[(src[i] >> shift) & 0xFFFF]++] = src[i];
    std::swap(src, dst);
  }
  if (src != keys->data()) std::memcpy(keys->data(), src, n * sizeof(uint64_t));
}

double Auc(const double* scores, const uint8_t* outcome, size_t n, bool higher_first, AucScratch* scratch) {
  auto& pos = scratch->positives;
  auto& neg = scratch->negatives;
  pos.clear();
  neg.clear();
  for (size_t i = 0; i < n; ++i) (outcome[i] ? pos : neg).push_back(OrderKey(scores[i]));
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
