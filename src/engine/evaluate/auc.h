// The AUC of a ranking against a 0/1 outcome (v2 spec 4.2): the share of (outcome 1,
// outcome 0) pairs the ranking puts in the right order, ties counting half. Computed
// in O(N) passes after sorting each class's scores (a radix sort of their bit
// patterns), exactly: the pair counts are integers, so the only rounding is the
// final division.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ces {

// Scratch kept between calls, so repeated AUCs (per activity, per fold) reuse memory.
struct AucScratch {
  std::vector<uint64_t> positives, negatives, tmp;
};

// AUC of `scores` (n of them) against `outcome` (0 or 1). `higher_first`: a higher
// score should go with outcome 1; else a lower one. NaN when either class is empty.
// Scores must not be NaN.
double Auc(const double* scores, const uint8_t* outcome, size_t n, bool higher_first, AucScratch* scratch);
double Auc(const std::vector<double>& scores, const std::vector<uint8_t>& outcome, bool higher_first);

}  // namespace ces
