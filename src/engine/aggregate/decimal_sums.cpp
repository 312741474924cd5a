#include "engine/aggregate/decimal_sums.h"

#include <algorithm>
#include <cmath>

#include "engine/aggregate/event_cells.h"

namespace ces {

namespace {
constexpr double kLimit = 0x1p26;  // each integer below it: 2^27 of them add up below 2^53
constexpr double kPow10[DecimalSums::kMaxDecimals + 1] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

// `value` as an integer at `decimals`, when it is one there: the double nearest the
// decimal n / 10^decimals is `value` itself (n and 10^decimals are exact doubles and the
// division is correctly rounded), and n is below the limit.
bool HeldAt(double value, int decimals, double* n) {
  const double p = kPow10[decimals];
  const double k = std::nearbyint(value * p);
  if (!(std::fabs(k) < kLimit) || k / p != value) return false;
  *n = k;
  return true;
}

// Whether every amount up to `largest` in size stays below the limit at `decimals`.
bool Fits(double largest, int decimals) { return std::nearbyint(largest * kPow10[decimals]) < kLimit; }
}  // namespace

bool DecimalSums::Facts::AddsExactlyWith(const Facts& later) const {
  if (!exact || !later.exact || held + later.held >= kMaxHeld) return false;
  for (size_t s = 0; s < scale.size() && s < later.scale.size(); ++s)
    if (!Fits(std::max(largest[s], later.largest[s]), std::max(scale[s], later.scale[s]))) return false;
  return true;
}

void DecimalSums::Facts::Join(const Facts& later) {
  const bool both = AddsExactlyWith(later);
  for (size_t s = 0; s < scale.size() && s < later.scale.size(); ++s) {
    scale[s] = std::max(scale[s], later.scale[s]);
    largest[s] = std::max(largest[s], later.largest[s]);
  }
  exact = both;
  scaled = scaled || later.scaled;
  held += later.held;
}

void DecimalSums::Configure(size_t columns) {
  facts_ = Facts();
  facts_.scale.assign(columns, 0);
  facts_.largest.assign(columns, 0);
  out_.assign(columns, 0);
  unscaled_ = false;
  Sync();
}

const double* DecimalSums::ScaledSome(const double* values, EventCells& cells) {
  for (size_t s = 0; s < out_.size(); ++s) {
    const double v = values[s];
    if (v == 0) {
      out_[s] = 0;
      continue;
    }
    double n;
    if (++facts_.held >= kMaxHeld) {  // one more could pass 2^53 (a bucket may hold them all)
      Fallback(cells);
      return values;
    }
    if (!HeldAt(v, facts_.scale[s], &n)) {
      if (!Rescale(s, v, cells)) {
        Fallback(cells);
        return values;
      }
      HeldAt(v, facts_.scale[s], &n);
    }
    facts_.largest[s] = std::max(facts_.largest[s], std::fabs(v));
    out_[s] = n;
  }
  return out_.data();
}

bool DecimalSums::Rescale(size_t column, double value, EventCells& cells) {
  int& scale = facts_.scale[column];
  for (int d = scale + 1; d <= kMaxDecimals; ++d) {
    double n;
    if (!HeldAt(value, d, &n)) continue;
    if (!Fits(facts_.largest[column], d)) return false;  // the amounts held so far would not
    cells.RescaleSums(static_cast<int>(column), scale, d);
    scale = d;
    facts_.scaled = true;
    return true;
  }
  return false;
}

void DecimalSums::Fallback(EventCells& cells) {
  for (size_t s = 0; s < facts_.scale.size(); ++s)
    if (facts_.scale[s] > 0) cells.RescaleSums(static_cast<int>(s), facts_.scale[s], 0);
  facts_.exact = false;
  Sync();
}

void DecimalSums::Unscale(EventCells& cells) {
  if (unscaled_ || !facts_.exact) return;  // plain already
  for (size_t s = 0; s < facts_.scale.size(); ++s)
    if (facts_.scale[s] > 0) cells.RescaleSums(static_cast<int>(s), facts_.scale[s], 0);
  unscaled_ = true;
}

void DecimalSums::Align(DecimalSums& later, EventCells& mine, EventCells& theirs) {
  for (size_t s = 0; s < facts_.scale.size() && s < later.facts_.scale.size(); ++s) {
    const int d = std::max(facts_.scale[s], later.facts_.scale[s]);
    if (facts_.scale[s] < d) mine.RescaleSums(static_cast<int>(s), facts_.scale[s], d);
    if (later.facts_.scale[s] < d) theirs.RescaleSums(static_cast<int>(s), later.facts_.scale[s], d);
  }
  facts_.Join(later.facts_);
  later.facts_ = facts_;
  Sync();
  later.Sync();
}

void DecimalSums::JoinPlain(const DecimalSums& later) {
  facts_.Join(later.facts_);
  Sync();
}

void DecimalSums::Restore(const Facts& facts) {
  facts_ = facts;
  Sync();
}

}  // namespace ces
