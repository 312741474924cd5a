// The engine's radix sorts (engine/base/radix_sort.h) against the standard library's
// sorts, on sizes on both sides of the comparison-sort threshold, and the order key of
// doubles against the doubles' own order.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "engine/base/radix_sort.h"

using namespace ces;

TEST_CASE("RadixSortKeys sorts as std::sort does, small and large, with shared digits") {
  std::mt19937_64 rng(7);
  for (size_t n : {0, 1, 2, 100, 4095, 4096, 50000}) {
    for (uint64_t mask : {~uint64_t{0}, uint64_t{0xFFFF0000FFFF}, uint64_t{0xFF}}) {
      std::vector<uint64_t> keys(n), tmp;
      for (uint64_t& k : keys) k = (rng() & mask) | 0x1234000000000000ull;
      std::vector<uint64_t> expected = keys;
      std::sort(expected.begin(), expected.end());
      RadixSortKeys(&keys, &tmp);
      CHECK(keys == expected);
    }
  }
}

TEST_CASE("RadixSortByKey is a stable sort of the items by their keys") {
  std::mt19937_64 rng(11);
  for (size_t n : {0, 1, 3, 5000, 70000}) {
    std::vector<uint64_t> key(n), key_tmp;
    std::vector<uint32_t> items(n), items_tmp;
    for (size_t i = 0; i < n; ++i) key[i] = rng() % 97 * 0x100000001ull;  // many ties: stability shows
    std::iota(items.begin(), items.end(), 0u);
    std::vector<uint32_t> expected = items;
    const std::vector<uint64_t> by_item = key;
    std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) { return by_item[a] < by_item[b]; });
    RadixSortByKey(key, items, key_tmp, items_tmp);
    CHECK(items == expected);
    for (size_t i = 0; i < n; ++i) CHECK(key[i] == by_item[items[i]]);
  }
}

TEST_CASE("DoubleOrderKey orders doubles as < does, with -0 equal to +0") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> ascending = {-inf, -1e300, -2.5, -1, -std::numeric_limits<double>::denorm_min(), 0,
                                         std::numeric_limits<double>::denorm_min(), 1e-300, 0.1, 1, 2.5, 1e300, inf};
  for (size_t i = 0; i + 1 < ascending.size(); ++i)
    CHECK(DoubleOrderKey(ascending[i]) < DoubleOrderKey(ascending[i + 1]));
  CHECK(DoubleOrderKey(-0.0) == DoubleOrderKey(0.0));
  CHECK(~DoubleOrderKey(2.0) < ~DoubleOrderKey(1.0));  // descending
}
