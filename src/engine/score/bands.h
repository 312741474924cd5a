// The one rule that turns a number into a band: tiers (v1 section 3) and bins (v2 1.1).
#pragma once
#include <cstddef>
#include <vector>

namespace ces {

// The first band whose `below` is greater than x, else the last one: a value equal
// to a bound goes up. Bands are tiers or bins (each has an optional `below`); -1 when empty.
template <class Band>
int BandIndex(const std::vector<Band>& bands, double x) {
  if (bands.empty()) return -1;
  for (size_t i = 0; i + 1 < bands.size(); ++i)
    if (bands[i].below && *bands[i].below > x) return static_cast<int>(i);
  return static_cast<int>(bands.size()) - 1;
}

}  // namespace ces
