// A sum of doubles without rounding error until the end (Shewchuk's partials, as
// Python's math.fsum): the "exact sum" of the contract's `missing: mean` (v2 1.2).
#pragma once
#include <cmath>
#include <vector>

namespace ces {

class ExactSum {
 public:
  void Add(double x) {
    size_t i = 0;
    for (double y : partials_) {
      if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
      const double hi = x + y;
      const double lo = y - (hi - x);
      if (lo != 0) partials_[i++] = lo;
      x = hi;
    }
    partials_.resize(i);
    partials_.push_back(x);
  }
  // The sum correctly rounded to the nearest double.
  double Value() const {
    if (partials_.empty()) return 0;
    size_t n = partials_.size();
    double hi = partials_[--n], lo = 0;
    while (n > 0) {
      const double x = hi, y = partials_[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0) break;
    }
    // Half-way cases: make the rounding of hi + lo follow the next partial's sign (as fsum does).
    if (n > 0 && ((lo < 0 && partials_[n - 1] < 0) || (lo > 0 && partials_[n - 1] > 0))) {
      const double y = lo * 2, x = hi + y;
      if (y == x - hi) hi = x;
    }
    return hi;
  }

 private:
  std::vector<double> partials_;
};

}  // namespace ces
