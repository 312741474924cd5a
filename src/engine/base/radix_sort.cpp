#include "engine/base/radix_sort.h"

#include <algorithm>

namespace ces {

void RadixSortByKey(std::vector<uint64_t>& key, std::vector<uint32_t>& items, std::vector<uint64_t>& key_tmp,
                    std::vector<uint32_t>& items_tmp) {
  const size_t n = items.size();
  key_tmp.resize(n);
  items_tmp.resize(n);
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  std::vector<uint32_t> count(kBuckets + 1);
  for (int shift = 0; shift < 64; shift += kBits) {
    std::fill(count.begin(), count.end(), 0u);
    for (size_t i = 0; i < n; ++i) ++count[((key[i] >> shift) & (kBuckets - 1)) + 1];
    if (std::find(count.begin() + 1, count.end(), static_cast<uint32_t>(n)) != count.end()) continue;
    for (size_t b = 0; b < kBuckets; ++b) count[b + 1] += count[b];
    for (size_t i = 0; i < n; ++i) {
      const uint32_t to = count[(key[i] >> shift) & (kBuckets - 1)]++;
      key_tmp[to] = key[i];
      items_tmp[to] = items[i];
    }
    key.swap(key_tmp);
    items.swap(items_tmp);
  }
}

}  // namespace ces
